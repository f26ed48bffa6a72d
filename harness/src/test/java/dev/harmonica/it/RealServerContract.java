package dev.harmonica.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.harmonica.cli.ExitCodes;
import dev.harmonica.harmony.HarmonyEncoding;
import dev.harmonica.testing.TempTrees;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What must hold when Harmonica runs against a real gpt-oss server (issue 17): the tiny random-weight model served by
 * the real server (subclasses pick llama.cpp or vLLM), a few BFCL scenarios of {@code datasets/bfcl} and two SWE
 * trajectories of {@code datasets/swe}, played by {@code harmonica run} in completions, chat and chat-stream modes
 * (128 tokens, temperature 1, fixed seed) through a {@link TcpRecorder} that keeps every byte exchanged.
 * The model writes malformed harmony often, so the runs see format failures, leaked markup and server errors.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(TinyServerExtension.class)
abstract class RealServerContract {
    /** The SWE runs' sampling seed (every request of a run uses its run's seed). */
    static final long SWE_SEED = 7;
    static final String COMPLETIONS_PATH = "/v1/completions";
    static final String CHAT_PATH = "/v1/chat/completions";
    /** Harmony markup a chat answer's text must never carry unnoticed (a subset of what Harmonica scans for). */
    static final Pattern MARKUP = Pattern.compile(
            "<\\|(start|end|message|channel|constrain|return|call)\\|>|\\bto=functions\\.");
    static final Set<String> UNJUDGED_CAUSES = Set.of("http_5xx", "stream_error", "read_timeout", "idle_timeout");

    Path tmp;
    TinyServer server;
    RealServerRun bfcl;
    RealServerRun swe;

    @BeforeAll
    void play(TinyServerExtension.Launch launch) throws IOException {
        server = launch.server();
        tmp = TempTrees.create("harmonica-" + server.kind().arg + "-");
        bfcl = RealServerRun.run(server, new RealServerRun.Plan("bfcl-" + server.kind().arg,
                List.of("bfcl:datasets/bfcl"), 3, 4, 128, bfclSeed()), tmp);
        swe = RealServerRun.run(server, new RealServerRun.Plan("swe-" + server.kind().arg,
                List.of("swe:datasets/swe/harmonica-swe-001-ledgerly-rounding.json",
                        "swe:datasets/swe/harmonica-swe-005-envfile-quotes-text.json"), 0, 20, 128, SWE_SEED), tmp);
        for (RealServerRun r : runs()) System.out.println(server + ": " + census(r));
    }

    /**
     * The BFCL runs' sampling seed, chosen per server so that the runs show the server's whole range on these prompts
     * (measured; see the subclasses).
     */
    abstract long bfclSeed();

