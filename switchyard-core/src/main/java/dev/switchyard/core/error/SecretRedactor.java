package dev.switchyard.core.error;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.switchyard.core.json.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes secrets from text that came from outside the gateway (a provider's error body, an in-band stream error)
 * before it can reach a client, a log or the ledger.
 *
 * <p>Why this is more than {@code String.replace}: the text is matched <em>after decoding</em>. A provider that echoes
 * the key as {@code sk\u005cu002d…} in its JSON, percent-encoded in a URL, or escaped twice, shows the client the key
 * once the client's JSON parser has decoded it. So the text is decoded first, up to {@value #MAX_ROUNDS} rounds of JSON
 * string escapes ({@code \u005cuXXXX}, {@code \u005c"}, {@code \u005c\u005c}, {@code \u005c/} and the control escapes)
 * and percent-encoding, and the decoded form is searched for
 *
 * <ul>
 *   <li>the configured secrets (provider keys; anything of at least {@value #MIN_SECRET} characters), and</li>
 *   <li>key-shaped text: {@code sk-…} (OpenAI, Anthropic, DeepSeek and most compatible providers, and Switchyard's own
 *       {@code sk-swy-…} keys), {@code AIza…} (Google), {@code gsk_…}, {@code xai-…}, {@code Bearer …}, and the value
 *       after {@code api_key=}/{@code "x-api-key":} and the like.</li>
 * </ul>
 *
 * <p>When nothing is found the text is returned as it was, so ordinary messages keep their exact wording. When
 * something is found the <em>decoded</em> text is returned with each match replaced by {@value #MARK}: the escaped
 * spelling is gone with it, and what is left cannot decode into the key again. {@link #redactJson} does the same for a
 * JSON document whose shape must survive (a pass-through error event): each string value is redacted on its own and the
 * document is written again.
 *
 * <p>Matching needs the whole text: callers redact after a body or SSE event has been assembled, never a network read at
 * a time (a key split across reads is whole by then).
 */
public final class SecretRedactor {

    /** What replaces a secret. */
    public static final String MARK = "[redacted]";
    /** Shorter configured secrets are ignored: they would redact ordinary words. */
    public static final int MIN_SECRET = 4;
    private static final int MAX_ROUNDS = 4;

    private static final Pattern KEY_SHAPED = Pattern.compile(
            "sk-[A-Za-z0-9_\\-]{16,}"
                    + "|AIza[0-9A-Za-z_\\-]{30,}"
                    + "|gsk_[A-Za-z0-9]{20,}"
                    + "|xai-[A-Za-z0-9]{20,}"
                    + "|(?i:bearer)\\s+[A-Za-z0-9._~+/=\\-]{12,}");
    private static final Pattern KEY_VALUE = Pattern.compile(
            "(?i)((?:api[_-]?key|x-api-key|x-goog-api-key|authorization|access[_-]?token|secret)[\"']?\\s*[:=]\\s*[\"']?)"
                    + "([^\\s\"'&,;}]{8,})");
    private static final Pattern PERCENT = Pattern.compile("%[0-9A-Fa-f]{2}");

    private static final SecretRedactor PATTERNS_ONLY = new SecretRedactor(List.of());

    private final List<String> secrets;

    private SecretRedactor(List<String> secrets) {
        this.secrets = secrets;
    }

    /** A redactor for these secrets and the key-shaped patterns; secrets shorter than {@value #MIN_SECRET} are ignored. */
    public static SecretRedactor of(Collection<String> secrets) {
        List<String> kept = new ArrayList<>(secrets.size());
        for (String s : secrets) {
            if (s != null && s.length() >= MIN_SECRET && !kept.contains(s)) {
                kept.add(s);
            }
        }
        // longest first, so that a key containing another is removed whole
        kept.sort((a, b) -> Integer.compare(b.length(), a.length()));
        return kept.isEmpty() ? PATTERNS_ONLY : new SecretRedactor(List.copyOf(kept));
    }

    /** A redactor that knows no configured secret, only the key-shaped patterns. */
    public static SecretRedactor patternsOnly() {
        return PATTERNS_ONLY;
    }

    /** The text, or its decoded form with every secret replaced by {@value #MARK} when one was found in it. */
    public String redact(String text) {
        if (text == null || text.isEmpty()) {
            return text == null ? "" : text;
        }
        String plain = replaceSecrets(text);
        String decoded = text;
        for (int round = 0; round < MAX_ROUNDS; round++) {
            String next = decodeOnce(decoded);
            if (next.equals(decoded)) {
                break;
            }
            decoded = next;
        }
        if (decoded.equals(text)) {
            return plain;
        }
        String redacted = replaceSecrets(decoded);
        return redacted.equals(decoded) ? plain : redacted;
    }

    /** Whether the text, decoded, holds a secret or something key-shaped. */
    public boolean containsSecret(String text) {
        return !redact(text).equals(text);
    }

    /**
     * A JSON document with each string value (and member name) redacted, written again; empty when nothing in it needed
     * redacting or it is not JSON (then {@link #redact} is the caller's fallback).
     */
    public Optional<String> redactJson(String json) {
        JsonNode root;
        try {
            root = Json.mapper().readTree(json);
        } catch (IOException e) {
            return Optional.empty();
        }
        if (root == null) {
            return Optional.empty();
        }
        boolean[] changed = {false};
        JsonNode out = walk(root, changed);
        if (!changed[0]) {
            return Optional.empty();
        }
        try {
            return Optional.of(Json.mapper().writeValueAsString(out));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private JsonNode walk(JsonNode node, boolean[] changed) {
        if (node.isTextual()) {
            String r = redact(node.asText());
            if (!r.equals(node.asText())) {
                changed[0] = true;
                return TextNode.valueOf(r);
            }
            return node;
        }
        if (node.isArray()) {
            ArrayNode a = (ArrayNode) node;
            for (int i = 0; i < a.size(); i++) {
                a.set(i, walk(a.get(i), changed));
            }
            return a;
        }
        if (node.isObject()) {
            ObjectNode o = (ObjectNode) node;
            ObjectNode copy = o.objectNode();
            for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String name = redact(e.getKey());
                if (!name.equals(e.getKey())) {
                    changed[0] = true;
                }
                copy.set(name, walk(e.getValue(), changed));
            }
            return copy;
        }
        return node;
    }

    private String replaceSecrets(String text) {
        String out = text;
        for (String s : secrets) {
            if (out.contains(s)) {
                out = out.replace(s, MARK);
            }
        }
        out = KEY_SHAPED.matcher(out).replaceAll(m -> Matcher.quoteReplacement(
                m.group().regionMatches(true, 0, "bearer", 0, 6) ? "Bearer " + MARK : MARK));
        out = KEY_VALUE.matcher(out).replaceAll(m -> Matcher.quoteReplacement(
                m.group(2).equals(MARK) ? m.group() : m.group(1) + MARK));
        return out;
    }

    /** One round of JSON string-escape and percent decoding; malformed escapes stay as they are. */
    static String decodeOnce(String s) {
        if (s.indexOf('\\') < 0 && s.indexOf('%') < 0) {
            return s;
        }
        StringBuilder b = new StringBuilder(s.length());
        int i = 0;
        int n = s.length();
        while (i < n) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < n) {
                char e = s.charAt(i + 1);
                switch (e) {
                    case 'u', 'U' -> {
                        if (i + 6 <= n && isHex(s, i + 2, i + 6)) {
                            b.append((char) Integer.parseInt(s.substring(i + 2, i + 6), 16));
                            i += 6;
                            continue;
                        }
                    }
                    case '"', '\\', '/', '\'' -> {
                        b.append(e);
                        i += 2;
                        continue;
                    }
                    case 'n' -> {
                        b.append('\n');
                        i += 2;
                        continue;
                    }
                    case 't' -> {
                        b.append('\t');
                        i += 2;
                        continue;
                    }
                    case 'r' -> {
                        b.append('\r');
                        i += 2;
                        continue;
                    }
                    case 'b', 'f' -> {
                        b.append(' ');
                        i += 2;
                        continue;
                    }
                    case 'x' -> {
                        if (i + 4 <= n && isHex(s, i + 2, i + 4)) {
                            b.append((char) Integer.parseInt(s.substring(i + 2, i + 4), 16));
                            i += 4;
                            continue;
                        }
                    }
                    default -> { }
                }
            } else if (c == '%' && i + 3 <= n && PERCENT.matcher(s).region(i, i + 3).matches()) {
                int v = Integer.parseInt(s.substring(i + 1, i + 3), 16);
                if (v < 0x80) { // ASCII only: keys are ASCII, and a lone UTF-8 byte is not a character
                    b.append((char) v);
                    i += 3;
                    continue;
                }
            }
            b.append(c);
            i++;
        }
        return b.toString();
    }

    private static boolean isHex(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            if (Character.digit(s.charAt(i), 16) < 0) {
                return false;
            }
        }
        return true;
    }
}
