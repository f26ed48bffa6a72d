package dev.harmonica.tools.bfcl.call;

import java.util.ArrayList;
import java.util.List;

/**
 * The lambda-parameter rules of CPython 3.11's grammar for {@link PyParser}: {@code lambda_params},
 * {@code lambda_parameters}, the slash and star forms, defaults and their {@code invalid_*} rules
 * (https://github.com/python/cpython/blob/3.11/Grammar/python.gram).
 */
final class PyLambdaParams {
    static final PyNode.LambdaParams EMPTY = new PyNode.LambdaParams(List.of(), List.of(), List.of(), null, List.of(),
            List.of(), null);

    /** One parameter: its name, its default (or null), and its line. */
    private record Param(String name, PyNode dflt, int line) {
    }

    /** {@code *args}, keyword-only parameters and {@code **kwargs}. */
    private record StarEtc(String vararg, List<Param> kwOnly, String kwarg) {
    }

    private final PyParser p;

    PyLambdaParams(PyParser p) {
        this.p = p;
    }

    /** {@code lambda_params: invalid_lambda_parameters | lambda_parameters}. */
    PyNode.LambdaParams params() {
        p.enterRule();
        int start = p.position();
        try {
            if (p.invalidRulesOn()) {
                invalidParameters();
                p.reset(start);
            }
            PyNode.LambdaParams r = parameters();
            if (r == null) p.reset(start);
            return r;
        } finally {
            p.leaveRule();
        }
    }

    private PyNode.LambdaParams parameters() {
        int start = p.position();
        List<Param> slashNo = slashNoDefault();
        if (slashNo != null) {
            List<Param> noDefault = repeat(this::paramNoDefault);
            List<Param> withDefault = repeat(this::paramWithDefault);
            return make(slashNo, noDefault, withDefault, optionalStarEtc());
        }
        p.reset(start);
        List<Param> slashWith = slashWithDefault();
        if (slashWith != null) {
            return make(slashWith, List.of(), repeat(this::paramWithDefault), optionalStarEtc());
        }
        p.reset(start);
        List<Param> noDefault = repeat(this::paramNoDefault);
        if (!noDefault.isEmpty()) return make(List.of(), noDefault, repeat(this::paramWithDefault), optionalStarEtc());
        List<Param> withDefault = repeat(this::paramWithDefault);
        if (!withDefault.isEmpty()) return make(List.of(), List.of(), withDefault, optionalStarEtc());
        StarEtc star = starEtc();
        if (star != null) return make(List.of(), List.of(), List.of(), star);
        p.reset(start);
        return null;
    }

    private StarEtc optionalStarEtc() {
        int s = p.position();
        StarEtc star = starEtc();
        if (star == null) p.reset(s);
        return star;
    }

    private static PyNode.LambdaParams make(List<Param> posOnly, List<Param> args, List<Param> withDefaults,
                                            StarEtc star) {
        List<String> pos = new ArrayList<>();
        List<String> plain = new ArrayList<>();
        List<PyNode> defaults = new ArrayList<>();
        for (Param x : posOnly) {
            pos.add(x.name());
            if (x.dflt() != null) defaults.add(x.dflt());
        }
        for (Param x : args) plain.add(x.name());
        for (Param x : withDefaults) {
            plain.add(x.name());
            defaults.add(x.dflt());
        }
        List<String> kwOnly = new ArrayList<>();
        List<PyNode> kwDefaults = new ArrayList<>();
        String vararg = null;
        String kwarg = null;
        if (star != null) {
            vararg = star.vararg();
            kwarg = star.kwarg();
            for (Param x : star.kwOnly()) {
                kwOnly.add(x.name());
                kwDefaults.add(x.dflt());
            }
        }
        return new PyNode.LambdaParams(pos, plain, defaults, vararg, kwOnly, kwDefaults, kwarg);
    }

    private interface ParamRule {
        Param parse();
    }

    private List<Param> repeat(ParamRule rule) {
        List<Param> out = new ArrayList<>();
        while (true) {
            int s = p.position();
            Param x = rule.parse();
            if (x == null) {
                p.reset(s);
                return out;
            }
            out.add(x);
        }
    }

