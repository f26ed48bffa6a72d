package dev.harmonica.tools.bfcl.call;

import dev.harmonica.tools.bfcl.py.PyChars;

import java.util.Locale;
import java.util.Set;

/**
 * CPython 3.11's tokenizer ({@code Parser/tokenizer.c}, {@code tok_get}) for a string compiled in {@code eval} mode,
 * with its exact errors: unterminated strings, bad number literals, unmatched and mismatched brackets, too deep
 * nesting, invalid and non-printable characters, stray line continuations, unexpected indents. Tokens are produced
 * on demand, as the PEG parser asks for them, because which error CPython reports depends on how far the parser
 * read. Works on code points of the source after CPython's newline translation ({@code \r\n} and {@code \r} become
 * {@code \n}); only line numbers are tracked, because {@code str(SyntaxError)} shows only the line.
 */
final class PyTokenizer {
    /** CPython's {@code MAXLEVEL}: brackets nested deeper give "too many nested parentheses". */
    static final int MAX_LEVEL = 200;
    private static final int EOF = -1;
    private static final Set<String> KEYWORDS = Set.of("False", "None", "True", "and", "as", "assert", "async",
            "await", "break", "class", "continue", "def", "del", "elif", "else", "except", "finally", "for", "from",
            "global", "if", "import", "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try",
            "while", "with", "yield");
    private static final Set<String> THREE = Set.of("**=", "...", "//=", "<<=", ">>=");
    private static final Set<String> TWO = Set.of("!=", "%=", "&=", "**", "*=", "+=", "-=", "->", "//", "/=", ":=",
            "<<", "<=", "<>", "==", ">=", ">>", "@=", "^=", "|=");

    /**
     * An error token that CPython's tokenizer returns without raising (its {@code E_EOF} and {@code E_LINECONT}): the
     * parser turns it into the message, which depends on the parser's state.
     */
    static final class ErrorToken extends Exception {
        /** What went wrong. */
        enum Kind {
            /** The end of the input (inside brackets, or after a line continuation). */
            EOF,
            /** A backslash not followed by a newline. */
            LINE_CONTINUATION,
            /** A dedent to a column no outer line has. */
            DEDENT
        }

        final Kind kind;

        ErrorToken(Kind kind) {
            super(null, null, false, false);
            this.kind = kind;
        }
    }

    private final int[] cps;
    private final int[] lineAt;
    private int pos;
    private int lineno;
    private boolean atbol = true;
    private int level;
    private final int[] parenStack = new int[MAX_LEVEL];
    private final int[] parenLine = new int[MAX_LEVEL];
    private int indent;
    private final int[] indStack = new int[100];
    private int pending;
    private boolean failed;
    private boolean eofSeen;

    PyTokenizer(String source) {
        String s = source.replace("\r\n", "\n").replace('\r', '\n');
        this.cps = s.codePoints().toArray();
        this.lineAt = new int[cps.length + 1];
        int line = 1;
        for (int i = 0; i < cps.length; i++) {
            lineAt[i] = line;
            if (cps[i] == '\n') line++;
        }
        lineAt[cps.length] = line;
    }

    /** The current line (CPython's {@code tok->lineno}): the line of the furthest character read. */
    int lineno() {
        return lineno;
    }

    /** Whether the end of the input was read (CPython's {@code tok->done == E_EOF}), e.g. by a lookahead. */
    boolean atEof() {
        return eofSeen;
    }

    /** The bracket nesting depth. */
    int level() {
        return level;
    }

    /** The innermost open bracket, or 0. */
    int openBracket() {
        return level > 0 ? parenStack[level - 1] : 0;
    }

    /** The line of the innermost open bracket. */
    int openBracketLine() {
        return level > 0 ? parenLine[level - 1] : 0;
    }

    private int nextc() {
        if (pos >= cps.length) {
            pos = cps.length + 1;
            eofSeen = true;
            return EOF;
        }
        lineno = Math.max(lineno, lineAt[pos]);
        return cps[pos++];
    }

    private void backup(int c) {
        if (c != EOF || pos > cps.length) pos--;
    }

    private PySyntaxError error(String msg) {
        failed = true;
        return PySyntaxError.at(lineno, msg);
    }

