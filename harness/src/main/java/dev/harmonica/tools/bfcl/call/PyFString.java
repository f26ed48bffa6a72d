package dev.harmonica.tools.bfcl.call;

import java.util.ArrayList;
import java.util.List;

/**
 * One f-string literal's body as CPython 3.11 parses it ({@code Parser/string_parser.c}: {@code fstring_find_literal},
 * {@code fstring_find_expr}, {@code fstring_compile_expr}): literal text with {@code {{ }}} and escapes, and
 * replacement fields {@code {expr=!conv:spec}} with CPython's "f-string: ..." errors. The expression is parsed as
 * {@code (expr)}; errors are reported at the line of the last token read, as CPython's {@code RAISE_SYNTAX_ERROR}.
 */
final class PyFString {
    private static final int MAX_NESTING = 200;

    private final PyParser p;
    private final boolean raw;
    private final int line;
    private final int tokenLine;

    PyFString(PyParser p, boolean raw, int line, int tokenLine) {
        this.p = p;
        this.raw = raw;
        this.line = line;
        this.tokenLine = tokenLine;
    }

    /** The parts: {@link PyNode.Const} text and {@link PyNode.Formatted} fields. */
    List<PyNode> parse(String body) {
        List<PyNode> out = new ArrayList<>();
        int[] pos = {0};
        parseInto(body, pos, 0, out);
        return out;
    }

    private void parseInto(String s, int[] pos, int recurse, List<PyNode> out) {
        while (pos[0] < s.length()) {
            String lit = literal(s, pos, recurse);
            if (!lit.isEmpty()) out.add(new PyNode.Const(lit));
            if (pos[0] >= s.length()) return;
            if (s.charAt(pos[0]) == '}') {
                if (recurse > 0) return; // the end of a format spec
                throw p.stringError(line, "f-string: single '}' is not allowed");
            }
            out.add(field(s, pos, recurse));
        }
    }

    /** Literal text up to a single '{' or '}'; {@code {{} and {@code }}} are unescaped, escapes decoded. */
    private String literal(String s, int[] pos, int recurse) {
        StringBuilder sb = new StringBuilder();
        int i = pos[0];
        while (i < s.length()) {
            char c = s.charAt(i);
            if (!raw && c == '\\' && i + 1 < s.length() && s.charAt(i + 1) == 'N' && i + 2 < s.length()
                    && s.charAt(i + 2) == '{') {
                int close = s.indexOf('}', i);
                if (close < 0) close = s.length() - 1;
                sb.append(s, i, close + 1);
                i = close + 1;
                continue;
            }
            if (c == '{' || c == '}') {
                if (recurse == 0 && i + 1 < s.length() && s.charAt(i + 1) == c) {
                    sb.append(c);
                    i += 2;
                    continue;
                }
                break;
            }
            sb.append(c);
            i++;
        }
        pos[0] = i;
        String text = sb.toString();
        if (raw || text.indexOf('\\') < 0) return text;
        try {
            return PyStrings.decodeUnicodeEscapes(text);
        } catch (IllegalArgumentException e) {
            throw p.stringError(line, e.getMessage());
        }
    }

