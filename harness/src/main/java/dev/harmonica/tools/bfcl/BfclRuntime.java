package dev.harmonica.tools.bfcl;

import dev.harmonica.scenario.bfcl.BfclDataException;
import dev.harmonica.scenario.bfcl.BfclEntry;
import dev.harmonica.tools.bfcl.backend.BfclClasses;
import dev.harmonica.tools.bfcl.backend.BfclModules;
import dev.harmonica.tools.bfcl.backend.LongContextConstants;

import java.io.IOException;
import java.nio.file.Path;

/**
 * What executing BFCL entries needs beyond an entry: the backend instance factory per entry (one
 * {@link BfclModules} per entry, shared by its model side and ground-truth side, like BFCL's module globals) and the
 * long-context constants of the data folder (read once, when the first long-context entry needs them: its
 * {@code long_context_constants.json}, or else bfcl-eval's {@code long_context.py}, {@link BfclLongContext}). The clock and
 * time zone are pinned by {@link BfclModules}' defaults (UTC, BFCL's pinned date), so results are reproducible.
 * Thread-safe; create one per data folder.
 */
public final class BfclRuntime {
    private final Path dataDir;
    private volatile LongContextConstants constants;

    /** @param dataDir the BFCL data folder (holds {@code long_context_constants.json} for long-context entries) */
    public BfclRuntime(Path dataDir) {
        this.dataDir = dataDir;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** A fresh factory for one entry: use it for every side of that entry, and only for that entry. */
    public BfclInstanceFactory factoryFor(BfclEntry entry) {
        BfclModules modules = entry.longContext() ? new BfclModules(constants()) : new BfclModules();
        return name -> BfclClasses.create(name, modules);
    }

    /** The long-context constants of the data folder (loaded once). */
    public LongContextConstants constants() {
        LongContextConstants c = constants;
        if (c != null) return c;
        synchronized (this) {
            if (constants == null) {
                if (dataDir == null) {
                    throw new BfclDataException("long-context entries need " + LongContextConstants.FILE_NAME
                            + ", but no BFCL data folder was given");
                }
                try {
                    constants = BfclLongContext.fromDataDir(dataDir);
                } catch (IOException e) {
                    throw new BfclDataException(e.getMessage(), e);
                }
            }
            return constants;
        }
    }
}
