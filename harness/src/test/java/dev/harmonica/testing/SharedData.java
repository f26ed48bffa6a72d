package dev.harmonica.testing;

import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Locates the third-party conformance data in {@code ../shared/data} (never copied into the project).
 * The location comes from the system property or environment variable {@code harmonica.shared} /
 * {@code HARMONICA_SHARED} (the directory that holds {@code data/}), defaulting to {@code ../shared} next to the
 * project root. Tests that need a file call {@link #require(String)} and are skipped with a clear message when
 * it is absent.
 */
public final class SharedData {
    private SharedData() {
    }

    public static Path root() {
        String p = System.getProperty("harmonica.shared");
        if (p == null || p.isBlank()) p = System.getenv("HARMONICA_SHARED");
        if (p != null && !p.isBlank()) return Path.of(p).toAbsolutePath().normalize();
        return projectRoot().resolve("../shared").toAbsolutePath().normalize();
    }

    /** The project root (the folder with the top-level pom.xml). */
    public static Path projectRoot() {
        String p = System.getProperty("harmonica.projectRoot");
        if (p != null && !p.isBlank()) return Path.of(p).toAbsolutePath().normalize();
        Path here = Path.of("").toAbsolutePath();
        return Files.exists(here.resolve("harness")) ? here : here.getParent();
    }

    /** {@code data/<relative>} under the shared root; skips the calling test when it does not exist. */
    public static Path require(String relative) {
        Path path = root().resolve("data").resolve(relative);
        Assumptions.assumeTrue(Files.exists(path),
                () -> "skipped: shared data " + path + " is absent (set -Dharmonica.shared=DIR or HARMONICA_SHARED"
                        + " to the folder holding data/" + relative + ")");
        return path;
    }
}
