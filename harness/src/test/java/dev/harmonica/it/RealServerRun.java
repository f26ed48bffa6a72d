package dev.harmonica.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.harmonica.cli.Main;
import dev.harmonica.journal.JournalReader;
import dev.harmonica.testing.SharedData;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One {@code harmonica run} (in process, {@link Main#run}) against a real server through a {@link TcpRecorder}: the
 * three modes as variants (completions with the baseline renderer, chat, chat-stream), small {@code max_tokens},
 * temperature 1, a fixed seed, the servers' pinned system date, one request at a time. What it leaves: the exit code,
 * the journal's lines and every HTTP exchange Harmonica had with the server.
 *
 * @param dir       the run directory
 * @param exitCode  {@code harmonica run}'s exit code
 * @param output    what the command printed (stdout and stderr)
 * @param turns     the journal's {@code turn} lines
 * @param scenarios the journal's {@code scenario} lines
 * @param exchanges every request Harmonica sent and the server's answer, as recorded on the wire
 */
record RealServerRun(Path dir, int exitCode, String output, List<JsonNode> turns, List<JsonNode> scenarios,
                     List<HttpExchange> exchanges) {
    static final ObjectMapper JSON = new ObjectMapper();
    /** The variants: name = mode. */
    static final List<String> MODES = List.of("completions", "chat", "chat-stream");

    /** What to run. */
    record Plan(String runId, List<String> scenarioSets, int limit, int stepLimit, int maxTokens, long seed) {
    }

    static RealServerRun run(TinyServer server, Plan plan, Path parent) throws IOException {
        Path runFile = parent.resolve(plan.runId() + ".json");
        Path dir = parent.resolve(plan.runId());
        try (TcpRecorder recorder = new TcpRecorder(server.base())) {
            Files.writeString(runFile, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(
                    runFile(plan, recorder, server.kind())));
            StringWriter out = new StringWriter();
            int code = Main.run(new PrintWriter(out, true), new PrintWriter(out, true), "run", runFile.toString(),
                    "--out", dir.toString(), "--datasets", SharedData.projectRoot().toString(), "--quiet",
                    "--no-report");
            List<JsonNode> turns = new ArrayList<>();
            List<JsonNode> scenarios = new ArrayList<>();
            Path journal = dir.resolve("journal.jsonl");
            if (Files.exists(journal)) {
                JournalReader.forEachLine(journal, n -> {
                    if (n.path("type").asText().equals("turn")) turns.add(n);
                    if (n.path("type").asText().equals("scenario")) scenarios.add(n);
                });
            }
            return new RealServerRun(dir, code, out.toString(), turns, scenarios, recorder.exchanges());
        }
    }

    private static ObjectNode runFile(Plan plan, TcpRecorder recorder, TinyServer.Kind kind) {
        ObjectNode f = JSON.createObjectNode();
        f.put("run_id", plan.runId());
        ArrayNode sets = f.putArray("scenarios");
        plan.scenarioSets().forEach(sets::add);
        f.put("limit", plan.limit());
        f.put("step_limit", plan.stepLimit());
        f.put("system_message", "vllm");
        f.put("system_date", TinyServer.DATE);
        ObjectNode e = f.putObject("endpoint");
        e.put("url", recorder.base() + "/v1");
        e.put("model", TinyServer.MODEL);
        e.put("concurrency", 1);
        e.put("timeout_s", 300);
        // vLLM: the harmony-preserving completions options and return_token_ids; llama.cpp takes none of them
        e.put("server", kind == TinyServer.Kind.VLLM ? "vllm" : "generic");
        ArrayNode variants = f.putArray("variants");
        for (String mode : MODES) {
            ObjectNode v = variants.addObject();
            v.put("name", mode);
            v.put("mode", mode);
            v.put("renderer", "harmony-v0.0.8");
            ObjectNode s = v.putObject("sampling");
            s.put("max_tokens", plan.maxTokens());
            s.put("temperature", 1.0);
            s.put("seed", plan.seed());
        }
        return f;
    }

    /** The turns of one variant (= mode). */
    List<JsonNode> turns(String variant) {
        return turns.stream().filter(t -> t.path("variant").asText().equals(variant)).toList();
    }

    /** The exchanges on one path ({@code /v1/completions}, {@code /v1/chat/completions}), streamed or not. */
    List<HttpExchange> exchanges(String path, boolean stream) {
        return exchanges.stream().filter(x -> x.path().equals(path) && streamRequested(x) == stream).toList();
    }

    static boolean streamRequested(HttpExchange x) {
        try {
            return JSON.readTree(x.requestBody()).path("stream").asBoolean(false);
        } catch (IOException e) {
            throw new AssertionError("request body is not JSON: " + x.requestBody(), e);
        }
    }

    /** A command's exit code and what it printed. */
    record Command(int exitCode, String output) {
    }

    /** {@code harmonica report RUN_DIR}. */
    static Command report(Path dir) {
        StringWriter out = new StringWriter();
        int code = Main.run(new PrintWriter(out, true), new PrintWriter(out, true), "report", dir.toString());
        return new Command(code, out.toString());
    }
}
