package dev.harmonica.journal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * A small, fast JSON reader for the aggregating pass: parses one journal line (UTF-8 bytes) into a tree but skips
 * the values of the given field names at byte level (bracket counting, string scanning), so bulky fields such as
 * token ids, raw text and parsed messages cost a scan instead of a full tokenisation. Kept values are decoded exactly
 * (escapes, surrogate pairs, numbers). Structural errors (including a line cut short) raise {@link Malformed}; inside
 * skipped values only the structure is checked.
 */
final class LightJson {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** The line is not valid JSON. */
    static final class Malformed extends IOException {
        Malformed(String message) {
            super(message);
        }
    }

    private final byte[] b;
    private final int end;
    private final Set<String> skip;
    private final int start;
    private int i;

    private LightJson(byte[] b, int off, int len, Set<String> skip) {
        this.b = b;
        this.i = off;
        this.start = off;
        this.end = off + len;
        this.skip = skip;
    }

    /** Parses a whole line that must hold one JSON object (whitespace around it allowed). */
    static ObjectNode parseObject(byte[] b, int off, int len, Set<String> skip) throws Malformed {
        LightJson p = new LightJson(b, off, len, skip);
        p.ws();
        if (p.i >= p.end || p.b[p.i] != '{') throw p.err("expected a JSON object");
        ObjectNode o = p.object(0);
        p.ws();
        if (p.i < p.end) throw p.err("extra text after the JSON object");
        return o;
    }

    private Malformed err(String what) {
        return new Malformed(what + " at " + (i >= end ? "the end of the line" : "byte " + (i - start + 1) + " of the line"));
    }

    private void ws() {
        while (i < end) {
            byte c = b[i];
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r') i++;
            else break;
        }
    }

    private ObjectNode object(int depth) throws Malformed {
        if (depth > 200) throw err("nesting too deep");
        i++; // {
        ObjectNode o = NODES.objectNode();
        ws();
        if (i < end && b[i] == '}') {
            i++;
            return o;
        }
        while (true) {
            ws();
            if (i >= end || b[i] != '"') throw err("expected a field name");
            String name = string();
            ws();
            if (i >= end || b[i] != ':') throw err("expected ':'");
            i++;
            ws();
            if (skip.contains(name)) {
                skipValue(depth + 1);
                o.putNull(name);
            } else {
                o.set(name, value(depth + 1));
            }
            ws();
            if (i >= end) throw err("unterminated object");
            byte c = b[i++];
            if (c == '}') return o;
            if (c != ',') throw err("expected ',' or '}'");
        }
    }

    private ArrayNode array(int depth) throws Malformed {
        if (depth > 200) throw err("nesting too deep");
        i++; // [
        ArrayNode a = NODES.arrayNode();
        ws();
        if (i < end && b[i] == ']') {
            i++;
            return a;
        }
        while (true) {
            ws();
            a.add(value(depth + 1));
            ws();
            if (i >= end) throw err("unterminated array");
            byte c = b[i++];
            if (c == ']') return a;
            if (c != ',') throw err("expected ',' or ']'");
        }
    }

    private JsonNode value(int depth) throws Malformed {
        if (i >= end) throw err("expected a value");
        byte c = b[i];
        switch (c) {
            case '{':
                return object(depth);
            case '[':
                return array(depth);
            case '"':
                return NODES.textNode(string());
            case 't':
                literal("true");
                return NODES.booleanNode(true);
            case 'f':
                literal("false");
                return NODES.booleanNode(false);
            case 'n':
                literal("null");
                return NODES.nullNode();
            default:
                if (c == '-' || (c >= '0' && c <= '9')) return number();
                throw err("unexpected character '" + (char) c + "'");
        }
    }

    private void literal(String word) throws Malformed {
        if (i + word.length() > end) throw err("truncated literal");
        for (int k = 0; k < word.length(); k++) if (b[i + k] != word.charAt(k)) throw err("bad literal");
        i += word.length();
    }

