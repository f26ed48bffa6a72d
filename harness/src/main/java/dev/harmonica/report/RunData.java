package dev.harmonica.report;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Everything the reports know about one run after one pass over its journal: per-variant aggregates, per-scenario
 * results (for pairing), the error census and the journal's health.
 *
 * @param variants  in baseline-first order (run.json's order, then order of first appearance)
 * @param scenarios variant → scenario id → result, in the order the scenarios closed
 * @param census    error signatures, most frequent first; counts indexed like {@code variants}
 */
public record RunData(Path runDir, String runId, RunInfo info, List<VariantStats> variants,
                      Map<String, Map<String, ScenarioResult>> scenarios, List<CensusEntry> census,
                      List<String> shards, long records, long turnRecords, long scenarioRecords, long otherRecords,
                      long supersededTurns, long duplicateScenarioRecords, Warnings warnings) {

    /** One error signature and how often each variant hit it. */
    public record CensusEntry(String signature, long[] counts, long total) {
    }

    public VariantStats variant(String name) {
        for (VariantStats v : variants) if (v.name().equals(name)) return v;
        return null;
    }

    public List<String> variantNames() {
        return variants.stream().map(VariantStats::name).toList();
    }

    public boolean simulated() {
        return info.simulated();
    }

    /** Which protocol produced the numbers (run.json's {@code bfcl_compat} variants; {@link RunInfo#protocol}). */
    public String protocol() {
        return info.protocol();
    }

    /** Reads a run directory in one streaming pass (no reports written). */
    public static RunData read(Path runDir) {
        return RunAggregator.aggregate(runDir, RunInfo.read(runDir), null);
    }
}
