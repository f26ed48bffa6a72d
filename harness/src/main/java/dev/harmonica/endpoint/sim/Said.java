package dev.harmonica.endpoint.sim;

import com.fasterxml.jackson.databind.JsonNode;
import dev.harmonica.endpoint.Json;

import java.util.Comparator;
import java.util.regex.Pattern;

/** How the recogniser compares what was said: texts up to whitespace, call arguments as JSON values. Pure functions. */
final class Said {
    private static final Pattern SPACE = Pattern.compile("\\s+");
    /** JSON numbers equal by value ({@code 5} and {@code 5.0}, as Python compares them), anything else by equals. */
    private static final Comparator<JsonNode> VALUES = (a, b) -> {
        if (a.isNumber() && b.isNumber()) return a.decimalValue().compareTo(b.decimalValue());
        return a.equals(b) ? 0 : 1;
    };

    private Said() {
    }

    /** Whitespace runs collapsed to one space, ends trimmed. */
    static String normalise(String text) {
        return SPACE.matcher(text).replaceAll(" ").strip();
    }

    /** Two call-argument texts say the same: equal JSON values (key order, spacing and 5 vs 5.0 aside), else equal text. */
    static boolean sameArguments(String a, String b) {
        JsonNode x = Json.tryParse(a);
        JsonNode y = Json.tryParse(b);
        if (x == null || y == null) return normalise(a).equals(normalise(b));
        return x.equals(VALUES, y);
    }

    /** At most {@code max} characters of a text for an error message, whitespace normalised, quoted. */
    static String quote(String text, int max) {
        String n = normalise(text);
        return "'" + (n.length() <= max ? n : n.substring(0, max) + "…") + "'";
    }

    /** A call as {@code name(arguments)} for messages, arguments cut at 120 characters. */
    static String call(String name, String arguments) {
        String a = normalise(arguments);
        return name + "(" + (a.length() <= 120 ? a : a.substring(0, 120) + "…") + ")";
    }
}
