package dev.harmonica.harmony.parse;

import dev.harmonica.harmony.HarmonyEncoding;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Normalises a harmony parse error so that identical failures group in a census, the way users count them
 * ("122x Unknown role: assistant&lt;|channel|&gt;commentary", openai/harmony PR #114). The rules:
 * <ol>
 * <li>wrapper prefixes ({@code openai_harmony.HarmonyError: }, {@code HarmonyError: }) are removed and the text is
 *     trimmed;</li>
 * <li>{@code Unexpected token N while expecting start token 200006}: a special-token id is kept (200002 = a stray
 *     {@code <|return|>} is a distinct failure), an ordinary BPE id becomes {@code {text}} (which word the model
 *     wrote varies);</li>
 * <li>{@code Unknown role: X} and {@code unexpected tokens remaining in message header: Some("X")} keep X, the part
 *     that tells failures apart (role text, special tokens, tool names), with three normalisations: the pre-v0.0.5
 *     list form {@code ["a", "b"]} becomes {@code Some("a b")}; every run of digits becomes {@code #}; a run of
 *     more than three words of free text between special tokens is cut to its first three words plus {@code …},
 *     and X is capped at 120 characters (with {@code …});</li>
 * <li>the fixed messages ({@code Unexpected EOS …}, {@code channel marker present …}, {@code message header did not
 *     contain a role}, {@code could not decode header}) are their own signature;</li>
 * <li>anything else: digit runs become {@code #}, capped at 160 characters.</li>
 * </ol>
 * Pure function; null for null.
 */
public final class ErrorSignature {
    private static final Pattern UNEXPECTED_TOKEN =
            Pattern.compile("Unexpected token (\\d+) while expecting start token (\\d+)");
    private static final String LEFTOVER = "unexpected tokens remaining in message header: ";
    private static final String UNKNOWN_ROLE = "Unknown role: ";
    private static final Pattern SPECIAL = Pattern.compile("<\\|[a-z_0-9]+\\|>");
    private static final int MAX_DETAIL = 120;

    private ErrorSignature() {
    }

    public static String of(String error) {
        if (error == null) return null;
        String e = error.strip();
        for (String prefix : new String[]{"openai_harmony.HarmonyError: ", "HarmonyError: "}) {
            if (e.startsWith(prefix)) e = e.substring(prefix.length()).strip();
        }
        Matcher m = UNEXPECTED_TOKEN.matcher(e);
        if (m.matches()) {
            long id = Long.parseLong(m.group(1));
            String what = id >= HarmonyEncoding.FIRST_SPECIAL && id <= HarmonyEncoding.LAST_SPECIAL
                    ? m.group(1) : "{text}";
            return "Unexpected token " + what + " while expecting start token " + m.group(2);
        }
        if (e.startsWith(UNKNOWN_ROLE)) {
            return UNKNOWN_ROLE + detail(e.substring(UNKNOWN_ROLE.length()));
        }
        if (e.startsWith(LEFTOVER)) {
            String rest = e.substring(LEFTOVER.length());
            String inner;
            if (rest.startsWith("Some(\"")) {
                int end = rest.endsWith("\")") ? rest.length() - 2 : rest.endsWith("\"") ? rest.length() - 1 : rest.length();
                inner = rest.substring(6, Math.max(6, end));
            } else if (rest.startsWith("[")) {
                inner = listToJoined(rest);
            } else {
                inner = rest;
            }
            return LEFTOVER + "Some(\"" + detail(inner) + "\")";
        }
        String d = e.replaceAll("\\d+", "#");
        return d.length() > 160 ? d.substring(0, 160) + "…" : d;
    }

    /** {@code ["a", "b\"c"]} (Debug of a Vec, harmony ≤ v0.0.4) → {@code a b\"c} (Debug of the joined string). */
    private static String listToJoined(String list) {
        StringBuilder sb = new StringBuilder();
        boolean inString = false, first = true;
        for (int i = 0; i < list.length(); i++) {
            char c = list.charAt(i);
            if (!inString) {
                if (c == '"') {
                    inString = true;
                    if (!first) sb.append(' ');
                    first = false;
                }
            } else if (c == '\\' && i + 1 < list.length()) {
                sb.append(c).append(list.charAt(++i));
            } else if (c == '"') {
                inString = false;
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private static String detail(String x) {
        x = x.replaceAll("\\d+", "#");
        StringBuilder out = new StringBuilder();
        Matcher m = SPECIAL.matcher(x);
        int pos = 0;
        while (m.find()) {
            out.append(shortenWords(x.substring(pos, m.start()))).append(m.group());
            pos = m.end();
        }
        out.append(shortenWords(x.substring(pos)));
        String s = out.toString();
        return s.length() > MAX_DETAIL ? s.substring(0, MAX_DETAIL) + "…" : s;
    }

    private static String shortenWords(String text) {
        String t = text.strip();
        if (t.isEmpty()) return text;
        String[] words = t.split(" +");
        if (words.length <= 3) return text;
        String lead = text.startsWith(" ") ? " " : "";
        return lead + words[0] + " " + words[1] + " " + words[2] + " …";
    }
}
