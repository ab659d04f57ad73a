package dev.switchyard.core.catalog;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A provider: where it lives, how to authenticate, and what it does with data.
 *
 * @param id the slug used in the catalog and in routing preferences, e.g. {@code deepseek}
 * @param name the display name
 * @param protocol the wire format it speaks
 * @param baseUrl the API base, without a trailing slash, e.g. {@code https://api.deepseek.com/v1}
 * @param auth how the key is sent
 * @param apiKeyEnv the environment variable that holds the key, empty when none is conventional
 * @param credentials the resolved keys, empty when none is configured; never logged
 * @param enabledFlag for keyless providers, whether the operator switched it on
 * @param headers extra headers sent with every upstream request
 * @param country the headquarters country (ISO 3166 alpha-2), empty for local servers
 * @param dataPolicy what it does with prompts
 */
public record ProviderSpec(String id, String name, WireProtocol protocol, String baseUrl, AuthScheme auth,
                           String apiKeyEnv, List<Credential> credentials, boolean enabledFlag, Map<String, String> headers,
                           String country, DataPolicy dataPolicy) {

    public ProviderSpec {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(auth, "auth");
        Objects.requireNonNull(apiKeyEnv, "apiKeyEnv");
        credentials = List.copyOf(credentials);
        Objects.requireNonNull(country, "country");
        Objects.requireNonNull(dataPolicy, "dataPolicy");
        headers = Map.copyOf(headers);
        while (baseUrl.endsWith("/")) {
            baseUrl = baseUrl.substring(0, baseUrl.length() - 1);
        }
    }

    /** The key at an index of {@link #credentials()}, if there is one. */
    public Optional<String> key(int index) {
        return index >= 0 && index < credentials.size() ? Optional.of(credentials.get(index).key()) : Optional.empty();
    }

    /**
     * Whether requests may be sent: a keyed provider needs its key, a keyless one ({@link AuthScheme#NONE}) needs
     * the operator's {@code enabled: true}.
     */
    public boolean enabled() {
        return auth == AuthScheme.NONE ? enabledFlag : !credentials.isEmpty();
    }

    /** A one-line, secret-free explanation of why the provider is not enabled, naming what to set. */
    public String disabledReason() {
        if (auth == AuthScheme.NONE) {
            return "provider '" + id + "' is a local server and is switched off: set providers." + id
                    + ".enabled: true (and its base_url) in the config";
        }
        String env = apiKeyEnv.isEmpty() ? "" : "set the " + apiKeyEnv + " environment variable, or ";
        return "provider '" + id + "' has no API key: " + env + "set providers." + id + ".api_key in the config";
    }

    @Override
    public String toString() { // never print the key
        return "ProviderSpec[" + id + ", " + protocol.configName() + ", " + baseUrl + ", enabled=" + enabled() + "]";
    }
}
