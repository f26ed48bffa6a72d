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

    /** A copy of {@code fixture-run} (run.json + journal.jsonl) inside {@code dir}. */
    static Path fixtureRun(Path dir) {
        Path out = dir.resolve("fx-1");
        try {
            Files.createDirectories(out);
            try (Stream<Path> s = Files.list(resource("fixture-run"))) {
                for (Path p : s.toList()) Files.copy(p, out.resolve(p.getFileName().toString()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }
}
