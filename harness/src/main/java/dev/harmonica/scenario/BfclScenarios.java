package dev.harmonica.scenario;

import dev.harmonica.cli.BadInputException;

import java.nio.file.Path;
import java.util.List;

/** Adapter from BFCL-format folders to {@link MultiTurnScenario}s. */
public final class BfclScenarios {
    private BfclScenarios() {
    }

    public static List<MultiTurnScenario> load(Path dir, String category) {
        throw new BadInputException("bfcl:" + dir + ": the BFCL loader is not available in this build");
    }

    public static List<Path> files(Path dir, String category) {
        return List.of();
    }
}
