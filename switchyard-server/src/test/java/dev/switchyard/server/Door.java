package dev.switchyard.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchyard.core.ir.FrontDoorCodec;
import dev.switchyard.providers.anthropic.AnthropicCodec;
import dev.switchyard.providers.gemini.GeminiCodec;
import dev.switchyard.providers.openai.OpenAiChatCodec;
import dev.switchyard.providers.responses.ResponsesCodec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A test client for one front door: writes a {@link Conversation} in the door's format and reads the answer as a
 * client of that format would, straight from the JSON and SSE on the wire. It deliberately shares no code with the
 * gateway's codecs, so that a codec bug cannot hide behind itself.
 */
enum Door {

    CHAT(new OpenAiChatCodec(Conversation.JSON)) {
        @Override
        String path(String model, boolean stream) {
            return "/v1/chat/completions";
        }

        @Override
        ObjectNode body(String model, Conversation c, boolean stream) {
            ObjectNode b = obj().put("model", model);
            ArrayNode messages = b.putArray("messages");
            ObjectNode user = messages.addObject().put("role", "user");
            if (c.image()) {
                ArrayNode content = user.putArray("content");
                content.addObject().put("type", "text").put("text", Conversation.USER_TEXT);
                content.addObject().put("type", "image_url").putObject("image_url")
                        .put("url", "data:image/png;base64," + Conversation.PNG);
            } else {
                user.put("content", Conversation.USER_TEXT);
            }
            c.previous().ifPresent(prev -> {
                messages.add(prev.assistantTurn());
                messages.addObject().put("role", "tool").put("tool_call_id", prev.calls().get(0).id())
                        .put("content", Conversation.TOOL_RESULT);
            });
            if (c.tool()) {
                ObjectNode fn = b.putArray("tools").addObject().put("type", "function").putObject("function")
                        .put("name", "get_weather").put("description", "Current weather");
                fn.set("parameters", Conversation.TOOL_PARAMETERS);
            }
            if (c.jsonSchema()) {
                ObjectNode s = b.putObject("response_format").put("type", "json_schema").putObject("json_schema")
                        .put("name", "city").put("strict", true);
                s.set("schema", Conversation.SCHEMA);
            }
            if (c.reasoning()) {
                b.put("reasoning_effort", "high");
            }
            if (stream) {
                b.put("stream", true).putObject("stream_options").put("include_usage", true);
            }
            return b;
        }

        @Override
        Reply read(int status, String body, boolean stream) {
            StringBuilder text = new StringBuilder();
            StringBuilder reasoning = new StringBuilder();
            Map<Integer, ObjectNode> details = new LinkedHashMap<>();
            Map<Integer, String[]> calls = new LinkedHashMap<>();
            Map<Integer, Integer> fragments = new HashMap<>();
            String finish = "";
            JsonNode usage = null;
            List<JsonNode> messages = new ArrayList<>();
            if (stream) {
                for (Sse e : Sse.parse(body)) {
                    if (e.data().equals("[DONE]")) {
                        continue;
                    }
                    JsonNode chunk = json(e.data());
                    if (chunk.hasNonNull("usage")) {
                        usage = chunk.get("usage");
                    }
                    JsonNode choice = chunk.path("choices").path(0);
                    if (choice.hasNonNull("finish_reason")) {
                        finish = choice.get("finish_reason").asText();
                    }
                    messages.add(choice.path("delta"));
                }
            } else {
                JsonNode r = json(body);
                usage = r.get("usage");
                finish = r.path("choices").path(0).path("finish_reason").asText();
                messages.add(r.path("choices").path(0).path("message"));
            }
            for (JsonNode m : messages) {
                text.append(m.path("content").asText(""));
                reasoning.append(m.path("reasoning").asText(m.path("reasoning_content").asText("")));
                for (JsonNode d : m.path("reasoning_details")) {
                    ObjectNode merged = details.computeIfAbsent(d.path("index").asInt(), k -> obj());
                    d.properties().forEach(f -> {
                        if (f.getKey().equals("text") && merged.has("text")) {
                            merged.put("text", merged.get("text").asText() + f.getValue().asText());
                        } else if (!f.getValue().asText("x").isEmpty()) {
                            merged.set(f.getKey(), f.getValue());
                        }
                    });
                }
                for (JsonNode call : m.path("tool_calls")) {
                    int index = call.path("index").asInt(calls.size());
                    String[] c = calls.computeIfAbsent(index, k -> new String[] {"", "", ""});
                    if (call.hasNonNull("id")) {
                        c[0] = call.get("id").asText();
                    }
                    JsonNode fn = call.path("function");
                    if (fn.hasNonNull("name")) {
                        c[1] = fn.get("name").asText();
                    }
                    String args = fn.path("arguments").asText("");
                    c[2] += args;
                    if (!args.isEmpty()) {
                        fragments.merge(index, 1, Integer::sum);
                    }
                }
            }
            ObjectNode turn = obj().put("role", "assistant");
            if (text.isEmpty() && !calls.isEmpty()) {
                turn.putNull("content");
            } else {
                turn.put("content", text.toString());
            }
            List<Reply.Call> replyCalls = new ArrayList<>();
            if (!calls.isEmpty()) {
                ArrayNode tc = turn.putArray("tool_calls");
                calls.forEach((i, c) -> {
                    tc.addObject().put("id", c[0]).put("type", "function").putObject("function").put("name", c[1])
                            .put("arguments", c[2]);
                    replyCalls.add(new Reply.Call(c[0], c[1], c[2], fragments.getOrDefault(i, 0)));
                });
            }
            String token = "";
            if (!details.isEmpty()) {
                ArrayNode d = turn.putArray("reasoning_details");
                details.values().forEach(d::add);
                token = details.values().iterator().next().path("signature").asText("");
            } else if (!reasoning.isEmpty()) {
                turn.put("reasoning_content", reasoning.toString());
            }
            Map<String, Long> u = new HashMap<>();
            if (usage != null) {
                u.put("prompt", usage.path("prompt_tokens").asLong());
                u.put("cached", usage.path("prompt_tokens_details").path("cached_tokens").asLong());
                u.put("completion", usage.path("completion_tokens").asLong());
                u.put("reasoning", usage.path("completion_tokens_details").path("reasoning_tokens").asLong());
            }
            return new Reply(status, text.toString(), replyCalls, reasoning.toString(), token, finish, u, turn, body);
        }
    },

