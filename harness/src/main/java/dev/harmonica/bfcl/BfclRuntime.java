package dev.harmonica.bfcl;

import dev.harmonica.bfcl.backend.BfclClasses;

import java.nio.file.Path;

/**
 * What executing BFCL entries needs beyond an entry: the backend instance factory per entry (one per entry, shared
 * by the model side and the ground-truth side, like BFCL's module globals within an entry) and the long-context
 * constants of the data folder. Thread-safe; create one per data folder.
 */
public final class BfclRuntime {
    private final Path dataDir;

    /** @param dataDir the BFCL data folder (for {@code long_context_constants.json}); may be null for no long context */
    public BfclRuntime(Path dataDir) {
        this.dataDir = dataDir;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** A fresh factory for one entry: use it for every side of that entry, and only for that entry. */
    public BfclInstanceFactory factoryFor(BfclEntry entry) {
        return BfclClasses::create;
    }
}