    /** {@code lambda_param_no_default: lambda_param ',' | lambda_param &':'}. */
    private Param paramNoDefault() {
        PyToken n = p.consumeName();
        if (n == null) return null;
        if (p.consume(",") != null || p.next(":")) return new Param(PyStrings.identifier(n.text()), null, n.line());
        return null;
    }

    /** {@code lambda_param_with_default: lambda_param default ',' | lambda_param default &':'}. */
    private Param paramWithDefault() {
        return paramDefault(false);
    }

    /** {@code lambda_param_maybe_default: lambda_param default? ',' | lambda_param default? &':'}. */
    private Param paramMaybeDefault() {
        return paramDefault(true);
    }

    private Param paramDefault(boolean optional) {
        PyToken n = p.consumeName();
        if (n == null) return null;
        int s = p.position();
        PyNode d = dflt();
        if (d == null) {
            if (!optional) return null;
            p.reset(s);
        }
        if (p.consume(",") != null || p.next(":")) return new Param(PyStrings.identifier(n.text()), d, n.line());
        return null;
    }

    /** {@code default: '=' expression | invalid_default}. */
    private PyNode dflt() {
        int start = p.position();
        PyToken eq = p.consume("=");
        if (eq != null) {
            PyNode e = p.parseExpression();
            if (e != null) return e;
        }
        p.reset(start);
        if (p.invalidRulesOn()) {
            eq = p.consume("=");
            if (eq != null && (p.next(")") || p.next(","))) throw p.error(eq.line(), "expected default value expression");
            p.reset(start);
        }
        return null;
    }

    /** {@code lambda_slash_no_default: lambda_param_no_default+ '/' (',' | &':')}. */
    private List<Param> slashNoDefault() {
        int start = p.position();
        List<Param> a = repeat(this::paramNoDefault);
        if (!a.isEmpty() && p.consume("/") != null && (p.consume(",") != null || p.next(":"))) return a;
        p.reset(start);
        return null;
    }

    /** {@code lambda_slash_with_default: lambda_param_no_default* lambda_param_with_default+ '/' (',' | &':')}. */
    private List<Param> slashWithDefault() {
        int start = p.position();
        List<Param> a = new ArrayList<>(repeat(this::paramNoDefault));
        List<Param> b = repeat(this::paramWithDefault);
        if (!b.isEmpty() && p.consume("/") != null && (p.consume(",") != null || p.next(":"))) {
            a.addAll(b);
            return a;
        }
        p.reset(start);
        return null;
    }

    /** {@code lambda_star_etc}. */
    private StarEtc starEtc() {
        int start = p.position();
        if (p.invalidRulesOn()) {
            invalidStarEtc();
            p.reset(start);
        }
        if (p.consume("*") != null) {
            Param a = paramNoDefault();
            if (a != null) {
                List<Param> b = repeat(this::paramMaybeDefault);
                return new StarEtc(a.name(), b, optionalKwds());
            }
        }
        p.reset(start);
        if (p.consume("*") != null && p.consume(",") != null) {
            List<Param> b = repeat(this::paramMaybeDefault);
            if (!b.isEmpty()) return new StarEtc(null, b, optionalKwds());
        }
        p.reset(start);
        String k = kwds();
        if (k != null) return new StarEtc(null, List.of(), k);
        p.reset(start);
        return null;
    }

    private String optionalKwds() {
        int s = p.position();
        String k = kwds();
        if (k == null) p.reset(s);
        return k;
    }

    /** {@code lambda_kwds: invalid_lambda_kwds | '**' lambda_param_no_default}. */
    private String kwds() {
        int start = p.position();
        if (p.invalidRulesOn()) {
            invalidKwds();
            p.reset(start);
        }
        if (p.consume("**") != null) {
            Param a = paramNoDefault();
            if (a != null) return a.name();
        }
        p.reset(start);
        return null;
    }