    MESSAGES(new AnthropicCodec(Conversation.JSON)) {
        @Override
        String path(String model, boolean stream) {
            return "/v1/messages";
        }

        @Override
        ObjectNode body(String model, Conversation c, boolean stream) {
            ObjectNode b = obj().put("model", model).put("max_tokens", 1024);
            ArrayNode messages = b.putArray("messages");
            ArrayNode content = messages.addObject().put("role", "user").putArray("content");
            content.addObject().put("type", "text").put("text", Conversation.USER_TEXT);
            if (c.image()) {
                content.addObject().put("type", "image").putObject("source").put("type", "base64")
                        .put("media_type", "image/png").put("data", Conversation.PNG);
            }
            c.previous().ifPresent(prev -> {
                messages.add(prev.assistantTurn());
                messages.addObject().put("role", "user").putArray("content").addObject().put("type", "tool_result")
                        .put("tool_use_id", prev.calls().get(0).id()).put("content", Conversation.TOOL_RESULT);
            });
            if (c.tool()) {
                ObjectNode t = b.putArray("tools").addObject().put("name", "get_weather")
                        .put("description", "Current weather");
                t.set("input_schema", Conversation.TOOL_PARAMETERS);
            }
            if (c.jsonSchema()) {
                b.putObject("output_format").put("type", "json_schema").set("schema", Conversation.SCHEMA);
            }
            if (c.reasoning()) {
                b.putObject("thinking").put("type", "enabled").put("budget_tokens", 2048);
            }
            if (stream) {
                b.put("stream", true);
            }
            return b;
        }

        @Override
        Reply read(int status, String body, boolean stream) {
            ArrayNode blocks = arr();
            Map<String, Long> u = new HashMap<>();
            String finish = "";
            Map<Integer, Integer> fragments = new HashMap<>();
            if (stream) {
                Map<Integer, StringBuilder> partial = new HashMap<>();
                for (Sse e : Sse.parse(body)) {
                    JsonNode d = json(e.data());
                    switch (e.event()) {
                        case "message_start" -> usage(d.path("message").path("usage"), u);
                        case "content_block_start" -> blocks.add(d.path("content_block").deepCopy());
                        case "content_block_delta" -> {
                            int i = d.path("index").asInt();
                            ObjectNode block = (ObjectNode) blocks.get(i);
                            JsonNode delta = d.path("delta");
                            switch (delta.path("type").asText()) {
                                case "text_delta" -> block.put("text", block.path("text").asText()
                                        + delta.path("text").asText());
                                case "thinking_delta" -> block.put("thinking", block.path("thinking").asText()
                                        + delta.path("thinking").asText());
                                case "signature_delta" -> block.put("signature", delta.path("signature").asText());
                                case "input_json_delta" -> {
                                    partial.computeIfAbsent(i, k -> new StringBuilder())
                                            .append(delta.path("partial_json").asText());
                                    fragments.merge(i, 1, Integer::sum);
                                }
                                default -> throw new AssertionError("unknown delta " + delta);
                            }
                        }
                        case "content_block_stop" -> {
                            int i = d.path("index").asInt();
                            if (partial.containsKey(i)) {
                                ((ObjectNode) blocks.get(i)).set("input", json(partial.get(i).toString()));
                            }
                        }
                        case "message_delta" -> {
                            finish = d.path("delta").path("stop_reason").asText();
                            usage(d.path("usage"), u);
                        }
                        case "message_stop", "ping" -> {
                        }
                        default -> throw new AssertionError("unknown event " + e.event());
                    }
                }
            } else {
                JsonNode r = json(body);
                r.path("content").forEach(blocks::add);
                finish = r.path("stop_reason").asText();
                usage(r.path("usage"), u);
            }
            StringBuilder text = new StringBuilder();
            StringBuilder reasoning = new StringBuilder();
            String token = "";
            List<Reply.Call> calls = new ArrayList<>();
            for (int i = 0; i < blocks.size(); i++) {
                JsonNode b = blocks.get(i);
                switch (b.path("type").asText()) {
                    case "text" -> text.append(b.path("text").asText());
                    case "thinking" -> {
                        reasoning.append(b.path("thinking").asText());
                        token = b.path("signature").asText();
                    }
                    case "tool_use" -> calls.add(new Reply.Call(b.path("id").asText(), b.path("name").asText(),
                            b.path("input").toString(), fragments.getOrDefault(i, 0)));
                    default -> {
                    }
                }
            }
            ObjectNode turn = obj().put("role", "assistant");
            turn.set("content", blocks);
            return new Reply(status, text.toString(), calls, reasoning.toString(), token, finish, u, turn, body);
        }

        private void usage(JsonNode n, Map<String, Long> u) {
            n.properties().forEach(f -> {
                if (f.getValue().isNumber()) {
                    u.put(f.getKey(), f.getValue().asLong());
                }
            });
            long input = u.getOrDefault("input_tokens", 0L);
            long read = u.getOrDefault("cache_read_input_tokens", 0L);
            long write = u.getOrDefault("cache_creation_input_tokens", 0L);
            u.put("prompt", input + read + write);
            u.put("cached", read);
            u.put("completion", u.getOrDefault("output_tokens", 0L));
            if (n.path("output_tokens_details").has("thinking_tokens")) {
                u.put("reasoning", n.path("output_tokens_details").path("thinking_tokens").asLong());
            }
        }
    },