    private JsonNode number() throws Malformed {
        int s = i;
        boolean fp = false;
        if (b[i] == '-') i++;
        while (i < end) {
            byte c = b[i];
            if (c >= '0' && c <= '9') i++;
            else if (c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-') {
                fp = true;
                i++;
            } else break;
        }
        String t = new String(b, s, i - s, StandardCharsets.ISO_8859_1);
        try {
            if (!fp) {
                long v = Long.parseLong(t);
                return v == (int) v ? NODES.numberNode((int) v) : NODES.numberNode(v);
            }
            return NODES.numberNode(Double.parseDouble(t));
        } catch (NumberFormatException e) {
            if (!fp) {
                try {
                    return NODES.numberNode(new BigInteger(t));
                } catch (NumberFormatException ignored) {
                    // fall through
                }
            }
            throw err("bad number '" + t + "'");
        }
    }

    /** Reads a string starting at the opening quote; decodes escapes and UTF-8. */
    private String string() throws Malformed {
        int s = ++i;
        int k = Swar.indexOfQuoteOrBackslash(b, i, end);
        if (k < 0) {
            i = end;
            throw err("unterminated string");
        }
        i = k;
        if (b[k] == '\\') return escapedString(s);
        String out = new String(b, s, k - s, StandardCharsets.UTF_8);
        i++;
        return out;
    }

    private String escapedString(int s) throws Malformed {
        StringBuilder sb = new StringBuilder(new String(b, s, i - s, StandardCharsets.UTF_8));
        int run = i;
        while (i < end) {
            byte c = b[i];
            if (c == '"') {
                sb.append(new String(b, run, i - run, StandardCharsets.UTF_8));
                i++;
                return sb.toString();
            }
            if (c != '\\') {
                i++;
                continue;
            }
            sb.append(new String(b, run, i - run, StandardCharsets.UTF_8));
            if (i + 1 >= end) throw err("unterminated escape");
            byte e = b[i + 1];
            i += 2;
            switch (e) {
                case '"' -> sb.append('"');
                case '\\' -> sb.append('\\');
                case '/' -> sb.append('/');
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'n' -> sb.append('\n');
                case 'r' -> sb.append('\r');
                case 't' -> sb.append('\t');
                case 'u' -> {
                    if (i + 4 > end) throw err("truncated \\u escape");
                    int v = 0;
                    for (int k = 0; k < 4; k++) {
                        int d = Character.digit(b[i + k], 16);
                        if (d < 0) throw err("bad \\u escape");
                        v = v * 16 + d;
                    }
                    i += 4;
                    sb.append((char) v);
                }
                default -> throw err("bad escape '\\" + (char) e + "'");
            }
            run = i;
        }
        throw err("unterminated string");
    }

    /** Skips one value: strings scanned to their closing quote, containers by depth counting. */
    private void skipValue(int depth) throws Malformed {
        if (i >= end) throw err("expected a value");
        byte c = b[i];
        if (c == '"') {
            skipString();
            return;
        }
        if (c != '{' && c != '[') {
            value(depth); // scalar: cheap
            return;
        }
        int level = 0;
        while (i < end) {
            int k = Swar.indexOfStructural(b, i, end);
            if (k < 0) break;
            i = k;
            c = b[i];
            if (c == '"') {
                skipString();
                continue;
            }
            if (c == '{' || c == '[') level++;
            else {
                level--;
                if (level == 0) {
                    i++;
                    return;
                }
            }
            i++;
        }
        i = end;
        throw err("unterminated value");
    }

    private void skipString() throws Malformed {
        i++;
        while (i < end) {
            int k = Swar.indexOfQuoteOrBackslash(b, i, end);
            if (k < 0) break;
            if (b[k] == '"') {
                i = k + 1;
                return;
            }
            i = k + 2;
        }
        i = end;
        throw err("unterminated string");
    }
}
