package dev.switchyard.core.answer;

import dev.switchyard.core.ir.ChatResponse;
import dev.switchyard.core.ir.StreamEvent;
import io.vertx.core.buffer.Buffer;
import java.util.List;
import java.util.Objects;

/**
 * One piece of an answer on its way to the client: what one upstream network read brought (streamed), or the whole
 * response (not streamed). Either already in the client's wire format (the same-protocol fast path, forwarded
 * untouched) or in the IR, which the edge encodes.
 */
public sealed interface Delta {

    /**
     * Output tokens this delta carries, as far as can be told without a tokenizer: the {@link
     * dev.switchyard.core.usage.TokenEstimate} of the content it delivers (text, reasoning, tool-call arguments),
     * counted on the stream's running total so that the deltas add up to the estimate of the whole. Budgets use it to
     * stop a stream at the caller's credit, and an answer that ends early is billed by it; the ledger uses the
     * provider's own count whenever one arrives.
     */
    long outputTokens();

    /** Whether this delta completes a non-streamed answer. */
    default boolean whole() {
        return false;
    }

    /**
     * Stream bytes in the client's own wire format, as the provider sent them.
     *
     * @param bytes whole SSE events
     * @param outputTokens estimated tokens of the content among them
     */
    record StreamBytes(Buffer bytes, long outputTokens) implements Delta {
        public StreamBytes {
            Objects.requireNonNull(bytes, "bytes");
        }
    }

    /**
     * Stream events in the IR, decoded from a provider of another protocol.
     *
     * @param events in order
     * @param outputTokens estimated tokens of the content among them
     */
    record StreamEvents(List<StreamEvent> events, long outputTokens) implements Delta {
        public StreamEvents {
            events = List.copyOf(events);
        }
    }

    /**
     * A whole non-streamed body in the client's own wire format.
     *
     * @param bytes the provider's body, untouched
     * @param outputTokens the provider's completion count, 0 when unknown
     */
    record WholeBytes(Buffer bytes, long outputTokens) implements Delta {
        public WholeBytes {
            Objects.requireNonNull(bytes, "bytes");
        }

        @Override
        public boolean whole() {
            return true;
        }
    }

    /**
     * A whole non-streamed answer in the IR.
     *
     * @param response the decoded answer
     */
    record WholeResponse(ChatResponse response) implements Delta {
        public WholeResponse {
            Objects.requireNonNull(response, "response");
        }

        @Override
        public long outputTokens() {
            return response.usage().completionTokens();
        }

        @Override
        public boolean whole() {
            return true;
        }
    }
}
