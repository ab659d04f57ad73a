package dev.switchyard.core.ir;

import java.util.List;
import java.util.Objects;

/** One turn of the conversation. */
public record Message(Role role, List<Part> parts) {

    public Message {
        Objects.requireNonNull(role, "role");
        parts = List.copyOf(parts);
    }

    public static Message text(Role role, String text) {
        return new Message(role, List.of(Part.Text.of(text)));
    }

    /** The text parts joined, for formats that only take a string. */
    public String text() {
        StringBuilder sb = new StringBuilder();
        for (Part p : parts) {
            if (p instanceof Part.Text t) {
                sb.append(t.text());
            }
        }
        return sb.toString();
    }

    /** Whether every part is text. */
    public boolean textOnly() {
        return parts.stream().allMatch(p -> p instanceof Part.Text);
    }
}
