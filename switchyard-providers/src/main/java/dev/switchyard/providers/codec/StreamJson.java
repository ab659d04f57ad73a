package dev.switchyard.providers.codec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchyard.core.error.ErrorKind;
import dev.switchyard.core.error.FailureClasses;
import dev.switchyard.core.error.GatewayError;
import dev.switchyard.core.ir.StreamEvent;
import java.io.IOException;
import java.util.Optional;
import java.util.function.Consumer;

/** Reading one upstream stream event's JSON for the stream decoders. */
public final class StreamJson {

    private StreamJson() {
    }

    /** The event's JSON object; a malformed event is reported to the sink as a failure and yields nothing. */
    public static Optional<JsonNode> object(ObjectMapper mapper, String data, Consumer<StreamEvent> sink) {
        JsonNode node;
        try {
            node = mapper.readTree(data);
        } catch (IOException e) {
            sink.accept(new StreamEvent.Failed(GatewayError.builder(ErrorKind.UPSTREAM,
                    "provider sent a malformed stream event").code(FailureClasses.STREAM_MALFORMED).build()));
            return Optional.empty();
        }
        return node != null && node.isObject() ? Optional.of(node) : Optional.empty();
    }
}
