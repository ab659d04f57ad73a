package dev.switchyard.core.ir;

import dev.switchyard.core.catalog.WireProtocol;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
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
 *
 * <p>Some clients keep a signature but not the reasoning text it signs: Gemini CLI drops thought parts from its
 * history and keeps only the {@code thoughtSignature} on the function call, while Anthropic verifies a thinking
 * block's signature against its text. For such clients the text travels inside the token,
 * {@code swy2:<origin>:<base64url text>:<token>} ({@link #wrapWithText}), and comes back out of it when the client
 * returns the token without the text.
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

    /**
     * The token as a client of {@code client} protocol should see it, carrying the reasoning {@code text} it signs
     * when the token is foreign to the client (so that the text can come back even if the client drops it).
     */
    public static String wrapWithText(String token, String text, WireProtocol origin, WireProtocol client) {
        if (origin == client || text.isEmpty()) {
            return wrap(token, origin, client);
        }
        return TEXT_PREFIX + origin.configName() + ":"
                + Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8))
                + ":" + token;
    }

    /** A reasoning part as read from a client of {@code client} protocol. */
    public static Part.Reasoning unwrap(String text, String signature, String redacted, WireProtocol client) {
        Optional<WireProtocol> fromSig = origin(signature);
        Optional<WireProtocol> fromRedacted = origin(redacted);
        WireProtocol origin = fromSig.or(() -> fromRedacted).orElse(client);
        String carried = fromSig.isPresent() && signature.startsWith(TEXT_PREFIX) ? carriedText(signature) : "";
        return new Part.Reasoning(text.isEmpty() ? carried : text, fromSig.isPresent() ? strip(signature) : signature,
                fromRedacted.isPresent() ? strip(redacted) : redacted, origin);
    }

    private static final String TEXT_PREFIX = "swy2:";

    private static String carriedText(String token) {
        int originEnd = token.indexOf(':', TEXT_PREFIX.length());
        int textEnd = originEnd < 0 ? -1 : token.indexOf(':', originEnd + 1);
        if (textEnd < 0) {
            return "";
        }
        try {
            return new String(Base64.getUrlDecoder().decode(token.substring(originEnd + 1, textEnd)),
                    StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return "";
        }
    }

    private static Optional<WireProtocol> origin(String token) {
        if (!token.startsWith(PREFIX) && !token.startsWith(TEXT_PREFIX)) {
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
        if (token.startsWith(TEXT_PREFIX)) {
            int originEnd = token.indexOf(':', TEXT_PREFIX.length());
            int textEnd = originEnd < 0 ? -1 : token.indexOf(':', originEnd + 1);
            return textEnd < 0 ? token : token.substring(textEnd + 1);
        }
        if (!token.startsWith(PREFIX)) {
            return token;
        }
        int end = token.indexOf(':', PREFIX.length());
        return end < 0 ? token : token.substring(end + 1);
    }
}
