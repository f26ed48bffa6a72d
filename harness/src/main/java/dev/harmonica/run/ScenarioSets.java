package dev.harmonica.run;

import dev.harmonica.scenario.BadInputException;
import dev.harmonica.scenario.ReplayScenario;
import dev.harmonica.scenario.Scenario;
import dev.harmonica.scenario.swe.SweScenario;
import dev.harmonica.scenario.swe.SweScenarios;
import dev.harmonica.scenario.swe.TrajectoryImportException;
import dev.harmonica.tools.bfcl.BfclScenarios;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Scenario-set specs and their loading. {@code bfcl:<dir>[:category]}: a BFCL-format folder (BFCL v4 data or our
 * {@code datasets/bfcl}), optionally one category ({@code base}, {@code miss_func}, …).
 * {@code swe:<file or dir>}: a {@code scenarios.jsonl} file, a trajectory file, or a folder of them (read by the
 * SWE importer, name order). Relative paths resolve against a base directory (the project root or {@code --datasets}).
 */
public final class ScenarioSets {
    private ScenarioSets() {
    }

    /** A parsed spec. */
    public record Spec(String kind, String path, String category) {
        @Override
        public String toString() {
            return kind + ":" + path + (category == null ? "" : ":" + category);
        }
    }

    /** Validates a spec's syntax; the exception message says what is wrong. */
    public static Spec checkSpec(String spec) {
        int colon = spec.indexOf(':');
        if (colon <= 0) throw new IllegalArgumentException("expected bfcl:<dir>[:category] or swe:<path>, got '" + spec + "'");
        String kind = spec.substring(0, colon);
        String rest = spec.substring(colon + 1);
        if (rest.isEmpty()) throw new IllegalArgumentException("'" + spec + "' names no path");
        switch (kind) {
            case "bfcl": {
                int c2 = rest.lastIndexOf(':');
                // a Windows drive letter ("C:\...") is not a category separator
                if (c2 > 1 && !rest.substring(c2 + 1).contains("/") && !rest.substring(c2 + 1).contains("\\")) {
                    String cat = rest.substring(c2 + 1);
                    if (!cat.matches("[a-z_]+")) throw new IllegalArgumentException("bad BFCL category '" + cat + "'");
                    return new Spec(kind, rest.substring(0, c2), cat);
                }
                return new Spec(kind, rest, null);
            }
            case "swe":
                return new Spec(kind, rest, null);
            default:
                throw new IllegalArgumentException("unknown scenario-set kind '" + kind + "' (expected bfcl or swe)");
        }
    }

    /** Resolves a spec's path against {@code base} (absolute paths stay as they are). */
    public static Path resolve(Spec spec, Path base) {
        Path p = Path.of(spec.path());
        return p.isAbsolute() ? p : base.resolve(p).normalize();
    }

    /** Loads the scenarios of one set, in the set's stable order. Missing or bad data is a {@link BadInputException}. */
    public static List<Scenario> load(String specText, Path base) {
        Spec spec;
        try {
            spec = checkSpec(specText);
        } catch (IllegalArgumentException e) {
            throw new BadInputException("scenario set '" + specText + "': " + e.getMessage());
        }
        Path p = resolve(spec, base);
        if (!Files.exists(p)) {
            throw new BadInputException("scenario set '" + specText + "': " + p + " does not exist"
                    + (Path.of(spec.path()).isAbsolute() ? "" : " (relative paths resolve against " + base
                    + "; run from the project root or pass --datasets DIR)"));
        }
        if (spec.kind().equals("bfcl")) {
            return new ArrayList<>(BfclScenarios.load(p, spec.category()));
        }
        List<Scenario> out = new ArrayList<>();
        try {
            for (SweScenario s : SweScenarios.load(List.of(p))) out.add(ReplayScenario.of(s));
        } catch (TrajectoryImportException e) {
            throw new BadInputException("scenario set '" + specText + "': " + e.getMessage(), e);
        }
        return out;
    }

    /** Files a {@code swe:} set reads; also used for dataset hashes. */
    public static List<Path> files(String specText, Path base) {
        Spec spec = checkSpec(specText);
        Path p = resolve(spec, base);
        if (spec.kind().equals("bfcl")) return BfclScenarios.files(p, spec.category());
        return sweFiles(p);
    }

    private static List<Path> sweFiles(Path p) {
        if (!Files.isDirectory(p)) return List.of(p);
        try (Stream<Path> s = Files.list(p)) {
            return s.filter(Files::isRegularFile).filter(f -> {
                String n = f.getFileName().toString();
                return n.endsWith(".json") || n.endsWith(".jsonl") || n.endsWith(".traj");
            }).sorted().toList();
        } catch (IOException e) {
            throw new BadInputException("swe:" + p + ": cannot list: " + e.getMessage(), e);
        }
    }
}