    /** The next token; a tokenizer error as CPython raises it. */
    PyToken next() throws PySyntaxError, ErrorToken {
        if (failed) throw new IllegalStateException("tokenizer used after an error");
        while (true) {
            boolean blank = false;
            if (atbol) {
                PyToken t = indentation();
                if (t != null) return t;
                blank = blankAhead();
            }
            if (pending > 0) {
                pending--;
                return token(PyToken.Type.INDENT, "", pos);
            }
            PyToken t = token(blank);
            if (t != null) return t;
        }
    }

    /** Measures the indentation at the start of a line; returns an INDENT token when it grows. */
    private PyToken indentation() throws PySyntaxError, ErrorToken {
        atbol = false;
        int col = 0;
        int contCol = 0;
        int c;
        while (true) {
            c = nextc();
            if (c == ' ') {
                col++;
            } else if (c == '\t') {
                col = (col / 8 + 1) * 8;
            } else if (c == '\f') {
                col = 0;
            } else if (c == '\\') {
                contCol = contCol != 0 ? contCol : col;
                continuation();
            } else {
                break;
            }
        }
        backup(c);
        boolean blank = c == '#' || c == '\n';
        if (!blank && level == 0) {
            col = contCol != 0 ? contCol : col;
            if (col > indStack[indent]) {
                if (indent + 1 >= indStack.length) throw error("too many levels of indentation");
                indStack[++indent] = col;
                pending++;
            } else if (col < indStack[indent]) {
                while (indent > 0 && col < indStack[indent]) indent--;
                if (col != indStack[indent]) {
                    failed = true;
                    throw new ErrorToken(ErrorToken.Kind.DEDENT);
                }
            }
        }
        return null;
    }

    private boolean blankAhead() {
        int p = pos;
        return p < cps.length && (cps[p] == '#' || cps[p] == '\n');
    }

    /** After a backslash: CPython's {@code tok_continuation_line}. */
    private void continuation() throws PySyntaxError, ErrorToken {
        int c = nextc();
        if (c != '\n') {
            failed = true;
            throw new ErrorToken(ErrorToken.Kind.LINE_CONTINUATION);
        }
        c = nextc();
        if (c == EOF) {
            failed = true;
            throw new ErrorToken(ErrorToken.Kind.EOF);
        }
        backup(c);
    }

    private PyToken token(PyToken.Type type, String text, int start) {
        int line = start < cps.length ? lineAt[start] : lineno;
        return new PyToken(type, text, line, lineno, level);
    }

    /** One token, or null to read on (a blank line, or a newline inside brackets). */
    private PyToken token(boolean blank) throws PySyntaxError, ErrorToken {
        int c;
        do {
            c = nextc();
        } while (c == ' ' || c == '\t' || c == '\f');
        int start = pos - 1;
        if (c == '#') {
            while (c != EOF && c != '\n') c = nextc();
        }
        if (c == EOF) {
            if (level > 0) {
                failed = true;
                throw new ErrorToken(ErrorToken.Kind.EOF);
            }
            return new PyToken(PyToken.Type.ENDMARKER, "", lineno, lineno, 0);
        }
        if (isIdentStart(c)) return name(c, start);
        if (c == '\n') {
            atbol = true;
            if (blank || level > 0) return null;
            return token(PyToken.Type.NEWLINE, "\n", pos - 1);
        }
        if (c == '.') {
            int c2 = nextc();
            if (isDigit(c2)) return number(fraction(c2), start);
            if (c2 == '.') {
                int c3 = nextc();
                if (c3 == '.') return token(PyToken.Type.OP, "...", start);
                backup(c3);
            }
            backup(c2);
            return token(PyToken.Type.OP, ".", start);
        }
        if (isDigit(c)) return number(digits(c), start);
        if (c == '\'' || c == '"') return string(c, start);
        if (c == '\\') {
            continuation();
            return null;
        }
        return operator(c, start);
    }

