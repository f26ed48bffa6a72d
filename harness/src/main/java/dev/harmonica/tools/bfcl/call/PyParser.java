package dev.harmonica.tools.bfcl.call;

import dev.harmonica.tools.bfcl.call.PyToken.Type;
import dev.harmonica.tools.bfcl.py.Py;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * CPython 3.11's PEG parser for {@code eval} input ({@code Grammar/python.gram}, rule {@code eval}), transcribed rule
 * by rule so that it accepts exactly what CPython accepts and reports exactly CPython's error: a first pass without
 * the {@code invalid_*} rules, then, if it fails, a second pass with them (which raise the specialised messages such
 * as "invalid syntax. Perhaps you forgot a comma?"), then the generic "invalid syntax" at the furthest token of the
 * first pass, and last a scan of the rest of the input for tokenizer errors, which take precedence
 * ({@code Parser/pegen.c} {@code _PyPegen_run_parser}, {@code Parser/pegen_errors.c}). Left-recursive rules are loops.
 * Source: https://github.com/python/cpython/blob/3.11/Grammar/python.gram.
 *
 * <p>The grammar-rule methods keep the grammar's names in camel case ({@code invalid_kwarg} is {@link #invalidKwarg});
 * each returns a node or null and restores the position on failure; an error aborts the whole parse.
 */
final class PyParser {
    /** CPython's parser stack limit ({@code MAXSTACK}): deeper input raises MemoryError. */
    static final int MAX_STACK = 6000;

    /** An error that ends the parse (CPython's {@code error_indicator}). */
    static final class Abort extends RuntimeException {
        final transient PySyntaxError error;
        /** Raised by the tokenizer (then the rest of the input is not scanned for other errors). */
        final boolean fromTokenizer;

        Abort(PySyntaxError error, boolean fromTokenizer) {
            super(null, null, false, false);
            this.error = error;
            this.fromTokenizer = fromTokenizer;
        }
    }

    private static final Object FAIL = new Object();
    private static final String[] SOFT_KEYWORDS = {"_", "case", "match"};
    private static final String[] COMPARE_OPS = {"==", "!=", "<=", "<", ">=", ">"};

    private final PyTokenizer tokenizer;
    private final List<PyToken> tokens = new ArrayList<>();
    private final Map<Long, Object[]> memo = new HashMap<>();
    /** Node → line where it starts, for errors that point at a node. */
    final IdentityHashMap<Object, Integer> lines = new IdentityHashMap<>();
    private int mark;
    private boolean invalidRules;
    /** The position of a later dict key's leading bracketed atom, parsed with the invalid rules on; else -1. */
    private int leadingAtom = -1;
    private int level;

    private PyParser(String source) {
        this.tokenizer = new PyTokenizer(source);
    }

    /** Parses {@code source} as {@code eval} does; the tree and its node lines, or CPython's exact error. */
    static PyParser.Result parse(String source) throws PySyntaxError {
        PyParser p = new PyParser(source);
        PyNode tree = p.run();
        return new Result(tree, p.lines);
    }

    /** A parsed tree with the line of each node. */
    record Result(PyNode tree, IdentityHashMap<Object, Integer> lines) {
    }

    /** One {@code NAME = expression} statement of a constants module, with its line. */
    record Assignment(String name, PyNode value, int line) {
    }

    /**
     * Parses a module made only of {@code NAME = expression} statements (blank lines and comments between them), as
     * bfcl-eval's {@code long_context.py} is. Anything else is a SyntaxError at its line.
     */
    static List<Assignment> parseAssignments(String source) throws PySyntaxError {
        PyParser p = new PyParser(source);
        List<Assignment> out = new ArrayList<>();
        try {
            while (true) {
                while (p.expectType(Type.NEWLINE) != null) {
                    // blank statements
                }
                if (p.peek().type() == Type.ENDMARKER) return out;
                PyToken name = p.expectType(Type.NAME);
                PyNode value = name != null && p.expect("=") != null ? p.expressions() : null;
                if (value == null || (p.expectType(Type.NEWLINE) == null && p.peek().type() != Type.ENDMARKER)) {
                    throw PySyntaxError.at(p.peek().line(), "invalid syntax");
                }
                out.add(new Assignment(PyStrings.identifier(name.text()), value, name.line()));
            }
        } catch (Abort a) {
            throw a.error;
        }
    }

    private PyNode run() throws PySyntaxError {
        try {
            PyNode n = evalRule();
            if (n != null) return n;
        } catch (Abort a) {
            throw a.fromTokenizer ? a.error : scanRestUnlessAtEof(a.error);
        }
        PyToken last = tokens.get(tokens.size() - 1);
        memo.clear();
        mark = 0;
        invalidRules = true;
        try {
            evalRule();
        } catch (Abort a) {
            throw a.fromTokenizer ? a.error : scanRestUnlessAtEof(a.error);
        }
        if (last.type() == Type.INDENT) {
            throw new PySyntaxError(PySyntaxError.Type.INDENTATION_ERROR, "unexpected indent", last.line());
        }
        if (last.type() == Type.DEDENT) {
            throw new PySyntaxError(PySyntaxError.Type.INDENTATION_ERROR, "unexpected unindent", last.line());
        }
        throw scanRest(PySyntaxError.at(last.line(), "invalid syntax"));
    }

    /**
     * A parser error stands as it is when the tokenizer has already read the end of the input ({@code is_tok_ok} is
     * false in {@code _PyPegen_set_syntax_error}); else the rest of the input is scanned.
     */
    private PySyntaxError scanRestUnlessAtEof(PySyntaxError error) {
        return tokenizer.atEof() ? error : scanRest(error);
    }

    /**
     * {@code _PyPegen_tokenize_full_source_to_check_for_errors}: a tokenizer error in the rest of the input replaces
     * a parser error; an unclosed bracket replaces it when the bracket opened on an earlier line.
     */
    private PySyntaxError scanRest(PySyntaxError error) {
        int errorLine = tokens.isEmpty() ? 0 : tokens.get(tokens.size() - 1).line();
        while (true) {
            try {
                if (tokenizer.next().type() == Type.ENDMARKER) return error;
            } catch (PySyntaxError e) {
                return e;
            } catch (PyTokenizer.ErrorToken e) {
                if (tokenizer.level() > 0 && errorLine > tokenizer.openBracketLine()) return unclosed();
                return error;
            }
        }
    }

