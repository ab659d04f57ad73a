package dev.switchyard.providers.openai;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The same-protocol fast path: builds the upstream body from the client's bytes with only the edits routing and
 * accounting need, spliced in place. Everything else, including fields Switchyard does not know, goes through byte
 * for byte.
 *
 * <ul>
 *   <li>{@code model} becomes the endpoint's upstream model name;</li>
 *   <li>for streams, {@code stream_options.include_usage} is forced on, so usage is always recorded (the client only
 *       sees the usage chunk if it asked for it);</li>
 *   <li>OpenRouter's routing-only fields ({@code models}, {@code provider}, {@code session_id}, …) are cut out.</li>
 * </ul>
 */
public final class FastPathRewriter {

    private static final byte[] INCLUDE_USAGE_FIELD = ",\"stream_options\":{\"include_usage\":true}"
            .getBytes(StandardCharsets.UTF_8);

    private static final byte[] NOTHING = new byte[0];

    private FastPathRewriter() {
    }

    /** The upstream body for the given request and upstream model name. */
    public static Buffer rewrite(ScannedChatRequest request, String upstreamModel) {
        Buffer in = request.body();
        byte[] model = quote(upstreamModel);
        Buffer out = Buffer.buffer(in.length() + model.length + INCLUDE_USAGE_FIELD.length);
        Edit first = new Edit(request.modelSpan().start(), request.modelSpan().end(), model);
        Edit second = null;
        if (request.stream() && !request.clientWantsUsage()) {
            if (request.streamOptionsSpan().present()) {
                var options = request.streamOptions().orElseThrow().deepCopy();
                options.put("include_usage", true);
                second = new Edit(request.streamOptionsSpan().start(), request.streamOptionsSpan().end(),
                        options.toString().getBytes(StandardCharsets.UTF_8));
            } else {
                second = new Edit(request.closingBraceOffset(), request.closingBraceOffset(), INCLUDE_USAGE_FIELD);
            }
        }
        List<Edit> edits = new ArrayList<>(2 + request.routingSpans().size());
        edits.add(first);
        if (second != null) {
            edits.add(second);
        }
        for (ScannedChatRequest.Span cut : request.routingSpans()) {
            edits.add(new Edit(cut.start(), cut.end(), NOTHING));
        }
        edits.sort(Comparator.comparingInt(Edit::start));
        int at = 0;
        for (Edit e : edits) {
            out.appendBuffer(in, at, e.start - at).appendBytes(e.replacement);
            at = e.end;
        }
        return out.appendBuffer(in, at, in.length() - at);
    }

    private static byte[] quote(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString().getBytes(StandardCharsets.UTF_8);
    }

    private record Edit(int start, int end, byte[] replacement) {
    }
}
