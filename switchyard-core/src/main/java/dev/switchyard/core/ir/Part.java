package dev.switchyard.core.ir;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchyard.core.catalog.WireProtocol;
import java.util.List;
import java.util.Objects;

/** One piece of a message's content. */
public sealed interface Part {

    /** Plain text. */
    record Text(String text, CacheMark cache) implements Part {
        public Text {
            Objects.requireNonNull(text, "text");
            Objects.requireNonNull(cache, "cache");
        }

        public static Text of(String text) {
            return new Text(text, CacheMark.NONE);
        }
    }

    /**
     * An image, either by URL or inline as base64.
     *
     * @param url the image URL; empty when inline
     * @param mediaType the MIME type of inline data, e.g. {@code image/png}; may be empty for URLs
     * @param data base64 data; empty when by URL
     * @param detail OpenAI's {@code detail} hint, empty when not given
     */
    record Image(String url, String mediaType, String data, String detail, CacheMark cache) implements Part {
        public Image {
            Objects.requireNonNull(url, "url");
            Objects.requireNonNull(mediaType, "mediaType");
            Objects.requireNonNull(data, "data");
            Objects.requireNonNull(detail, "detail");
            Objects.requireNonNull(cache, "cache");
        }

        public static Image inline(String mediaType, String base64) {
            return new Image("", mediaType, base64, "", CacheMark.NONE);
        }

        public boolean isInline() {
            return url.isEmpty();
        }

        /** The image as a {@code data:} URL when inline, else its URL. */
        public String asUrl() {
            return isInline() ? "data:" + mediaType + ";base64," + data : url;
        }
    }

    /**
     * A document (PDF or other file), inline as base64 or by URL.
     *
     * @param filename the file's name, empty when unknown
     */
    record File(String url, String mediaType, String data, String filename) implements Part {
        public File {
            Objects.requireNonNull(url, "url");
            Objects.requireNonNull(mediaType, "mediaType");
            Objects.requireNonNull(data, "data");
            Objects.requireNonNull(filename, "filename");
        }
    }

    /**
     * A call of a tool by the assistant.
     *
     * @param id the call id that its result refers to
     * @param arguments the arguments as JSON text, exactly as the model produced them
     */
    record ToolCall(String id, String name, String arguments) implements Part {
        public ToolCall {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(arguments, "arguments");
        }
    }

    /**
     * The result of a tool call, sent by the client.
     *
     * @param callId the id of the call it answers
     * @param name the tool's name; empty when the client's format does not carry it (codecs that need it look it up
     *     from the call, see {@link ChatRequest#toolName(String)})
     * @param content the result, usually one text part
     */
    record ToolResult(String callId, String name, List<Part> content, boolean isError, CacheMark cache)
            implements Part {
        public ToolResult {
            Objects.requireNonNull(callId, "callId");
            Objects.requireNonNull(name, "name");
            content = List.copyOf(content);
            Objects.requireNonNull(cache, "cache");
        }

        /** The content as one string (text parts joined; anything else as nothing). */
        public String text() {
            StringBuilder sb = new StringBuilder();
            for (Part p : content) {
                if (p instanceof Text t) {
                    sb.append(t.text());
                }
            }
            return sb.toString();
        }
    }

    /**
     * Reasoning ("thinking") the model did, with the opaque token its provider needs to see again on the next turn.
     *
     * @param text the readable reasoning or its summary; may be empty when the provider hides it
     * @param signature the provider's opaque token (Anthropic {@code signature}, Gemini {@code thoughtSignature}),
     *     empty when there is none
     * @param redacted encrypted reasoning the provider returned instead of text (Anthropic {@code redacted_thinking},
     *     OpenAI {@code encrypted_content}), empty when none
     * @param origin the protocol that produced the signature or redacted data; only a provider of that protocol may
     *     receive them back ({@link ReasoningTokens})
     */
    record Reasoning(String text, String signature, String redacted, WireProtocol origin) implements Part {
        public Reasoning {
            Objects.requireNonNull(text, "text");
            Objects.requireNonNull(signature, "signature");
            Objects.requireNonNull(redacted, "redacted");
            Objects.requireNonNull(origin, "origin");
        }

        public boolean hasToken() {
            return !signature.isEmpty() || !redacted.isEmpty();
        }
    }

    /**
     * Content the IR has no type for, kept as the client sent it and delivered only to a provider of the same
     * protocol.
     */
    record Opaque(JsonNode raw, WireProtocol origin) implements Part {
        public Opaque {
            Objects.requireNonNull(raw, "raw");
            Objects.requireNonNull(origin, "origin");
        }
    }
}
