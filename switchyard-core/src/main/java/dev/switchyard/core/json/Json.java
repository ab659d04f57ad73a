package dev.switchyard.core.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * Jackson mappers configured the one way Switchyard uses them. Parsing limits for untrusted input are explicit and
 * come from configuration, see {@link #limitedFactory(int, int)}.
 */
public final class Json {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private Json() {
    }

    /** A shared mapper for trusted, internal JSON (configuration, responses we build). */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /**
     * A factory for parsing client or upstream bodies with a maximum nesting depth and maximum string length.
     *
     * @param maxNestingDepth deepest allowed nesting of arrays and objects
     * @param maxStringLength longest allowed string value, in characters
     */
    public static JsonFactory limitedFactory(int maxNestingDepth, int maxStringLength) {
        return JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(maxNestingDepth)
                        .maxStringLength(maxStringLength)
                        .build())
                .build();
    }
}