    /** {@code invalid_lambda_star_etc}. */
    private void invalidStarEtc() {
        int start = p.position();
        if (p.consume("*") != null) {
            if (p.next(":") || (p.consume(",") != null && (p.next(":") || p.next("**")))) {
                throw p.errorAtLastToken("named arguments must follow bare *");
            }
        }
        p.reset(start);
        if (p.consume("*") != null && p.consumeName() != null) {
            PyToken eq = p.consume("=");
            if (eq != null) throw p.error(eq.line(), "var-positional argument cannot have default value");
        }
        p.reset(start);
        if (p.consume("*") != null && (paramNoDefault() != null || p.consume(",") != null)) {
            repeat(this::paramMaybeDefault);
            PyToken star = p.consume("*");
            if (star != null && (paramNoDefault() != null || p.consume(",") != null)) {
                throw p.error(star.line(), "* argument may appear only once");
            }
        }
        p.reset(start);
    }

    /** {@code invalid_lambda_kwds}. */
    private void invalidKwds() {
        int start = p.position();
        if (p.consume("**") != null && p.consumeName() != null) {
            int s = p.position();
            PyToken eq = p.consume("=");
            if (eq != null) throw p.error(eq.line(), "var-keyword argument cannot have default value");
            p.reset(s);
            if (p.consume(",") != null) {
                PyToken after = p.tokenAt(p.position());
                if (p.consumeName() != null || p.consume("*") != null || p.consume("**") != null
                        || p.consume("/") != null) {
                    throw p.error(after.line(), "arguments cannot follow var-keyword argument");
                }
            }
        }
        p.reset(start);
    }

    /** {@code invalid_lambda_parameters}. */
    private void invalidParameters() {
        int start = p.position();
        repeat(this::paramNoDefault);
        if (helper()) {
            Param a = paramNoDefault();
            if (a != null) throw p.error(a.line(), "non-default argument follows default argument");
        }
        p.reset(start);
        repeat(this::paramNoDefault);
        PyToken open = p.consume("(");
        if (open != null && parenthesized()) throw p.error(open.line(), "Lambda expression parameters cannot be parenthesized");
        p.reset(start);
        PyToken slash = p.consume("/");
        if (slash != null && p.consume(",") != null) throw p.error(slash.line(), "at least one argument must precede /");
        p.reset(start);
        invalidSlashes(start);
        p.reset(start);
        if (repeatNonEmpty(this::paramMaybeDefault) && p.consume("/") != null) {
            PyToken star = p.consume("*");
            if (star != null) throw p.error(star.line(), "expected comma between / and *");
        }
        p.reset(start);
    }

    private boolean helper() {
        int s = p.position();
        if (slashWithDefault() != null) return true;
        p.reset(s);
        return repeatNonEmpty(this::paramWithDefault);
    }

    private boolean repeatNonEmpty(ParamRule rule) {
        return !repeat(rule).isEmpty();
    }

    /** {@code ','.lambda_param+ ','? ')'} after '('. */
    private boolean parenthesized() {
        if (p.consumeName() == null) return false;
        while (true) {
            int s = p.position();
            if (p.consume(",") == null || p.consumeName() == null) {
                p.reset(s);
                break;
            }
        }
        p.consume(",");
        return p.consume(")") != null;
    }

    /** The "/ may appear only once" and "/ must be ahead of *" alternatives. */
    private void invalidSlashes(int start) {
        if (slashNoDefault() != null || slashWithDefault() != null) {
            repeat(this::paramMaybeDefault);
            PyToken slash = p.consume("/");
            if (slash != null) throw p.error(slash.line(), "/ may appear only once");
        }
        p.reset(start);
        int s = p.position();
        if (slashNoDefault() == null) {
            p.reset(s);
            if (slashWithDefault() == null) p.reset(s);
        }
        repeat(this::paramMaybeDefault);
        if (p.consume("*") != null && (p.consume(",") != null || paramNoDefault() != null)) {
            repeat(this::paramMaybeDefault);
            PyToken slash = p.consume("/");
            if (slash != null) throw p.error(slash.line(), "/ must be ahead of *");
        }
    }
}
