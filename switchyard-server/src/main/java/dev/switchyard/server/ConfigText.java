package dev.switchyard.server;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Reads a configuration file into a tree: YAML, or JSON when the name ends in {@code .json}. Every failure is one
 * line that says what is wrong and where ({@code config switchyard.yaml, line 3, column 9: expected ':'}), never a
 * parser's internals.
 */
final class ConfigText {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Jackson's own location suffixes, which name its features and a redacted source. */
    private static final Pattern JACKSON_SOURCE = Pattern.compile("\\s*\\(?(start marker at )?\\[Source:[^\\]]*\\]\\)?");
    private static final Pattern CHAR_CODE = Pattern.compile(" \\(code \\d+\\)");

    private ConfigText() {
    }

    /** Reads and parses {@code file}; a missing, unreadable or malformed file is an {@link IllegalArgumentException}. */
    static JsonNode read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("config file " + file + " not found (check the path given with --config"
                    + " or $SWITCHYARD_CONFIG)", e);
        } catch (AccessDeniedException e) {
            throw new IllegalArgumentException("config file " + file + " cannot be read: permission denied", e);
        } catch (IOException e) {
            String why = Files.isDirectory(file) ? "it is a directory, not a file" : String.valueOf(e.getMessage());
            throw new IllegalArgumentException("config file " + file + " cannot be read: " + why, e);
        }
        try {
            return parse(text, file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("config " + file + ", " + e.getMessage(), e);
        }
    }

    /**
     * Parses configuration text. A syntax error becomes {@code line L, column C: what was wrong}.
     *
     * @param json whether the text is JSON rather than YAML
     */
    static JsonNode parse(String text, boolean json) {
        try {
            JsonNode node = (json ? JSON : YAML).readTree(text);
            return node == null || node.isMissingNode() ? JsonNodeFactory.instance.objectNode() : node;
        } catch (JacksonException e) {
            throw new IllegalArgumentException(describe(e), e);
        }
    }

    /** {@code line L, column C: what}, from SnakeYAML's problem mark when there is one, else Jackson's location. */
    static String describe(JacksonException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof MarkedYAMLException m && m.getProblemMark() != null) {
                Mark mark = m.getProblemMark();
                String what = m.getProblem() == null ? "malformed YAML" : m.getProblem();
                if (m.getContext() != null) {
                    what += " (" + m.getContext() + ")";
                }
                return "line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1) + ": " + tidy(what);
            }
        }
        JsonLocation at = e.getLocation();
        String what = tidy(e.getOriginalMessage());
        if (at == null || at.getLineNr() < 1) {
            return what;
        }
        return "line " + at.getLineNr() + ", column " + at.getColumnNr() + ": " + what;
    }

    private static String tidy(String message) {
        String m = message == null ? "malformed input" : message;
        m = JACKSON_SOURCE.matcher(m).replaceAll("");
        m = CHAR_CODE.matcher(m).replaceAll("");
        m = m.replace("close marker for Object", "'}'").replace("close marker for Array", "']'")
                .replace("Unexpected end-of-input", "unexpected end of input")
                .replace("Unexpected character", "unexpected character");
        return m.replaceAll("\\s*\\R\\s*", " ").strip();
    }
}
