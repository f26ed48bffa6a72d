package dev.harmonica.endpoint.sim;

import dev.harmonica.harmony.Content;
import dev.harmonica.harmony.HarmonyEncoding;
import dev.harmonica.harmony.HarmonyParser;
import dev.harmonica.harmony.Message;
import dev.harmonica.harmony.ParseOutcome;
import dev.harmonica.harmony.ParserKind;
import dev.harmonica.harmony.IntList;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * A compact port of openai/harmony v0.0.8's strict {@code StreamableParser} (harmony-format.md §5.2-§5.4), used by
 * the simulator ONLY while {@code HarmonyParsers.strict()} is not available on this branch (see
 * {@link ServerParsers}). The project's conformance-tested strict parser lives in the harmony package and always
 * takes precedence. Covers the state machine, header parsing, and the exact error texts for the faults the simulator
 * injects; UTF-8 handling is the decoder's (lossy).
 */
final class FallbackStrictParser implements HarmonyParser {
    private static final Set<String> ROLES = Set.of("user", "assistant", "system", "developer", "tool");

    @Override
    public ParserKind kind() {
        return ParserKind.STRICT;
    }

    @Override
    public ParseOutcome parseText(String text, String startRole) {
        return parse(HarmonyEncoding.get().encodeWithSpecials(text), startRole);
    }

    @Override
    public Stream stream(String startRole) {
        IntList buf = new IntList(64);
        return new Stream() {
            @Override
            public void push(int token) {
                buf.add(token);
            }

            @Override
            public ParseOutcome finish() {
                return parse(buf.toArray(), startRole);
            }
        };
    }

    /** Thrown inside the parser; becomes {@link ParseOutcome#failed}. */
    private static final class HarmonyError extends Exception {
        HarmonyError(String m) {
            super(m, null, false, false);
        }
    }

    @Override
    public ParseOutcome parse(int[] tokens, String startRole) {
        HarmonyEncoding enc = HarmonyEncoding.get();
        List<Message> messages = new ArrayList<>();
        String nextRole = startRole;
        int state = startRole == null ? 0 : 1; // 0 ExpectStart, 1 Header, 2 Content
        int headerStart = 0;
        int contentStart = 0;
        Message header = null;
        try {
            for (int i = 0; i < tokens.length; i++) {
                int t = tokens[i];
                switch (state) {
                    case 0 -> {
                        if (t != HarmonyEncoding.START) {
                            throw new HarmonyError("Unexpected token " + t + " while expecting start token " + HarmonyEncoding.START);
                        }
                        state = 1;
                        headerStart = i + 1;
                    }
                    case 1 -> {
                        if (t == HarmonyEncoding.MESSAGE) {
                            header = parseHeader(enc.decode(tokens, headerStart, i), nextRole);
                            nextRole = null;
                            state = 2;
                            contentStart = i + 1;
                        }
                    }
                    default -> {
                        if (t == HarmonyEncoding.RETURN || t == HarmonyEncoding.CALL || t == HarmonyEncoding.END) {
                            messages.add(withText(header, enc.decode(tokens, contentStart, i)));
                            state = 0;
                        }
                    }
                }
            }
            if (state == 1) throw new HarmonyError("Unexpected EOS while waiting for message header to complete");
            if (state == 2) messages.add(withText(header, enc.decode(tokens, contentStart, tokens.length)));
        } catch (HarmonyError e) {
            return ParseOutcome.failed(e.getMessage());
        }
        return ParseOutcome.ok(messages);
    }

    private static Message withText(Message header, String text) {
        return new Message(header.role(), header.name(), header.recipient(), header.channel(), header.contentType(),
                List.of(new Content.Text(text)));
    }

