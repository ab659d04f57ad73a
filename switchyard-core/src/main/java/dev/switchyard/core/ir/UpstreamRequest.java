package dev.switchyard.core.ir;

import io.vertx.core.buffer.Buffer;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A request encoded for a provider.
 *
 * @param path appended to the provider's base URL, e.g. {@code /messages}
 * @param body the JSON body
 * @param headers protocol headers to add (e.g. {@code anthropic-version})
 * @param dropped request parameters the provider cannot honour and that were left out, by their IR names
 */
public record UpstreamRequest(String path, Buffer body, Map<String, String> headers, List<String> dropped) {

    public UpstreamRequest {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(body, "body");
        headers = Map.copyOf(headers);
        dropped = List.copyOf(dropped);
    }
}
