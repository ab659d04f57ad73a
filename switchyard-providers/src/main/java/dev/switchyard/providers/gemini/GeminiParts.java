package dev.switchyard.providers.gemini;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchyard.core.catalog.WireProtocol;
import dev.switchyard.core.ir.Part;
import dev.switchyard.core.ir.ReasoningTokens;
import dev.switchyard.providers.codec.Fields;
import java.util.List;
import java.util.function.Function;

/**
 * Writes IR content as Gemini parts. Gemini hangs its {@code thoughtSignature} on the part that follows the thinking
 * (a function call, or the first text), so a reasoning part's token is carried forward onto the next part written,
 * and its text, if any, becomes a {@code thought: true} part of its own. A token with nothing after it travels on an
 * empty thought part.
 */
final class GeminiParts {

    private GeminiParts() {
    }

    /**
     * @param tokenFor the signature to write for a reasoning part, empty to write none (for a provider: only its own
     *     tokens; for a client: every token, wrapped when foreign)
     * @param toolName the function name for a tool result
     */
    static ArrayNode write(List<Part> parts, Function<Part.Reasoning, String> tokenFor,
                           Function<Part.ToolResult, String> toolName, boolean writeCallIds, List<String> dropped) {
        ArrayNode out = Fields.array();
        String pending = "";
        for (Part p : parts) {
            ObjectNode written = null;
            switch (p) {
                case Part.Reasoning r -> {
                    String token = tokenFor.apply(r);
                    if (!r.text().isEmpty()) {
                        out.addObject().put("text", r.text()).put("thought", true);
                    }
                    if (!token.isEmpty()) {
                        pending = token;
                    }
                }
                case Part.Text t -> {
                    if (!t.text().isEmpty() || !pending.isEmpty()) {
                        written = out.addObject().put("text", t.text());
                    }
                }
                case Part.Image img -> {
                    if (img.isInline()) {
                        written = out.addObject();
                        written.putObject("inlineData").put("mimeType", img.mediaType()).put("data", img.data());
                    } else {
                        written = out.addObject();
                        written.putObject("fileData").put("mimeType", img.mediaType().isEmpty() ? guessMime(img.url())
                                : img.mediaType()).put("fileUri", img.url());
                    }
                }
                case Part.File f -> {
                    written = out.addObject();
                    if (f.data().isEmpty()) {
                        written.putObject("fileData").put("mimeType", f.mediaType()).put("fileUri", f.url());
                    } else {
                        written.putObject("inlineData").put("mimeType", f.mediaType()).put("data", f.data());
                    }
                }
                case Part.ToolCall c -> {
                    written = out.addObject();
                    ObjectNode call = written.putObject("functionCall");
                    if (writeCallIds) {
                        call.put("id", c.id());
                    }
                    call.put("name", c.name()).set("args", Fields.parseArguments(c.arguments()));
                }
                case Part.ToolResult r -> {
                    written = out.addObject();
                    ObjectNode fr = written.putObject("functionResponse");
                    if (writeCallIds) {
                        fr.put("id", r.callId());
                    }
                    fr.put("name", toolName.apply(r));
                    ObjectNode response = fr.putObject("response");
                    String text = r.text();
                    com.fasterxml.jackson.databind.JsonNode parsed = Fields.parseArguments(text);
                    response.set(r.isError() ? "error" : "result", parsed.isObject() && !parsed.isEmpty()
                            || text.trim().startsWith("[") ? parsed : Fields.object().textNode(text));
                }
                case Part.Opaque o -> {
                    if (o.origin() == WireProtocol.GEMINI && o.raw().isObject()) {
                        written = out.addObject();
                        written.setAll((ObjectNode) o.raw());
                    } else {
                        dropped.add("content." + o.raw().path("type").asText("unknown"));
                    }
                }
            }
            if (written != null && !pending.isEmpty()) {
                written.put("thoughtSignature", pending);
                pending = "";
            }
        }
        if (!pending.isEmpty()) {
            out.addObject().put("text", "").put("thought", true).put("thoughtSignature", pending);
        }
        return out;
    }

    /** Signatures for a Gemini provider: its own only. */
    static String providerToken(Part.Reasoning r) {
        return r.origin() == WireProtocol.GEMINI ? r.signature() : "";
    }

    /** Signatures for a Gemini client: every token, foreign ones wrapped (with the text they sign). */
    static String clientToken(Part.Reasoning r) {
        if (!r.signature().isEmpty()) {
            return ReasoningTokens.wrapWithText(r.signature(), r.text(), r.origin(), WireProtocol.GEMINI);
        }
        return r.redacted().isEmpty() ? "" : ReasoningTokens.wrap(r.redacted(), r.origin(), WireProtocol.GEMINI);
    }

    private static String guessMime(String url) {
        String u = url.toLowerCase(java.util.Locale.ROOT);
        if (u.endsWith(".png")) {
            return "image/png";
        }
        if (u.endsWith(".gif")) {
            return "image/gif";
        }
        if (u.endsWith(".webp")) {
            return "image/webp";
        }
        return "image/jpeg";
    }
}
