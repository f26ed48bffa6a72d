package dev.harmonica.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.Comparator;

/** JSON values as the BFCL loop compares them. */
final class JsonValues {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Comparator<JsonNode> NUMERIC = (a, b) -> {
        if (a.equals(b)) return 0;
        if (a.isNumber() && b.isNumber()) return a.decimalValue().compareTo(b.decimalValue()) == 0 ? 0 : 1;
        return 1;
    };

    private JsonValues() {
    }

    /** The JSON value of a text ({@code {}} for blank text), or null when it is not JSON. */
    static JsonNode read(String s) {
        if (s == null) return null;
        try {
            return MAPPER.readTree(s.isBlank() ? "{}" : s);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    /** JSON equality where 5 and 5.0 are equal (Python's {@code ==} on decoded JSON). */
    static boolean pythonEquals(JsonNode a, JsonNode b) {
        return a != null && b != null && a.equals(NUMERIC, b);
    }
}
