package dev.harmonica.harmony.render;

import com.fasterxml.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Iterator;
import java.util.Map;

/**
 * Writes a JSON value exactly as serde_json's compact {@code Display} does (what openai/harmony prints for
 * {@code // default: {json}}): no spaces, object keys in their given order, serde's string escaping (only
 * {@code "}, {@code \} and C0 controls; lower-case hex escapes), integers as integers, and every float as
 * serde_json prints an {@code f64} (the ryu format: {@code 1.0}, {@code 0.001}, {@code 1e16}, {@code 1.5e-7}).
 *
 * <p>serde_json keeps an integer literal as an integer when it fits in u64 (non-negative) or i64 (negative), and
 * turns any other number into an f64; this class applies the same rule to Jackson's node types.
 */
public final class SerdeJson {
    private static final BigInteger U64_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
    private static final BigInteger I64_MIN = BigInteger.valueOf(Long.MIN_VALUE);
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private SerdeJson() {
    }

    public static String write(JsonNode node) {
        StringBuilder sb = new StringBuilder();
        write(node, sb);
        return sb.toString();
    }

    public static void write(JsonNode node, StringBuilder out) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            out.append("null");
        } else if (node.isBoolean()) {
            out.append(node.booleanValue() ? "true" : "false");
        } else if (node.isTextual()) {
            writeString(node.textValue(), out);
        } else if (node.isIntegralNumber()) {
            BigInteger v = node.bigIntegerValue();
            if (v.signum() >= 0 ? v.compareTo(U64_MAX) <= 0 : v.compareTo(I64_MIN) >= 0) {
                out.append(v);
            } else {
                out.append(formatF64(v.doubleValue()));
            }
        } else if (node.isNumber()) {
            out.append(formatF64(node.doubleValue()));
        } else if (node.isArray()) {
            out.append('[');
            for (int i = 0; i < node.size(); i++) {
                if (i > 0) out.append(',');
                write(node.get(i), out);
            }
            out.append(']');
        } else if (node.isObject()) {
            out.append('{');
            boolean first = true;
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!first) out.append(',');
                first = false;
                writeString(e.getKey(), out);
                out.append(':');
                write(e.getValue(), out);
            }
            out.append('}');
        } else {
            // binary/POJO nodes cannot come from parsed JSON; print their text form
            writeString(node.asText(), out);
        }
    }

    /** A JSON string literal with serde_json's escaping. */
    public static void writeString(String s, StringBuilder out) {
        out.append('"');
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20) {
                        out.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    /**
     * Formats a finite double as Rust's ryu crate does (serde_json's float output): the shortest digits that
     * round-trip, written as {@code 12340000000.0}, {@code 12.34}, {@code 0.001234}, {@code 1e30} or
     * {@code 1.234e33} depending on the decimal exponent.
     */
    public static String formatF64(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) return "null"; // serde_json writes non-finite floats as null
        if (v == 0) return (1 / v < 0) ? "-0.0" : "0.0";
        StringBuilder out = new StringBuilder(24);
        if (v < 0) {
            out.append('-');
            v = -v;
        }
        BigDecimal shortest = shortestDecimal(v);
        String digits = shortest.unscaledValue().toString();
        // strip trailing zeros of the digit string (keep the exponent consistent)
        int scale = shortest.scale();
        int end = digits.length();
        while (end > 1 && digits.charAt(end - 1) == '0') {
            end--;
            scale--;
        }
        digits = digits.substring(0, end);
        int length = digits.length();
        int k = -scale;            // value = digits * 10^k
        int kk = length + k;       // 10^(kk-1) <= value < 10^kk
        if (k >= 0 && kk <= 16) {
            out.append(digits);
            for (int i = 0; i < k; i++) out.append('0');
            out.append(".0");
        } else if (kk > 0 && kk <= 16) {
            out.append(digits, 0, kk).append('.').append(digits, kk, length);
        } else if (kk > -5 && kk <= 0) {
            out.append("0.");
            for (int i = 0; i < -kk; i++) out.append('0');
            out.append(digits);
        } else if (length == 1) {
            out.append(digits).append('e').append(kk - 1);
        } else {
            out.append(digits.charAt(0)).append('.').append(digits, 1, length).append('e').append(kk - 1);
        }
        return out.toString();
    }

    /** The shortest decimal that round-trips to {@code v} (closest to the exact value among the shortest). */
    private static BigDecimal shortestDecimal(double v) {
        BigDecimal fromJdk = new BigDecimal(Double.toString(v)).stripTrailingZeros();
        int precision = fromJdk.precision();
        if (precision <= 1) return fromJdk;
        // JDK 17's Double.toString sometimes prints more digits than needed (fixed in JDK 19): search shorter ones
        BigDecimal exact = new BigDecimal(v);
        for (int p = 1; p < precision; p++) {
            BigDecimal candidate = exact.round(new MathContext(p, RoundingMode.HALF_EVEN));
            if (candidate.doubleValue() == v) return candidate.stripTrailingZeros();
        }
        return fromJdk;
    }
}
