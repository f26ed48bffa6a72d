package dev.harmonica.turn;

import com.fasterxml.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A canonical text form of JSON for equality: object keys sorted, numbers compared by value ({@code 1}, {@code 1.0}
 * and {@code 1e0} are equal), and optionally string values trimmed of surrounding whitespace.
 */
public final class JsonCanonical {
    private JsonCanonical() {
    }

    public static String of(JsonNode node, boolean trimStrings) {
        StringBuilder sb = new StringBuilder();
        write(node, trimStrings, sb);
        return sb.toString();
    }

    public static boolean equal(JsonNode a, JsonNode b, boolean trimStrings) {
        if (a == null || b == null) return a == b;
        return of(a, trimStrings).equals(of(b, trimStrings));
    }

    private static void write(JsonNode n, boolean trim, StringBuilder sb) {
        if (n == null || n.isNull() || n.isMissingNode()) {
            sb.append("null");
        } else if (n.isObject()) {
            List<String> keys = new ArrayList<>();
            n.fieldNames().forEachRemaining(keys::add);
            Collections.sort(keys);
            sb.append('{');
            for (int i = 0; i < keys.size(); i++) {
                if (i > 0) sb.append(',');
                quote(keys.get(i), sb);
                sb.append(':');
                write(n.get(keys.get(i)), trim, sb);
            }
            sb.append('}');
        } else if (n.isArray()) {
            sb.append('[');
            for (int i = 0; i < n.size(); i++) {
                if (i > 0) sb.append(',');
                write(n.get(i), trim, sb);
            }
            sb.append(']');
        } else if (n.isNumber()) {
            BigDecimal d = n.decimalValue().stripTrailingZeros();
            sb.append(d.signum() == 0 ? "0" : d.toPlainString());
        } else if (n.isTextual()) {
            quote(trim ? n.asText().strip() : n.asText(), sb);
        } else {
            sb.append(n.asText());
        }
    }

    private static void quote(String s, StringBuilder sb) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') sb.append('\\').append(c);
            else if (c < 0x20) sb.append(String.format("\\u%04x", (int) c));
            else sb.append(c);
        }
        sb.append('"');
    }
}
