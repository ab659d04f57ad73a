package dev.switchyard.providers.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.switchyard.core.ir.StreamDecoder;
import dev.switchyard.core.json.Json;
import dev.switchyard.providers.anthropic.AnthropicCodec;
import dev.switchyard.providers.gemini.GeminiCodec;
import dev.switchyard.providers.openai.OpenAiChatCodec;
import dev.switchyard.providers.openai.StreamAccountant;
import dev.switchyard.providers.sse.SseEventSplitter;
import dev.switchyard.providers.sse.SseEvents;
import io.vertx.core.buffer.Buffer;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Every SSE decoder, fuzzed (issue 13; docs/reliability.md, "Fuzzing"): a provider's stream, as bytes split into
 * random network reads, through the {@link SseEventSplitter}, {@link SseEvents} and the protocol's stream decoder
 * (OpenAI Chat, Anthropic Messages, Gemini), and through the pass-through path's {@link StreamAccountant}. Each seed is
 * one valid stream (a JSON array of {@code [event, data]} pairs); mutations reach the event data's JSON, the event
 * names, and the raw bytes (a stray {@code data:} line, a lone {@code \r}, a cut). The only failure allowed is the
 * splitter's documented {@link SseEventSplitter.EventTooLargeException}; a decoder reports a malformed stream as a
 * failure event, never by throwing.
 */
class SseDecodersFuzzTest {

    private static final Fuzz.Budget BUDGET = Fuzz.Budget.fromSystemProperties();
    private static final int MAX_EVENT = 4096;

    static final List<JsonNode> CHAT = Fuzz.seeds("""
            [["", {"id":"c1","object":"chat.completion.chunk","model":"m","choices":[{"index":0,"delta":{"role":"assistant","reasoning_content":"t"},"finish_reason":null}]}],
             ["", {"id":"c1","choices":[{"index":0,"delta":{"content":"Hel"},"finish_reason":null}]}],
             ["", {"id":"c1","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"call_1","type":"function","function":{"name":"f","arguments":"{\\"a\\""}}]},"finish_reason":null}]}],
             ["", {"id":"c1","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":":1}"}}]},"finish_reason":"tool_calls"}]}],
             ["", {"id":"c1","choices":[],"usage":{"prompt_tokens":5,"completion_tokens":3,"total_tokens":8,"prompt_tokens_details":{"cached_tokens":1}}}],
             ["", "[DONE]"]]""", """
            [["", {"id":"c1","choices":[{"index":0,"delta":{"content":"x"}}]}],
             ["", {"error":{"message":"overloaded","type":"server_error"}}]]""");

    static final List<JsonNode> ANTHROPIC = Fuzz.seeds("""
            [["message_start", {"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","model":"m","content":[],"usage":{"input_tokens":5,"output_tokens":1}}}],
             ["ping", {"type":"ping"}],
             ["content_block_start", {"type":"content_block_start","index":0,"content_block":{"type":"thinking","thinking":""}}],
             ["content_block_delta", {"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta","thinking":"t"}}],
             ["content_block_delta", {"type":"content_block_delta","index":0,"delta":{"type":"signature_delta","signature":"s"}}],
             ["content_block_stop", {"type":"content_block_stop","index":0}],
             ["content_block_start", {"type":"content_block_start","index":1,"content_block":{"type":"tool_use","id":"t1","name":"f","input":{}}}],
             ["content_block_delta", {"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"{\\"a\\":1}"}}],
             ["content_block_stop", {"type":"content_block_stop","index":1}],
             ["message_delta", {"type":"message_delta","delta":{"stop_reason":"tool_use"},"usage":{"output_tokens":9}}],
             ["message_stop", {"type":"message_stop"}]]""", """
            [["message_start", {"type":"message_start","message":{"id":"msg_1","usage":{"input_tokens":5}}}],
             ["error", {"type":"error","error":{"type":"overloaded_error","message":"busy"}}]]""");

    static final List<JsonNode> GEMINI = Fuzz.seeds("""
            [["", {"candidates":[{"content":{"role":"model","parts":[{"text":"t","thought":true}]}}],"modelVersion":"m"}],
             ["", {"candidates":[{"content":{"role":"model","parts":[{"text":"Hello","thoughtSignature":"c2ln"}]}}]}],
             ["", {"candidates":[{"content":{"role":"model","parts":[{"functionCall":{"name":"f","args":{"a":1}}}]},"finishReason":"STOP"}],"usageMetadata":{"promptTokenCount":5,"candidatesTokenCount":3,"thoughtsTokenCount":1,"totalTokenCount":9}}]]""", """
            [["", {"error":{"code":503,"message":"busy","status":"UNAVAILABLE"}}]]""");

