package dev.harmonica.harmony.parse;

import java.util.List;

/**
 * openai/harmony v0.0.8 {@code parse_header_from_string} (harmony-format.md §5.3), ported literally: first
 * {@code <|channel|>} only, Unicode-whitespace trim, {@code <|constrain|>} spacing, ASCII-whitespace split, then the
 * role, recipient and content-type assignment.
 */
final class HeaderParser {
    static final String CHANNEL = "<|channel|>";
    static final String CONSTRAIN = "<|constrain|>";

    private HeaderParser() {
    }

    /** The header plus the leftover words joined by single spaces (null when none). */
    record Result(ParsedHeader header, String remaining) {
    }

    static boolean isRole(String s) {
        return switch (s) {
            case "user", "assistant", "system", "developer", "tool" -> true;
            default -> false;
        };
    }

    /** The start role a parser is given (a prompt-supplied {@code <|start|>role}) must be a harmony role or null. */
    static String requireStartRole(String role) {
        if (role != null && !isRole(role)) {
            throw new IllegalArgumentException("role must be one of user, assistant, system, developer, tool or null: " + role);
        }
        return role;
    }

    /** End index (exclusive) of a channel value starting at {@code from}: first Unicode whitespace or {@code <}. */
    static int channelValueEnd(String h, int from) {
        int i = from, n = h.length();
        while (i < n) {
            int c = h.codePointAt(i);
            if (c == '<' || RustText.isWhitespace(c)) break;
            i += Character.charCount(c);
        }
        return i;
    }

    static Result parse(String h, String role, boolean parseRecipientAndType) throws HarmonyError {
        String channel = null;
        int idx = h.indexOf(CHANNEL);
        if (idx >= 0) {
            int valueStart = idx + CHANNEL.length();
            int valueEnd = channelValueEnd(h, valueStart);
            if (valueEnd == valueStart) {
                throw new HarmonyError("channel marker present but no channel value found in header");
            }
            channel = h.substring(valueStart, valueEnd);
            h = h.substring(0, idx) + h.substring(valueEnd);
        }
        h = RustText.trim(h);
        if (h.contains(CONSTRAIN)) {
            h = RustText.trim(h.replace(CONSTRAIN, " " + CONSTRAIN));
        }
        List<String> parts = RustText.splitAsciiWhitespace(h);
        String roleStr = null;
        if (role == null) {
            if (parts.isEmpty()) throw new HarmonyError("message header did not contain a role");
            roleStr = parts.get(0);
            if (isRole(roleStr)) {
                role = roleStr;
            } else if (parts.size() > 1 || roleStr.startsWith("to=")) {
                parts.remove(0);
                role = "tool";
            } else {
                throw new HarmonyError("Unknown role: " + roleStr);
            }
        }
        if (!parts.isEmpty() && parts.get(0).equals(role)) parts.remove(0);

        String recipient = null, contentType = null, remaining;
        if (parseRecipientAndType && !parts.isEmpty()) {
            int n = parts.size();
            String last = parts.remove(n - 1);
            if (last.startsWith("to=")) {
                recipient = last.substring(3);
            } else if (n == 1) {
                recipient = last;
            } else {
                contentType = last;
                if (!parts.isEmpty()) {
                    String raw = parts.remove(parts.size() - 1);
                    recipient = raw.startsWith("to=") ? raw.substring(3) : raw;
                }
            }
        }
        remaining = parts.isEmpty() ? null : String.join(" ", parts);
        String name = "tool".equals(role) ? roleStr : null;
        return new Result(new ParsedHeader(role, name, recipient, channel, contentType), remaining);
    }
}
