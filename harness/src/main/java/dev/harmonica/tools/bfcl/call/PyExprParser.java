package dev.harmonica.tools.bfcl.call;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * Python expressions as CPython 3.11's {@code eval(source)} compiles them: {@link #parse} accepts exactly what
 * {@code compile(source, '<string>', 'eval')} accepts and otherwise throws CPython's exact error
 * ({@link PySyntaxError#getMessage()} is {@code str(e)}, e.g. {@code '(' was never closed (<string>, line 1)}).
 * Pure; never evaluates anything. Deeply nested input is parsed on a thread with a large stack, so that CPython's
 * own limits (200 nested brackets, its parser stack and compiler recursion limits) are reached before Java's.
 */
public final class PyExprParser {
    private PyExprParser() {
    }

    /** Compiles one expression as {@code compile(source, '<string>', 'eval')} does (a bare tuple included). */
    public static PyNode parse(String source) throws PySyntaxError {
        precheck(source);
        return DeepStack.call(() -> {
            PyParser.Result r = PyParser.parse(source);
            PyCompiler.check(r);
            return r.tree();
        });
    }

    /** What {@code eval(source)} compiles: the source without its leading spaces and tabs ({@code builtin_eval}). */
    public static PyNode parseForEval(String source) throws PySyntaxError {
        int i = 0;
        while (i < source.length() && (source.charAt(i) == ' ' || source.charAt(i) == '\t')) i++;
        return parse(source.substring(i));
    }

    /** {@code ast.parse(source, mode='eval')}: parsing only, without the compiler's later checks. */
    public static PyNode parseAst(String source) throws PySyntaxError {
        precheck(source);
        return DeepStack.call(() -> PyParser.parse(source).tree());
    }

    /** Parses a single call expression {@code name(...)}; other expressions are a SyntaxError. */
    public static PyNode.Call parseCall(String source) throws PySyntaxError {
        PyNode n = parse(source);
        if (n instanceof PyNode.Call c) return c;
        throw PySyntaxError.at(1, "not a function call");
    }

    /** A {@code NAME = value} statement of a constants module. */
    public record Assignment(String name, PyNode value, int line) {
    }

    /**
     * Parses a module of constant assignments ({@code NAME = expression} per statement, e.g. bfcl-eval's
     * {@code long_context.py}); a SyntaxError names the line.
     */
    public static List<Assignment> parseAssignments(String source) throws PySyntaxError {
        precheck(source);
        return DeepStack.call(() -> {
            List<Assignment> out = new ArrayList<>();
            for (PyParser.Assignment a : PyParser.parseAssignments(source)) {
                out.add(new Assignment(a.name(), a.value(), a.line()));
            }
            return out;
        });
    }

    /** What {@code eval} checks before parsing: NUL characters and lone surrogates (which UTF-8 cannot encode). */
    private static void precheck(String source) throws PySyntaxError {
        if (source.indexOf('\0') >= 0) {
            throw new PySyntaxError(PySyntaxError.Type.SYNTAX_ERROR, "source code string cannot contain null bytes", -1);
        }
        int cpIndex = 0;
        for (int i = 0; i < source.length(); ) {
            int cp = source.codePointAt(i);
            if (cp >= 0xD800 && cp <= 0xDFFF) {
                int start = cpIndex;
                int end = start + 1;
                int j = i + 1;
                while (j < source.length() && Character.isSurrogate(source.charAt(j))
                        && !(Character.isHighSurrogate(source.charAt(j)) && j + 1 < source.length()
                        && Character.isLowSurrogate(source.charAt(j + 1)))) {
                    end++;
                    j++;
                }
                String what = end - start == 1
                        ? "character '\\u" + Integer.toHexString(cp) + "' in position " + start
                        : "characters in position " + start + "-" + (end - 1);
                throw new PySyntaxError(PySyntaxError.Type.UNICODE_ENCODE_ERROR,
                        "'utf-8' codec can't encode " + what + ": surrogates not allowed", -1);
            }
            i += Character.charCount(cp);
            cpIndex++;
        }
    }

    /** Runs work on the calling thread, or again on a thread with a large stack if the calling one overflows. */
    static final class DeepStack {
        private DeepStack() {
        }

        static <T> T call(Callable<T> work) throws PySyntaxError {
            try {
                return work.call();
            } catch (StackOverflowError e) {
                return onLargeStack(work);
            } catch (PySyntaxError | RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        private static <T> T onLargeStack(Callable<T> work) throws PySyntaxError {
            LargeStack.Outcome<T> o = LargeStack.run("harmonica-deep-parse", work);
            if (o.failure() instanceof PySyntaxError e) throw e;
            if (o.failure() instanceof StackOverflowError) {
                throw new PySyntaxError(PySyntaxError.Type.MEMORY_ERROR, "", -1);
            }
            if (o.failure() instanceof RuntimeException e) throw e;
            if (o.failure() != null) throw new IllegalStateException(o.failure());
            return o.value();
        }
    }
}
