package dev.harmonica.tools.bfcl;

import dev.harmonica.tools.bfcl.backend.LongContextConstants;
import dev.harmonica.tools.bfcl.call.PyExprParser;
import dev.harmonica.tools.bfcl.call.PyLiterals;
import dev.harmonica.tools.bfcl.call.PySyntaxError;
import dev.harmonica.tools.bfcl.py.PyException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;

/**
 * BFCL's long-context padding data in either form: {@code long_context_constants.json} (the JSON export) or
 * {@code long_context.py}, the module bfcl-eval ships ({@code bfcl_eval/eval_checker/multi_turn_eval/
 * func_source_code/long_context.py}): {@code NAME = literal} assignments, parsed with CPython 3.11's grammar and
 * evaluated as literals (nothing in the file is run).
 */
public final class BfclLongContext {
    /** The module's file name. */
    public static final String MODULE_NAME = "long_context.py";

    private BfclLongContext() {
    }

    /** The constants of a data folder: its JSON export, or else its {@code long_context.py}. */
    public static LongContextConstants fromDataDir(Path dir) throws IOException {
        Path module = dir.resolve(MODULE_NAME);
        if (!Files.isRegularFile(dir.resolve(LongContextConstants.FILE_NAME)) && Files.isRegularFile(module)) {
            return loadModule(module);
        }
        return LongContextConstants.fromDataDir(dir);
    }

    /**
     * Loads {@code long_context.py}.
     *
     * @throws IOException when the file is missing, is not a module of constant assignments (the message names the
     *                     line), or lacks a constant the backends read
     */
    public static LongContextConstants loadModule(Path file) throws IOException {
        if (!Files.isRegularFile(file)) throw new IOException(file + ": long-context module not found");
        LinkedHashMap<String, Object> values = new LinkedHashMap<>();
        try {
            for (PyExprParser.Assignment a : PyExprParser.parseAssignments(Files.readString(file,
                    StandardCharsets.UTF_8))) {
                try {
                    values.put(a.name(), PyLiterals.evaluate(a.value()));
                } catch (PyException e) {
                    throw new IOException(file + ":" + a.line() + ": " + a.name() + " is not a literal (" + e.pyStr()
                            + ")", e);
                }
            }
        } catch (PySyntaxError e) {
            throw new IOException(file + ": not a module of constant assignments: " + e.getMessage(), e);
        }
        return LongContextConstants.of(values, file);
    }
}
