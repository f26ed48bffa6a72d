package dev.harmonica.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Copies the hand-written fixture run (test resources) into a fresh directory. */
final class Fixtures {
    private Fixtures() {
    }

    static Path resource(String name) {
        try {
            return Path.of(Fixtures.class.getResource("/dev/harmonica/report/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A copy of {@code fixture-run} (run.json + journal.jsonl) inside {@code dir}: a journal written before turn
     * records had per-parser failure modes (legacy counting rule) and before the runner compacted on resume.
     */
    static Path fixtureRun(Path dir) {
        return copy("fixture-run", dir.resolve("fx-1"));
    }

    /**
     * A copy of {@code fixture-run-v2}: a current journal (per-parser failure modes, a tool-name leak lenient repairs,
     * a resampled draw, pr114's lines before the baseline's, hostile CSV text), hand-written.
     */
    static Path fixtureRunV2(Path dir) {
        return copy("fixture-run-v2", dir.resolve("fx-2"));
    }

    static Path copy(String resource, Path out) {
        try {
            Files.createDirectories(out);
            try (Stream<Path> s = Files.list(resource(resource))) {
                for (Path p : s.toList()) Files.copy(p, out.resolve(p.getFileName().toString()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }
}
