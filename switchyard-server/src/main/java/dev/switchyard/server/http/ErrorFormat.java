package dev.switchyard.server.http;

import dev.switchyard.core.error.GatewayError;

/** Renders an error refused at the HTTP edge in the error envelope of the door the request was addressed to. */
@FunctionalInterface
public interface ErrorFormat {

    /**
     * @param path the request's path, which names the door
     * @param error what is refused
     * @return the JSON error body
     */
    String body(String path, GatewayError error);
}