    private PySyntaxError unclosed() {
        return PySyntaxError.at(tokenizer.openBracketLine(), "'" + (char) tokenizer.openBracket() + "' was never closed");
    }

    // ------------------------------------------------------------------------------------------- tokens and state

    private PyToken tok(int i) {
        while (tokens.size() <= i) fill();
        return tokens.get(i);
    }

    private void fill() {
        try {
            tokens.add(tokenizer.next());
        } catch (PySyntaxError e) {
            throw new Abort(e, true);
        } catch (PyTokenizer.ErrorToken e) {
            throw new Abort(switch (e.kind) {
                case LINE_CONTINUATION -> PySyntaxError.at(tokenizer.lineno(),
                        "unexpected character after line continuation character");
                case DEDENT -> new PySyntaxError(PySyntaxError.Type.INDENTATION_ERROR,
                        "unindent does not match any outer indentation level", tokenizer.lineno());
                case EOF -> tokenizer.level() > 0 ? unclosed()
                        : PySyntaxError.at(tokenizer.lineno(), "unexpected EOF while parsing");
            }, true);
        }
    }

    private PyToken peek() {
        return tok(mark);
    }

    /** Consumes the operator or keyword {@code s}; null (nothing consumed) when the next token is another. */
    private PyToken expect(String s) {
        PyToken t = tok(mark);
        if (t.is(s)) {
            mark++;
            return t;
        }
        return null;
    }

    private boolean lookahead(String s) {
        return tok(mark).is(s);
    }

    private PyToken expectType(Type type) {
        PyToken t = tok(mark);
        if (t.type() == type) {
            mark++;
            return t;
        }
        return null;
    }

    private <T> T at(T node, int line) {
        lines.put(node, line);
        return node;
    }

    private int lineOf(Object node) {
        Integer l = lines.get(node);
        return l == null ? 0 : l;
    }

    private int lineAt(int tokenIndex) {
        return tok(tokenIndex).line();
    }

    /** A specialised error raised by an {@code invalid_*} rule at a line. */
    private Abort raise(int line, String msg) {
        return new Abort(PySyntaxError.at(line, msg), false);
    }

    /** {@code RAISE_SYNTAX_ERROR}: at the last token read. */
    private Abort raiseAtLastToken(String msg) {
        return raise(tokens.get(tokens.size() - 1).line(), msg);
    }

    private void enter() {
        if (++level > MAX_STACK) {
            throw new Abort(new PySyntaxError(PySyntaxError.Type.MEMORY_ERROR, "", -1), false);
        }
    }

    /** Runs a rule with CPython's per-position memo (results and end positions; failures too). */
    private PyNode memo(int rule, Supplier<PyNode> body) {
        long key = ((long) rule << 32) | mark;
        Object[] m = memo.get(key);
        if (m != null) {
            mark = (int) m[1];
            return m[0] == FAIL ? null : (PyNode) m[0];
        }
        int start = mark;
        PyNode r = body.get();
        if (r == null) mark = start;
        memo.put(key, new Object[]{r == null ? FAIL : r, mark});
        return r;
    }

    /** Runs a rule body counting its depth, and restores the position when it fails. */
    private <T> T rule(Supplier<T> body) {
        enter();
        int start = mark;
        try {
            T r = body.get();
            if (r == null) mark = start;
            return r;
        } finally {
            level--;
        }
    }

    // ------------------------------------------------------------------------------------------- eval, expressions

    /** {@code eval: expressions NEWLINE* ENDMARKER}. */
    private PyNode evalRule() {
        return rule(() -> {
            PyNode a = expressions();
            if (a == null) return null;
            while (expectType(Type.NEWLINE) != null) {
                // NEWLINE*
            }
            return expectType(Type.ENDMARKER) != null ? a : null;
        });
    }

    /** {@code expressions}: a tuple without brackets, or one expression. */
    private PyNode expressions() {
        return rule(() -> bareTuple(this::expression));
    }

    /**
     * The shape of {@code expressions} and {@code star_expressions}:
     * {@code elem (',' elem)+ [','] | elem ',' | elem}.
     */
    private PyNode bareTuple(Supplier<PyNode> elem) {
        int start = mark;
        PyNode a = elem.get();
        if (a != null) {
            List<PyNode> items = commaContinuation(a, elem);
            if (items.size() > 1) {
                expect(",");
                return at(new PyNode.TupleExpr(items), lineOf(a));
            }
        }
        mark = start;
        a = elem.get();
        if (a != null && expect(",") != null) return at(new PyNode.TupleExpr(List.of(a)), lineOf(a));
        mark = start;
        return elem.get();
    }

    /** {@code first (',' elem)*}: the elements (the position stays after the last element). */
    private List<PyNode> commaContinuation(PyNode first, Supplier<PyNode> elem) {
        List<PyNode> items = new ArrayList<>();
        items.add(first);
        while (true) {
            int save = mark;
            if (expect(",") == null) break;
            PyNode c = elem.get();
            if (c == null) {
                mark = save;
                break;
            }
            items.add(c);
        }
        return items;
    }

    /** {@code ','.elem+}: null when there is no first element. */
    private List<PyNode> gather(Supplier<PyNode> elem) {
        PyNode first = elem.get();
        return first == null ? null : commaContinuation(first, elem);
    }

    private static final int R_EXPRESSION = 1;

    /** {@code expression (memo)}. */
    private PyNode expression() {
        return memo(R_EXPRESSION, () -> rule(() -> {
            int start = mark;
            if (invalidRules) {
                invalidExpression();
                mark = start;
                invalidLegacyExpression();
                mark = start;
            }
            return validExpression(start);
        }));
    }

    /**
     * The valid alternatives of {@code expression}:
     * {@code disjunction 'if' disjunction 'else' expression | disjunction | lambdef}.
     */
    private PyNode validExpression(int start) {
        PyNode a = disjunction();
        if (a != null && expect("if") != null) {
            PyNode b = disjunction();
            if (b != null && expect("else") != null) {
                PyNode c = expression();
                if (c != null) return at(new PyNode.IfExp(b, a, c), lineOf(a));
            }
        }
        mark = start;
        PyNode d = disjunction();
        if (d != null) return d;
        mark = start;
        return lambdef();
    }

    /** {@code expression_without_invalid}: an expression with the invalid rules switched off below it. */
    private PyNode expressionWithoutInvalid() {
        boolean saved = invalidRules;
        invalidRules = false;
        try {
            return rule(() -> validExpression(mark));
        } finally {
            invalidRules = saved;
        }
    }

