package dev.switchyard.core.ir;

import dev.switchyard.core.catalog.WireProtocol;
import java.util.Objects;

/**
 * What a front door needs to render an answer beyond the answer itself.
 *
 * @param id the gateway's id for the answer (the generation id)
 * @param model the model name to show the client
 * @param createdEpochSeconds creation time
 * @param includeUsage whether an OpenAI Chat client asked for the usage chunk of a stream
 * @param upstream the protocol of the provider that answered, which issued any reasoning tokens
 */
public record ResponseMeta(String id, String model, long createdEpochSeconds, boolean includeUsage,
                           WireProtocol upstream) {

    public ResponseMeta {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(upstream, "upstream");
    }
}
