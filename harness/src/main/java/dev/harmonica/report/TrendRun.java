package dev.harmonica.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.harmonica.scenario.BadInputException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * One run as {@code harmonica trend} sees it: when it started ({@code created} in run.json), which model it talked
 * to, whether the model was the simulator, a digest of its scenario ids, and one {@link TrendPoint} per variant
 * (run.json's order). Read in one streaming pass over the journal ({@link RunAggregator}).
 *
 * @param scenarioDigest the first 12 hex digits of SHA-256 over the sorted distinct scenario ids, one per line
 */
public record TrendRun(Path dir, String runId, Instant started, String model, boolean simulated,
                       String scenarioDigest, int scenarios, List<TrendPoint> points, long warnings) {

    /** Reads a run directory; {@link BadInputException} naming the file and field when run.json cannot order it. */
    public static TrendRun read(Path dir) {
        JournalScanner.requireJournal(dir);
        Path rj = dir.resolve("run.json");
        if (!Files.isRegularFile(rj)) {
            throw new BadInputException(rj + ": not found; trend orders runs by run.json's \"created\" field");
        }
        RunInfo info = RunInfo.read(dir);
        JsonNode root;
        try {
            root = JournalScanner.MAPPER.readTree(rj.toFile());
        } catch (IOException e) {
            throw new BadInputException(rj + ": cannot read: " + e.getMessage(), e);
        }
        Instant started = started(rj, root);
        Map<String, TrendPoint.Tally> tallies = new LinkedHashMap<>();
        RunData data = RunAggregator.aggregate(dir, info,
                (row, scenario) -> tallies.computeIfAbsent(row.variant(), TrendPoint.Tally::new).add(row));
        List<TrendPoint> points = new ArrayList<>();
        TreeSet<String> ids = new TreeSet<>();
        for (VariantStats v : data.variants()) {
            Map<String, ScenarioResult> sc = data.scenarios().getOrDefault(v.name(), Map.of());
            ids.addAll(sc.keySet());
            points.add(tallies.getOrDefault(v.name(), new TrendPoint.Tally(v.name())).point(sc.values()));
        }
        return new TrendRun(dir, data.runId(), started, model(root), data.simulated(), digest(ids), ids.size(),
                List.copyOf(points), data.warnings().total());
    }

    private static Instant started(Path rj, JsonNode root) {
        JsonNode c = root.get("created");
        if (c == null || !c.isTextual()) {
            throw new BadInputException(rj + ": field \"created\" (the run's start time, ISO-8601) is missing; trend"
                    + " orders runs by it");
        }
        try {
            return Instant.parse(c.asText());
        } catch (DateTimeParseException e) {
            throw new BadInputException(rj + ": field \"created\": expected an ISO-8601 instant such as "
                    + "2026-12-05T02:00:00Z, got '" + TurnRow.clip(c.asText(), 60) + "'");
        }
    }

    /** The model name: run.json's {@code endpoint.model}, else {@code config.endpoint.model}, else "unknown model". */
    static String model(JsonNode root) {
        String m = TurnRow.textOf(root.path("endpoint").get("model"));
        if (m == null) m = TurnRow.textOf(root.path("config").path("endpoint").get("model"));
        return m == null ? "unknown model" : TurnRow.clip(m, 200);
    }

    static String digest(TreeSet<String> ids) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (String id : ids) md.update((id + "\n").getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(md.digest(), 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public TrendPoint point(String variant) {
        for (TrendPoint p : points) if (p.variant().equals(variant)) return p;
        return null;
    }
}