    @AfterAll
    void deleteRuns() throws IOException {
        if (tmp == null) return;
        try (Stream<Path> s = Files.walk(tmp)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }

    List<RealServerRun> runs() {
        return List.of(bfcl, swe);
    }

    /** Per mode: turns judged (ok / not ok / server format errors / markup) and not judged, for the report. */
    static String census(RealServerRun r) {
        StringBuilder sb = new StringBuilder(r.dir().getFileName() + " exit " + r.exitCode() + ":");
        for (String mode : RealServerRun.MODES) {
            List<JsonNode> ts = r.turns(mode);
            long judged = ts.stream().filter(t -> t.path("outcome").asText().equals("judged")).count();
            long ok = ts.stream().filter(t -> t.path("verdict").asText().equals("ok")).count();
            long format = ts.stream().filter(RealServerContract::serverFormatError).count();
            long markup = ts.stream().filter(t -> modes(t).contains("markup_in_content")
                    || modes(t).contains("markup_in_reasoning")).count();
            Map<String, Integer> causes = new TreeMap<>();
            ts.stream().filter(t -> t.path("outcome").asText().equals("not_judged"))
                    .forEach(t -> causes.merge(t.path("not_judged").path("cause").asText(), 1, Integer::sum));
            sb.append(String.format(Locale.ROOT, " %s %d turns: %d judged (%d ok, %d server format errors, %d markup),"
                    + " %d not judged %s;", mode, ts.size(), judged, ok, format, markup, ts.size() - judged, causes));
        }
        return sb.toString();
    }

    static boolean serverFormatError(JsonNode turn) {
        return turn.path("endpoint_error").path("format_error").asBoolean(false);
    }

    static List<String> modes(JsonNode turn) {
        List<String> out = new ArrayList<>();
        turn.path("failure_modes").forEach(m -> out.add(m.asText()));
        return out;
    }

    /**
     * Every turn is judged (with a verdict) or not judged (with a cause a healthy local server can give: its own
     * errors or a timeout; a refused, reset or truncated connection here would be Harmonica's doing); no harness
     * error; every scenario x variant played to its end; exit code 0, or 3 exactly when some work was not judged.
     */
    @Test
    void everyTurnIsJudgedOrNotJudgedWithACauseAndTheRunSaysSo() {
        for (RealServerRun r : runs()) {
            assertThat(r.exitCode()).as("%s exit code (0 or 3, never 70)\n%s", r.dir(), r.output())
                    .isIn(ExitCodes.OK, ExitCodes.NOT_JUDGED);
            for (JsonNode t : r.turns()) {
                String outcome = t.path("outcome").asText();
                assertThat(outcome).as("outcome of %s", t).isIn("judged", "not_judged");
                if (outcome.equals("judged")) {
                    assertThat(t.path("verdict").asText()).as("verdict of %s", t)
                            .isIn("ok", "rescued", "rescued_with_loss", "failed");
                } else {
                    assertThat(t.path("not_judged").path("cause").asText()).as("cause of %s", t).isIn(UNJUDGED_CAUSES);
                }
            }
            List<String> played = r.scenarios().stream()
                    .map(s -> s.path("scenario_id").asText() + "/" + s.path("variant").asText()).toList();
            long scenarios = r.turns().stream().map(t -> t.path("scenario_id").asText()).distinct().count();
            assertThat(played).as("one scenario line per scenario x variant").doesNotHaveDuplicates()
                    .hasSize((int) scenarios * RealServerRun.MODES.size());
            assertThat(r.scenarios()).extracting(s -> s.path("status").asText()).as("scenario statuses")
                    .isSubsetOf("completed", "stopped", "step_limit", "not_judged");
            assertThat(r.exitCode() == ExitCodes.NOT_JUDGED).as("exit 3 iff some work was not judged").isEqualTo(
                    r.scenarios().stream().anyMatch(s -> s.path("status").asText().equals("not_judged")));
        }
    }

    /**
     * Every attempt Harmonica counts reached the server, and nothing else did: per mode, the requests on the wire equal
     * the sum of the turns' {@code attempts}, and each was answered. (A pooled connection the server had closed would
     * cost an attempt that never arrives: llama.cpp closes the connection after every stream and, like vLLM, after
     * 5 s idle; see LlamaConnectionTest.)
     */
    @Test
    void everyAttemptReachedTheServer() {
        for (RealServerRun r : runs()) {
            for (String mode : RealServerRun.MODES) {
                long attempts = r.turns(mode).stream().mapToLong(t -> t.path("attempts").asLong()).sum();
                List<HttpExchange> sent = r.exchanges(path(mode), mode.equals("chat-stream"));
                assertThat((long) sent.size()).as("%s %s: requests on the wire vs attempts journaled", r.dir(), mode)
                        .isEqualTo(attempts);
                assertThat(sent).as("every request answered").allSatisfy(x -> assertThat(x.status()).isPositive());
            }
        }
    }

    static String path(String mode) {
        return mode.equals("completions") ? COMPLETIONS_PATH : CHAT_PATH;
    }

    /**
     * A chat answer whose content or reasoning carries harmony markup is judged and not ok, with
     * {@code markup_in_content} / {@code markup_in_reasoning}; the seeded runs contain such answers.
     */
    @Test
    void chatAnswersCarryingHarmonyMarkupAreJudgedNotOk() {
        int seen = 0;
        for (RealServerRun r : runs()) {
            for (String mode : List.of("chat", "chat-stream")) {
                for (JsonNode t : r.turns(mode)) {
                    JsonNode m = t.path("raw").path("chat_message");
                    boolean inContent = MARKUP.matcher(m.path("content").asText("")).find();
                    boolean inReasoning = MARKUP.matcher(m.path("reasoning").asText(m.path("reasoning_content").asText(""))).find();
                    if (!inContent && !inReasoning) continue;
                    seen++;
                    assertThat(t.path("outcome").asText()).isEqualTo("judged");
                    assertThat(t.path("verdict").asText()).as("verdict of %s", t).isNotEqualTo("ok");
                    if (inContent) assertThat(modes(t)).as("modes of %s", t).contains("markup_in_content");
                    if (inReasoning) assertThat(modes(t)).as("modes of %s", t).contains("markup_in_reasoning");
                }
            }
        }
        assertThat(seen).as("chat answers with markup in these runs (seeded; measured on both servers)").isPositive();
    }

    /**
     * A server error is "not judged", never a model failure — except the server rejecting the model's output for its
     * format (llama.cpp: HTTP 500 or, streaming, an error event "The model produced output that does not match the
     * expected peg-native format" / "Unexpected empty grammar stack after accepting piece"): those are judged
     * {@code server_format_error} turns, one request each (never retried), and never {@code truncated_stream}.
     */
    @Test
    void serverErrorsAreNotJudgedUnlessTheServerRejectedTheOutput() {
        for (RealServerRun r : runs()) {
            for (String mode : List.of("chat", "chat-stream")) {
                List<String> rejections = new ArrayList<>();
                List<String> others = new ArrayList<>();
                for (HttpExchange x : r.exchanges(CHAT_PATH, mode.equals("chat-stream"))) {
                    String error = errorOf(x);
                    if (error != null) (rejectsOutput(error) ? rejections : others).add(error);
                }
                List<String> judgedRejections = new ArrayList<>();
                for (JsonNode t : r.turns(mode)) {
                    if (!serverFormatError(t)) {
                        assertThat(t.has("endpoint_error")).as("a judged turn carries only format errors: %s", t).isFalse();
                        continue;
                    }
                    judgedRejections.add(t.path("endpoint_error").path("message").asText());
                    assertThat(t.path("outcome").asText()).isEqualTo("judged");
                    assertThat(t.path("attempts").asInt()).as("a rejection is not retried: %s", t).isEqualTo(1);
                    assertThat(t.path("verdict").asText()).isNotEqualTo("ok");
                    assertThat(t.path("strict_failure_modes").toString()).contains("server_format_error");
                }
                assertThat(sorted(judgedRejections)).as("%s %s: rejections on the wire vs judged format errors",
                        r.dir(), mode).isEqualTo(sorted(rejections));
                for (JsonNode t : r.turns(mode)) {
                    if (!t.path("outcome").asText().equals("not_judged")) continue;
                    assertThat(t.path("not_judged").path("cause").asText()).isNotIn("truncated_stream", "transport");
                    assertThat(rejectsOutput(t.path("not_judged").path("message").asText())).isFalse();
                }
                long grammar = rejections.stream().filter(m -> m.contains("grammar stack")).count();
                System.out.println(server + " " + r.dir().getFileName() + " " + mode + ": " + rejections.size()
                        + " output rejections, judged (" + (rejections.size() - grammar) + " peg-native format, " + grammar
                        + " grammar stack), " + others.size() + " other server errors " + others);
            }
        }
    }

    /** llama.cpp's texts for rejecting the model's output (FormatErrorsTest cites their source). */
    static boolean rejectsOutput(String message) {
        String m = message.toLowerCase(Locale.ROOT);
        if (m.contains("failed to initialize samplers")) return false;
        return m.contains("the model produced output that does not match the expected")
                || m.contains("unexpected empty grammar stack after accepting piece");
    }

    /** The error message of an answer: an HTTP error body, or the first error event of a stream; null if none. */
    static String errorOf(HttpExchange x) {
        if (x.status() >= 400) return messageOf(x.responseBody());
        if (!x.isStream()) return null;
        for (String line : x.responseBody().split("\n")) {
            if (!line.startsWith("data:")) continue;
            String m = messageOf(line.substring(5).strip());
            if (m != null) return m;
        }
        return null;
    }

    private static String messageOf(String json) {
        try {
            JsonNode n = RealServerRun.JSON.readTree(json);
            JsonNode e = n == null ? null : n.get("error");
            if (e == null || e.isNull()) return null;
            return e.isTextual() ? e.asText() : e.path("message").asText(e.toString());
        } catch (IOException e) {
            return null; // not JSON: not an error object
        }
    }

    private static List<String> sorted(List<String> l) {
        return l.stream().sorted().toList();
    }

    @Test
    void reportsBuildAndSayTheNumbersCameFromARealServer() throws IOException {
        for (RealServerRun r : runs()) {
            RealServerRun.Command report = RealServerRun.report(r.dir());
            assertThat(report.exitCode()).as(report.output()).isZero();
            assertThat(r.dir().resolve("index.html")).isNotEmptyFile();
            JsonNode runJson = RealServerRun.JSON.readTree(r.dir().resolve("run.json").toFile());
            assertThat(runJson.path("simulated").isBoolean()).isTrue();
            assertThat(runJson.path("simulated").asBoolean()).isFalse();
            JsonNode summary = RealServerRun.JSON.readTree(r.dir().resolve("summary.json").toFile());
            assertThat(summary.path("simulated").asBoolean(true)).isFalse();
            assertThat(r.turns()).noneMatch(t -> t.path("simulated").asBoolean(false));
        }
    }

    // ---- the baseline renderer against the server's own rendering -------------------------------------------

    /**
     * Harmonica's completions prompt (baseline renderer {@code harmony-v0.0.8}, {@code system_message: vllm}, the
     * server's date) equals the server's template rendering of the equivalent chat request, token for token, but for
     * the {@link KnownDeviations} (1, 2: fixed and guarded; 4: a call header's content type, compared as text),
     * each of which must still occur. Equivalent conversations: the first request of every BFCL scenario (no model
     * output yet) and every request of the SWE replays (recorded history only: every step of these trajectories has
     * one call, so no model output enters it); the chat request is the one Harmonica sent in chat mode.
     */
    @Test
    void baselinePromptsEqualTheServersTemplateRendering() throws Exception {
        ServerRendering rendering = new ServerRendering(server);
        List<Pair> pairs = pairs(rendering::template);
        UnaryOperator<String> deviation4 = KnownDeviations::withConstrainedCallHeaders;
        List<String> problems = pairs.stream().filter(p -> !p.equalAsText(deviation4)).map(p -> p.describe(deviation4))
                .toList();
        long tokenEqual = pairs.stream().filter(Pair::equalTokens).count();
        System.out.println(server + ": template rendering vs Harmonica's baseline prompts: " + pairs.size()
                + " chat requests, " + tokenEqual + " equal token for token, " + (pairs.size() - tokenEqual - problems.size())
                + " equal but for the calls' content type (deviation 4), " + problems.size() + " different");
        assertThat(problems).as("prompts that differ from %s's template rendering", server).isEmpty();
        assertThat(pairs).as("fixed deviation 1: a recorded thought beside a call goes as reasoning, as in completions")
                .noneMatch(p -> KnownDeviations.anyThoughtBesideCall(p.chat()));
        assertThat(pairs).as("fixed deviation 2: reasoning is sent as reasoning and reasoning_content")
                .allMatch(p -> KnownDeviations.reasoningUnderBothNames(p.chat()));
        assertThat(pairs).as("deviation 4 still occurs")
                .anyMatch(p -> KnownDeviations.hasUnconstrainedCallHeader(p.theirsText()));
    }

    /**
     * A chat request, the server's rendering of it, and the prompts Harmonica sent in completions mode in the same
     * run ({@code prompts}, with their decoded texts).
     */
    record Pair(String run, JsonNode chat, int[] theirs, List<int[]> prompts, List<String> promptTexts) {
        boolean equalTokens() {
            return prompts.stream().anyMatch(p -> Arrays.equals(p, theirs));
        }

        String theirsText() {
            return HarmonyEncoding.get().decode(theirs);
        }

        /** Token for token, or as text once {@code normalise} has rewritten the server's known deviations. */
        boolean equalAsText(UnaryOperator<String> normalise) {
            return equalTokens() || promptTexts.contains(normalise.apply(theirsText()));
        }

        /** Where the (normalised) server text departs from the Harmonica prompt text nearest to it. */
        String describe(UnaryOperator<String> normalise) {
            String theirsText = normalise.apply(theirsText());
            String best = "";
            int at = -1;
            for (String p : promptTexts) {
                int n = commonPrefix(p, theirsText);
                if (n > at) {
                    at = n;
                    best = p;
                }
            }
            return run + ": the server's rendering (" + theirs.length + " tokens) differs from the nearest Harmonica"
                    + " prompt at character " + at + "\n  Harmonica: …" + around(best, at) + "\n  server:    …"
                    + around(theirsText, at) + "\n  chat request messages: " + abbreviate(chat.get("messages").toString());
        }
    }

    /** A server rendering of a chat request body. */
    interface Renderer {
        int[] render(JsonNode chatRequest) throws Exception;
    }

    /**
     * Every equivalent chat request with the server's rendering. Also checks the other direction for the SWE run: as
     * many distinct prompts as conversations.
     */
    List<Pair> pairs(Renderer renderer) throws Exception {
        List<Pair> out = new ArrayList<>();
        for (RealServerRun r : runs()) {
            List<int[]> prompts = completionsPrompts(r);
            List<String> texts = prompts.stream().map(p -> HarmonyEncoding.get().decode(p)).toList();
            Map<String, JsonNode> chats = chatRequests(r, r == bfcl);
            for (JsonNode chat : chats.values()) {
                out.add(new Pair(r.dir().getFileName().toString(), chat, renderer.render(chat), prompts, texts));
            }
            if (r == swe) {
                assertThat(prompts.size()).as("distinct SWE prompts vs chat conversations").isEqualTo(
                        chats.values().stream().map(c -> c.get("messages").toString()).distinct().count());
            }
        }
        assertThat(out).as("pairs compared").isNotEmpty();
        return out;
    }

    /** The distinct prompts Harmonica sent in completions mode, in order. */
    static List<int[]> completionsPrompts(RealServerRun r) throws IOException {
        Map<String, int[]> out = new LinkedHashMap<>();
        for (HttpExchange x : r.exchanges(COMPLETIONS_PATH, false)) {
            JsonNode p = RealServerRun.JSON.readTree(x.requestBody()).get("prompt");
            int[] ids = new int[p.size()];
            for (int i = 0; i < ids.length; i++) ids[i] = p.get(i).asInt();
            out.putIfAbsent(p.toString(), ids);
        }
        return new ArrayList<>(out.values());
    }

    /**
     * The distinct chat requests Harmonica sent (both chat modes, by messages and tools); with {@code firstOnly} only
     * the first request of a scenario (system instructions and one user message; later requests can lack an assistant
     * message too, when the server rejected the model's answer).
     */
    static Map<String, JsonNode> chatRequests(RealServerRun r, boolean firstOnly) throws IOException {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        for (HttpExchange x : Stream.concat(r.exchanges(CHAT_PATH, false).stream(), r.exchanges(CHAT_PATH, true).stream()).toList()) {
            JsonNode q = RealServerRun.JSON.readTree(x.requestBody());
            int users = 0;
            boolean others = false;
            for (JsonNode m : q.get("messages")) {
                String role = m.path("role").asText();
                if (role.equals("user")) users++;
                else others |= !role.equals("system");
            }
            if (firstOnly && (users != 1 || others)) continue;
            out.putIfAbsent(q.get("messages").toString() + q.path("tools"), q);
        }
        return out;
    }

    static int commonPrefix(String a, String b) {
        int n = 0;
        while (n < a.length() && n < b.length() && a.charAt(n) == b.charAt(n)) n++;
        return n;
    }

    private static String around(String text, int at) {
        return text.substring(Math.max(0, at - 60), Math.min(text.length(), at + 100)).replace("\n", "\\n");
    }

    private static String abbreviate(String s) {
        return s.length() <= 600 ? s : s.substring(0, 300) + " … " + s.substring(s.length() - 300);
    }
}
