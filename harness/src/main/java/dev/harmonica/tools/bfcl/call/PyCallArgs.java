package dev.harmonica.tools.bfcl.call;

import java.util.ArrayList;
import java.util.List;

/**
 * The call-argument rules of CPython 3.11's grammar for {@link PyParser}: {@code args}, {@code kwargs},
 * {@code kwarg_or_starred}, {@code kwarg_or_double_starred}, {@code invalid_kwarg} and {@code invalid_arguments}
 * (https://github.com/python/cpython/blob/3.11/Grammar/python.gram). The result of {@link #args()} is a
 * {@link PyNode.Call} without a function: positional and starred arguments, then keyword arguments.
 */
final class PyCallArgs {
    private final PyParser p;

    PyCallArgs(PyParser p) {
        this.p = p;
    }

    /** {@code args}: positional arguments with optional keyword arguments after them, or keyword arguments only. */
    PyNode.Call args() {
        int start = p.position();
        int line = p.tokenAt(start).line();
        List<PyNode> positional = gatherPositional();
        if (positional != null) {
            List<PyNode> kw = null;
            int save = p.position();
            if (p.consume(",") != null) kw = kwargs();
            if (kw == null) p.reset(save);
            return call(positional, kw == null ? List.of() : kw, line);
        }
        p.reset(start);
        List<PyNode> kw = kwargs();
        if (kw == null) return null;
        return call(List.of(), kw, line);
    }

    /** {@code _PyPegen_collect_call_seqs}: starred arguments among the keywords go after the positional ones. */
    private PyNode.Call call(List<PyNode> positional, List<PyNode> kwargs, int line) {
        List<PyNode> args = new ArrayList<>(positional);
        List<PyNode.Keyword> keywords = new ArrayList<>();
        for (PyNode k : kwargs) {
            if (k instanceof PyNode.Keyword kw) keywords.add(kw);
            else args.add(k);
        }
        return p.withLine(new PyNode.Call(null, args, keywords), line);
    }

    /** {@code ','.(starred_expression | (assignment_expression | expression !':=') !'=')+}. */
    private List<PyNode> gatherPositional() {
        PyNode first = positional();
        if (first == null) return null;
        List<PyNode> out = new ArrayList<>();
        out.add(first);
        while (true) {
            int save = p.position();
            if (p.consume(",") == null) break;
            PyNode next = positional();
            if (next == null) {
                p.reset(save);
                break;
            }
            out.add(next);
        }
        return out;
    }

    private PyNode positional() {
        int start = p.position();
        PyNode s = p.starredExpression();
        if (s != null) return s;
        p.reset(start);
        PyNode a = p.assignmentExpressionRule();
        if (a == null) {
            p.reset(start);
            a = p.parseExpression();
            if (a != null && p.next(":=")) a = null;
        }
        if (a != null && !p.next("=")) return a;
        p.reset(start);
        return null;
    }

    /**
     * {@code kwargs: ','.kwarg_or_starred+ ',' ','.kwarg_or_double_starred+ | ','.kwarg_or_starred+ |
     * ','.kwarg_or_double_starred+}.
     */
    private List<PyNode> kwargs() {
        p.enterRule();
        int start = p.position();
        try {
            List<PyNode> a = gather(true);
            if (a != null) {
                int save = p.position();
                if (p.consume(",") != null) {
                    List<PyNode> b = gather(false);
                    if (b != null) {
                        List<PyNode> out = new ArrayList<>(a);
                        out.addAll(b);
                        return out;
                    }
                }
                p.reset(save);
                return a;
            }
            p.reset(start);
            List<PyNode> b = gather(false);
            if (b == null) p.reset(start);
            return b;
        } finally {
            p.leaveRule();
        }
    }

    private List<PyNode> gather(boolean starred) {
        PyNode first = kwarg(starred);
        if (first == null) return null;
        List<PyNode> out = new ArrayList<>();
        out.add(first);
        while (true) {
            int save = p.position();
            if (p.consume(",") == null) break;
            PyNode next = kwarg(starred);
            if (next == null) {
                p.reset(save);
                break;
            }
            out.add(next);
        }
        return out;
    }

    /** {@code kwarg_or_starred} ({@code starred}) or {@code kwarg_or_double_starred}. */
    private PyNode kwarg(boolean starred) {
        p.enterRule();
        int start = p.position();
        try {
            if (p.invalidRulesOn()) {
                invalidKwarg();
                p.reset(start);
            }
            PyToken name = p.consumeName();
            if (name != null && p.consume("=") != null) {
                PyNode value = p.parseExpression();
                if (value != null) return p.withLine(new PyNode.Keyword(PyStrings.identifier(name.text()), value), name.line());
            }
            p.reset(start);
            if (starred) {
                PyNode s = p.starredExpression();
                if (s == null) p.reset(start);
                return s;
            }
            PyToken stars = p.consume("**");
            if (stars != null) {
                PyNode value = p.parseExpression();
                if (value != null) return p.withLine(new PyNode.Keyword(null, value), stars.line());
            }
            p.reset(start);
            return null;
        } finally {
            p.leaveRule();
        }
    }

