package dev.harmonica.report;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/** Hand-built journals for report tests: current-format turn and scenario lines, one call per line. */
final class TestJournal {
    private final String runId;
    private final StringBuilder lines = new StringBuilder();

    TestJournal(String runId) {
        this.runId = runId;
    }

    private ObjectNode base(String type, String scenario, String variant, int attempt) {
        ObjectNode n = JournalScanner.MAPPER.createObjectNode();
        n.put("type", type);
        n.put("run_id", runId);
        n.put("scenario_id", scenario);
        n.put("source", scenario.startsWith("swe") ? "swe" : "bfcl");
        n.put("category", scenario.startsWith("swe") ? "swe" : "multi_turn_base");
        n.put("variant", variant);
        if (attempt > 1) n.put("attempt", attempt);
        return n;
    }

    /** A judged turn with the given verdict ({@code ok}, {@code rescued}, {@code rescued_with_loss}, {@code failed}). */
    TestJournal judged(String scenario, String variant, int turn, String verdict) {
        return judged(scenario, variant, 1, turn, verdict, n -> { });
    }

    TestJournal judged(String scenario, String variant, int attempt, int turn, String verdict, Consumer<ObjectNode> edit) {
        ObjectNode n = base("turn", scenario, variant, attempt);
        n.put("turn", turn).put("step", 0).put("depth", turn).put("prompt_tokens", 1000 + 10 * turn)
                .put("latency_ms", 100.0 + turn);
        boolean strictOk = verdict.equals("ok");
        boolean lenientOk = !verdict.equals("failed");
        ObjectNode strict = n.putObject("strict").put("ok", strictOk);
        if (!strictOk) strict.put("error", "Unknown role: final");
        n.putObject("harmony_non_strict").put("ok", strictOk);
        ObjectNode lenient = n.putObject("lenient").put("ok", lenientOk);
        if (!strictOk && lenientOk) {
            lenient.putArray("repairs").addObject().put("code", "L5_ROLE_FROM_CHANNEL").put("offset", 0)
                    .put("lossy", verdict.equals("rescued_with_loss"));
        }
        if (!strictOk) n.put("strict_signature", "Unknown role: final");
        n.putArray("failure_modes");
        if (!strictOk) ((com.fasterxml.jackson.databind.node.ArrayNode) n.get("failure_modes")).add("unknown_role");
        n.set("strict_failure_modes", n.get("failure_modes").deepCopy());
        n.putArray("lenient_failure_modes");
        if (verdict.equals("failed")) ((com.fasterxml.jackson.databind.node.ArrayNode) n.get("lenient_failure_modes")).add("unknown_role");
        n.put("driven_by", "lenient");
        n.put("outcome", "judged");
        n.put("verdict", verdict);
        edit.accept(n);
        return line(n);
    }

    /** A turn the endpoint gave no output for. */
    TestJournal notJudged(String scenario, String variant, int attempt, int turn, String cause) {
        ObjectNode n = base("turn", scenario, variant, attempt);
        n.put("turn", turn).put("step", 0).put("depth", turn).put("prompt_tokens", 1000).put("latency_ms", 0.0);
        n.putArray("failure_modes");
        n.put("driven_by", "none");
        n.put("outcome", "not_judged");
        n.putObject("not_judged").put("cause", cause).put("status", -1).put("message", cause + " at 127.0.0.1")
                .put("attempts", 3);
        return line(n);
    }

    /** A turn Harmonica failed on. */
    TestJournal harnessError(String scenario, String variant, int turn) {
        ObjectNode n = base("turn", scenario, variant, 1);
        n.put("turn", turn).put("step", 0).put("depth", turn).put("prompt_tokens", 1000);
        n.put("outcome", "harness_error");
        n.putObject("harness_error").put("message", "java.lang.IllegalStateException: boom");
        return line(n);
    }

    /** A scenario line; {@code bfclValid} null for none; status {@code not_judged} adds the cause and scored=false. */
    TestJournal scenario(String scenario, String variant, int attempt, String status, Boolean bfclValid) {
        ObjectNode n = base("scenario", scenario, variant, attempt);
        n.put("status", status);
        if (bfclValid != null) n.putObject("bfcl").put("valid", bfclValid);
        if (!status.equals("completed") && !status.equals("stopped") && !status.equals("step_limit")) {
            n.put("scored", false);
            if (status.equals("not_judged")) n.putObject("not_judged").put("cause", "connection_refused").put("status", -1);
        }
        return line(n);
    }

    TestJournal raw(String line) {
        lines.append(line).append('\n');
        return this;
    }

    private TestJournal line(ObjectNode n) {
        lines.append(n.toString()).append('\n');
        return this;
    }

    /** Writes run.json (the given variants, in order) and journal.jsonl into {@code dir}. */
    Path write(Path dir, boolean simulated, String... variants) {
        try {
            Files.createDirectories(dir);
            StringBuilder vs = new StringBuilder();
            for (String v : variants) vs.append(vs.length() == 0 ? "" : ",").append("{\"name\":\"").append(v).append("\"}");
            Files.writeString(dir.resolve("run.json"), "{\"run_id\":\"" + runId + "\",\"simulated\":" + simulated
                    + ",\"config\":{\"variants\":[" + vs + "]}}");
            Files.writeString(dir.resolve("journal.jsonl"), lines);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
