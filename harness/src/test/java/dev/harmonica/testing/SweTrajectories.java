package dev.harmonica.testing;

import dev.harmonica.scenario.swe.SweScenario;
import dev.harmonica.scenario.swe.TrajectoryImporter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Every trajectory file the project can import, for the tests that must hold on all of them: our own
 * {@code datasets/swe}, the importer fixtures in the test resources ({@code swe/}), and the real files of the shared
 * data ({@code data/swe}), and the published-format files ({@link SweFormats#dir()} and its subfolders, e.g.
 * {@code mini-swe-agent-2.4.6}) when present.
 */
public final class SweTrajectories {
    private SweTrajectories() {
    }

    /** The trajectory files, in a stable order (datasets, fixtures, shared files; name order within each). */
    public static List<Path> files() {
        List<Path> out = new ArrayList<>();
        out.addAll(list(SharedData.projectRoot().resolve("datasets/swe"), ".json"));
        out.addAll(list(fixtureDir(), ""));
        out.addAll(list(SharedData.root().resolve("data/swe"), ""));
        Path formats = SweFormats.dir();
        out.addAll(list(formats, ""));
        for (Path sub : subfolders(formats)) out.addAll(list(sub, ""));
        return out;
    }

    /** The folder of the importer fixtures ({@code src/test/resources/swe}). */
    public static Path fixtureDir() {
        try {
            return Path.of(SweTrajectories.class.getResource("/swe/mini_v2_toolcall.traj.json").toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One importer fixture ({@code src/test/resources/swe/NAME}). */
    public static Path fixture(String name) {
        return fixtureDir().resolve(name);
    }

    /** Whether the shared real files ({@code data/swe}) are present. */
    public static boolean sharedPresent() {
        return Files.isRegularFile(SharedData.root().resolve("data/swe/SOURCES.md"));
    }

    /**
     * Every scenario of every file (a JSON Lines file's good rows; its bad rows are the importer tests' business),
     * with ids made unique by the file they come from only if two files share one (none do today).
     */
    public static List<SweScenario> scenarios() {
        List<SweScenario> out = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (Path f : files()) {
            for (SweScenario s : TrajectoryImporter.importFile(f, null).scenarios()) {
                if (!ids.add(s.id())) throw new IllegalStateException("two trajectory files hold scenario id " + s.id());
                out.add(s);
            }
        }
        return out;
    }

    private static List<Path> subfolders(Path dir) {
        if (!Files.isDirectory(dir)) return List.of();
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isDirectory).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Path> list(Path dir, String suffix) {
        if (!Files.isDirectory(dir)) return List.of();
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isRegularFile)
                    .filter(p -> p.getFileName().toString().endsWith(suffix))
                    .filter(p -> !p.getFileName().toString().endsWith(".md"))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
