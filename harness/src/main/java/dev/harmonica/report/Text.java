package dev.harmonica.report;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;

/** Escaping and number formatting shared by the writers. Every untrusted string goes through one of these. */
final class Text {
    private Text() {
    }

    /**
     * CSV formula-injection guard (OWASP "CSV Injection"), applied by every CSV writer to every cell: a cell whose first
     * character (after any spaces) is {@code =}, {@code +}, {@code -}, {@code @}, tab or carriage return gets a single
     * quote prefixed, so a spreadsheet shows it as text instead of evaluating it. A plain number ({@code -8.2},
     * {@code -1e-5}) is left alone, so negative numbers stay numbers. Null stays null; idempotent.
     */
    static String csvText(String s) {
        if (s == null || s.isEmpty()) return s;
        int i = 0;
        while (i < s.length() - 1 && s.charAt(i) == ' ') i++;
        char c = s.charAt(i);
        if (c != '=' && c != '+' && c != '-' && c != '@' && c != '\t' && c != '\r') return s;
        return i == 0 && c == '-' && plainNumber(s) ? s : "'" + s;
    }

    /** {@code -?digits[.digits][e[+-]digits]}. */
    static boolean plainNumber(String s) {
        int i = s.startsWith("-") ? 1 : 0, n = s.length(), digits = 0;
        while (i < n && Character.isDigit(s.charAt(i))) {
            i++;
            digits++;
        }
        if (i < n && s.charAt(i) == '.') {
            i++;
            while (i < n && Character.isDigit(s.charAt(i))) {
                i++;
                digits++;
            }
        }
        if (digits == 0) return false;
        if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            i++;
            if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) i++;
            int exp = 0;
            while (i < n && Character.isDigit(s.charAt(i))) {
                i++;
                exp++;
            }
            if (exp == 0) return false;
        }
        return i == n;
    }

    /** The cells of a CSV record with every string cell guarded ({@link #csvText}); numbers and booleans as they are. */
    static Object[] csvCells(Object... cells) {
        Object[] out = new Object[cells.length];
        for (int i = 0; i < cells.length; i++) out[i] = cells[i] instanceof String str ? csvText(str) : cells[i];
        return out;
    }

    /**
     * HTML text and attribute escaping (also safe inside double- or single-quoted attributes, SVG text and
     * {@code <title>}). Invisible and control characters ({@link #invisible}) are written as visible
     * {@code ⟨U+202E⟩} text, so a bidi override or an escape sequence in model text cannot reorder or hide what is shown.
     */
    static String html(String s) {
        return html(s, false);
    }

    /**
     * Untrusted text for an HTML text position: escaped, isolated in a {@code <bdi>} when it has any character beyond
     * ASCII (so right-to-left or override characters inside it cannot reorder the text around it), and every invisible
     * or control character shown as a styled {@code <span class="cc">⟨U+202E⟩</span>}. The escaper of the report
     * templates.
     */
    static String htmlText(String s) {
        if (s == null || s.isEmpty()) return "";
        boolean ascii = true;
        for (int i = 0; i < s.length() && ascii; i++) ascii = s.charAt(i) < 0x7F && !invisible(s.charAt(i));
        // printable ASCII has no right-to-left or directional-control character: it cannot reorder what is around
        // it (and the report's CSS isolates every cell and block anyway); anything else is isolated here too
        return ascii ? html(s, true) : "<bdi>" + html(s, true) + "</bdi>";
    }

    /** Like {@link #htmlText} without the {@code <bdi>}: for pieces the caller isolates as a whole. */
    static String htmlVisible(String s) {
        return html(s, true);
    }

    private static String html(String s, boolean spans) {
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
                default -> invisible(c) ? visible(c, spans) : null;
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
     * Characters shown as their code point instead of themselves: C0 controls but tab and newline, DEL and C1
     * controls, the bidi embeddings, overrides and isolates (U+202A–202E, U+2066–2069, U+061C), zero-width and
     * directional marks (U+200B–200F), the line and paragraph separators (U+2028, U+2029) and the BOM (U+FEFF).
     */
    static boolean invisible(char c) {
        return c < 0x20 && c != '\n' && c != '\t' || c >= 0x7F && c <= 0x9F || c >= 0x200B && c <= 0x200F
                || c >= 0x202A && c <= 0x202E || c >= 0x2066 && c <= 0x2069 || c == 0x2028 || c == 0x2029
                || c == 0x061C || c == 0xFEFF;
    }

    private static String visible(char c, boolean span) {
        String code = String.format(Locale.ROOT, "\u27E8U+%04X\u27E9", (int) c);
        return span ? "<span class=\"cc\">" + code + "</span>" : code;
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