    /** {@code invalid_expression}: a missing comma, or an 'if' without 'else'. Never returns a node. */
    private void invalidExpression() {
        rule(() -> {
            int start = mark;
            boolean blocked = (tok(mark).type() == Type.NAME && tok(mark + 1).type() == Type.STRING)
                    || (tok(mark).type() == Type.NAME && isSoftKeyword(tok(mark).text()));
            if (!blocked) {
                PyNode a = disjunction();
                if (a != null) {
                    PyNode b = expressionWithoutInvalid();
                    if (b != null) {
                        if (isLegacy(a) || tok(mark - 1).level() == 0) return null;
                        throw raise(lineOf(a), "invalid syntax. Perhaps you forgot a comma?");
                    }
                }
            }
            mark = start;
            PyNode a = disjunction();
            if (a != null && expect("if") != null) {
                PyNode b = disjunction();
                if (b != null && !lookahead("else") && !lookahead(":")) {
                    throw raise(lineOf(a), "expected 'else' after 'if' expression");
                }
            }
            return null;
        });
    }

    /**
     * {@code _PyPegen_soft_keyword_token}: compares only the token's length ({@code strncmp}), so any prefix of a soft
     * keyword counts ({@code c}, {@code ma}, ...), a CPython quirk that decides whether the "forgot a comma" hint shows.
     */
    private static boolean isSoftKeyword(String name) {
        for (String k : SOFT_KEYWORDS) if (k.startsWith(name)) return true;
        return false;
    }

    private static boolean isLegacy(PyNode a) {
        return a instanceof PyNode.Name n && (n.id().equals("print") || n.id().equals("exec"));
    }

    /** {@code invalid_legacy_expression}: {@code print x}. */
    private void invalidLegacyExpression() {
        rule(() -> {
            PyToken t = expectType(Type.NAME);
            if (t == null || lookahead("(")) return null;
            PyNode b = starExpressions();
            if (b == null) return null;
            String id = PyStrings.identifier(t.text());
            if (id.equals("print") || id.equals("exec")) {
                throw raise(t.line(), "Missing parentheses in call to '" + id + "'. Did you mean " + id + "(...)?");
            }
            return null;
        });
    }

    /** {@code yield_expr}. */
    private PyNode yieldExpr() {
        return rule(() -> {
            PyToken y = expect("yield");
            if (y == null) return null;
            int afterYield = mark;
            if (expect("from") != null) {
                PyNode a = expression();
                if (a != null) return at(new PyNode.Yield(a, true), y.line());
            }
            mark = afterYield;
            PyNode a = starExpressions();
            return at(new PyNode.Yield(a, false), y.line());
        });
    }

    /** {@code star_expressions}. */
    private PyNode starExpressions() {
        return rule(() -> bareTuple(this::starExpression));
    }

    private static final int R_STAR_EXPRESSION = 2;

    /** {@code star_expression (memo)}: {@code '*' bitwise_or | expression}. */
    private PyNode starExpression() {
        return memo(R_STAR_EXPRESSION, () -> rule(() -> {
            PyNode s = starredBitwiseOr();
            return s != null ? s : expression();
        }));
    }

    /** {@code '*' bitwise_or} → Starred. */
    private PyNode starredBitwiseOr() {
        return rule(() -> {
            PyToken star = expect("*");
            if (star == null) return null;
            PyNode a = bitwiseOr();
            return a == null ? null : at(new PyNode.Starred(a), star.line());
        });
    }

    /** {@code star_named_expressions: ','.star_named_expression+ [',']}. */
    private List<PyNode> starNamedExpressions() {
        enter();
        int start = mark;
        try {
            List<PyNode> items = gather(this::starNamedExpression);
            if (items == null) {
                mark = start;
                return null;
            }
            expect(",");
            return items;
        } finally {
            level--;
        }
    }

    /** {@code star_named_expression: '*' bitwise_or | named_expression}. */
    private PyNode starNamedExpression() {
        return rule(() -> {
            PyNode s = starredBitwiseOr();
            return s != null ? s : namedExpression();
        });
    }

    /** {@code assignment_expression: NAME ':=' ~ expression}. */
    private PyNode assignmentExpression() {
        return rule(() -> {
            PyToken n = expectType(Type.NAME);
            if (n == null || expect(":=") == null) return null;
            PyNode b = expression();
            if (b == null) return null;
            PyNode.Name target = at(new PyNode.Name(PyStrings.identifier(n.text())), n.line());
            return at(new PyNode.NamedExpr(target, b), n.line());
        });
    }

    /** {@code named_expression}. */
    private PyNode namedExpression() {
        return rule(() -> {
            int start = mark;
            PyNode a = assignmentExpression();
            if (a != null) return a;
            if (invalidRules) {
                invalidNamedExpression();
                mark = start;
            }
            PyNode e = expression();
            if (e != null && !lookahead(":=")) return e;
            return null;
        });
    }

    private static final int R_INVALID_NAMED = 3;

    /** {@code invalid_named_expression (memo)}. */
    private void invalidNamedExpression() {
        memo(R_INVALID_NAMED, () -> rule(() -> {
            int start = mark;
            PyNode a = expression();
            if (a != null && expect(":=") != null && expression() != null) {
                throw raise(lineOf(a), "cannot use assignment expressions with " + PyExprNames.of(a));
            }
            mark = start;
            PyToken n = expectType(Type.NAME);
            if (n != null && expect("=") != null) {
                PyNode b = bitwiseOr();
                if (b != null && !lookahead("=") && !lookahead(":=")) {
                    throw raise(n.line(), "invalid syntax. Maybe you meant '==' or ':=' instead of '='?");
                }
            }
            mark = start;
            if (!startsListTupleGenexpOrConstant()) {
                mark = start;
                PyNode x = bitwiseOr();
                if (x != null && expect("=") != null && bitwiseOr() != null && !lookahead("=") && !lookahead(":=")) {
                    throw raise(lineOf(x), "cannot assign to " + PyExprNames.of(x)
                            + " here. Maybe you meant '==' instead of '='?");
                }
            }
            return null;
        }));
    }

