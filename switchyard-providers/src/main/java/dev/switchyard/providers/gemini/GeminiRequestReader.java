package dev.switchyard.providers.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchyard.core.catalog.WireProtocol;
import dev.switchyard.core.error.GatewayError;
import dev.switchyard.core.ir.CacheMark;
import dev.switchyard.core.ir.ChatRequest;
import dev.switchyard.core.ir.Message;
import dev.switchyard.core.ir.Part;
import dev.switchyard.core.ir.ReasoningConfig;
import dev.switchyard.core.ir.ReasoningParts;
import dev.switchyard.core.ir.ReasoningTokens;
import dev.switchyard.core.ir.ResponseFormat;
import dev.switchyard.core.ir.Role;
import dev.switchyard.core.ir.ToolChoice;
import dev.switchyard.core.ir.ToolSpec;
import dev.switchyard.providers.codec.ContentParts;
import dev.switchyard.providers.codec.Fields;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a Gemini {@code generateContent} body into the IR. The model and the streaming flag come from the URL; the
 * front door puts them in the body as {@code model} and {@code stream} before decoding.
 *
 * <p>Gemini function calls may lack ids; the reader gives the k-th call of a name the id {@code <name>#<k>} and the
 * k-th response of that name the same, so calls and results pair up in the IR as they do in Gemini (by order).
 */
final class GeminiRequestReader {

    private static final Set<String> KNOWN = Set.of("model", "stream", "contents", "systemInstruction", "tools",
            "toolConfig", "generationConfig", "safetySettings", "simulator");

    private GeminiRequestReader() {
    }

    static ChatRequest read(JsonNode body) {
        if (!body.isObject()) {
            throw GatewayError.invalidRequest("the request body must be a JSON object", "body");
        }
        ChatRequest.Builder b = ChatRequest.builder(Fields.requiredText(body, "model", "model"), WireProtocol.GEMINI);
        b.stream(body.path("stream").asBoolean(false));
        JsonNode system = body.get("systemInstruction");
        if (system != null && system.isObject()) {
            b.message(new Message(Role.SYSTEM, parts(system, "systemInstruction", new Ids())));
        } else if (system != null && system.isTextual()) {
            b.message(Message.text(Role.SYSTEM, system.asText())); // some clients send the text alone
        } else if (system != null && !system.isNull()) {
            throw GatewayError.invalidRequest("systemInstruction must be a Content object", "systemInstruction");
        }
        Ids ids = new Ids();
        int i = 0;
        JsonNode contents = Fields.requiredArray(body, "contents", "contents");
        if (contents.isEmpty()) {
            throw GatewayError.invalidRequest("contents must hold at least one Content", "contents");
        }
        for (JsonNode c : contents) {
            String path = "contents[" + i++ + "]";
            if (!c.isObject()) {
                throw GatewayError.invalidRequest(path + " must be a Content object ({\"role\":...,\"parts\":[...]})",
                        path);
            }
            String role = Fields.text(c, "role", path + ".role", "user");
            List<Part> parts = parts(c, path, ids);
            if (parts.isEmpty()) {
                throw GatewayError.invalidRequest(path + ".parts must hold at least one Part", path + ".parts");
            }
            switch (role) {
                case "model" -> b.message(new Message(Role.ASSISTANT, ReasoningParts.merge(parts)));
                case "user", "function", "tool" -> {
                    ContentParts.addUserTurn(b, parts);
                }
                default -> throw GatewayError.invalidRequest(path + ".role must be user or model (got '" + role + "')",
                        path + ".role");
            }
        }
        i = 0;
        for (JsonNode tool : Fields.array(body, "tools", "tools")) {
            String path = "tools[" + i++ + "]";
            JsonNode decls = tool.get("functionDeclarations");
            if (decls == null || !decls.isArray()) {
                throw GatewayError.invalidRequest(path + ": only functionDeclarations tools are supported", path);
            }
            int k = 0;
            for (JsonNode d : decls) {
                String at = path + ".functionDeclarations[" + k++ + "]";
                JsonNode schema = d.has("parametersJsonSchema") ? d.get("parametersJsonSchema")
                        : d.has("parameters") ? GeminiSchemas.toJsonSchema(d.get("parameters"))
                        : Fields.object().put("type", "object");
                b.tool(new ToolSpec(Fields.requiredText(d, "name", at + ".name"),
                        Fields.text(d, "description", at + ".description", ""), schema, false, CacheMark.NONE));
            }
        }
        JsonNode fcc = body.path("toolConfig").path("functionCallingConfig");
        if (fcc.isObject() && fcc.has("mode")) {
            String mode = fcc.path("mode").asText();
            JsonNode allowed = fcc.path("allowedFunctionNames");
            b.toolChoice(switch (mode) {
                case "AUTO", "MODE_UNSPECIFIED" -> ToolChoice.AUTO;
                case "NONE" -> ToolChoice.NONE;
                case "ANY", "VALIDATED" -> allowed.isArray() && allowed.size() == 1
                        ? ToolChoice.tool(allowed.get(0).asText()) : ToolChoice.REQUIRED;
                default -> throw GatewayError.invalidRequest("toolConfig.functionCallingConfig.mode must be AUTO, "
                        + "ANY, NONE or VALIDATED", "toolConfig.functionCallingConfig.mode");
            });
        }
        generationConfig(Fields.objectOrEmpty(body, "generationConfig", "generationConfig"), b);
        return b.extras(Fields.unknown(body, KNOWN)).build();
    }

    private static void generationConfig(JsonNode g, ChatRequest.Builder b) {
        String p = "generationConfig.";
        Fields.number(g, "temperature", p + "temperature", b::temperature);
        Fields.number(g, "topP", p + "topP", b::topP);
        Fields.integer(g, "topK", p + "topK", b::topK);
        Fields.integer(g, "maxOutputTokens", p + "maxOutputTokens", b::maxOutputTokens);
        Fields.integer(g, "seed", p + "seed", b::seed);
        Fields.number(g, "presencePenalty", p + "presencePenalty", b::presencePenalty);
        Fields.number(g, "frequencyPenalty", p + "frequencyPenalty", b::frequencyPenalty);
        Fields.strings(g, "stopSequences", p + "stopSequences").forEach(b::stop);
        if (g.path("candidateCount").asInt(1) != 1) {
            throw GatewayError.invalidRequest("candidateCount other than 1 is not supported", p + "candidateCount");
        }
        String mime = g.path("responseMimeType").asText("");
        JsonNode schema = g.has("responseJsonSchema") ? g.get("responseJsonSchema")
                : g.has("responseSchema") ? GeminiSchemas.toJsonSchema(g.get("responseSchema")) : null;
        if (schema != null) {
            b.responseFormat(new ResponseFormat(ResponseFormat.Type.JSON_SCHEMA, "response", schema, true));
        } else if (mime.equals("application/json")) {
            b.responseFormat(ResponseFormat.JSON_OBJECT);
        }
        JsonNode t = g.get("thinkingConfig");
        if (t != null && t.isObject()) {
            long budget = t.path("thinkingBudget").asLong(-1);
            String level = t.path("thinkingLevel").asText("").toLowerCase(java.util.Locale.ROOT);
            boolean enabled = budget != 0;
            b.reasoning(new ReasoningConfig(enabled, enabled ? level : "", Math.max(0, budget),
                    t.path("includeThoughts").asBoolean(false)));
        }
    }

    private static List<Part> parts(JsonNode content, String path, Ids ids) {
        List<Part> out = new ArrayList<>();
        int i = 0;
        for (JsonNode p : Fields.array(content, "parts", path + ".parts")) {
            String at = path + ".parts[" + i++ + "]";
            if (!p.isObject()) {
                throw GatewayError.invalidRequest(at + " must be a Part object", at);
            }
            String signature = p.path("thoughtSignature").asText("");
            if (p.path("thought").asBoolean(false)) {
                out.add(ReasoningTokens.unwrap(p.path("text").asText(""), signature, "", WireProtocol.GEMINI));
                continue;
            }
            if (!signature.isEmpty()) {
                out.add(ReasoningTokens.unwrap("", signature, "", WireProtocol.GEMINI));
            }
            if (p.has("text")) {
                out.add(Part.Text.of(Fields.requiredText(p, "text", at + ".text")));
            } else if (p.has("inlineData")) {
                JsonNode d = p.get("inlineData");
                String mime = d.path("mimeType").asText("");
                if (mime.startsWith("image/")) {
                    out.add(Part.Image.inline(mime, d.path("data").asText("")));
                } else {
                    out.add(new Part.File("", mime, d.path("data").asText(""), ""));
                }
            } else if (p.has("fileData")) {
                JsonNode d = p.get("fileData");
                String mime = d.path("mimeType").asText("");
                String uri = d.path("fileUri").asText("");
                out.add(mime.startsWith("image/") ? new Part.Image(uri, mime, "", "", CacheMark.NONE)
                        : new Part.File(uri, mime, "", ""));
            } else if (p.has("functionCall")) {
                JsonNode fc = p.get("functionCall");
                String name = Fields.requiredText(fc, "name", at + ".functionCall.name");
                String id = fc.hasNonNull("id") ? fc.get("id").asText() : ids.call(name);
                out.add(new Part.ToolCall(id, name, fc.has("args") ? fc.get("args").toString() : "{}"));
            } else if (p.has("functionResponse")) {
                JsonNode fr = p.get("functionResponse");
                String name = Fields.requiredText(fr, "name", at + ".functionResponse.name");
                String id = fr.hasNonNull("id") ? fr.get("id").asText() : ids.response(name);
                JsonNode response = fr.path("response");
                JsonNode result = response.has("result") && response.size() == 1 ? response.get("result") : response;
                out.add(new Part.ToolResult(id, name, List.of(Part.Text.of(result.isTextual() ? result.asText()
                        : result.toString())), response.has("error"), CacheMark.NONE));
            } else {
                out.add(new Part.Opaque(p, WireProtocol.GEMINI));
            }
        }
        return out;
    }

    /** Synthesised call ids for id-less Gemini function calls: the k-th call and k-th response of a name pair up. */
    private static final class Ids {
        private final Map<String, Integer> calls = new HashMap<>();
        private final Map<String, Integer> responses = new HashMap<>();

        String call(String name) {
            return name + "#" + calls.merge(name, 1, Integer::sum);
        }

        String response(String name) {
            return name + "#" + responses.merge(name, 1, Integer::sum);
        }
    }
}
