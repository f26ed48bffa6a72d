package dev.harmonica.tools.bfcl.call;

import dev.harmonica.tools.bfcl.py.Py;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Parses Python expressions as they occur in BFCL call strings: calls with positional and keyword arguments,
 * nested literals (str with escapes and implicit concatenation, int incl. hex/octal/binary and underscores, float,
 * True/False/None), lists, tuples, dicts, sets, unary minus, arithmetic, subscripts and attribute access.
 * Anything else is a {@link PySyntaxError}. Pure; never evaluates anything.
 */
public final class PyExprParser {
    private final String src;
    private int pos;

    private PyExprParser(String src) {
        this.src = src;
    }

    /** Parses one expression (a bare tuple {@code a, b} is allowed at top level, like {@code eval}). */
    public static PyNode parse(String source) throws PySyntaxError {
        PyExprParser p = new PyExprParser(source);
        p.skipWs(false);
        if (p.pos >= p.src.length()) throw p.error("invalid syntax");
        PyNode first = p.expr();
        p.skipWs(false);
        if (p.peek() == ',') {
            List<PyNode> items = new ArrayList<>();
            items.add(first);
            while (p.peek() == ',') {
                p.pos++;
                p.skipWs(false);
                if (p.pos >= p.src.length()) break;
                items.add(p.expr());
                p.skipWs(false);
            }
            first = new PyNode.TupleExpr(items);
        }
        if (p.pos < p.src.length()) throw p.error("invalid syntax");
        return first;
    }

    /** Parses a single call expression {@code name(...)} and returns it; other expressions are an error. */
    public static PyNode.Call parseCall(String source) throws PySyntaxError {
        PyNode n = parse(source);
        if (n instanceof PyNode.Call c) return c;
        throw new PySyntaxError("not a function call", 0);
    }

    private PySyntaxError error(String what) {
        int line = 1;
        for (int i = 0; i < Math.min(pos, src.length()); i++) if (src.charAt(i) == '\n') line++;
        return new PySyntaxError(what + " (<string>, line " + line + ")", pos);
    }

    private int peek() {
        return pos < src.length() ? src.charAt(pos) : -1;
    }

    private boolean startsWith(String s) {
        return src.startsWith(s, pos);
    }