    /** {@code &(list|tuple|genexp|'True'|'None'|'False')} (consumes on success; the caller resets). */
    private boolean startsListTupleGenexpOrConstant() {
        int start = mark;
        if (list() != null) return true;
        mark = start;
        if (tuple() != null) return true;
        mark = start;
        if (genexp() != null) return true;
        mark = start;
        return expect("True") != null || expect("None") != null || expect("False") != null;
    }

    // ------------------------------------------------------------------------------------------- boolean, compare

    private static final int R_DISJUNCTION = 4;
    private static final int R_CONJUNCTION = 5;
    private static final int R_INVERSION = 6;

    /** {@code disjunction (memo)}. */
    private PyNode disjunction() {
        return memo(R_DISJUNCTION, () -> boolOp("or", this::conjunction));
    }

    /** {@code conjunction (memo)}. */
    private PyNode conjunction() {
        return memo(R_CONJUNCTION, () -> boolOp("and", this::inversion));
    }

    private PyNode boolOp(String op, Supplier<PyNode> operand) {
        return rule(() -> {
            PyNode a = operand.get();
            if (a == null) return null;
            List<PyNode> values = new ArrayList<>();
            values.add(a);
            while (true) {
                int save = mark;
                if (expect(op) == null) break;
                PyNode c = operand.get();
                if (c == null) {
                    mark = save;
                    break;
                }
                values.add(c);
            }
            return values.size() == 1 ? a : at(new PyNode.BoolOp(op, values), lineOf(a));
        });
    }

    /** {@code inversion (memo): 'not' inversion | comparison}. */
    private PyNode inversion() {
        return memo(R_INVERSION, () -> rule(() -> {
            int start = mark;
            PyToken not = expect("not");
            if (not != null) {
                PyNode a = inversion();
                if (a != null) return at(new PyNode.Unary("not", a), not.line());
            }
            mark = start;
            return comparison();
        }));
    }

    /** {@code comparison: bitwise_or compare_op_bitwise_or_pair+ | bitwise_or}. */
    private PyNode comparison() {
        return rule(() -> {
            PyNode a = bitwiseOr();
            if (a == null) return null;
            List<String> ops = new ArrayList<>();
            List<PyNode> rights = new ArrayList<>();
            while (true) {
                int save = mark;
                String op = compareOp();
                PyNode b = op == null ? null : bitwiseOr();
                if (b == null) {
                    mark = save;
                    break;
                }
                ops.add(op);
                rights.add(b);
            }
            return ops.isEmpty() ? a : at(new PyNode.Compare(a, ops, rights), lineOf(a));
        });
    }

    /** The operator of {@code compare_op_bitwise_or_pair}, consumed; null when none ({@code <>} is none). */
    private String compareOp() {
        PyToken t = peek();
        for (String op : COMPARE_OPS) {
            if (t.is(op)) {
                mark++;
                return op;
            }
        }
        if (t.is("not") && tok(mark + 1).is("in")) {
            mark += 2;
            return "not in";
        }
        if (t.is("in")) {
            mark++;
            return "in";
        }
        if (t.is("is")) {
            mark++;
            if (expect("not") != null) return "is not";
            return "is";
        }
        return null;
    }

    // ------------------------------------------------------------------------------------------- arithmetic

    private static final int R_BITWISE_OR = 7;

    /** {@code bitwise_or} (left-recursive, memo). */
    private PyNode bitwiseOr() {
        return memo(R_BITWISE_OR, () -> binaryLoop(new String[]{"|"}, this::bitwiseXor));
    }

    private PyNode bitwiseXor() {
        return binaryLoop(new String[]{"^"}, this::bitwiseAnd);
    }

    private PyNode bitwiseAnd() {
        return binaryLoop(new String[]{"&"}, this::shiftExpr);
    }

    private PyNode shiftExpr() {
        return binaryLoop(new String[]{"<<", ">>"}, this::sum);
    }

    private PyNode sum() {
        return binaryLoop(new String[]{"+", "-"}, this::term);
    }

    private PyNode term() {
        return binaryLoop(new String[]{"*", "/", "//", "%", "@"}, this::factor);
    }

    /** A left-recursive binary rule as a loop: {@code operand (op operand)*}, left-associative. */
    private PyNode binaryLoop(String[] ops, Supplier<PyNode> operand) {
        return rule(() -> {
            PyNode left = operand.get();
            if (left == null) return null;
            while (true) {
                int save = mark;
                String op = null;
                for (String o : ops) {
                    if (peek().is(o)) {
                        op = o;
                        break;
                    }
                }
                if (op == null) break;
                mark++;
                PyNode right = operand.get();
                if (right == null) {
                    mark = save;
                    break;
                }
                left = at(new PyNode.Binary(op, left, right), lineOf(left));
            }
            return left;
        });
    }

    private static final int R_FACTOR = 8;

    /** {@code factor (memo): '+' factor | '-' factor | '~' factor | power}. */
    private PyNode factor() {
        return memo(R_FACTOR, () -> rule(() -> {
            int start = mark;
            PyToken t = peek();
            if (t.is("+") || t.is("-") || t.is("~")) {
                mark++;
                PyNode a = factor();
                if (a != null) return at(new PyNode.Unary(t.text(), a), t.line());
            }
            mark = start;
            return power();
        }));
    }

    /** {@code power: await_primary '**' factor | await_primary}. */
    private PyNode power() {
        return rule(() -> {
            int start = mark;
            PyNode a = awaitPrimary();
            if (a != null && expect("**") != null) {
                PyNode b = factor();
                if (b != null) return at(new PyNode.Binary("**", a, b), lineOf(a));
            }
            mark = start;
            return awaitPrimary();
        });
    }

    private static final int R_AWAIT_PRIMARY = 9;

    /** {@code await_primary (memo): AWAIT primary | primary}. */
    private PyNode awaitPrimary() {
        return memo(R_AWAIT_PRIMARY, () -> rule(() -> {
            int start = mark;
            PyToken aw = expect("await");
            if (aw != null) {
                PyNode a = primary();
                if (a != null) return at(new PyNode.Await(a), aw.line());
            }
            mark = start;
            return primary();
        }));
    }

    private static final int R_PRIMARY = 10;

    /** {@code primary} (left-recursive): an atom, then attribute, call, generator-call and subscript trailers. */
    private PyNode primary() {
        return memo(R_PRIMARY, () -> rule(() -> {
            PyNode a = atom();
            if (a == null) return null;
            while (true) {
                PyNode next = trailer(a, false);
                if (next == null) return a;
                a = next;
            }
        }));
    }