    RESPONSES(new ResponsesCodec()) {
        @Override
        String path(String model, boolean stream) {
            return "/v1/responses";
        }

        @Override
        ObjectNode body(String model, Conversation c, boolean stream) {
            ObjectNode b = obj().put("model", model).put("store", false);
            ArrayNode input = b.putArray("input");
            ArrayNode content = input.addObject().put("type", "message").put("role", "user").putArray("content");
            content.addObject().put("type", "input_text").put("text", Conversation.USER_TEXT);
            if (c.image()) {
                content.addObject().put("type", "input_image")
                        .put("image_url", "data:image/png;base64," + Conversation.PNG);
            }
            c.previous().ifPresent(prev -> {
                prev.assistantTurn().forEach(input::add);
                input.addObject().put("type", "function_call_output").put("call_id", prev.calls().get(0).id())
                        .put("output", Conversation.TOOL_RESULT);
            });
            if (c.tool()) {
                ObjectNode t = b.putArray("tools").addObject().put("type", "function").put("name", "get_weather")
                        .put("description", "Current weather");
                t.set("parameters", Conversation.TOOL_PARAMETERS);
            }
            if (c.jsonSchema()) {
                ObjectNode f = b.putObject("text").putObject("format").put("type", "json_schema").put("name", "city")
                        .put("strict", true);
                f.set("schema", Conversation.SCHEMA);
            }
            if (c.reasoning()) {
                b.putObject("reasoning").put("effort", "high").put("summary", "auto");
                b.putArray("include").add("reasoning.encrypted_content");
            }
            if (stream) {
                b.put("stream", true);
            }
            return b;
        }

        @Override
        Reply read(int status, String body, boolean stream) {
            JsonNode response;
            Map<String, Integer> fragments = new HashMap<>();
            StringBuilder streamedText = new StringBuilder();
            if (stream) {
                response = null;
                int expectedSequence = 0;
                for (Sse e : Sse.parse(body)) {
                    JsonNode d = json(e.data());
                    if (!d.path("type").asText().equals(e.event())) {
                        throw new AssertionError("event name and type differ: " + e.event() + " / " + d);
                    }
                    if (d.path("sequence_number").asInt() != expectedSequence++) {
                        throw new AssertionError("sequence numbers out of order at " + d);
                    }
                    switch (e.event()) {
                        case "response.output_text.delta" -> streamedText.append(d.path("delta").asText());
                        case "response.function_call_arguments.delta" ->
                                fragments.merge(d.path("item_id").asText(), 1, Integer::sum);
                        case "response.completed", "response.incomplete" -> response = d.path("response");
                        default -> {
                        }
                    }
                }
                if (response == null) {
                    throw new AssertionError("no response.completed event in " + body);
                }
            } else {
                response = json(body);
            }
            StringBuilder text = new StringBuilder();
            StringBuilder reasoning = new StringBuilder();
            String token = "";
            List<Reply.Call> calls = new ArrayList<>();
            for (JsonNode item : response.path("output")) {
                switch (item.path("type").asText()) {
                    case "message" -> item.path("content").forEach(p -> text.append(p.path("text").asText()));
                    case "reasoning" -> {
                        item.path("summary").forEach(s -> reasoning.append(s.path("text").asText()));
                        token = item.path("encrypted_content").asText("");
                    }
                    case "function_call" -> calls.add(new Reply.Call(item.path("call_id").asText(),
                            item.path("name").asText(), item.path("arguments").asText(),
                            fragments.getOrDefault(item.path("id").asText(), 0)));
                    default -> {
                    }
                }
            }
            if (stream && !streamedText.toString().equals(text.toString())) {
                throw new AssertionError("streamed deltas '" + streamedText + "' differ from the final text '"
                        + text + "'");
            }
            JsonNode usage = response.path("usage");
            Map<String, Long> u = new HashMap<>();
            u.put("prompt", usage.path("input_tokens").asLong());
            u.put("cached", usage.path("input_tokens_details").path("cached_tokens").asLong());
            u.put("completion", usage.path("output_tokens").asLong());
            u.put("reasoning", usage.path("output_tokens_details").path("reasoning_tokens").asLong());
            return new Reply(status, text.toString(), calls, reasoning.toString(), token,
                    response.path("status").asText(), u, response.path("output").deepCopy(), body);
        }
    },

