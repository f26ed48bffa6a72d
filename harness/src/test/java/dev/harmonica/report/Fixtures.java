package dev.harmonica.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

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

    /**
     * Asserts that each named report in {@code run} equals its golden file under test resource folder
     * {@code goldenFolder}; with {@code -Dharmonica.updateGolden=true} it rewrites the golden files instead.
     */
    static void assertMatchesGolden(Path run, String goldenFolder, List<String> names) throws IOException {
        boolean update = Boolean.getBoolean("harmonica.updateGolden");
        Path goldenDir = Path.of(System.getProperty("harmonica.projectRoot", "."))
                .resolve("harness/src/test/resources/dev/harmonica/report/" + goldenFolder);
        for (String name : names) {
            String actual = Files.readString(run.resolve(name), StandardCharsets.UTF_8);
            if (update) {
                Files.createDirectories(goldenDir);
                Files.writeString(goldenDir.resolve(name), actual, StandardCharsets.UTF_8);
                continue;
            }
            String expected = Files.readString(resource(goldenFolder + "/" + name), StandardCharsets.UTF_8);
            assertThat(actual).as(name + " (regenerate with -Dharmonica.updateGolden=true if the change is intended)")
                    .isEqualTo(expected);
        }
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
