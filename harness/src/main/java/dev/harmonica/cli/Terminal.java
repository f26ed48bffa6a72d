package dev.harmonica.cli;

import java.util.Locale;

/**
 * Text for a terminal: untrusted text (model output, dataset fields, file names, error messages quoting them) may
 * carry control characters that a terminal executes rather than shows: ANSI/VT escape sequences (colour, cursor
 * moves, title or clipboard writes through OSC), a carriage return or backspaces that overwrite what was printed,
 * C1 controls (0x9B is an 8-bit CSI), and Unicode bidirectional controls that reorder what the reader sees
 * ("Trojan Source", CVE-2021-42574). {@link #safe(String)} replaces each of them with a visible escape, so the
 * text reads the same and does nothing.
 *
 * <p>Escaped: C0 controls U+0000–U+001F except tab and newline, DEL U+007F, C1 controls U+0080–U+009F (as
 * {@code \x1b}); the bidi controls U+061C, U+200E, U+200F, U+202A–U+202E, U+2066–U+2069 and the line and paragraph
 * separators U+2028, U+2029 (as {@code \u202e}). An escape sequence loses its ESC, so the rest of it prints as
 * plain text. A carriage return directly before a newline (a CRLF line end) is kept. {@link #safeLine(String)}
 * also escapes tab, newline and every carriage return, for text that must stay on one line.
 *
 * <p>Only for console text meant for people. Machine-readable output (JSON Lines, CSV, files) is never passed
 * through here: it keeps its own escaping and its exact content.
 */
public final class Terminal {
    private Terminal() {
    }

    /** {@code text} with every terminal control character escaped; tabs and newlines kept. Null stays null. */
    public static String safe(String text) {
        return escape(text, false);
    }

    /** Like {@link #safe(String)}, and tabs and newlines escaped too: the result is one line. */
    public static String safeLine(String text) {
        return escape(text, true);
    }

    private static String escape(String text, boolean oneLine) {
        if (text == null) return null;
        int i = 0;
        while (i < text.length() && !isControl(text, i, oneLine)) i++;
        if (i == text.length()) return text;
        StringBuilder sb = new StringBuilder(text.length() + 16).append(text, 0, i);
        for (; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!isControl(text, i, oneLine)) {
                sb.append(c);
            } else if (c < 0x100) {
                sb.append(String.format(Locale.ROOT, "\\x%02x", (int) c));
            } else {
                sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            }
        }
        return sb.toString();
    }

    private static boolean isControl(String text, int i, boolean oneLine) {
        char c = text.charAt(i);
        if (c == '\r' && !oneLine && i + 1 < text.length() && text.charAt(i + 1) == '\n') return false; // a CRLF line end
        return isControl(c, oneLine);
    }

    private static boolean isControl(char c, boolean oneLine) {
        if (c == '\t' || c == '\n') return oneLine;
        if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) return true;
        return c == 0x061c || c == 0x200e || c == 0x200f || (c >= 0x202a && c <= 0x202e)
                || (c >= 0x2066 && c <= 0x2069) || c == 0x2028 || c == 0x2029;
    }
}
