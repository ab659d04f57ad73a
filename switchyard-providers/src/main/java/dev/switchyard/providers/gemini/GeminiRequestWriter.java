package dev.switchyard.providers.gemini;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchyard.core.catalog.WireProtocol;
import dev.switchyard.core.ir.ChatRequest;
import dev.switchyard.core.ir.Message;
import dev.switchyard.core.ir.Part;
import dev.switchyard.core.ir.ReasoningConfig;
import dev.switchyard.core.ir.Role;
import dev.switchyard.core.ir.ToolSpec;
import dev.switchyard.providers.codec.Fields;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes an IR request as a Gemini {@code generateContent} body: system messages into {@code systemInstruction},
 * turns into {@code contents} with roles {@code user} and {@code model} (tool results as {@code functionResponse}
 * parts of a user turn, named by looking their call up), tools as {@code functionDeclarations} with JSON Schema,
 * and the sampling, output and thinking settings into {@code generationConfig}.
 */
final class GeminiRequestWriter {

    private GeminiRequestWriter() {
    }

    static ObjectNode write(ChatRequest r, List<String> dropped) {
        ObjectNode body = Fields.object();
        List<Part> system = new ArrayList<>();
        ArrayNode contents = body.putArray("contents");
        String lastRole = "";
        ArrayNode current = null;
        for (Message m : r.messages()) {
            if (m.role() == Role.SYSTEM) {
                system.addAll(m.parts());
                continue;
            }
            String role = m.role() == Role.ASSISTANT ? "model" : "user";
            ArrayNode parts = GeminiParts.write(m.parts(), GeminiParts::providerToken,
                    res -> res.name().isEmpty() ? r.toolName(res.callId()) : res.name(), false, dropped);
            if (!role.equals(lastRole)) {
                current = contents.addObject().put("role", role).putArray("parts");
                lastRole = role;
            }
            current.addAll(parts);
        }
        if (!system.isEmpty()) {
            body.putObject("systemInstruction").set("parts",
                    GeminiParts.write(system, p -> "", p -> "", false, dropped));
        }
        if (!r.tools().isEmpty()) {
            ArrayNode decls = body.putArray("tools").addObject().putArray("functionDeclarations");
            for (ToolSpec t : r.tools()) {
                ObjectNode d = decls.addObject().put("name", t.name());
                if (!t.description().isEmpty()) {
                    d.put("description", t.description());
                }
                d.set("parametersJsonSchema", t.parameters());
            }
        }
        r.toolChoice().ifPresent(c -> {
            ObjectNode fcc = body.putObject("toolConfig").putObject("functionCallingConfig");
            switch (c.mode()) {
                case AUTO -> fcc.put("mode", "AUTO");
                case NONE -> fcc.put("mode", "NONE");
                case REQUIRED -> fcc.put("mode", "ANY");
                case TOOL -> fcc.put("mode", "ANY").putArray("allowedFunctionNames").add(c.name());
            }
        });
        if (r.parallelToolCalls().isPresent() && !r.parallelToolCalls().get()) {
            dropped.add("parallel_tool_calls");
        }
        ObjectNode g = Fields.object();
        r.temperature().ifPresent(v -> g.put("temperature", v));
        r.topP().ifPresent(v -> g.put("topP", v));
        r.topK().ifPresent(v -> g.put("topK", v));
        r.maxOutputTokens().ifPresent(v -> g.put("maxOutputTokens", v));
        r.seed().ifPresent(v -> g.put("seed", v));
        r.presencePenalty().ifPresent(v -> g.put("presencePenalty", v));
        r.frequencyPenalty().ifPresent(v -> g.put("frequencyPenalty", v));
        if (!r.stop().isEmpty()) {
            ArrayNode stop = g.putArray("stopSequences");
            r.stop().forEach(stop::add);
        }
        r.responseFormat().ifPresent(f -> {
            switch (f.type()) {
                case JSON_OBJECT -> g.put("responseMimeType", "application/json");
                case JSON_SCHEMA -> g.put("responseMimeType", "application/json").set("responseJsonSchema", f.schema());
                case TEXT -> {
                }
            }
        });
        r.reasoning().ifPresent(rc -> thinking(g, rc));
        if (!g.isEmpty()) {
            body.set("generationConfig", g);
        }
        if (r.origin() == WireProtocol.GEMINI) {
            r.extras().properties().forEach(e -> body.set(e.getKey(), e.getValue()));
        } else {
            r.extras().fieldNames().forEachRemaining(dropped::add);
        }
        return body;
    }

    private static void thinking(ObjectNode g, ReasoningConfig rc) {
        ObjectNode t = g.putObject("thinkingConfig");
        if (!rc.enabled()) {
            t.put("thinkingBudget", 0);
            return;
        }
        t.put("includeThoughts", !rc.excluded());
        if (rc.budgetTokens() > 0) {
            t.put("thinkingBudget", rc.budgetTokens());
        } else if (!rc.effort().isEmpty()) {
            t.put("thinkingLevel", switch (rc.effort()) {
                case "minimal", "low" -> "low";
                case "medium" -> "medium";
                default -> "high";
            });
        }
    }
}
