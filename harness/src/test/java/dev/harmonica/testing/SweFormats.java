package dev.harmonica.testing;

import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Locates the real published-format SWE trajectories: the folder {@code -Dharmonica.sweFormats} or
 * {@code HARMONICA_SWE_FORMATS} names (written by {@value #SCRIPT}; {@code .ci/setup-references} writes
 * {@code target/swe-formats}), else {@code ../shared/data/swe/formats}. A test that needs one of the files the script
 * builds calls {@link #require(String)}: skipped with a message naming the script when it is absent, failed instead
 * under {@code HARMONICA_REQUIRE_REFERENCES=1} (CI). Files no published package can produce (SWE-agent 1.x
 * demonstrations) come only from shared data: {@link #optional(String)} skips without them, even on CI.
 */
public final class SweFormats {
    /** The script that builds the folder. */
    public static final String SCRIPT = "harness/src/test/python/swe_formats/build_formats.py";

    private SweFormats() {
    }

    /** The folder the tests read: the configured one when set, else the shared one. */
    public static Path dir() {
        String p = System.getProperty("harmonica.sweFormats");
        if (p == null || p.isBlank()) p = System.getenv("HARMONICA_SWE_FORMATS");
        if (p != null && !p.isBlank()) return Path.of(p).toAbsolutePath().normalize();
        return SharedData.root().resolve("data/swe/formats");
    }

    /** Whether the folder exists with its provenance file. */
    public static boolean present() {
        return Files.isRegularFile(dir().resolve("SOURCES.md"));
    }

    /** A file the script builds; skips (or fails on CI) with a message naming the script when it is absent. */
    public static Path require(String relative) {
        Path file = dir().resolve(relative);
        Prerequisites.require(Files.isRegularFile(file), () -> "published-format SWE file " + file + " is absent: run"
                + " `python3 " + SCRIPT + " DIR` and set HARMONICA_SWE_FORMATS=DIR (or -Dharmonica.sweFormats=DIR);"
                + " .ci/setup-references builds target/swe-formats");
        return file;
    }

    /**
     * A file no published package provides (only a shared-data copy can hold it): skips when absent, never fails.
     */
    public static Path optional(String relative) {
        Path file = dir().resolve(relative);
        Path shared = SharedData.root().resolve("data/swe/formats").resolve(relative);
        Path found = Files.isRegularFile(file) ? file : shared;
        Assumptions.assumeTrue(Files.isRegularFile(found), () -> "skipped: " + relative + " is in no published package"
                + " (docs/swe.md, 'Real files'); only a copy in " + shared.getParent() + " provides it");
        return found;
    }
}