    GEMINI(new GeminiCodec(Conversation.JSON)) {
        @Override
        String path(String model, boolean stream) {
            return "/v1beta/models/" + model + (stream ? ":streamGenerateContent?alt=sse" : ":generateContent");
        }

        @Override
        ObjectNode body(String model, Conversation c, boolean stream) {
            ObjectNode b = obj();
            ArrayNode contents = b.putArray("contents");
            ArrayNode parts = contents.addObject().put("role", "user").putArray("parts");
            parts.addObject().put("text", Conversation.USER_TEXT);
            if (c.image()) {
                parts.addObject().putObject("inlineData").put("mimeType", "image/png").put("data", Conversation.PNG);
            }
            c.previous().ifPresent(prev -> {
                contents.add(prev.assistantTurn());
                Reply.Call call = prev.calls().get(0);
                ObjectNode fr = contents.addObject().put("role", "user").putArray("parts").addObject()
                        .putObject("functionResponse").put("id", call.id()).put("name", call.name());
                fr.putObject("response").put("result", Conversation.TOOL_RESULT);
            });
            if (c.tool()) {
                ObjectNode d = b.putArray("tools").addObject().putArray("functionDeclarations").addObject()
                        .put("name", "get_weather").put("description", "Current weather");
                d.set("parametersJsonSchema", Conversation.TOOL_PARAMETERS);
            }
            ObjectNode g = obj();
            if (c.jsonSchema()) {
                g.put("responseMimeType", "application/json").set("responseJsonSchema", Conversation.SCHEMA);
            }
            if (c.reasoning()) {
                g.putObject("thinkingConfig").put("includeThoughts", true).put("thinkingBudget", 2048);
            }
            if (!g.isEmpty()) {
                b.set("generationConfig", g);
            }
            return b;
        }

        @Override
        Reply read(int status, String body, boolean stream) {
            List<JsonNode> chunks = new ArrayList<>();
            if (stream) {
                for (Sse e : Sse.parse(body)) {
                    chunks.add(json(e.data()));
                }
            } else {
                chunks.add(json(body));
            }
            ArrayNode parts = arr();
            String finish = "";
            JsonNode usage = obj();
            for (JsonNode chunk : chunks) {
                JsonNode candidate = chunk.path("candidates").path(0);
                candidate.path("content").path("parts").forEach(parts::add);
                if (candidate.has("finishReason")) {
                    finish = candidate.get("finishReason").asText();
                }
                if (chunk.has("usageMetadata")) {
                    usage = chunk.get("usageMetadata");
                }
            }
            StringBuilder text = new StringBuilder();
            StringBuilder reasoning = new StringBuilder();
            String token = "";
            List<Reply.Call> calls = new ArrayList<>();
            for (JsonNode p : parts) {
                if (p.has("thoughtSignature")) {
                    token = p.get("thoughtSignature").asText();
                }
                if (p.path("thought").asBoolean(false)) {
                    reasoning.append(p.path("text").asText());
                } else if (p.has("functionCall")) {
                    JsonNode fc = p.get("functionCall");
                    calls.add(new Reply.Call(fc.path("id").asText(fc.path("name").asText()), fc.path("name").asText(),
                            fc.path("args").toString(), 1));
                } else {
                    text.append(p.path("text").asText());
                }
            }
            Map<String, Long> u = new HashMap<>();
            u.put("prompt", usage.path("promptTokenCount").asLong());
            u.put("cached", usage.path("cachedContentTokenCount").asLong());
            u.put("completion", usage.path("candidatesTokenCount").asLong() + usage.path("thoughtsTokenCount").asLong());
            u.put("reasoning", usage.path("thoughtsTokenCount").asLong());
            ObjectNode turn = obj().put("role", "model");
            turn.set("parts", parts);
            return new Reply(status, text.toString(), calls, reasoning.toString(), token, finish, u, turn, body);
        }
    };