    /**
     * One trailer after {@code a}: {@code '.' NAME | genexp | '(' [arguments] ')' | '[' slices ']'} (in that order);
     * for {@code t_primary} each must be followed by {@code t_lookahead}. Null (position unchanged) when none.
     */
    private PyNode trailer(PyNode a, boolean targetLookahead) {
        int start = mark;
        int line = lineOf(a);
        if (expect(".") != null) {
            PyToken n = expectType(Type.NAME);
            if (n != null && (!targetLookahead || tLookahead())) {
                return at(new PyNode.Attribute(a, PyStrings.identifier(n.text())), line);
            }
        }
        mark = start;
        PyNode g = genexp();
        if (g != null && (!targetLookahead || tLookahead())) return at(new PyNode.Call(a, List.of(g), List.of()), line);
        mark = start;
        if (expect("(") != null) {
            int argsStart = mark;
            PyNode.Call args = arguments();
            if (args == null) mark = argsStart;
            if (expect(")") != null && (!targetLookahead || tLookahead())) {
                return at(args == null ? new PyNode.Call(a, List.of(), List.of())
                        : new PyNode.Call(a, args.args(), args.keywords()), line);
            }
        }
        mark = start;
        if (expect("[") != null) {
            PyNode s = slices();
            if (s != null && expect("]") != null && (!targetLookahead || tLookahead())) {
                return at(new PyNode.Subscript(a, s), line);
            }
        }
        mark = start;
        return null;
    }

    private boolean tLookahead() {
        return lookahead("(") || lookahead("[") || lookahead(".");
    }

    /** {@code slices: slice !',' | ','.(slice | starred_expression)+ [',']}. */
    private PyNode slices() {
        return rule(() -> {
            int start = mark;
            PyNode a = slice();
            if (a != null && !lookahead(",")) return a;
            mark = start;
            List<PyNode> items = gather(() -> {
                int s = mark;
                PyNode x = slice();
                if (x != null) return x;
                mark = s;
                return starredExpression();
            });
            if (items == null) return null;
            expect(",");
            return at(new PyNode.TupleExpr(items), lineOf(items.get(0)));
        });
    }

    /** {@code slice: [expression] ':' [expression] [':' [expression]] | named_expression}. */
    private PyNode slice() {
        return rule(() -> {
            int start = mark;
            int line = peek().line();
            PyNode lower = expression();
            if (lower == null) mark = start;
            if (expect(":") != null) {
                int s = mark;
                PyNode upper = expression();
                if (upper == null) mark = s;
                PyNode step = null;
                s = mark;
                if (expect(":") != null) {
                    int s2 = mark;
                    step = expression();
                    if (step == null) mark = s2;
                } else {
                    mark = s;
                }
                return at(new PyNode.Slice(lower, upper, step), line);
            }
            mark = start;
            return namedExpression();
        });
    }

    // ------------------------------------------------------------------------------------------- atoms

    /** {@code atom}. */
    private PyNode atom() {
        if (mark == leadingAtom && !invalidRules) {
            invalidRules = true;
            try {
                return atom();
            } finally {
                invalidRules = false;
            }
        }
        return rule(() -> {
            PyToken t = peek();
            switch (t.type()) {
                case NAME -> {
                    mark++;
                    return at(new PyNode.Name(PyStrings.identifier(t.text())), t.line());
                }
                case STRING -> {
                    return strings();
                }
                case NUMBER -> {
                    mark++;
                    return at(new PyNode.Const(PyStrings.number(t)), t.line());
                }
                default -> {
                    return atomOp(t);
                }
            }
        });
    }

    private PyNode atomOp(PyToken t) {
        if (t.is("True") || t.is("False") || t.is("None") || t.is("...")) {
            mark++;
            Object v = t.is("True") ? Boolean.TRUE : t.is("False") ? Boolean.FALSE : t.is("None") ? null
                    : Py.ELLIPSIS;
            return at(new PyNode.Const(v), t.line());
        }
        int start = mark;
        List<Supplier<PyNode>> choices;
        if (t.is("(")) choices = List.of(this::tuple, this::group, this::genexp);
        else if (t.is("[")) choices = List.of(this::list, this::listcomp);
        else if (t.is("{")) choices = List.of(this::dict, this::set, this::dictcomp, this::setcomp);
        else return null;
        for (Supplier<PyNode> choice : choices) {
            mark = start;
            PyNode r = choice.get();
            if (r != null) return r;
        }
        return null;
    }

    private static final int R_STRINGS = 11;

    /** {@code strings (memo): STRING+}, concatenated (decode errors abort as CPython's do). */
    private PyNode strings() {
        return memo(R_STRINGS, () -> rule(() -> {
            List<PyToken> parts = new ArrayList<>();
            PyToken t;
            while ((t = expectType(Type.STRING)) != null) parts.add(t);
            if (parts.isEmpty()) return null;
            peek(); // CPython's loop reads the token after the last STRING before the action runs
            return at(PyStrings.concatenate(parts, tokens.get(tokens.size() - 1).line(), this), parts.get(0).line());
        }));
    }

    /** Parses the expression of an f-string replacement field ({@code fstring_compile_expr}). */
    PyNode fstringExpression(String expr, int line) {
        try {
            return PyParser.parse("(" + expr + ")").tree();
        } catch (PySyntaxError e) {
            String msg = e.msg();
            throw raise(line, msg.startsWith("f-string") ? msg : "f-string: " + msg);
        }
    }

    /** Raises an error at a line while strings are concatenated ({@code RAISE_SYNTAX_ERROR...}). */
    Abort stringError(int line, String msg) {
        return raise(line, msg);
    }

    /** {@code group: '(' (yield_expr | named_expression) ')' | invalid_group}. */
    private PyNode group() {
        return rule(() -> {
            int start = mark;
            if (expect("(") != null) {
                int s = mark;
                PyNode a = yieldExpr();
                if (a == null) {
                    mark = s;
                    a = namedExpression();
                }
                if (a != null && expect(")") != null) return a;
            }
            mark = start;
            if (invalidRules) invalidGroup();
            return null;
        });
    }

    /** {@code invalid_group}: starred expressions in brackets. */
    private void invalidGroup() {
        rule(() -> {
            int start = mark;
            if (expect("(") != null) {
                PyNode a = starredExpression();
                if (a != null && expect(")") != null) throw raise(lineOf(a), "cannot use starred expression here");
            }
            mark = start;
            if (expect("(") != null) {
                PyToken a = expect("**");
                if (a != null && expression() != null && expect(")") != null) {
                    throw raise(a.line(), "cannot use double starred expression here");
                }
            }
            return null;
        });
    }

