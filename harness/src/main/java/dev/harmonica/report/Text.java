package dev.harmonica.report;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;

/** Escaping and number formatting shared by the writers. Every untrusted string goes through one of these. */
final class Text {
    private Text() {
    }

    /**
     * CSV formula-injection guard (OWASP "CSV Injection"): a cell of untrusted text (model output, endpoint and parser
     * error messages, error signatures, dataset ids) that starts with {@code =}, {@code +}, {@code -}, {@code @}, tab or
     * carriage return gets a single quote prefixed, so a spreadsheet shows it as text instead of evaluating it.
     * Applied only to text columns that hold untrusted text; numeric columns and our own codes are never touched, so a
     * negative number stays a number. Null stays null.
     */
    static String csvText(String s) {
        if (s == null || s.isEmpty()) return s;
        char c = s.charAt(0);
        return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r' ? "'" + s : s;
    }

    /** HTML text and attribute escaping (also safe inside double- or single-quoted attributes). */
    static String html(String s) {
        if (s == null) return "";
        StringBuilder sb = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            String rep = switch (c) {
                case '&' -> "&amp;";
                case '<' -> "&lt;";
                case '>' -> "&gt;";
                case '"' -> "&quot;";
                case '\'' -> "&#39;";
                case '`' -> "&#96;";
                case '=' -> "&#61;";
                case '\u0000' -> "\uFFFD";
                default -> null;
            };
            if (rep != null) {
                if (sb == null) sb = new StringBuilder(s.length() + 16).append(s, 0, i);
                sb.append(rep);
            } else if (sb != null) {
                sb.append(c);
            }
        }
        return sb == null ? s : sb.toString();
    }

    /**
     * XML 1.0 text/attribute escaping. Characters XML cannot carry (most C0 controls, lone surrogates, U+FFFE/FFFF)
     * are written as visible {@code \\uXXXX} text.
     */
    static String xml(String s) {
        if (s == null) return "";
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&apos;");
                case '\t', '\n' -> sb.append(c);
                case '\r' -> sb.append("&#13;");
                default -> {
                    boolean ok;
                    if (Character.isHighSurrogate(c)) {
                        ok = i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
                        if (ok) {
                            sb.append(c).append(s.charAt(++i));
                            continue;
                        }
                    } else if (Character.isLowSurrogate(c)) {
                        ok = false;
                    } else {
                        ok = c >= 0x20 && c != 0xFFFE && c != 0xFFFF;
                    }
                    if (ok) sb.append(c);
                    else sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                }
            }
        }
        return sb.toString();
    }

    /** An inline Markdown code span that shows {@code s} literally, safe inside a GFM table cell. */
    static String mdCode(String s) {
        if (s == null || s.isEmpty()) return "";
        String t = s.replace("\r\n", "⏎").replace('\n', '⏎').replace('\r', '⏎').replace("|", "\\|");
        int longest = 0, run = 0;
        for (int i = 0; i < t.length(); i++) {
            if (t.charAt(i) == '`') longest = Math.max(longest, ++run);
            else run = 0;
        }
        String fence = "`".repeat(longest + 1);
        boolean pad = t.startsWith("`") || t.endsWith("`") || t.startsWith(" ") || t.endsWith(" ");
        return fence + (pad ? " " : "") + t + (pad ? " " : "") + fence;
    }

    /** A fence of backticks longer than any run inside {@code s} (at least three). */
    static String mdFence(String s) {
        int longest = 0, run = 0;
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == '`') longest = Math.max(longest, ++run);
            else run = 0;
        }
        return "`".repeat(Math.max(3, longest + 1));
    }

    /** Fixed 6-decimal rate for CSV ({@code 0.123457}); empty for NaN/null. */
    static String rate(Double v) {
        if (v == null || v.isNaN()) return "";
        return new BigDecimal(v).setScale(6, RoundingMode.HALF_EVEN).toPlainString();
    }

    /** {@link #rate} of {@code x / n}; empty when {@code n} is 0 (no rate over nothing judged). */
    static String rate(long x, long n) {
        return n == 0 ? "" : rate((double) x / n);
    }

    /** {@link #pct} of {@code x / n}; {@code –} when {@code n} is 0 (no rate over nothing judged). */
    static String pct(long x, long n) {
        return n == 0 ? "–" : pct((double) x / n);
    }

    /** Rounds for JSON (6 decimals). */
    static BigDecimal dec(double v) {
        return new BigDecimal(v).setScale(6, RoundingMode.HALF_EVEN).stripTrailingZeros();
    }

    /** Up to three decimals, no trailing zeros ({@code 12.5}, {@code 3}). */
    static String num(double v) {
        if (Double.isNaN(v)) return "";
        BigDecimal b = new BigDecimal(v).setScale(3, RoundingMode.HALF_EVEN).stripTrailingZeros();
        return b.scale() < 0 ? b.setScale(0).toPlainString() : b.toPlainString();
    }

    static String pct(Double v) {
        return v == null ? "–" : String.format(Locale.ROOT, "%.1f%%", v * 100);
    }

    static String pct2(Double v) {
        return v == null ? "N/A" : String.format(Locale.ROOT, "%.2f%%", v * 100);
    }
}