    /** One replacement field, {@code pos} at its '{'. */
    private PyNode field(String s, int[] pos, int recurse) {
        if (recurse >= 2) throw p.stringError(line, "f-string: expressions nested too deeply");
        int i = pos[0] + 1;
        int exprStart = i;
        i = scanExpression(s, i);
        String expr = s.substring(exprStart, i);
        if (expr.chars().allMatch(c -> c == ' ' || c == '\t' || c == '\n' || c == '\f')) {
            char end = s.charAt(i);
            if (end == '!' || end == ':' || end == '=') {
                throw p.stringError(line, "f-string: expression required before '" + end + "'");
            }
            throw p.stringError(line, "f-string: empty expression not allowed");
        }
        PyNode value = p.fstringExpression(expr, tokenLine);
        String debugText = null;
        if (s.charAt(i) == '=') {
            i++;
            while (i < s.length() && Character.isWhitespace(s.charAt(i)) && s.charAt(i) < 128) i++;
            if (i >= s.length()) throw p.stringError(line, "f-string: expecting '}'");
            debugText = s.substring(exprStart, i);
        }
        int conversion = 0;
        if (s.charAt(i) == '!') {
            i++;
            if (i >= s.length()) throw p.stringError(line, "f-string: expecting '}'");
            conversion = s.charAt(i++);
            if (conversion != 's' && conversion != 'r' && conversion != 'a') {
                throw p.stringError(line, "f-string: invalid conversion character: expected 's', 'r', or 'a'");
            }
        }
        if (i >= s.length()) throw p.stringError(line, "f-string: expecting '}'");
        PyNode spec = null;
        if (s.charAt(i) == ':') {
            int[] specPos = {i + 1};
            List<PyNode> parts = new ArrayList<>();
            parseInto(s, specPos, recurse + 1, parts);
            spec = new PyNode.JoinedStr(parts);
            i = specPos[0];
        }
        if (i >= s.length() || s.charAt(i) != '}') throw p.stringError(line, "f-string: expecting '}'");
        pos[0] = i + 1;
        if (debugText != null && conversion == 0 && spec == null) conversion = 'r';
        PyNode formatted = new PyNode.Formatted(value, conversion, spec);
        if (debugText == null) return formatted;
        return new PyNode.JoinedStr(List.of(new PyNode.Const(debugText), formatted));
    }

    /** Finds the end of a field's expression: quotes, brackets and the operators that contain '=', '!', '<', '>'. */
    private int scanExpression(String s, int i) {
        char quote = 0;
        int quoteSize = 0;
        char[] stack = new char[MAX_NESTING];
        int depth = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '\\') throw p.stringError(line, "f-string expression part cannot include a backslash");
            if (quote != 0) {
                if (c == quote && (quoteSize == 1 || s.startsWith(String.valueOf(quote).repeat(3), i))) {
                    i += quoteSize;
                    quote = 0;
                    continue;
                }
                i++;
                continue;
            }
            if (c == '\'' || c == '"') {
                quote = c;
                quoteSize = s.startsWith(String.valueOf(c).repeat(3), i) ? 3 : 1;
                i += quoteSize;
                continue;
            }
            if (c == '[' || c == '(' || c == '{') {
                if (depth >= MAX_NESTING) throw p.stringError(line, "f-string: too many nested parenthesis");
                stack[depth++] = c;
                i++;
                continue;
            }
            if (c == '#') throw p.stringError(line, "f-string expression part cannot include '#'");
            if (depth == 0 && (c == '!' || c == ':' || c == '}' || c == '=' || c == '>' || c == '<')) {
                char next = i + 1 < s.length() ? s.charAt(i + 1) : 0;
                if (next == '=' && c != ':' && c != '}') {
                    i += 2;
                    continue;
                }
                if (c == '>' || c == '<') {
                    i++;
                    continue;
                }
                break;
            }
            if (c == ']' || c == ')' || c == '}') {
                if (depth == 0) throw p.stringError(line, "f-string: unmatched '" + c + "'");
                char open = stack[--depth];
                if (!((open == '(' && c == ')') || (open == '[' && c == ']') || (open == '{' && c == '}'))) {
                    throw p.stringError(line, "f-string: closing parenthesis '" + c
                            + "' does not match opening parenthesis '" + open + "'");
                }
            }
            i++;
        }
        if (quote != 0) throw p.stringError(line, "f-string: unterminated string");
        if (depth > 0) throw p.stringError(line, "f-string: unmatched '" + stack[depth - 1] + "'");
        if (i >= s.length()) throw p.stringError(line, "f-string: expecting '}'");
        return i;
    }
}
