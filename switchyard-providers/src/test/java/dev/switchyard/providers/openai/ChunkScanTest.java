package dev.switchyard.providers.openai;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.switchyard.core.json.Json;
import dev.switchyard.core.usage.TokenEstimate;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@link ChunkScan} against the Jackson pass it stands in for: whatever it accepts, Jackson accepts with the same
 * token count and output; ordinary chunks are decided by it; malformed ones are left to Jackson.
 */
class ChunkScanTest {

    private static final JsonFactory FACTORY = Json.limitedFactory(256, 64 << 20);
    private static final Set<String> CONTENT = Set.of("content", "reasoning_content", "reasoning", "refusal",
            "arguments");

    private static final List<String> CHUNKS = List.of(
            "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1767225600,\"model\":\"m\","
                    + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\" signals\"},\"logprobs\":null,"
                    + "\"finish_reason\":null}]}",
            "{\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"finish_reason\":null}]}",
            "{\"choices\":[{\"delta\":{\"reasoning_content\":\"Let me think: 2 + 2\"}}]}",
            "{\"choices\":[{\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"call_1\",\"type\":\"function\","
                    + "\"function\":{\"name\":\"get\",\"arguments\":\"{\\\"city\\\": \\\"Paris\\\"}\"}}]}}]}",
            "{\"choices\":[{\"delta\":{\"content\":\"日本語のテキスト and more\"}}]}",
            "{\"choices\":[{\"delta\":{\"content\":\"\\u65e5\\u672c \\ud83d\\ude00 emoji 😀 done\\n\\ttab \\\" q \\\\ \\/\"}}]}",
            "{\"choices\":[{\"delta\":{\"content\":\"lone \\ud800 surrogate\"}}]}",
            "{\"choices\":[{\"delta\":{\"refusal\":\"I can't help with that.\"}}]}",
            "{\"usage\":{\"prompt_tokens\":57,\"completion_tokens\":17,\"total_tokens\":74},\"choices\":[]}",
            "{\"n\":[-0,0.5,-1.25e+10,3E-2,12345678901234567890,true,false,null,{},[],[[]],\"x\"]}",
            "  {\"content\":[\"in an array\",\"not counted\"],\"reasoning\":{\"content\":\"nested\"}}  \n",
            "{\"content\":\"a\",\"content\":\"dup keys b\",\"arguments\":\"c d\"}",
            "{\"choices\":[{\"delta\":{\"content\":\"ÿ é ß ñ ü — “quotes” … €\"}}]}",
            "{}");

    private static final List<String> MALFORMED = List.of(
            "", " ", "[]", "\"s\"", "{", "}", "{\"a\":1,}", "{\"a\":01}", "{\"a\":1.}", "{\"a\":.5}", "{\"a\":+1}",
            "{\"a\":-}", "{\"a\":1e}", "{\"a\":NaN}", "{'a':1}", "{a:1}", "{\"a\":1}x", "{\"a\":1}{\"b\":2}",
            "{\"a\":1} // c", "{\"a\":\"\u0001\"}", "{\"a\":\"\\x\"}", "{\"a\":\"\\u12\"}", "{\"a\" 1}",
            "{\"a\":tru}", "{\"a\":truex}", "{\"a\":[1,]}", "{\"a\":[1 2]}",
            "{\"content\":\"unterminated}", "{\"a\":1]", "{\"a\":{\"b\":1}");

    @Test
    void ordinaryChunksAreDecidedHereAndCountedAsJacksonCountsThem() {
        for (String chunk : CHUNKS) {
            byte[] bytes = chunk.getBytes(StandardCharsets.UTF_8);
            Outcome scanned = scanned(bytes);
            assertThat(scanned).as("decided without Jackson: %s", chunk).isNotNull();
            assertThat(scanned).as(chunk).isEqualTo(jackson(bytes));
        }
    }

    @Test
    void malformedEventsAreLeftToJackson() {
        for (String event : MALFORMED) {
            byte[] bytes = event.getBytes(StandardCharsets.UTF_8);
            assertThat(scanned(bytes)).as(event).isNull();
            assertThat(jackson(bytes)).as(event).isNull();
        }
        byte[] invalidUtf8 = {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, '"', '}'};
        assertThat(scanned(invalidUtf8)).isNull();
        byte[] overlong = {'{', '"', 'a', '"', ':', '"', (byte) 0xC0, (byte) 0x80, '"', '}'};
        assertThat(scanned(overlong)).isNull();
        byte[] bom = "\uFEFF{\"a\":1}".getBytes(StandardCharsets.UTF_8); // Jackson skips a byte-order mark
        assertThat(scanned(bom)).isNull();
        String deep = "{\"a\":" + "[".repeat(300) + "]".repeat(300) + "}";
        assertThat(scanned(deep.getBytes(StandardCharsets.UTF_8))).isNull();
    }

