package dev.harmonica.tools.bfcl.backend;

import dev.harmonica.tools.bfcl.py.PyException;

import java.util.List;

/** A public method of a BFCL class. The executor binds positional then keyword arguments to {@link #params()}. */
public interface PyMethod {
    String name();

    /** Parameters without {@code self}, in order. */
    List<Param> params();

    /**
     * Calls the method with fully bound arguments (one per param, defaults applied; Python values as described in
     * {@link dev.harmonica.tools.bfcl.py.Py}). Returns the Python return value.
     */
    Object invoke(Object[] args) throws PyException;
}
