package dev.switchyard.server;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * What a client of one front door understood from an answer, read from the wire by that door's test client (never
 * by the gateway's own codecs), plus the native assistant turn it would send back on the next request.
 *
 * @param status HTTP status
 * @param text the answer's text
 * @param calls tool calls, with the number of argument fragments a stream delivered
 * @param reasoning the reasoning text shown, empty when none
 * @param reasoningToken the opaque token (signature / encrypted content) as the client received it
 * @param finish the client format's finish reason as sent
 * @param usage normalised counts: {@code prompt} (cached included), {@code cached}, {@code completion} (reasoning
 *     included), {@code reasoning} (absent when the format has no such field)
 * @param assistantTurn the turn to replay, in the door's native shape
 * @param raw the body as received
 */
record Reply(int status, String text, List<Call> calls, String reasoning, String reasoningToken, String finish,
             Map<String, Long> usage, JsonNode assistantTurn, String raw) {

    /** One tool call. */
    record Call(String id, String name, String arguments, int fragments) {
    }
}
