package dev.harmonica.cli;

import dev.harmonica.scenario.BadInputException;
import dev.harmonica.scenario.bfcl.BfclCategory;
import dev.harmonica.scenario.bfcl.BfclDataException;
import dev.harmonica.scenario.bfcl.BfclDataset;
import dev.harmonica.scenario.bfcl.BfclEntry;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Helpers shared by the {@code bfcl} subcommands. */
final class BfclCli {
    private BfclCli() {
    }

    /** Loads entries and turns data errors into bad input. */
    static List<BfclEntry> load(Path dir, BfclCategory category) {
        try {
            return BfclDataset.load(dir, category);
        } catch (BfclDataException e) {
            throw new BadInputException(e.getMessage(), e);
        }
    }

    static BfclCategory category(String text) {
        try {
            return BfclCategory.parse(text);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(e.getMessage());
        }
    }

    /** Lazily loaded entries by id, across categories. */
    static final class EntryIndex {
        private final Path dir;
        private final Map<BfclCategory, Map<String, BfclEntry>> byCategory = new EnumMap<>(BfclCategory.class);

        EntryIndex(Path dir) {
            this.dir = dir;
        }

        BfclEntry get(String id, String where) {
            BfclCategory c;
            try {
                c = BfclCategory.ofId(id);
            } catch (IllegalArgumentException e) {
                throw new BadInputException(where + ": " + e.getMessage());
            }
            Map<String, BfclEntry> m = byCategory.computeIfAbsent(c, k -> {
                Map<String, BfclEntry> idx = new HashMap<>();
                for (BfclEntry e : load(dir, k)) idx.put(e.id(), e);
                return idx;
            });
            BfclEntry e = m.get(id);
            if (e == null) throw new BadInputException(where + ": no entry '" + id + "' in " + dir);
            return e;
        }
    }

    /** A writer to a file (created with parents) or to the command's stdout. */
    static Writer open(Path out, PrintWriter stdout) {
        if (out == null) return stdout;
        try {
            if (out.toAbsolutePath().getParent() != null) Files.createDirectories(out.toAbsolutePath().getParent());
            return new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(out), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new BadInputException(out + ": cannot write: " + e.getMessage(), e);
        }
    }
}