    /** {@code invalid_kwarg}. */
    private void invalidKwarg() {
        p.enterRule();
        int start = p.position();
        try {
            PyToken c = p.tokenAt(start);
            if ((c.is("True") || c.is("False") || c.is("None")) && p.tokenAt(start + 1).is("=")) {
                throw p.error(c.line(), "cannot assign to " + c.text());
            }
            PyToken name = p.consumeName();
            if (name != null && p.consume("=") != null && p.parseExpression() != null
                    && p.forIfClausesRule() != null) {
                throw p.error(name.line(), "invalid syntax. Maybe you meant '==' or ':=' instead of '='?");
            }
            p.reset(start);
            boolean nameEquals = p.tokenAt(start).type() == PyToken.Type.NAME && p.tokenAt(start + 1).is("=");
            if (!nameEquals) {
                PyNode a = p.parseExpression();
                if (a != null && p.consume("=") != null) {
                    throw p.error(p.lineOfNode(a), "expression cannot contain assignment, perhaps you meant \"==\"?");
                }
            }
            p.reset(start);
        } finally {
            p.leaveRule();
        }
    }

    /** {@code invalid_arguments}: raises the specialised error, or returns (no match). */
    void invalidArguments() {
        p.enterRule();
        int start = p.position();
        try {
            PyToken star = keywordsThenStar(start);
            if (star != null) throw p.error(star.line(), "iterable argument unpacking follows keyword argument unpacking");
            p.reset(start);
            genexpNotParenthesized(start);
            p.reset(start);
            PyToken name = p.consumeName();
            if (name != null && p.consume("=") != null && p.parseExpression() != null
                    && p.forIfClausesRule() != null) {
                throw p.error(name.line(), "invalid syntax. Maybe you meant '==' or ':=' instead of '='?");
            }
            p.reset(start);
            PyNode.Call a = p.args();
            if (a != null && p.forIfClausesRule() != null) {
                if (a.args().size() <= 1) return;
                throw p.error(p.lineOfNode(a.args().get(a.args().size() - 1)), "Generator expression must be parenthesized");
            }
            p.reset(start);
            if (p.args() != null && p.consume(",") != null) {
                PyNode e = p.parseExpression();
                if (e != null && p.forIfClausesRule() != null) {
                    throw p.error(p.lineOfNode(e), "Generator expression must be parenthesized");
                }
            }
            p.reset(start);
            a = p.args();
            if (a != null && p.consume(",") != null && p.args() != null) {
                boolean unpacking = false;
                for (PyNode.Keyword k : a.keywords()) unpacking |= k.name() == null;
                throw p.errorAtLastToken(unpacking ? "positional argument follows keyword argument unpacking"
                        : "positional argument follows keyword argument");
            }
            p.reset(start);
        } finally {
            p.leaveRule();
        }
    }

    /**
     * CPython 3.11.7's first {@code invalid_arguments} alternative, {@code ((positional ',' kwargs) | kwargs) ','
     * '*'}: keyword arguments, then a '*' (the 3.11.2 grammar's {@code args ',' '*'} also fired without keywords,
     * which 3.11.7 does not do: {@code f(a, *)} is "invalid syntax"). Returns the '*' token, or null.
     */
    private PyToken keywordsThenStar(int start) {
        List<PyNode> positional = gatherPositional();
        if (positional != null && p.consume(",") != null && kwargs() != null) {
            if (p.consume(",") != null) {
                PyToken star = p.consume("*");
                if (star != null) return star;
            }
        }
        p.reset(start);
        if (kwargs() != null && p.consume(",") != null) return p.consume("*");
        return null;
    }

    /** {@code a=expression b=for_if_clauses ',' [args | expression for_if_clauses]}. */
    private void genexpNotParenthesized(int start) {
        PyNode e = p.parseExpression();
        if (e != null && p.forIfClausesRule() != null && p.consume(",") != null) {
            int save = p.position();
            if (p.args() == null) {
                p.reset(save);
                PyNode e2 = p.parseExpression();
                if (e2 == null || p.forIfClausesRule() == null) p.reset(save);
            }
            throw p.error(p.lineOfNode(e), "Generator expression must be parenthesized");
        }
        p.reset(start);
    }
}