    /** {@code parse_header_from_string(h, role, true)} (harmony-format.md §5.3). */
    static Message parseHeader(String h, String role) throws HarmonyError {
        String channel = null;
        int c = h.indexOf("<|channel|>");
        if (c >= 0) {
            int from = c + "<|channel|>".length();
            int end = from;
            while (end < h.length()) {
                int cp = h.codePointAt(end);
                if (isRustWhitespace(cp) || cp == '<') break;
                end += Character.charCount(cp);
            }
            if (end == from) throw new HarmonyError("channel marker present but no channel value found in header");
            channel = h.substring(from, end);
            h = h.substring(0, c) + h.substring(end);
        }
        h = rustTrim(h);
        if (h.contains("<|constrain|>")) h = rustTrim(h.replace("<|constrain|>", " <|constrain|>"));
        List<String> parts = new ArrayList<>(Arrays.asList(splitAsciiWhitespace(h)));
        String resolvedRole = role;
        String roleStr = null;
        if (role == null) {
            if (parts.isEmpty()) throw new HarmonyError("message header did not contain a role");
            roleStr = parts.get(0);
            if (ROLES.contains(roleStr)) {
                resolvedRole = roleStr;
            } else if (parts.size() > 1 || roleStr.startsWith("to=")) {
                parts.remove(0);
                resolvedRole = "tool";
            } else {
                throw new HarmonyError("Unknown role: " + roleStr);
            }
        }
        if (!parts.isEmpty() && parts.get(0).equals(resolvedRole)) parts.remove(0);
        String recipient = null;
        String contentType = null;
        if (!parts.isEmpty()) {
            int n = parts.size();
            String last = parts.remove(parts.size() - 1);
            if (last.startsWith("to=")) {
                recipient = last.substring(3);
            } else if (n == 1) {
                recipient = last;
            } else {
                contentType = last;
                String r = parts.remove(parts.size() - 1);
                recipient = r.startsWith("to=") ? r.substring(3) : r;
            }
        }
        if (!parts.isEmpty()) {
            throw new HarmonyError("unexpected tokens remaining in message header: Some(" + rustDebug(String.join(" ", parts)) + ")");
        }
        String name = "tool".equals(resolvedRole) && role == null ? roleStr : null;
        return new Message(resolvedRole, name, recipient, channel, contentType, List.of());
    }

    static boolean isRustWhitespace(int cp) {
        return (cp >= 0x09 && cp <= 0x0D) || cp == 0x20 || cp == 0x85 || cp == 0xA0 || cp == 0x1680
                || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 || cp == 0x2029 || cp == 0x202F || cp == 0x205F
                || cp == 0x3000;
    }

    static String rustTrim(String s) {
        int a = 0;
        int b = s.length();
        while (a < b && isRustWhitespace(s.codePointAt(a))) a += Character.charCount(s.codePointAt(a));
        while (b > a && isRustWhitespace(s.codePointBefore(b))) b -= Character.charCount(s.codePointBefore(b));
        return s.substring(a, b);
    }

    static String[] splitAsciiWhitespace(String s) {
        List<String> out = new ArrayList<>();
        int i = 0;
        while (i < s.length()) {
            while (i < s.length() && isAsciiWs(s.charAt(i))) i++;
            int j = i;
            while (j < s.length() && !isAsciiWs(s.charAt(j))) j++;
            if (j > i) out.add(s.substring(i, j));
            i = j;
        }
        return out.toArray(new String[0]);
    }

    private static boolean isAsciiWs(char ch) {
        return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\f' || ch == '\r';
    }

    /** Rust {@code Debug} for a string (the subset relevant here: quotes, backslash, controls, Unicode spaces). */
    static String rustDebug(String s) {
        StringBuilder sb = new StringBuilder("\"");
        s.codePoints().forEach(cp -> {
            switch (cp) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case 0 -> sb.append("\\0");
                default -> {
                    int type = Character.getType(cp);
                    boolean escape = (type == Character.SPACE_SEPARATOR && cp != ' ') || type == Character.LINE_SEPARATOR
                            || type == Character.PARAGRAPH_SEPARATOR || type == Character.CONTROL || type == Character.FORMAT
                            || type == Character.SURROGATE || type == Character.PRIVATE_USE || type == Character.UNASSIGNED
                            || type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK;
                    if (escape) sb.append("\\u{").append(Integer.toHexString(cp)).append('}');
                    else sb.appendCodePoint(cp);
                }
            }
        });
        return sb.append('"').toString();
    }
}