    private static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isXDigit(int c) {
        return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    private static boolean isIdentStart(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 128;
    }

    private static boolean isIdentChar(int c) {
        return isIdentStart(c) || isDigit(c);
    }

    private String text(int start) {
        return new String(cps, start, Math.min(pos, cps.length) - start);
    }

    private PyToken name(int c, int start) throws PySyntaxError {
        boolean b = false;
        boolean r = false;
        boolean u = false;
        boolean f = false;
        while (true) {
            int lc = c | 0x20;
            if (!(b || u || f) && lc == 'b') b = true;
            else if (!(b || u || r || f) && lc == 'u') u = true;
            else if (!(r || u) && lc == 'r') r = true;
            else if (!(f || b || u) && lc == 'f') f = true;
            else break;
            c = nextc();
            if (c == '"' || c == '\'') return string(c, start);
        }
        boolean nonAscii = false;
        while (isIdentChar(c)) {
            nonAscii |= c >= 128;
            c = nextc();
        }
        backup(c);
        String id = text(start);
        if (nonAscii) verifyIdentifier(id);
        if (KEYWORDS.contains(id)) return token(PyToken.Type.KEYWORD, id, start);
        return token(PyToken.Type.NAME, id, start);
    }

    private void verifyIdentifier(String id) throws PySyntaxError {
        int i = 0;
        boolean first = true;
        while (i < id.length()) {
            int cp = id.codePointAt(i);
            if (!PyChars.is(first ? PyChars.Kind.XID_START : PyChars.Kind.XID_CONTINUE, cp)) {
                String hex = String.format(Locale.ROOT, "%04X", cp);
                if (PyChars.isPrintable(cp)) {
                    throw error("invalid character '" + new String(Character.toChars(cp)) + "' (U+" + hex + ")");
                }
                throw error("invalid non-printable character U+" + hex);
            }
            first = false;
            i += Character.charCount(cp);
        }
    }

    /** CPython's {@code tok_decimal_tail}: digits with single underscores; returns the character after them. */
    private int decimalTail() throws PySyntaxError {
        int c;
        while (true) {
            do {
                c = nextc();
            } while (isDigit(c));
            if (c != '_') return c;
            c = nextc();
            if (!isDigit(c)) {
                backup(c);
                throw error("invalid decimal literal");
            }
        }
    }

    /** The literal after its first digit: returns the character that ends it (not consumed yet). */
    private int digits(int first) throws PySyntaxError {
        if (first == '0') return zero();
        int c = decimalTail();
        if (c == '.') return fraction(nextc());
        if (c == 'e' || c == 'E') return exponent(c);
        return imaginaryOrEnd(c);
    }

    private int zero() throws PySyntaxError {
        int c = nextc();
        if (c == 'x' || c == 'X') return radix(16, "hexadecimal");
        if (c == 'o' || c == 'O') return radix(8, "octal");
        if (c == 'b' || c == 'B') return radix(2, "binary");
        boolean nonzero = false;
        while (true) {
            if (c == '_') {
                c = nextc();
                if (!isDigit(c)) {
                    backup(c);
                    throw error("invalid decimal literal");
                }
            }
            if (c != '0') break;
            c = nextc();
        }
        if (isDigit(c)) {
            nonzero = true;
            c = decimalTail();
        }
        if (c == '.') return fraction(nextc());
        if (c == 'e' || c == 'E') return exponent(c);
        if (c == 'j' || c == 'J') return imaginary();
        if (nonzero) {
            backup(c);
            throw error("leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal "
                    + "integers");
        }
        endOfNumber(c, "decimal");
        return c;
    }

    private int radix(int radix, String kind) throws PySyntaxError {
        int c = nextc();
        do {
            if (c == '_') c = nextc();
            if (Character.digit(c, radix) < 0 || c >= 128) {
                if (radix != 16 && isDigit(c)) throw error("invalid digit '" + (char) c + "' in " + kind + " literal");
                backup(c);
                throw error("invalid " + kind + " literal");
            }
            do {
                c = nextc();
            } while (c >= 0 && c < 128 && Character.digit(c, radix) >= 0);
        } while (c == '_');
        if (radix != 16 && isDigit(c)) throw error("invalid digit '" + (char) c + "' in " + kind + " literal");
        endOfNumber(c, kind);
        return c;
    }

    /** After '.' of a float: the fraction digits, exponent and imaginary suffix. */
    private int fraction(int c) throws PySyntaxError {
        if (isDigit(c)) c = decimalTail();
        if (c == 'e' || c == 'E') return exponent(c);
        return imaginaryOrEnd(c);
    }

    private int exponent(int e) throws PySyntaxError {
        int c = nextc();
        if (c == '+' || c == '-') {
            c = nextc();
            if (!isDigit(c)) {
                backup(c);
                throw error("invalid decimal literal");
            }
        } else if (!isDigit(c)) {
            backup(c);
            endOfNumber(e, "decimal");
            backup(e);
            return EXPONENT_BACKED_UP;
        }
        c = decimalTail();
        return imaginaryOrEnd(c);
    }

    /** Marker: the number ended before an 'e' that was pushed back. */
    private static final int EXPONENT_BACKED_UP = -2;

    private int imaginaryOrEnd(int c) throws PySyntaxError {
        if (c == 'j' || c == 'J') return imaginary();
        endOfNumber(c, "decimal");
        return c;
    }

    private int imaginary() throws PySyntaxError {
        int c = nextc();
        endOfNumber(c, "imaginary");
        return c;
    }

    /**
     * CPython's {@code verify_end_of_number}: a number directly followed by a keyword that can follow a number
     * ({@code and else for if in is not or}) only warns; followed by any other identifier character it is an
     * "invalid ... literal".
     */
    private void endOfNumber(int c, String kind) throws PySyntaxError {
        boolean keyword = switch (c) {
            case 'a' -> lookahead("nd");
            case 'e' -> lookahead("lse");
            case 'f' -> lookahead("or");
            case 'i' -> pos < cps.length && (cps[pos] == 'f' || cps[pos] == 'n' || cps[pos] == 's');
            case 'o' -> lookahead("r");
            case 'n' -> lookahead("ot");
            default -> false;
        };
        if (keyword) return;
        if (c >= 0 && c < 128 && isIdentChar(c)) {
            backup(c);
            throw error("invalid " + kind + " literal");
        }
    }

    /** CPython's {@code lookahead}: the keyword's rest follows, and then no identifier character. */
    private boolean lookahead(String rest) {
        for (int i = 0; i < rest.length(); i++) {
            if (pos + i >= cps.length || cps[pos + i] != rest.charAt(i)) return false;
        }
        int after = pos + rest.length();
        if (after >= cps.length) {
            eofSeen = true;
            return true;
        }
        return !isIdentChar(cps[after]);
    }

    private PyToken number(int end, int start) {
        if (end != EXPONENT_BACKED_UP) backup(end);
        return token(PyToken.Type.NUMBER, text(start), start);
    }

    private PyToken string(int quote, int start) throws PySyntaxError {
        int firstLine = lineno;
        int size = 1;
        int endSize = 0;
        int c = nextc();
        if (c == quote) {
            c = nextc();
            if (c == quote) size = 3;
            else endSize = 1;
        }
        if (c != quote) backup(c);
        while (endSize != size) {
            c = nextc();
            if (c == EOF || (size == 1 && c == '\n')) {
                int detected = lineno;
                failed = true;
                throw PySyntaxError.at(firstLine, (size == 3 ? "unterminated triple-quoted string literal"
                        : "unterminated string literal") + " (detected at line " + detected + ")");
            }
            if (c == quote) {
                endSize++;
            } else {
                endSize = 0;
                if (c == '\\') nextc();
            }
        }
        PyToken t = token(PyToken.Type.STRING, text(start), start);
        return new PyToken(t.type(), t.text(), lineAt[start], lineno, level);
    }

    private PyToken operator(int c, int start) throws PySyntaxError {
        int c2 = nextc();
        if (c2 >= 0 && c < 128 && c2 < 128 && TWO.contains("" + (char) c + (char) c2)) {
            int c3 = nextc();
            if (c3 >= 0 && c3 < 128 && THREE.contains("" + (char) c + (char) c2 + (char) c3)) {
                return token(PyToken.Type.OP, text(start), start);
            }
            backup(c3);
            return token(PyToken.Type.OP, text(start), start);
        }
        backup(c2);
        switch (c) {
            case '(', '[', '{' -> {
                if (level >= MAX_LEVEL) throw error("too many nested parentheses");
                parenStack[level] = c;
                parenLine[level] = lineno;
                level++;
            }
            case ')', ']', '}' -> closing(c);
            default -> {
                if (!PyChars.isPrintable(c)) {
                    throw error("invalid non-printable character U+" + String.format(Locale.ROOT, "%04X", c));
                }
            }
        }
        return token(PyToken.Type.OP, text(start), start);
    }

    private void closing(int c) throws PySyntaxError {
        if (level == 0) throw error("unmatched '" + (char) c + "'");
        level--;
        int opening = parenStack[level];
        if ((opening == '(' && c == ')') || (opening == '[' && c == ']') || (opening == '{' && c == '}')) return;
        String msg = "closing parenthesis '" + (char) c + "' does not match opening parenthesis '" + (char) opening + "'";
        if (parenLine[level] != lineno) msg += " on line " + parenLine[level];
        throw error(msg);
    }
}
