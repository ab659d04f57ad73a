package dev.switchyard.providers.upstream;

import io.vertx.core.buffer.Buffer;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What one attempt sends: where, what, with which protocol headers, and which request parameters had to be left out
 * (reported to the client in {@code x-switchyard-dropped-params} when the answer commits).
 */
public record UpstreamCallSpec(String url, Buffer body, Map<String, String> headers, boolean stream,
                               List<String> dropped) {

    public UpstreamCallSpec {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(body, "body");
        headers = Map.copyOf(headers);
        dropped = List.copyOf(dropped);
    }
}
