package dev.harmonica.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.harmonica.journal.Journal;
import dev.harmonica.journal.JournalReader;
import dev.harmonica.journal.ScenarioRecord;
import dev.harmonica.scenario.BadInputException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Combines the run directories of shards (or of repeated partial runs) into one run directory: the configs must
 * be the same (the {@code config_digest} in {@code run.json}, which ignores the run id and shard); each
 * scenario × variant is taken once, from the first directory where it is complete (completeness rule of
 * {@link JournalReader}); incomplete scenarios are left out.
 *
 * <p>The directories must cover every shard ({@link ShardCoverage}): a merge with a shard missing is refused, naming
 * the missing shards, unless partial merges are allowed; then the merged {@code run.json} says {@code "partial": true}
 * and lists them in {@code "missing_shards": ["i/n", ...]} (a complete merge writes {@code "partial": false} and an
 * empty list).
 */
public final class JournalMerge {
    private JournalMerge() {
    }

    /** What a merge did; {@code missingShards} is empty unless a partial merge was allowed. */
    public record Result(Path outDir, int scenarios, long turns, int duplicatesDropped, List<String> missingShards) {
        public Result {
            missingShards = List.copyOf(missingShards);
        }
    }

    /** Merges a complete set of shards; a missing shard is an error naming it. */
    public static Result merge(List<Path> runDirs, Path outDir) {
        return merge(runDirs, outDir, false);
    }

    /** Merges; with {@code allowPartial} a missing shard is recorded in run.json instead of refused. */
    public static Result merge(List<Path> runDirs, Path outDir, boolean allowPartial) {
        if (runDirs.isEmpty()) throw new BadInputException("merge: give at least one run directory");
        List<JsonNode> runJsons = readRunJsons(runDirs);
        ShardCoverage coverage = coverage(runDirs, runJsons);
        if (!coverage.complete() && !allowPartial) {
            throw new BadInputException("merge: shard(s) " + String.join(", ", coverage.missingLabels()) + " missing: no "
                    + "directory given holds them; merge every shard, or pass --allow-partial to merge what is there "
                    + "(run.json then says \"partial\": true)");
        }
        if (Files.exists(outDir.resolve(Runner.JOURNAL))) {
            throw new BadInputException("merge: " + outDir + " already holds a journal; choose an empty --out directory");
        }
        // which directory each complete key comes from: the first one that has it
        Map<JournalReader.Key, Integer> owner = new HashMap<>();
        int dups = 0;
        for (int i = 0; i < runDirs.size(); i++) {
            Set<JournalReader.Key> keys = JournalReader.completeKeys(runDirs.get(i).resolve(Runner.JOURNAL));
            for (JournalReader.Key k : keys) if (owner.putIfAbsent(k, i) != null) dups++;
        }
        try {
            Files.createDirectories(outDir);
        } catch (IOException e) {
            throw new BadInputException("merge: cannot create " + outDir + ": " + e.getMessage(), e);
        }
        long[] turns = {0};
        int[] scenarios = {0};
        try (Journal out = Journal.open(outDir.resolve(Runner.JOURNAL), null)) {
            for (int i = 0; i < runDirs.size(); i++) {
                final int dirIndex = i;
                JournalReader.forEachComplete(runDirs.get(i).resolve(Runner.JOURNAL), n -> {
                    Integer o = owner.get(JournalReader.Key.of(n));
                    if (o == null || o != dirIndex) return;
                    out.append(n);
                    if (ScenarioRecord.TYPE.equals(n.path("type").asText())) scenarios[0]++;
                    else turns[0]++;
                });
            }
            out.sync();
        } catch (IOException e) {
            throw new BadInputException("merge: cannot write " + outDir.resolve(Runner.JOURNAL) + ": " + e.getMessage(), e);
        }
        writeRunJson(outDir, runDirs, runJsons, coverage);
        return new Result(outDir, scenarios[0], turns[0], dups, coverage.missingLabels());
    }

    /** The run.json of every directory, checked to be one run's configuration. */
    private static List<JsonNode> readRunJsons(List<Path> runDirs) {
        List<JsonNode> runJsons = new ArrayList<>();
        String digest = null;
        Path first = null;
        for (Path d : runDirs) {
            Path rj = d.resolve(Runner.RUN_JSON);
            if (!Files.exists(rj)) throw new BadInputException("merge: " + d + " has no " + Runner.RUN_JSON + " (not a run directory)");
            if (!Files.exists(d.resolve(Runner.JOURNAL))) throw new BadInputException("merge: " + d + " has no " + Runner.JOURNAL);
            JsonNode j;
            try {
                j = RunDirectory.MAPPER.readTree(rj.toFile());
            } catch (IOException e) {
                throw new BadInputException("merge: " + rj + ": cannot read: " + e.getMessage(), e);
            }
            String dg = j.path("config_digest").asText(null);
            if (dg == null) throw new BadInputException("merge: " + rj + ": field config_digest is missing");
            if (digest == null) {
                digest = dg;
                first = d;
            } else if (!digest.equals(dg)) {
                throw new BadInputException("merge: the run configuration of " + d + " (config_digest " + dg
                        + ") differs from " + first + " (" + digest + "); only shards of one run can be merged");
            }
            runJsons.add(j);
        }
        return runJsons;
    }

    /** The merged run.json: the first one's, unsharded, with the coverage and where each part came from. */
    private static void writeRunJson(Path outDir, List<Path> runDirs, List<JsonNode> runJsons, ShardCoverage coverage) {
        ObjectNode merged = ((ObjectNode) runJsons.get(0)).deepCopy();
        merged.putNull("shard");
        merged.put("partial", !coverage.complete());
        ArrayNode missing = merged.putArray("missing_shards");
        coverage.missingLabels().forEach(missing::add);
        ArrayNode from = merged.putArray("merged_from");
        for (int i = 0; i < runDirs.size(); i++) {
            ObjectNode f = from.addObject();
            f.put("dir", runDirs.get(i).toString());
            f.set("run_id", runJsons.get(i).get("run_id"));
            f.set("shard", runJsons.get(i).get("shard"));
        }
        try {
            RunDirectory.MAPPER.writeValue(outDir.resolve(Runner.RUN_JSON).toFile(), merged);
        } catch (IOException e) {
            throw new BadInputException("merge: cannot write run.json: " + e.getMessage(), e);
        }
    }

    private static ShardCoverage coverage(List<Path> runDirs, List<JsonNode> runJsons) {
        List<ShardCoverage.Part> parts = new ArrayList<>();
        for (int i = 0; i < runDirs.size(); i++) {
            parts.add(ShardCoverage.part(runJsons.get(i), "merge: " + runDirs.get(i).resolve(Runner.RUN_JSON)));
        }
        return ShardCoverage.of(parts);
    }
}