    /** {@code tuple: '(' [star_named_expression ',' [star_named_expressions]] ')'}. */
    private PyNode tuple() {
        return rule(() -> {
            PyToken open = expect("(");
            if (open == null) return null;
            List<PyNode> items = new ArrayList<>();
            int s = mark;
            PyNode y = starNamedExpression();
            if (y != null && expect(",") != null) {
                items.add(y);
                int s2 = mark;
                List<PyNode> z = starNamedExpressions();
                if (z != null) items.addAll(z);
                else mark = s2;
            } else {
                mark = s;
            }
            if (expect(")") == null) return null;
            return at(new PyNode.TupleExpr(items), open.line());
        });
    }

    /** {@code list: '[' [star_named_expressions] ']'}. */
    private PyNode list() {
        return rule(() -> {
            PyToken open = expect("[");
            if (open == null) return null;
            int s = mark;
            List<PyNode> items = starNamedExpressions();
            if (items == null) {
                mark = s;
                items = List.of();
            }
            if (expect("]") == null) return null;
            return at(new PyNode.ListExpr(items), open.line());
        });
    }

    /** {@code set: '{' star_named_expressions '}'}. */
    private PyNode set() {
        return rule(() -> {
            PyToken open = expect("{");
            if (open == null) return null;
            List<PyNode> items = starNamedExpressions();
            if (items == null || expect("}") == null) return null;
            return at(new PyNode.SetExpr(items), open.line());
        });
    }

    /** {@code dict: '{' [double_starred_kvpairs] '}' | '{' invalid_double_starred_kvpairs '}'}. */
    private PyNode dict() {
        return rule(() -> {
            int start = mark;
            PyToken open = expect("{");
            if (open == null) return null;
            int s = mark;
            List<PyNode[]> pairs = doubleStarredKvpairs();
            if (pairs == null) {
                mark = s;
                pairs = List.of();
            }
            if (expect("}") != null) {
                List<PyNode> keys = new ArrayList<>();
                List<PyNode> values = new ArrayList<>();
                for (PyNode[] kv : pairs) {
                    keys.add(kv[0]);
                    values.add(kv[1]);
                }
                return at(new PyNode.DictExpr(keys, values), open.line());
            }
            mark = start;
            if (invalidRules && expect("{") != null) invalidDoubleStarredKvpairs();
            return null;
        });
    }

    /** {@code double_starred_kvpairs: ','.double_starred_kvpair+ [',']}. */
    private List<PyNode[]> doubleStarredKvpairs() {
        enter();
        try {
            int start = mark;
            List<PyNode[]> out = gatherPairs();
            if (out == null) {
                mark = start;
                return null;
            }
            expect(",");
            return out;
        } finally {
            level--;
        }
    }

    private List<PyNode[]> gatherPairs() {
        PyNode[] first = doubleStarredKvpair();
        if (first == null) return null;
        List<PyNode[]> out = new ArrayList<>();
        out.add(first);
        while (true) {
            int save = mark;
            if (expect(",") == null) break;
            PyNode[] kv = laterPair();
            if (kv == null) {
                mark = save;
                break;
            }
            out.add(kv);
        }
        return out;
    }

    /**
     * A pair after the first in a dict display. CPython 3.11.7 does not raise the {@code invalid_*} errors of such a
     * key's expression ("Perhaps you forgot a comma?", "expected 'else'...") except inside a bracketed atom that
     * starts the key, so a missing colon there is reported by {@code invalid_kvpair} as "':' expected after
     * dictionary key" ({@code {'a': 1, 'b' 2}}), while the first key reports the missing comma (a leading lambda's
     * parameter errors are raised too). Measured with
     * CPython 3.11.7 (the grammar alone would give the comma error); emulated by parsing the key once with the
     * invalid rules off, which memoises it as CPython's parse evidently does.
     */
    private PyNode[] laterPair() {
        if (invalidRules) {
            int start = mark;
            int lead = start;
            while (tok(lead).is("-") || tok(lead).is("+") || tok(lead).is("~") || tok(lead).is("not")) lead++;
            boolean bracket = tok(lead).is("(") || tok(lead).is("[") || tok(lead).is("{") || tok(lead).is("lambda");
            invalidRules = false;
            leadingAtom = bracket ? lead : -1;
            try {
                expression();
            } finally {
                invalidRules = true;
                leadingAtom = -1;
                mark = start;
            }
        }
        return doubleStarredKvpair();
    }

    /** {@code double_starred_kvpair: '**' bitwise_or | kvpair}: {key or null, value}. */
    private PyNode[] doubleStarredKvpair() {
        enter();
        int start = mark;
        try {
            if (expect("**") != null) {
                PyNode a = bitwiseOr();
                if (a != null) return new PyNode[]{null, a};
            }
            mark = start;
            PyNode[] kv = kvpair();
            if (kv == null) mark = start;
            return kv;
        } finally {
            level--;
        }
    }

    /** {@code kvpair: expression ':' expression}. */
    private PyNode[] kvpair() {
        enter();
        int start = mark;
        try {
            PyNode a = expression();
            if (a != null && expect(":") != null) {
                PyNode b = expression();
                if (b != null) return new PyNode[]{a, b};
            }
            mark = start;
            return null;
        } finally {
            level--;
        }
    }

    /** {@code invalid_double_starred_kvpairs} (after the opening brace). */
    private void invalidDoubleStarredKvpairs() {
        rule(() -> {
            int start = mark;
            if (gatherPairs() != null && expect(",") != null) invalidKvpair();
            invalidKvValue(start);
            return null;
        });
    }

    /** {@code invalid_kvpair}. */
    private void invalidKvpair() {
        rule(() -> {
            int start = mark;
            PyNode a = expression();
            if (a != null && !lookahead(":")) throw raise(lineOf(a), "':' expected after dictionary key");
            invalidKvValue(start);
            return null;
        });
    }

