package dev.switchyard.core.ir;

import java.util.function.Consumer;

/** Reads one provider's SSE events into IR stream events. Stateful: one per response. */
public interface StreamDecoder {

    /**
     * Decodes one SSE event.
     *
     * @param event the {@code event:} field, empty when absent
     * @param data the {@code data:} field
     */
    void decode(String event, String data, Consumer<StreamEvent> sink);

    /** Whether the provider said the stream is complete (as opposed to the connection merely ending). */
    boolean completed();
}