    @Test
    void whateverItAcceptsJacksonAcceptsTheSame() {
        Random random = new Random(14);
        int decided = 0;
        for (int n = 0; n < 40_000; n++) {
            byte[] bytes = mutate(CHUNKS.get(random.nextInt(CHUNKS.size())).getBytes(StandardCharsets.UTF_8), random);
            Outcome scanned = scanned(bytes);
            if (scanned != null) {
                decided++;
                assertThat(jackson(bytes)).as(new String(bytes, StandardCharsets.UTF_8)).isEqualTo(scanned);
            }
        }
        assertThat(decided).as("some mutants are still valid JSON").isGreaterThan(1_000);
    }

    @Test
    void theEstimateContinuesAcrossEventsAsWithJackson() {
        TokenEstimate viaScan = new TokenEstimate();
        TokenEstimate viaJackson = new TokenEstimate();
        for (String piece : List.of("hel", "lo wor", "ld ", "日本", " again")) {
            byte[] bytes = ("{\"choices\":[{\"delta\":{\"content\":\"" + piece + "\"}}]}")
                    .getBytes(StandardCharsets.UTF_8);
            assertThat(ChunkScan.get().scan(bytes, 0, bytes.length, FACTORY.streamReadConstraints(), viaScan)).isTrue();
            jackson(bytes, viaJackson);
        }
        assertThat(viaScan.total()).isEqualTo(viaJackson.total()).isEqualTo(5);
    }

    /** One event's outcome: its content's tokens and whether it carried output. */
    record Outcome(long tokens, boolean output) {
    }

    private static Outcome scanned(byte[] bytes) {
        byte[] padded = new byte[bytes.length + 6]; // the event in the middle of a bigger read, as relayed
        System.arraycopy(bytes, 0, padded, 3, bytes.length);
        padded[0] = '{';
        padded[padded.length - 1] = '}';
        ChunkScan scan = ChunkScan.get();
        boolean ok = scan.scan(padded, 3, 3 + bytes.length, FACTORY.streamReadConstraints(), new TokenEstimate());
        return ok ? new Outcome(scan.tokens(), scan.output()) : null;
    }

    private static Outcome jackson(byte[] bytes) {
        return jackson(bytes, new TokenEstimate());
    }

    /** StreamAccountant's Jackson pass, as it was before the scan. */
    private static Outcome jackson(byte[] bytes, TokenEstimate estimate) {
        long tokens = 0;
        boolean output = false;
        try (JsonParser p = FACTORY.createParser(bytes)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            int depth = 1;
            while (depth > 0) {
                JsonToken t = p.nextToken();
                if (t == null) {
                    return null;
                }
                switch (t) {
                    case START_OBJECT, START_ARRAY -> depth++;
                    case END_OBJECT, END_ARRAY -> depth--;
                    case VALUE_STRING -> {
                        String field = p.currentName();
                        if (field != null && CONTENT.contains(field) && p.getTextLength() > 0) {
                            tokens += estimate.add(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
                            output = true;
                        }
                    }
                    case FIELD_NAME -> {
                        if (p.currentName().equals("tool_calls")) {
                            output = true;
                        }
                    }
                    default -> {
                    }
                }
            }
            if (p.nextToken() != null) {
                return null;
            }
        } catch (IOException e) {
            return null;
        }
        return new Outcome(tokens, output);
    }

    /** One to three random edits: a byte changed, removed, duplicated, or a JSON-ish byte inserted. */
    private static byte[] mutate(byte[] in, Random random) {
        List<Byte> b = new ArrayList<>();
        for (byte x : in) {
            b.add(x);
        }
        byte[] alphabet = "{}[]\":,.-+0123456789eE \\u\ntrufalsn\u0001/".getBytes(StandardCharsets.UTF_8);
        int edits = 1 + random.nextInt(3);
        for (int e = 0; e < edits && !b.isEmpty(); e++) {
            int at = random.nextInt(b.size());
            switch (random.nextInt(5)) {
                case 0 -> b.set(at, alphabet[random.nextInt(alphabet.length)]);
                case 1 -> b.remove(at);
                case 2 -> b.add(at, b.get(at));
                case 3 -> b.add(at, alphabet[random.nextInt(alphabet.length)]);
                default -> b.set(at, (byte) random.nextInt(256));
            }
        }
        byte[] out = new byte[b.size()];
        for (int k = 0; k < out.length; k++) {
            out[k] = b.get(k);
        }
        return out;
    }
}