    /** Skips spaces; inside brackets newlines are whitespace too (we always allow them: eval of one line). */
    private void skipWs(boolean unused) {
        while (pos < src.length()) {
            char c = src.charAt(pos);
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') {
                pos++;
            } else if (c == '\\' && pos + 1 < src.length() && src.charAt(pos + 1) == '\n') {
                pos += 2;
            } else if (c == '#') {
                while (pos < src.length() && src.charAt(pos) != '\n') pos++;
            } else {
                break;
            }
        }
    }

    private void expect(char c) throws PySyntaxError {
        skipWs(true);
        if (peek() != c) {
            if (pos >= src.length()) throw error("unexpected EOF while parsing");
            throw error("invalid syntax");
        }
        pos++;
    }

    /** CPython's parser gives up on deeper nesting, too ("too many nested parentheses"). */
    private static final int MAX_DEPTH = 200;
    private int depth;

    private PyNode expr() throws PySyntaxError {
        if (++depth > MAX_DEPTH) throw error("too many nested parentheses");
        try {
            return notExpr();
        } finally {
            depth--;
        }
    }

    private PyNode notExpr() throws PySyntaxError {
        skipWs(true);
        if (keywordAhead("not")) {
            pos += 3;
            if (++depth > MAX_DEPTH) throw error("too many nested parentheses");
            try {
                return new PyNode.Unary("not", notExpr());
            } finally {
                depth--;
            }
        }
        return arith();
    }

    private boolean keywordAhead(String kw) {
        if (!startsWith(kw)) return false;
        int end = pos + kw.length();
        return end >= src.length() || !isIdentPart(src.charAt(end));
    }

    private PyNode arith() throws PySyntaxError {
        PyNode left = term();
        while (true) {
            skipWs(true);
            int c = peek();
            if (c == '+' || c == '-') {
                pos++;
                left = new PyNode.Binary(String.valueOf((char) c), left, term());
            } else {
                return left;
            }
        }
    }

    private PyNode term() throws PySyntaxError {
        PyNode left = factor();
        while (true) {
            skipWs(true);
            String op;
            if (startsWith("//")) op = "//";
            else if (peek() == '*' && !startsWith("**")) op = "*";
            else if (peek() == '/') op = "/";
            else if (peek() == '%') op = "%";
            else return left;
            pos += op.length();
            left = new PyNode.Binary(op, left, factor());
        }
    }

    private PyNode factor() throws PySyntaxError {
        skipWs(true);
        int c = peek();
        if (c == '-' || c == '+') {
            pos++;
            if (++depth > MAX_DEPTH) throw error("too many nested parentheses");
            PyNode operand;
            try {
                operand = factor();
            } finally {
                depth--;
            }
            if (c == '-' && operand instanceof PyNode.Const k && Py.isNumber(k.value())
                    && !(k.value() instanceof Boolean)) {
                try {
                    return new PyNode.Const(Py.neg(k.value()));
                } catch (Exception e) {
                    throw error("invalid syntax");
                }
            }
            return new PyNode.Unary(String.valueOf((char) c), operand);
        }
        return power();
    }

    private PyNode power() throws PySyntaxError {
        PyNode base = postfix();
        skipWs(true);
        if (startsWith("**")) {
            pos += 2;
            if (++depth > MAX_DEPTH) throw error("too many nested parentheses");
            try {
                return new PyNode.Binary("**", base, factor());
            } finally {
                depth--;
            }
        }
        return base;
    }

    private PyNode postfix() throws PySyntaxError {
        PyNode n = atom();
        while (true) {
            skipWs(true);
            int c = peek();
            if (c == '(') {
                pos++;
                n = callArgs(n);
            } else if (c == '[') {
                pos++;
                PyNode idx = expr();
                expect(']');
                n = new PyNode.Subscript(n, idx);
            } else if (c == '.' && !(pos + 1 < src.length() && Character.isDigit(src.charAt(pos + 1)))) {
                pos++;
                skipWs(true);
                String id = identifier();
                if (id == null) throw error("invalid syntax");
                n = new PyNode.Attribute(n, id);
            } else {
                return n;
            }
        }
    }

    private PyNode.Call callArgs(PyNode func) throws PySyntaxError {
        List<PyNode> args = new ArrayList<>();
        List<PyNode.Keyword> kws = new ArrayList<>();
        skipWs(true);
        if (peek() == ')') {
            pos++;
            return new PyNode.Call(func, args, kws);
        }
        while (true) {
            skipWs(true);
            int save = pos;
            String id = identifier();
            skipWs(true);
            if (id != null && peek() == '=' && !startsWith("==")) {
                pos++;
                for (PyNode.Keyword k : kws) {
                    if (k.name().equals(id)) {
                        pos = save;
                        throw error("keyword argument repeated: " + id);
                    }
                }
                kws.add(new PyNode.Keyword(id, expr()));
            } else {
                pos = save;
                PyNode a = expr();
                if (!kws.isEmpty()) {
                    pos = save;
                    throw error("positional argument follows keyword argument");
                }
                args.add(a);
            }
            skipWs(true);
            if (peek() == ',') {
                pos++;
                skipWs(true);
                if (peek() == ')') {
                    pos++;
                    break;
                }
                continue;
            }
            if (peek() == ')') {
                pos++;
                break;
            }
            if (pos >= src.length()) throw error("unexpected EOF while parsing");
            throw error("invalid syntax");
        }
        return new PyNode.Call(func, args, kws);
    }

    private static boolean isIdentStart(char c) {
        return c == '_' || Character.isLetter(c);
    }

    private static boolean isIdentPart(char c) {
        return c == '_' || Character.isLetterOrDigit(c);
    }

    private String identifier() {
        if (pos < src.length() && isIdentStart(src.charAt(pos))) {
            int start = pos;
            while (pos < src.length() && isIdentPart(src.charAt(pos))) pos++;
            return src.substring(start, pos);
        }
        return null;
    }

    private PyNode atom() throws PySyntaxError {
        skipWs(true);
        if (pos >= src.length()) throw error("unexpected EOF while parsing");
        char c = src.charAt(pos);
        if (c == '(') {
            pos++;
            skipWs(true);
            if (peek() == ')') {
                pos++;
                return new PyNode.TupleExpr(List.of());
            }
            PyNode first = expr();
            skipWs(true);
            if (peek() == ')') {
                pos++;
                return first;
            }
            List<PyNode> items = new ArrayList<>();
            items.add(first);
            items.addAll(sequenceRest(')'));
            return new PyNode.TupleExpr(items);
        }
        if (c == '[') {
            pos++;
            skipWs(true);
            if (peek() == ']') {
                pos++;
                return new PyNode.ListExpr(List.of());
            }
            List<PyNode> items = new ArrayList<>();
            items.add(expr());
            skipWs(true);
            if (peek() == ']') {
                pos++;
                return new PyNode.ListExpr(items);
            }
            items.addAll(sequenceRest(']'));
            return new PyNode.ListExpr(items);
        }
        if (c == '{') {
            pos++;
            skipWs(true);
            if (peek() == '}') {
                pos++;
                return new PyNode.DictExpr(List.of(), List.of());
            }
            PyNode first = expr();
            skipWs(true);
            if (peek() == ':') {
                List<PyNode> keys = new ArrayList<>();
                List<PyNode> values = new ArrayList<>();
                keys.add(first);
                pos++;
                values.add(expr());
                while (true) {
                    skipWs(true);
                    if (peek() == '}') {
                        pos++;
                        break;
                    }
                    expect(',');
                    skipWs(true);
                    if (peek() == '}') {
                        pos++;
                        break;
                    }
                    keys.add(expr());
                    expect(':');
                    values.add(expr());
                }
                return new PyNode.DictExpr(keys, values);
            }
            List<PyNode> items = new ArrayList<>();
            items.add(first);
            if (peek() == '}') {
                pos++;
                return new PyNode.SetExpr(items);
            }
            items.addAll(sequenceRest('}'));
            return new PyNode.SetExpr(items);
        }
        if (c == '\'' || c == '"') return strings();
        if (Character.isDigit(c) || (c == '.' && pos + 1 < src.length() && Character.isDigit(src.charAt(pos + 1)))) {
            return number();
        }
        if (isIdentStart(c)) {
            int save = pos;
            String id = identifier();
            if (peek() == '\'' || peek() == '"') {
                String lower = id.toLowerCase(Locale.ROOT);
                if (lower.equals("r") || lower.equals("u")) {
                    pos = save;
                    return strings();
                }
                if (lower.equals("b") || lower.equals("f") || lower.equals("rb") || lower.equals("br")
                        || lower.equals("fr") || lower.equals("rf")) {
                    pos = save;
                    throw error("unsupported string prefix");
                }
            }
            return switch (id) {
                case "True" -> new PyNode.Const(Boolean.TRUE);
                case "False" -> new PyNode.Const(Boolean.FALSE);
                case "None" -> new PyNode.Const(null);
                case "lambda", "and", "or", "if", "else", "for", "in", "is", "import", "def", "class", "return",
                        "yield", "await", "not", "del", "pass", "while", "with", "as", "assert", "global", "nonlocal",
                        "raise", "try", "except", "finally", "from", "break", "continue", "elif" -> {
                    pos = save;
                    throw error("invalid syntax");
                }
                default -> new PyNode.Name(id);
            };
        }
        if (c == '.' && startsWith("...")) {
            pos += 3;
            return new PyNode.Const(Py.ELLIPSIS);
        }
        throw error("invalid syntax");
    }

    /** After the first element and before ',' — parses ", b, c" up to the closing bracket (trailing comma ok). */
    private List<PyNode> sequenceRest(char close) throws PySyntaxError {
        List<PyNode> items = new ArrayList<>();
        while (true) {
            skipWs(true);
            if (peek() == close) {
                pos++;
                return items;
            }
            expect(',');
            skipWs(true);
            if (peek() == close) {
                pos++;
                return items;
            }
            items.add(expr());
        }
    }

    private PyNode strings() throws PySyntaxError {
        StringBuilder sb = new StringBuilder();
        boolean any = false;
        while (true) {
            skipWs(true);
            int save = pos;
            boolean raw = false;
            if (pos < src.length() && isIdentStart(src.charAt(pos))) {
                String id = identifier();
                String lower = id == null ? "" : id.toLowerCase(Locale.ROOT);
                if ((lower.equals("r") || lower.equals("u")) && (peek() == '\'' || peek() == '"')) {
                    raw = lower.equals("r");
                } else {
                    pos = save;
                    break;
                }
            }
            if (peek() != '\'' && peek() != '"') {
                pos = save;
                break;
            }
            sb.append(stringLiteral(raw));
            any = true;
        }
        if (!any) throw error("invalid syntax");
        return new PyNode.Const(sb.toString());
    }

    private String stringLiteral(boolean raw) throws PySyntaxError {
        char q = src.charAt(pos);
        boolean triple = startsWith(String.valueOf(q).repeat(3));
        int start = pos;
        pos += triple ? 3 : 1;
        StringBuilder sb = new StringBuilder();
        while (true) {
            if (pos >= src.length()) {
                pos = start;
                throw error(triple ? "unterminated triple-quoted string literal (detected at line 1)"
                        : "unterminated string literal (detected at line 1)");
            }
            char c = src.charAt(pos);
            if (c == q && (!triple || startsWith(String.valueOf(q).repeat(3)))) {
                pos += triple ? 3 : 1;
                return sb.toString();
            }
            if (c == '\n' && !triple) {
                pos = start;
                throw error("unterminated string literal (detected at line 1)");
            }
            if (c == '\\') {
                if (pos + 1 >= src.length()) {
                    pos = start;
                    throw error("unterminated string literal (detected at line 1)");
                }
                char n = src.charAt(pos + 1);
                if (raw) {
                    sb.append(c).append(n);
                    pos += 2;
                    continue;
                }
                pos += 2;
                switch (n) {
                    case '\n' -> {
                    }
                    case '\\' -> sb.append('\\');
                    case '\'' -> sb.append('\'');
                    case '"' -> sb.append('"');
                    case 'a' -> sb.append('\u0007');
                    case 'b' -> sb.append('\b');
                    case 'f' -> sb.append('\f');
                    case 'n' -> sb.append('\n');
                    case 'r' -> sb.append('\r');
                    case 't' -> sb.append('\t');
                    case 'v' -> sb.append('\u000b');
                    case 'x' -> sb.appendCodePoint(hex(2, "xXX"));
                    case 'u' -> sb.appendCodePoint(hex(4, "uXXXX"));
                    case 'U' -> {
                        int cp = hex(8, "UXXXXXXXX");
                        if (cp > 0x10ffff) throw error("(unicode error) illegal Unicode character");
                        sb.appendCodePoint(cp);
                    }
                    case 'N' -> throw error("(unicode error) \\N{...} escapes are not supported");
                    default -> {
                        if (n >= '0' && n <= '7') {
                            int v = n - '0';
                            int k = 1;
                            while (k < 3 && pos < src.length() && src.charAt(pos) >= '0' && src.charAt(pos) <= '7') {
                                v = v * 8 + (src.charAt(pos) - '0');
                                pos++;
                                k++;
                            }
                            sb.appendCodePoint(v);
                        } else {
                            sb.append('\\').append(n);
                        }
                    }
                }
                continue;
            }
            sb.append(c);
            pos++;
        }
    }

    private int hex(int digits, String form) throws PySyntaxError {
        if (pos + digits > src.length()) throw error("(unicode error) truncated \\" + form + " escape");
        int v = 0;
        for (int i = 0; i < digits; i++) {
            int d = Character.digit(src.charAt(pos + i), 16);
            if (d < 0) throw error("(unicode error) truncated \\" + form + " escape");
            v = v * 16 + d;
        }
        pos += digits;
        return v;
    }

    private PyNode number() throws PySyntaxError {
        int start = pos;
        if (src.charAt(pos) == '0' && pos + 1 < src.length() && "xXoObB".indexOf(src.charAt(pos + 1)) >= 0) {
            char kind = Character.toLowerCase(src.charAt(pos + 1));
            int radix = kind == 'x' ? 16 : kind == 'o' ? 8 : 2;
            pos += 2;
            int ds = pos;
            while (pos < src.length() && (Character.digit(src.charAt(pos), radix) >= 0 || src.charAt(pos) == '_')) pos++;
            String digits = src.substring(ds, pos).replace("_", "");
            if (digits.isEmpty()) throw error("invalid syntax");
            return new PyNode.Const(Py.intOf(new BigInteger(digits, radix)));
        }
        while (pos < src.length() && (Character.isDigit(src.charAt(pos)) || src.charAt(pos) == '_')) pos++;
        boolean isFloat = false;
        if (peek() == '.') {
            isFloat = true;
            pos++;
            while (pos < src.length() && (Character.isDigit(src.charAt(pos)) || src.charAt(pos) == '_')) pos++;
        }
        if (peek() == 'e' || peek() == 'E') {
            int save = pos;
            pos++;
            if (peek() == '+' || peek() == '-') pos++;
            if (pos < src.length() && Character.isDigit(src.charAt(pos))) {
                isFloat = true;
                while (pos < src.length() && (Character.isDigit(src.charAt(pos)) || src.charAt(pos) == '_')) pos++;
            } else {
                pos = save;
            }
        }
        if (peek() == 'j' || peek() == 'J') throw error("complex literals are not supported");
        if (pos < src.length() && isIdentStart(src.charAt(pos))) throw error("invalid decimal literal");
        String text = src.substring(start, pos);
        if (text.endsWith("_") || text.contains("__")) throw error("invalid decimal literal");
        text = text.replace("_", "");
        if (isFloat) return new PyNode.Const(Double.parseDouble(text));
        if (text.length() > 1 && text.charAt(0) == '0' && !text.chars().allMatch(ch -> ch == '0')) {
            throw error("leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers");
        }
        return new PyNode.Const(Py.intOf(new BigInteger(text)));
    }
}
