package dev.harmonica.scenario.swe;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/** Loads SWE scenarios for a run from a scenarios.jsonl, a trajectory file, or a folder of them (e.g. datasets/swe). */
public final class SweScenarios {
    private SweScenarios() {
    }

    /**
     * Loads scenarios from each path, in order: a scenarios.jsonl (the {@link ScenarioJsonl} contract) is read as is;
     * any other file is imported with format detection; a folder contributes its {@code *.json}, {@code *.jsonl} and
     * {@code *.traj} files in name order (non-recursive). Ids must be unique across everything loaded.
     *
     * @throws TrajectoryImportException on the first bad file, row or duplicate id
     */
    public static List<SweScenario> load(List<Path> paths) {
        List<SweScenario> out = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (Path p : paths) {
            for (Path f : files(p)) {
                List<SweScenario> got;
                if (f.toString().endsWith(".jsonl") && ScenarioJsonl.isScenarioFile(f)) {
                    got = ScenarioJsonl.read(f);
                } else {
                    TrajectoryImporter.ImportResult r = TrajectoryImporter.importFile(f, null);
                    if (!r.errors().isEmpty()) throw r.errors().get(0);
                    got = r.scenarios();
                }
                for (SweScenario s : got) {
                    if (!ids.add(s.id())) {
                        throw new TrajectoryImportException(f.toString(), null, null, "duplicate scenario id '" + s.id()
                                + "' (already loaded from an earlier file); ids must be unique across a run");
                    }
                    out.add(s);
                }
            }
        }
        return out;
    }

    private static List<Path> files(Path p) {
        if (!Files.isDirectory(p)) {
            if (!Files.exists(p)) throw new TrajectoryImportException(p.toString(), null, null, "no such file or folder");
            return List.of(p);
        }
        try (Stream<Path> s = Files.list(p)) {
            return s.filter(Files::isRegularFile)
                    .filter(f -> {
                        String n = f.getFileName().toString();
                        return n.endsWith(".json") || n.endsWith(".jsonl") || n.endsWith(".traj");
                    })
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new TrajectoryImportException(p.toString(), null, null, "cannot list folder: " + e.getMessage(), e);
        }
    }
}