    /**
     * The two alternatives {@code invalid_double_starred_kvpairs} and {@code invalid_kvpair} share: a starred
     * dictionary value, and a key with ':' but no value. Rewinds to {@code start} before each.
     */
    private void invalidKvValue(int start) {
        mark = start;
        if (expression() != null && expect(":") != null) {
            PyToken star = expect("*");
            if (star != null && bitwiseOr() != null) {
                throw raise(star.line(), "cannot use a starred expression in a dictionary value");
            }
        }
        mark = start;
        if (expression() != null) {
            PyToken colon = expect(":");
            if (colon != null && (lookahead("}") || lookahead(","))) {
                throw raise(colon.line(), "expression expected after dictionary key and ':'");
            }
        }
    }

    // ------------------------------------------------------------------------------------------- comprehensions

    /** {@code for_if_clauses: for_if_clause+}. */
    private List<PyNode.Comprehension> forIfClauses() {
        enter();
        try {
            List<PyNode.Comprehension> out = new ArrayList<>();
            while (true) {
                int save = mark;
                PyNode.Comprehension c = forIfClause();
                if (c == null) {
                    mark = save;
                    break;
                }
                out.add(c);
            }
            return out.isEmpty() ? null : out;
        } finally {
            level--;
        }
    }

    /** {@code for_if_clause}, with its cut after 'in'. */
    private PyNode.Comprehension forIfClause() {
        enter();
        int start = mark;
        try {
            boolean isAsync = expect("async") != null;
            if (expect("for") != null) {
                PyNode target = starTargets();
                if (target != null && expect("in") != null) {
                    PyNode iter = disjunction();
                    if (iter == null) {
                        mark = start;
                        return null; // the cut: no other alternative
                    }
                    List<PyNode> ifs = new ArrayList<>();
                    while (true) {
                        int save = mark;
                        if (expect("if") == null) break;
                        PyNode cond = disjunction();
                        if (cond == null) {
                            mark = save;
                            break;
                        }
                        ifs.add(cond);
                    }
                    return new PyNode.Comprehension(target, iter, ifs, isAsync);
                }
            }
            mark = start;
            if (invalidRules) invalidForTarget();
            mark = start;
            return null;
        } finally {
            level--;
        }
    }

    /** {@code invalid_for_target: ASYNC? 'for' star_expressions}. */
    private void invalidForTarget() {
        rule(() -> {
            expect("async");
            if (expect("for") == null) return null;
            PyNode a = starExpressions();
            if (a == null) return null;
            PyNode bad = PyExprNames.invalidTarget(a, true);
            if (bad != null) throw raise(lineOf(bad), "cannot assign to " + PyExprNames.of(bad));
            return null;
        });
    }

    /** {@code listcomp: '[' named_expression for_if_clauses ']' | invalid_comprehension}. */
    private PyNode listcomp() {
        return comprehension("[", "]", "list");
    }

    /** {@code setcomp: '{' named_expression for_if_clauses '}' | invalid_comprehension}. */
    private PyNode setcomp() {
        return comprehension("{", "}", "set");
    }

    private PyNode comprehension(String open, String close, String kind) {
        return rule(() -> {
            int start = mark;
            PyToken o = expect(open);
            if (o != null) {
                PyNode elt = namedExpression();
                List<PyNode.Comprehension> gens = elt == null ? null : forIfClauses();
                if (gens != null && expect(close) != null) return at(new PyNode.Comp(kind, elt, gens), o.line());
            }
            mark = start;
            if (invalidRules) invalidComprehension();
            return null;
        });
    }

    /** {@code genexp: '(' (assignment_expression | expression !':=') for_if_clauses ')' | invalid_comprehension}. */
    private PyNode genexp() {
        return rule(() -> {
            int start = mark;
            PyToken o = expect("(");
            if (o != null) {
                int s = mark;
                PyNode elt = assignmentExpression();
                if (elt == null) {
                    mark = s;
                    elt = expression();
                    if (elt != null && lookahead(":=")) elt = null;
                }
                List<PyNode.Comprehension> gens = elt == null ? null : forIfClauses();
                if (gens != null && expect(")") != null) return at(new PyNode.Comp("generator", elt, gens), o.line());
            }
            mark = start;
            if (invalidRules) invalidComprehension();
            return null;
        });
    }

    /** {@code invalid_comprehension}. */
    private void invalidComprehension() {
        rule(() -> {
            int start = mark;
            if (expect("[") != null || expect("(") != null || expect("{") != null) {
                PyNode a = starredExpression();
                if (a != null && forIfClauses() != null) {
                    throw raise(lineOf(a), "iterable unpacking cannot be used in comprehension");
                }
            }
            mark = start;
            if (expect("[") != null || expect("{") != null) {
                PyNode a = starNamedExpression();
                if (a != null && expect(",") != null) {
                    int s = mark;
                    List<PyNode> b = starNamedExpressions();
                    if (b != null && forIfClauses() != null) {
                        throw raise(lineOf(a), "did you forget parentheses around the comprehension target?");
                    }
                    mark = s;
                    if (forIfClauses() != null) {
                        throw raise(lineOf(a), "did you forget parentheses around the comprehension target?");
                    }
                }
            }
            return null;
        });
    }

    /** {@code dictcomp: '{' kvpair for_if_clauses '}' | invalid_dict_comprehension}. */
    private PyNode dictcomp() {
        return rule(() -> {
            int start = mark;
            PyToken o = expect("{");
            if (o != null) {
                PyNode[] kv = kvpair();
                List<PyNode.Comprehension> gens = kv == null ? null : forIfClauses();
                if (gens != null && expect("}") != null) return at(new PyNode.DictComp(kv[0], kv[1], gens), o.line());
            }
            mark = start;
            if (invalidRules && expect("{") != null) {
                PyToken a = expect("**");
                if (a != null && bitwiseOr() != null && forIfClauses() != null && expect("}") != null) {
                    throw raise(a.line(), "dict unpacking cannot be used in dict comprehension");
                }
            }
            return null;
        });
    }

    // ------------------------------------------------------------------------------------------- targets

    /** {@code star_targets: star_target !',' | star_target (',' star_target)* [',']}. */
    private PyNode starTargets() {
        return rule(() -> {
            int start = mark;
            PyNode a = starTarget();
            if (a == null) return null;
            if (!lookahead(",")) return a;
            List<PyNode> items = commaContinuation(a, this::starTarget);
            expect(",");
            return at(new PyNode.TupleExpr(items), lineOf(a));
        });
    }

    private static final int R_STAR_TARGET = 12;
    private static final int R_TARGET_WITH_STAR_ATOM = 13;
    private static final int R_T_PRIMARY = 14;

