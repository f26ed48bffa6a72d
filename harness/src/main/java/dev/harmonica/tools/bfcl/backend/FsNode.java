package dev.harmonica.tools.bfcl.backend;

import dev.harmonica.tools.bfcl.py.PyObject;

import java.util.LinkedHashMap;

/**
 * A node of GorillaFileSystem's tree ({@code File} or {@code Directory} in {@code gorilla_file_system.py}).
 * {@link Object#equals} is Python's {@code __eq__}, {@link Object#toString} is Python's {@code __repr__}.
 */
public sealed interface FsNode extends PyObject permits FsFile, FsDirectory {
    /** The node's {@code name} attribute (normally a str). */
    Object name();

    /** Python class name: {@code File} or {@code Directory}. */
    @Override
    String pyTypeName();

    /**
     * The node as the fixtures encode it: {@code {"type":"directory","name":…,"contents":{…}}} or
     * {@code {"type":"file","name":…,"content":…}} (BFCL's own execution of the ground truth).
     */
    LinkedHashMap<String, Object> stateEncoding();

    @Override
    default String pyRepr() {
        return toString();
    }

    @Override
    default boolean pyEquals(Object other) {
        return equals(other);
    }

    @Override
    default Object snapshot() {
        return stateEncoding();
    }
}
