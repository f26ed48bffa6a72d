package dev.harmonica.tools.bfcl;

import dev.harmonica.tools.bfcl.backend.BfclClass;

/**
 * Creates fresh backend instances for one entry (both sides of an entry may share module-level state through the
 * factory, as BFCL's module globals do).
 */
@FunctionalInterface
public interface BfclInstanceFactory {
    /** A fresh, not yet loaded instance of the named class; IllegalArgumentException for an unknown class. */
    BfclClass create(String className);
}
