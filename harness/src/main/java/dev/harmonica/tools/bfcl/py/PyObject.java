package dev.harmonica.tools.bfcl.py;

import java.util.IdentityHashMap;

/**
 * A Python object defined by a backend (e.g. GorillaFileSystem's {@code Directory} and {@code File}) that takes
 * part in {@code repr}, {@code str}, {@code ==} and state snapshots. Plain values (see {@link Py}) never implement it.
 */
public interface PyObject {
    /** {@code type(self).__name__}. */
    String pyTypeName();

    /** {@code repr(self)}. */
    String pyRepr();

    /** {@code str(self)}; defaults to {@link #pyRepr()} like Python's {@code object.__str__}. */
    default String pyStr() {
        return pyRepr();
    }

    /** {@code self == other} ({@code __eq__}); defaults to identity like Python's {@code object.__eq__}. */
    default boolean pyEquals(Object other) {
        return this == other;
    }

    /** {@code item in self}; TypeError {@code argument of type 'X' is not iterable} unless the type defines it. */
    default boolean pyContains(Object item) throws PyException {
        throw PyException.typeError("argument of type '" + pyTypeName() + "' is not iterable");
    }

    /**
     * The object as plain Python values (dicts, lists, scalars) for state snapshots, e.g. a directory as
     * {@code {"type": "directory", "name": …, "contents": {…}}} (encoding of gt_exec_fixtures, BFCL's own execution of the ground truth).
     */
    Object snapshot();

    /** {@code copy.deepcopy(self)}; {@code memo} maps originals to copies (aliasing is preserved). Default: itself. */
    default Object pyDeepCopy(IdentityHashMap<Object, Object> memo) {
        return this;
    }
}
