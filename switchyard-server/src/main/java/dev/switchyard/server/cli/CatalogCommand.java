package dev.switchyard.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchyard.core.catalog.AuthScheme;
import dev.switchyard.core.catalog.Catalog;
import dev.switchyard.core.catalog.CatalogLoader;
import dev.switchyard.core.catalog.ProviderSpec;
import dev.switchyard.core.catalog.sync.CatalogSync;
import dev.switchyard.core.catalog.sync.Listing;
import dev.switchyard.core.catalog.sync.OverlayFile;
import dev.switchyard.core.catalog.sync.SourceDocuments;
import dev.switchyard.core.json.Json;
import dev.switchyard.server.CatalogFiles;
import dev.switchyard.server.GatewayConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code switchyard catalog sync}: refreshes one provider's models and prices from a source, prints the diff and
 * writes the synced overlay (never the bundled catalog). See docs/catalog.md and decisions/0015.
 */
@Command(name = "catalog", mixinStandardHelpOptions = true,
        description = "Refresh the catalog's models and prices from a source.",
        subcommands = CatalogCommand.Sync.class)
final class CatalogCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return SwitchyardCli.USAGE;
    }

    /** The one subcommand. */
    @Command(name = "sync", mixinStandardHelpOptions = true,
            description = {"Compare a source's models and prices with the catalog, print the difference, and write"
                    + " the catalog overlay that the gateway loads over the bundled catalog (under your configuration).",
                    "Sources: an OpenRouter models document (--openrouter URL, --openrouter-file FILE), or a"
                            + " provider's OpenAI-compatible models listing (--provider ID, from its base URL, or"
                            + " --models-url / --models-file)."},
            footer = {"", "Examples:",
                    "  ./switchyard catalog sync --openrouter https://openrouter.ai/api/v1/models --dry-run",
                    "  ./switchyard catalog sync --openrouter-file openrouter-models.json",
                    "  ./switchyard catalog sync --provider ollama",
                    "",
                    "A model the source no longer lists is reported, never removed; a listed model without a price"
                            + " is reported and not added (an unknown price is never free), except on a keyless local"
                            + " server, whose models are free. Restart the gateway to load the new overlay."})
    static final class Sync implements Callable<Integer> {

        @Option(names = "--openrouter", paramLabel = "URL",
                description = "an OpenRouter models document to fetch, e.g. https://openrouter.ai/api/v1/models")
        String openRouterUrl;

        @Option(names = "--openrouter-file", paramLabel = "FILE", description = "a saved OpenRouter models document")
        Path openRouterFile;

        @Option(names = "--provider", paramLabel = "ID",
                description = "the provider whose endpoints are refreshed (default with --openrouter*: openrouter)")
        String provider;

        @Option(names = "--models-url", paramLabel = "URL",
                description = "the provider's models listing (default: its base URL + /models)")
        String modelsUrl;

        @Option(names = "--models-file", paramLabel = "FILE", description = "a saved models listing of the provider")
        Path modelsFile;

        @Option(names = "--key-env", paramLabel = "VAR",
                description = "the variable holding the key sent to the source (default: the provider's key)")
        String keyEnv;

        @Option(names = "--overlay", paramLabel = "FILE",
                description = "the overlay to write (default: catalog.overlay, else <data-dir>/catalog-overlay.yaml)")
        Path overlay;

        @Option(names = "--dry-run", description = "print the difference only; write nothing")
        boolean dryRun;

        @Option(names = "--timeout-ms", paramLabel = "MS", defaultValue = "30000",
                description = "time limit for fetching the source (default: ${DEFAULT-VALUE})")
        long timeoutMs;

        @Option(names = "--max-bytes", paramLabel = "N", defaultValue = "67108864",
                description = "largest source document accepted (default: ${DEFAULT-VALUE})")
        long maxBytes;

        @Option(names = "--config", paramLabel = "FILE",
                description = "YAML configuration (default: $SWITCHYARD_CONFIG, else ./switchyard.yaml if present)")
        String config;

        @Option(names = "--data-dir", paramLabel = "DIR", description = "the data directory (default: ./data)")
        String dataDir;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            SwitchyardCli root = (SwitchyardCli) spec.root().userObject();
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            boolean openRouter = openRouterUrl != null || openRouterFile != null;
            int sources = count(openRouterUrl != null, openRouterFile != null, modelsUrl != null, modelsFile != null);
            if (sources > 1) {
                return RunCommand.fail(err, "give one source: --openrouter, --openrouter-file, --models-url or"
                        + " --models-file", SwitchyardCli.USAGE);
            }
            if (!openRouter && provider == null) {
                return RunCommand.fail(err, "give a source: --openrouter URL, --openrouter-file FILE, or --provider ID"
                        + " (its models listing)", SwitchyardCli.USAGE);
            }
            if (timeoutMs <= 0 || maxBytes <= 0) {
                return RunCommand.fail(err, "--timeout-ms and --max-bytes must be > 0", SwitchyardCli.USAGE);
            }
            String providerId = provider != null ? provider : "openrouter";
            GatewayConfig gc;
            Path overlayPath;
            ObjectNode overlayTree;
            Catalog current;
            CatalogLoader loader;
            try {
                ServerOptions options = new ServerOptions();
                options.config = config;
                options.dataDir = dataDir;
                gc = options.resolve(root.env());
                overlayPath = overlay != null ? overlay : gc.catalogOverlayFile();
                overlayTree = CatalogFiles.overlay(overlayPath);
                loader = new CatalogLoader(gc.env());
                current = loader.load(overlayTree, gc.catalogOverlay());
            } catch (IllegalArgumentException e) {
                return RunCommand.fail(err, e.getMessage(), SwitchyardCli.USAGE);
            }
            Optional<ProviderSpec> target = current.provider(providerId);
            if (target.isEmpty()) {
                return RunCommand.fail(err, "no provider '" + providerId + "' in the catalog (add it under providers:"
                        + " in the configuration first)", SwitchyardCli.USAGE);
            }
            String label;
            Listing listing;
            try {
                JsonNode doc;
                if (openRouterFile != null || modelsFile != null) {
                    Path file = openRouterFile != null ? openRouterFile : modelsFile;
                    doc = read(file);
                    label = file.getFileName().toString();
                } else {
                    String url = openRouterUrl != null ? openRouterUrl : modelsUrl != null ? modelsUrl
                            : target.get().baseUrl().replaceAll("/+$", "") + "/models";
                    doc = fetch(url, key(root, target.get()));
                    label = url;
                }
                listing = openRouter ? SourceDocuments.openRouter(doc)
                        : SourceDocuments.modelsListing(doc, target.get().auth() == AuthScheme.NONE);
            } catch (SourceException | IllegalArgumentException e) {
                return RunCommand.fail(err, e.getMessage(), SwitchyardCli.FAILED);
            }
            LocalDate today = LocalDate.ofInstant(Instant.ofEpochMilli(root.clock().epochMillis()), ZoneOffset.UTC);
            String source = "catalog sync " + today + " from " + (openRouter ? "OpenRouter models " : providerId
                    + " models listing ") + label;
            CatalogSync.Result result;
            try {
                Catalog base = loader.load(CatalogSync.withoutProvider(overlayTree, providerId), gc.catalogOverlay());
                result = CatalogSync.plan(current, base, overlayTree, providerId, listing, source, today);
                loader.load(result.overlay(), gc.catalogOverlay()); // the gateway must accept what is written
            } catch (IllegalArgumentException e) {
                return RunCommand.fail(err, "the synced catalog would not load: " + e.getMessage(),
                        SwitchyardCli.FAILED);
            }
            print(out, providerId, label, result, listing);
            if (dryRun) {
                out.println("dry run: " + overlayPath + " not written");
            } else {
                try {
                    OverlayFile.write(overlayPath, result.overlay());
                } catch (IOException e) {
                    return RunCommand.fail(err, "cannot write " + overlayPath + ": " + e.getMessage(),
                            SwitchyardCli.FAILED);
                }
                out.println("wrote " + overlayPath + " (" + result.written() + " " + providerId
                        + " entries; the bundled catalog is unchanged). Restart the gateway to serve it.");
            }
            out.flush();
            return 0;
        }

        private static void print(PrintWriter out, String providerId, String label, CatalogSync.Result r,
                                  Listing listing) {
            out.println("catalog sync: " + providerId + " from " + label + ": " + listing.models().size()
                    + " listed; " + r.count(CatalogSync.Kind.ADDED_MODEL) + " new models, "
                    + r.count(CatalogSync.Kind.ADDED_ENDPOINT) + " new endpoints, "
                    + r.count(CatalogSync.Kind.PRICE_CHANGED) + " price changes, "
                    + r.count(CatalogSync.Kind.REMOVED_FROM_SOURCE) + " removed from source, "
                    + r.count(CatalogSync.Kind.SKIPPED) + " skipped, " + r.unchanged() + " unchanged");
            r.changes().forEach(c -> out.println(c.line()));
        }

        private Optional<String> key(SwitchyardCli root, ProviderSpec p) {
            if (keyEnv != null) {
                String v = root.env().getOrDefault(keyEnv, "").trim();
                return v.isEmpty() ? Optional.empty() : Optional.of(v);
            }
            return p.key(0);
        }

        private JsonNode read(Path file) throws SourceException {
            try {
                if (Files.size(file) > maxBytes) {
                    throw new SourceException(file + ": larger than --max-bytes " + maxBytes);
                }
                return parse(Files.readString(file), file.toString());
            } catch (IOException e) {
                throw new SourceException("cannot read " + file + ": " + e.getMessage());
            }
        }

        /** GET with the key as a bearer token; bounded in time and size; the key never appears in a message. */
        private JsonNode fetch(String url, Optional<String> key) throws SourceException {
            URI uri;
            try {
                uri = URI.create(url);
            } catch (IllegalArgumentException e) {
                throw new SourceException("not a URL: " + url);
            }
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
                throw new SourceException("not an http(s) URL: " + url);
            }
            HttpRequest.Builder req = HttpRequest.newBuilder(uri).timeout(Duration.ofMillis(timeoutMs))
                    .header("accept", "application/json").GET();
            key.ifPresent(k -> req.header("authorization", "Bearer " + k));
            try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(timeoutMs))
                    .version(HttpClient.Version.HTTP_1_1)
                    .followRedirects(HttpClient.Redirect.NORMAL).build()) {
                HttpResponse<InputStream> r = http.send(req.build(), HttpResponse.BodyHandlers.ofInputStream());
                byte[] body;
                try (InputStream in = r.body()) {
                    body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
                }
                if (body.length > maxBytes) {
                    throw new SourceException("GET " + url + ": larger than --max-bytes " + maxBytes);
                }
                String text = new String(body, StandardCharsets.UTF_8);
                if (r.statusCode() != 200) {
                    throw new SourceException("GET " + url + " answered " + r.statusCode() + ": "
                            + text.substring(0, Math.min(200, text.length())).replaceAll("\\s+", " "));
                }
                return parse(text, url);
            } catch (IOException e) {
                throw new SourceException("GET " + url + " failed: " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SourceException("GET " + url + " interrupted");
            }
        }

        private static JsonNode parse(String text, String where) throws SourceException {
            if (text.isBlank()) {
                throw new SourceException(where + ": empty");
            }
            try {
                return Json.mapper().readTree(text);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new SourceException(where + ": not JSON (" + e.getOriginalMessage() + ")");
            }
        }

        private static int count(boolean... flags) {
            int n = 0;
            for (boolean f : flags) {
                n += f ? 1 : 0;
            }
            return n;
        }
    }

    /** A source that could not be read. */
    static final class SourceException extends Exception {
        SourceException(String message) {
            super(message);
        }
    }
}