    /** {@code star_target (memo): '*' (!'*' star_target) | target_with_star_atom}. */
    private PyNode starTarget() {
        return memo(R_STAR_TARGET, () -> rule(() -> {
            int start = mark;
            PyToken star = expect("*");
            if (star != null && !lookahead("*")) {
                PyNode a = starTarget();
                if (a != null) return at(new PyNode.Starred(a), star.line());
            }
            mark = start;
            return targetWithStarAtom();
        }));
    }

    /** {@code target_with_star_atom (memo)}. */
    private PyNode targetWithStarAtom() {
        return memo(R_TARGET_WITH_STAR_ATOM, () -> rule(() -> {
            int start = mark;
            PyNode a = tPrimary();
            if (a != null) {
                int s = mark;
                if (expect(".") != null) {
                    PyToken n = expectType(Type.NAME);
                    if (n != null && !tLookahead()) {
                        return at(new PyNode.Attribute(a, PyStrings.identifier(n.text())), lineOf(a));
                    }
                }
                mark = s;
                if (expect("[") != null) {
                    PyNode sl = slices();
                    if (sl != null && expect("]") != null && !tLookahead()) {
                        return at(new PyNode.Subscript(a, sl), lineOf(a));
                    }
                }
            }
            mark = start;
            return starAtom();
        }));
    }

    /** {@code star_atom}. */
    private PyNode starAtom() {
        return rule(() -> {
            int start = mark;
            PyToken n = expectType(Type.NAME);
            if (n != null) return at(new PyNode.Name(PyStrings.identifier(n.text())), n.line());
            PyToken open = expect("(");
            if (open != null) {
                PyNode a = targetWithStarAtom();
                if (a != null && expect(")") != null) return a;
                mark = start + 1;
                List<PyNode> seq = starTargetsTupleSeq();
                if (seq == null) mark = start + 1;
                if (expect(")") != null) return at(new PyNode.TupleExpr(seq == null ? List.of() : seq), open.line());
            }
            mark = start;
            open = expect("[");
            if (open != null) {
                int s = mark;
                List<PyNode> seq = gather(this::starTarget);
                if (seq != null) expect(",");
                else mark = s;
                if (expect("]") != null) return at(new PyNode.ListExpr(seq == null ? List.of() : seq), open.line());
            }
            return null;
        });
    }

    /** {@code star_targets_tuple_seq: star_target (',' star_target)+ [','] | star_target ','}. */
    private List<PyNode> starTargetsTupleSeq() {
        int start = mark;
        PyNode a = starTarget();
        if (a == null) return null;
        List<PyNode> items = commaContinuation(a, this::starTarget);
        if (items.size() > 1) {
            expect(",");
            return items;
        }
        mark = start;
        a = starTarget();
        if (a != null && expect(",") != null) return List.of(a);
        mark = start;
        return null;
    }

    /** {@code t_primary} (left-recursive): an atom or trailers, each followed by {@code t_lookahead}. */
    private PyNode tPrimary() {
        return memo(R_T_PRIMARY, () -> rule(() -> {
            PyNode a = atom();
            if (a == null || !tLookahead()) return null;
            while (true) {
                PyNode next = trailer(a, true);
                if (next == null) return a;
                a = next;
            }
        }));
    }

    // ------------------------------------------------------------------------------------------- lambda

    /**
     * {@code lambdef: 'lambda' [lambda_params] ':' expression}. A later dict key's leading lambda gets its parameter
     * errors even while the key is parsed without the invalid rules ({@link #laterPair}).
     */
    private PyNode lambdef() {
        boolean leading = mark == leadingAtom && !invalidRules;
        return rule(() -> {
            PyToken l = expect("lambda");
            if (l == null) return null;
            int s = mark;
            if (leading) invalidRules = true;
            PyNode.LambdaParams params;
            try {
                params = new PyLambdaParams(this).params();
            } finally {
                if (leading) invalidRules = false;
            }
            if (params == null) {
                mark = s;
                params = PyLambdaParams.EMPTY;
            }
            if (expect(":") == null) return null;
            PyNode body = expression();
            return body == null ? null : at(new PyNode.Lambda(params, body), l.line());
        });
    }

    /** What {@link PyLambdaParams} needs of the parser. */
    int position() {
        return mark;
    }

    void reset(int position) {
        mark = position;
    }

    boolean invalidRulesOn() {
        return invalidRules;
    }

    PyToken consume(String s) {
        return expect(s);
    }

    PyToken consumeName() {
        return expectType(Type.NAME);
    }

    boolean next(String s) {
        return lookahead(s);
    }

    PyNode parseExpression() {
        return expression();
    }

    Abort error(int line, String msg) {
        return raise(line, msg);
    }

    Abort errorAtLastToken(String msg) {
        return raiseAtLastToken(msg);
    }

    void enterRule() {
        enter();
    }

    void leaveRule() {
        level--;
    }

    // ------------------------------------------------------------------------------------------- call arguments

    private static final int R_ARGUMENTS = 15;

    /** {@code arguments (memo): args [','] &')' | invalid_arguments}. */
    private PyNode.Call arguments() {
        return (PyNode.Call) memo(R_ARGUMENTS, () -> rule(() -> {
            int start = mark;
            PyNode.Call a = args();
            if (a != null) {
                expect(",");
                if (lookahead(")")) return a;
            }
            mark = start;
            if (invalidRules) new PyCallArgs(this).invalidArguments();
            return null;
        }));
    }

    /** {@code args}: positional (and starred) arguments, then keyword arguments. */
    PyNode.Call args() {
        return rule(() -> new PyCallArgs(this).args());
    }

    /** {@code starred_expression: '*' expression}. */
    PyNode starredExpression() {
        return rule(() -> {
            PyToken star = expect("*");
            if (star == null) return null;
            PyNode a = expression();
            return a == null ? null : at(new PyNode.Starred(a), star.line());
        });
    }

    PyNode assignmentExpressionRule() {
        return assignmentExpression();
    }

    PyNode bitwiseOrRule() {
        return bitwiseOr();
    }

    List<PyNode.Comprehension> forIfClausesRule() {
        return forIfClauses();
    }

    PyToken tokenAt(int index) {
        return tok(index);
    }

    <T> T withLine(T node, int line) {
        return at(node, line);
    }

    int lineOfNode(Object node) {
        return lineOf(node);
    }
}
