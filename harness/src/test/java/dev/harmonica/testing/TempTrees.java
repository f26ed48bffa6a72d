package dev.harmonica.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Temporary directories for tests that JUnit's {@code @TempDir} cannot reach (jqwik properties run on their own
 * engine): create one, and delete the whole tree when done, so no test leaves files in {@code java.io.tmpdir}.
 */
public final class TempTrees {
    private TempTrees() {
    }

    /** A directory that {@link #delete(Path)} removes with its contents. */
    public static Path create(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Deletes {@code root} and everything under it (symbolic links are removed, not followed). */
    public static void delete(Path root) {
        if (root == null || !Files.exists(root)) return;
        try (Stream<Path> walk = Files.walk(root)) {
            List<Path> paths = walk.sorted(Comparator.reverseOrder()).toList();
            for (Path p : paths) Files.deleteIfExists(p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + root + ": " + e.getMessage(), e);
        }
    }
}
