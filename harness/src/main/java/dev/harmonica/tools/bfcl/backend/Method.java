package dev.harmonica.tools.bfcl.backend;

import dev.harmonica.tools.bfcl.py.PyException;

import java.util.List;

/** A backend method: its Python signature and a body over bound Python values. */
final class Method implements PyMethod {
    @FunctionalInterface
    interface Body {
        Object call(Object[] args) throws PyException;
    }

    private final String name;
    private final List<Param> params;
    private final Body body;

    Method(String name, Body body, Param... params) {
        this.name = name;
        this.params = List.of(params);
        this.body = body;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public List<Param> params() {
        return params;
    }

    @Override
    public Object invoke(Object[] args) throws PyException {
        if (args == null || args.length != params.size()) {
            throw PyException.typeError(name + "() expected " + params.size() + " bound arguments");
        }
        try {
            return body.call(args);
        } catch (StackOverflowError e) {
            throw new PyException("RecursionError", "maximum recursion depth exceeded");
        } catch (RuntimeException e) {
            // A Java failure must never escape as such: report it as the closest Python error.
            throw PyOps.translate(e);
        }
    }

    @Override
    public String toString() {
        return "PyMethod[" + name + params + "]";
    }

    static Param req(String name) {
        return Param.required(name);
    }

    static Param opt(String name, Object dflt) {
        return Param.optional(name, dflt);
    }
}