    private final FrontDoorCodec codec;

    Door(FrontDoorCodec codec) {
        this.codec = codec;
    }

    /** The door's codec, whose declared capabilities the suite checks. */
    FrontDoorCodec codec() {
        return codec;
    }

    abstract String path(String model, boolean stream);

    abstract ObjectNode body(String model, Conversation c, boolean stream);

    abstract Reply read(int status, String body, boolean stream);

    static ObjectNode obj() {
        return Conversation.JSON.createObjectNode();
    }

    static ArrayNode arr() {
        return Conversation.JSON.createArrayNode();
    }

    static JsonNode json(String s) {
        return Conversation.parse(s);
    }

    /** One SSE event as a client reads it. */
    record Sse(String event, String data) {
        static List<Sse> parse(String body) {
            List<Sse> out = new ArrayList<>();
            for (String block : body.replace("\r\n", "\n").split("\n\n")) {
                String event = "";
                StringBuilder data = new StringBuilder();
                for (String line : block.split("\n")) {
                    if (line.startsWith("event:")) {
                        event = line.substring(6).trim();
                    } else if (line.startsWith("data:")) {
                        data.append(line.substring(5).trim());
                    }
                }
                if (!data.isEmpty()) {
                    out.add(new Sse(event, data.toString()));
                }
            }
            return out;
        }
    }
}
