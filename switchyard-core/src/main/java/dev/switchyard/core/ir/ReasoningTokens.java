package dev.switchyard.core.ir;

import dev.switchyard.core.catalog.WireProtocol;
import java.util.Optional;

/**
 * Keeps reasoning signatures with the protocol that issued them, across clients that speak another one.
 *
 * <p>A signature only means something to the provider family that produced it: Anthropic rejects a Gemini
 * {@code thoughtSignature} and the other way round. When a token goes to a client of a different protocol than its
 * origin, it is wrapped as {@code swy1:<origin>:<token>}; when the client sends it back, the wrapper says where it
 * came from, and a provider codec only replays tokens of its own protocol (dropping the others, as the providers
 * themselves require when a conversation moves between models). Same-protocol tokens pass unwrapped, so a client
 * talking to its own protocol sees exactly what the provider sent.
 */
public final class ReasoningTokens {

    private static final String PREFIX = "swy1:";

    private ReasoningTokens() {
    }

    /** The token as a client of {@code client} protocol should see it. */
    public static String wrap(String token, WireProtocol origin, WireProtocol client) {
        if (origin == client) {
            return token;
        }
        return PREFIX + origin.configName() + ":" + token;
    }

    /** A reasoning part as read from a client of {@code client} protocol. */
    public static Part.Reasoning unwrap(String text, String signature, String redacted, WireProtocol client) {
        Optional<WireProtocol> fromSig = origin(signature);
        Optional<WireProtocol> fromRedacted = origin(redacted);
        WireProtocol origin = fromSig.or(() -> fromRedacted).orElse(client);
        return new Part.Reasoning(text, fromSig.isPresent() ? strip(signature) : signature,
                fromRedacted.isPresent() ? strip(redacted) : redacted, origin);
    }

    private static Optional<WireProtocol> origin(String token) {
        if (!token.startsWith(PREFIX)) {
            return Optional.empty();
        }
        int end = token.indexOf(':', PREFIX.length());
        if (end < 0) {
            return Optional.empty();
        }
        String name = token.substring(PREFIX.length(), end);
        for (WireProtocol p : WireProtocol.values()) {
            if (p.configName().equals(name)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    private static String strip(String token) {
        if (!token.startsWith(PREFIX)) {
            return token;
        }
        int end = token.indexOf(':', PREFIX.length());
        return end < 0 ? token : token.substring(end + 1);
    }
}