    @Test
    void openAiChatStream() {
        decoder("openai chat stream", CHAT, () -> new OpenAiChatCodec(Json.mapper()).streamDecoder());
    }

    @Test
    void anthropicMessagesStream() {
        decoder("anthropic messages stream", ANTHROPIC, () -> new AnthropicCodec(Json.mapper()).streamDecoder());
    }

    @Test
    void geminiStream() {
        decoder("gemini stream", GEMINI, () -> new GeminiCodec(Json.mapper()).streamDecoder());
    }

    @Test
    void passThroughAccountant() {
        Fuzz.run("pass-through accountant", CHAT, BUDGET, (input, random) -> {
            StreamAccountant accountant = new StreamAccountant(Json.mapper(), random.nextBoolean());
            return split(input, random, event -> {
                accountant.onEvent(event);
                accountant.usage();
                accountant.finishReason();
                accountant.inBandError();
            });
        });
    }

    private void decoder(String name, List<JsonNode> seeds, Supplier<StreamDecoder> decoders) {
        Fuzz.run(name, seeds, BUDGET, (input, random) -> {
            StreamDecoder decoder = decoders.get();
            Fuzz.Outcome o = split(input, random, event -> {
                String data = SseEvents.data(event);
                if (data != null) {
                    decoder.decode(SseEvents.eventType(event), data, e -> { });
                }
            });
            decoder.completed();
            return o;
        });
    }

    /** The mutated stream as SSE bytes, split into random reads, each whole event handed on. */
    private static Fuzz.Outcome split(byte[] input, SplittableRandom random, java.util.function.Consumer<Buffer> onEvent) {
        SseEventSplitter splitter = new SseEventSplitter(MAX_EVENT);
        byte[] stream = sse(input, random);
        try {
            Fuzz.chunks(stream, random, c -> splitter.feed(Buffer.buffer(c), onEvent));
            Buffer tail = splitter.remainder();
            if (tail.length() > 0) {
                onEvent.accept(tail.copy().appendString("\n\n"));
            }
            return Fuzz.Outcome.ACCEPTED;
        } catch (SseEventSplitter.EventTooLargeException e) {
            return Fuzz.Outcome.REFUSED; // documented: the call fails as stream_malformed
        }
    }

    /**
     * The stream's bytes: a seed array of [event, data] pairs written as SSE; anything else the mutations made of it
     * is written as one data line, as a provider sending junk would.
     */
    static byte[] sse(byte[] input, SplittableRandom random) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        JsonNode doc;
        try {
            doc = Json.mapper().readTree(input);
        } catch (Exception e) {
            doc = null;
        }
        List<String[]> events = new ArrayList<>();
        if (doc instanceof ArrayNode a) {
            for (JsonNode pair : a) {
                String type = pair.path(0).isTextual() ? pair.path(0).asText() : pair.path(0).toString();
                JsonNode data = pair.path(1);
                events.add(new String[] {type, data.isTextual() ? data.asText() : data.toString()});
            }
        } else {
            events.add(new String[] {"", new String(input, StandardCharsets.UTF_8)});
        }
        for (String[] e : events) {
            StringBuilder b = new StringBuilder();
            if (!e[0].isEmpty()) {
                b.append("event: ").append(e[0].replace("\n", "")).append(random.nextInt(8) == 0 ? "\r\n" : "\n");
            }
            for (String line : e[1].split("\n", -1)) {
                b.append(random.nextInt(10) == 0 ? "data:" : "data: ").append(line).append('\n');
            }
            if (random.nextInt(20) == 0) {
                b.append(": keep-alive\n");
            }
            b.append(random.nextInt(50) == 0 ? "" : "\n");
            out.writeBytes(b.toString().getBytes(StandardCharsets.UTF_8));
        }
        byte[] bytes = out.toByteArray();
        return random.nextInt(8) == 0 ? Fuzz.mutateBytes(bytes, CHAT, random) : bytes;
    }
}
