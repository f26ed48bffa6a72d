package dev.harmonica.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.harmonica.endpoint.Endpoint;
import dev.harmonica.endpoint.EndpointException;
import dev.harmonica.endpoint.ModelRequest;
import dev.harmonica.endpoint.RawTurn;
import dev.harmonica.harmony.FailureMode;
import dev.harmonica.harmony.HarmonyEncoding;
import dev.harmonica.harmony.Message;
import dev.harmonica.harmony.MessageJson;
import dev.harmonica.harmony.ParseOutcome;
import dev.harmonica.harmony.Repair;
import dev.harmonica.harmony.TurnAnalysis;
import dev.harmonica.scenario.ExpectedCall;
import dev.harmonica.scenario.MultiTurnScenario;
import dev.harmonica.scenario.ReplayScenario;
import dev.harmonica.scenario.Scenario;
import dev.harmonica.scenario.ToolBackend;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Plays one scenario × variant: the BFCL inference loop (bfcl-multi-turn.md §7) or SWE prefix replay
 * (swe-trajectories.md §4.1), journaling one {@link TurnRecord} per model turn through the sink, and returning the
 * {@link ScenarioRecord}. Deterministic given the endpoint's answers: nothing depends on time or thread.
 */
public final class ScenarioPlayer {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** The canned holdout message of BFCL FC mode (bfcl-multi-turn.md §9.4), sent when a turn has no messages. */
    public static final String HOLDOUT_MESSAGE = "I have updated some more functions you can choose from. What about now?";

    private final String runId;
    private final String shard;
    private final RunConfig config;
    private final Endpoint endpoint;
    private final TurnAnalyzer analyzer;
    private final RendererFactory renderers;
    private final Sink sink;

    /** Receives journal records of one scenario, in order. */
    public interface Sink {
        void turn(TurnRecord record);
    }

    public ScenarioPlayer(String runId, String shard, RunConfig config, Endpoint endpoint, TurnAnalyzer analyzer,
                          RendererFactory renderers, Sink sink) {
        this.runId = runId;
        this.shard = shard;
        this.config = config;
        this.endpoint = endpoint;
        this.analyzer = analyzer;
        this.renderers = renderers;
        this.sink = sink;
    }

    public ScenarioRecord play(Scenario scenario, Variant variant) {
        return scenario instanceof MultiTurnScenario m ? playMultiTurn(m, variant) : playReplay((ReplayScenario) scenario, variant);
    }

    // ------------------------------------------------------------------ BFCL-style multi-turn

    private ScenarioRecord playMultiTurn(MultiTurnScenario s, Variant v) {
        Stats st = new Stats();
        MultiTurnScenario.Play play = s.environment().start();
        ToolBackend backend = play.backend();
        ToolSet tools = ToolSet.of(s.tools());
        Conversation conv = Conversation.create(v, renderers);
        conv.setup(tools, null);
        List<List<List<ExpectedCall>>> modelCalls = new ArrayList<>();
        String status = "completed";
        String error = null;
        int depth = 0;
        turns:
        for (int t = 0; t < s.turns().size(); t++) {
            MultiTurnScenario.UserTurn turn = s.turns().get(t);
            if (!turn.addedTools().isEmpty()) {
                tools = tools.plus(turn.addedTools());
                conv.setup(tools, null);
            }
            List<String> userMessages = turn.userMessages().isEmpty() && !turn.addedTools().isEmpty()
                    ? List.of(HOLDOUT_MESSAGE) : turn.userMessages();
            for (String u : userMessages) conv.user(u);
            List<List<ExpectedCall>> turnCalls = new ArrayList<>();
            modelCalls.add(turnCalls);
            List<ExpectedCall> remaining = new ArrayList<>(turn.groundTruth());
            for (int step = 0; ; step++) {
                JsonNode expected = expectedForBfcl(remaining);
                StepResult r = step(s, v, conv, tools, t, step, depth, expected, st, null, null, 0);
                depth++;
                if (r.endpointError != null) {
                    status = "error";
                    error = r.endpointError;
                    break turns;
                }
                if (r.stopped) {
                    r.emit();
                    status = "stopped";
                    break turns;
                }
                List<ExpectedCall> executed = new ArrayList<>();
                List<ExpectedCall> stepCalls = new ArrayList<>();
                for (PendingCall c : r.calls) stepCalls.add(new ExpectedCall(c.execName, c.args));
                if (!r.calls.isEmpty() && !play.decodes(stepCalls)) {
                    // BFCL: "Error decoding the model response. Proceed to next turn." Nothing is executed.
                    r.emit();
                    break;
                }
                for (PendingCall c : r.calls) {
                    String result = backend.execute(c.execName, c.args);
                    c.result = result;
                    executed.add(new ExpectedCall(c.execName, c.args));
                    removeMatching(remaining, c.execName, c.args);
                }
                r.emit();
                if (r.calls.isEmpty()) break; // the model stopped calling tools: the turn ends
                turnCalls.add(executed);
                for (PendingCall c : r.calls) conv.toolResult(c.history, c.result);
                if (step + 1 > config.stepLimit()) { // BFCL: count += 1; if count > MAXIMUM_STEP_LIMIT: force-quit
                    status = "step_limit";
                    break turns;
                }
            }
        }
        ScenarioRecord.BfclVerdict verdict;
        List<Boolean> turnsPassed = null;
        if ("error".equals(status)) {
            verdict = new ScenarioRecord.BfclVerdict(false, "multi_turn:inference_error",
                    "Error during inference phase. Model did not output a list of model responses.", null);
        } else {
            MultiTurnScenario.Verdict vd = play.check(modelCalls);
            verdict = new ScenarioRecord.BfclVerdict(vd.valid(), vd.errorType(), vd.errorMessage(), vd.turn());
            turnsPassed = vd.turnsPassed();
        }
        return scenarioRecord(s, v, status, error, st, verdict, null, turnsPassed);
    }

    /** The simulator's hint: the next ground-truth call of the turn, or a short final answer once all are made. */
    static JsonNode expectedForBfcl(List<ExpectedCall> remaining) {
        ArrayNode out = MAPPER.createArrayNode();
        if (remaining.isEmpty()) {
            out.add(MessageJson.write(Message.text("assistant", "The request is complete.").withChannel("final")));
            return out;
        }
        ExpectedCall next = remaining.get(0);
        out.add(MessageJson.write(Message.text("assistant", "I should call " + next.name() + ".").withChannel("analysis")));
        out.add(MessageJson.write(Conversation.callMessage(next.name(), next.argumentsJson())));
        return out;
    }

    private static void removeMatching(List<ExpectedCall> remaining, String name, String args) {
        JsonNode a = readJson(args);
        for (int i = 0; i < remaining.size(); i++) {
            ExpectedCall e = remaining.get(i);
            if (e.name().equals(name) && a != null && jsonEquals(a, readJson(e.argumentsJson()))) {
                remaining.remove(i);
                return;
            }
        }
    }

    // ------------------------------------------------------------------ SWE prefix replay

    private ScenarioRecord playReplay(ReplayScenario s, Variant v) {
        Stats st = new Stats();
        ToolSet tools = ToolSet.of(s.tools());
        Conversation conv = Conversation.create(v, renderers);
        StringBuilder instructions = new StringBuilder();
        for (JsonNode m : s.promptMessages()) {
            if (m.path("role").asText().equals("system") || m.path("role").asText().equals("developer")) {
                if (instructions.length() > 0) instructions.append("\n\n");
                instructions.append(contentText(m));
            }
        }
        conv.setup(tools, instructions.length() == 0 ? null : instructions.toString());
        for (JsonNode m : s.promptMessages()) {
            String role = m.path("role").asText();
            if (role.equals("user")) conv.user(contentText(m));
        }
        int n = s.steps().size();
        if (config.sweMaxSteps() > 0) n = Math.min(n, config.sweMaxSteps());
        String status = "completed";
        String error = null;
        int agreed = 0;
        int replayed = 0;
        for (int k = 0; k < n; k++) {
            ReplayScenario.Step rec = s.steps().get(k);
            StepResult r = step(s, v, conv, tools, 0, k, k, recordedAsHarmony(rec, s.textActions()), st, rec, s, k);
            if (r.endpointError != null) {
                status = "error";
                error = r.endpointError;
                break;
            }
            replayed++;
            if (r.agrees) agreed++;
            r.emit();
            if (r.stopped) {
                status = "stopped";
                break;
            }
            // the next prefix: the RECORDED step and its observations (teacher forcing)
            List<Conversation.CallForHistory> calls = new ArrayList<>();
            if (!s.textActions()) {
                for (int i = 0; i < rec.toolCalls().size(); i++) {
                    ReplayScenario.RecordedCall c = rec.toolCalls().get(i);
                    calls.add(new Conversation.CallForHistory(c.id() == null ? "call_" + k + "_" + i : c.id(), c.name(),
                            c.argumentsJson()));
                }
            }
            conv.recordedAssistant(rec.reasoning(), rec.assistantText(), calls);
            for (int i = 0; i < rec.observations().size(); i++) {
                if (i < calls.size()) conv.toolResult(calls.get(i), rec.observations().get(i));
                else conv.user(rec.observations().get(i));
            }
            for (int i = rec.observations().size(); i < calls.size(); i++) conv.toolResult(calls.get(i), "");
        }
        Double agreement = replayed == 0 ? null : agreed / (double) replayed;
        return scenarioRecord(s, v, status, error, st, null, agreement, null);
    }

    private static JsonNode recordedAsHarmony(ReplayScenario.Step rec, boolean textActions) {
        ArrayNode out = MAPPER.createArrayNode();
        if (rec.toolCalls().isEmpty() || textActions) {
            out.add(MessageJson.write(Message.text("assistant", rec.assistantText() == null ? "" : rec.assistantText())
                    .withChannel("final")));
            return out;
        }
        if (rec.assistantText() != null && !rec.assistantText().isBlank()) {
            out.add(MessageJson.write(Message.text("assistant", rec.assistantText()).withChannel("analysis")));
        }
        for (ReplayScenario.RecordedCall c : rec.toolCalls()) {
            out.add(MessageJson.write(Conversation.callMessage(c.name(), c.argumentsJson())));
        }
        return out;
    }

    private static String contentText(JsonNode m) {
        JsonNode c = m.get("content");
        if (c == null || c.isNull()) return "";
        if (c.isTextual()) return c.textValue();
        if (c.isArray()) {
            StringBuilder sb = new StringBuilder();
            for (JsonNode part : c) if (part.has("text")) sb.append(part.get("text").asText());
            return sb.toString();
        }
        return c.toString();
    }

    // ------------------------------------------------------------------ one model turn

    /** A call the driving parse made, on its way to execution and the journal. */
    private static final class PendingCall {
        final ToolSet.Validation validation;
        final String execName;
        final String args;
        final Conversation.CallForHistory history;
        String result;
        Boolean agrees;

        PendingCall(ToolSet.Validation validation, String execName, String args, Conversation.CallForHistory history) {
            this.validation = validation;
            this.execName = execName;
            this.args = args;
            this.history = history;
        }
    }

    /** The outcome of one model turn; {@link #emit} journals it once results are known. */
    private final class StepResult {
        final List<PendingCall> calls = new ArrayList<>();
        final List<Runnable> pending = new ArrayList<>();
        String endpointError;
        boolean stopped;
        boolean agrees;

        void emit() {
            for (Runnable r : pending) r.run();
            pending.clear();
        }
    }

    private StepResult step(Scenario s, Variant v, Conversation conv, ToolSet tools, int turn, int step, int depth,
                            JsonNode expected, Stats st, ReplayScenario.Step recorded, ReplayScenario replay,
                            int replayStep) {
        StepResult out = new StepResult();
        for (int sample = 0; ; sample++) {
            ModelRequest.Sampling sampling = v.sampling();
            String hintId = s.id();
            if (sample > 0) {
                long base = sampling.seed() == null ? 0L : sampling.seed();
                sampling = new ModelRequest.Sampling(sampling.maxTokens(), sampling.temperature(), sampling.topP(),
                        base + sample);
                hintId = s.id() + "#resample" + sample;
            }
            ModelRequest req = conv.request(config.endpoint().model(), v, sampling,
                    new ModelRequest.SimHint(hintId, depth, expected));
            String requestDigest = requestDigest(req);
            RawTurn raw;
            try {
                raw = endpoint.complete(req);
            } catch (EndpointException e) {
                String msg = e.getMessage();
                out.endpointError = msg;
                TurnRecord tr = new TurnRecord(TurnRecord.TYPE, runId, shard, s.id(), s.source(), s.category(),
                        v.name(), turn, step, depth, conv.lastPromptTokens(), 0, 0.0, e.attempts(), false,
                        requestDigest, null, new TurnRecord.EndpointError(e.status(), msg, false), null, null, null,
                        null, List.of(), List.of(), List.of(), "none", null, null, null);
                st.turns++;
                sink.turn(withDigest(tr));
                return out;
            }
            boolean chat = v.mode().isChat();
            TurnAnalysis analysis;
            int[] completionTokens = null;
            String completionText = null;
            JsonNode chatMessage = raw.chatMessage();
            if (chat) {
                analysis = chatAnalysis(raw);
            } else {
                completionTokens = raw.completionTokens();
                completionText = raw.completionText();
                if (completionTokens == null) {
                    completionTokens = HarmonyEncoding.get().encodeWithSpecials(completionText == null ? "" : completionText);
                }
                if (completionText == null) completionText = HarmonyEncoding.get().decode(completionTokens);
                analysis = analyzer.analyze(completionTokens);
            }
            boolean strictOk = analysis.strict().isOk() && raw.serverError() == null;
            Set<String> modes = new LinkedHashSet<>(analysis.failureModes());
            if (raw.serverError() != null) modes.add(FailureMode.SERVER_FORMAT_ERROR.code());
            boolean empty = chat ? isEmptyChat(chatMessage) : completionTokens.length == 0;
            if (empty && raw.serverError() == null) modes.add(FailureMode.EMPTY_OUTPUT.code());
            String drivenBy;
            List<Message> driving;
            boolean lenientNames = v.driving() != Variant.Driving.STOP;
            if (strictOk) {
                drivenBy = "strict";
                driving = analysis.strict().messages();
            } else if (v.driving() == Variant.Driving.STOP) {
                drivenBy = "stopped";
                driving = List.of();
                out.stopped = true;
            } else if (v.driving() == Variant.Driving.RESAMPLE && sample < v.resamples()) {
                drivenBy = "resampled";
                driving = null;
            } else {
                drivenBy = "lenient";
                driving = analysis.lenient().messages();
            }
            if (!strictOk) st.strictFail(depth);
            if (!analysis.lenient().isOk() || raw.serverError() != null) st.lenientFailures++;

            // tool calls of the driving parse, validated
            List<PendingCall> calls = new ArrayList<>();
            List<String> calledNames = new ArrayList<>();
            if (driving != null) {
                List<JsonNode> chatCalls = chat && chatMessage != null && chatMessage.path("tool_calls").isArray()
                        ? toList(chatMessage.get("tool_calls")) : List.of();
                int ci = 0;
                for (Message m : driving) {
                    if (!"assistant".equals(m.role()) && !chat) continue;
                    if (m.recipient() == null || m.recipient().equals("assistant") || m.recipient().equals("user")) continue;
                    String rawName = ToolSet.strictName(m.recipient());
                    String args = m.text();
                    ToolSet.Validation val = tools.validate(rawName, args, lenientNames);
                    String id = null;
                    if (chat && ci < chatCalls.size()) id = chatCalls.get(ci).path("id").asText(null);
                    if (id == null || id.isEmpty()) id = "call_" + depth + "_" + ci;
                    ci++;
                    calls.add(new PendingCall(val, val.name(), args,
                            new Conversation.CallForHistory(id, rawNameForHistory(chat, rawName, val), args)));
                    calledNames.add(val.name());
                    modes.addAll(val.failureModes());
                }
                if (chat) modes.addAll(ToolSet.toolChoiceModes(v.toolChoice(), v.parallelToolCalls(), calledNames));
                if (chat) {
                    if (chatMessage != null && !chatMessage.isNull()) conv.assistant(driving, withCallIds(chatMessage, calls));
                } else {
                    conv.assistant(driving, null);
                }
            }
            if (recorded != null && driving != null) {
                if (replay.scorer() != null) {
                    out.agrees = replay.scorer().score(replayStep, driving, !driving.isEmpty() || analysis.lenient().isOk()).agrees();
                } else {
                    out.agrees = agrees(calls, recorded, driving);
                }
                for (PendingCall c : calls) c.agrees = out.agrees;
            }
            final TurnAnalysis fa = analysis;
            final List<String> fmodes = List.copyOf(modes);
            final int promptTokens = conv.lastPromptTokens() >= 0 ? conv.lastPromptTokens() : raw.promptTokens();
            final int[] ftokens = completionTokens;
            final String ftext = completionText;
            final String fdriven = drivenBy;
            final int fsample = sample;
            st.turns++;
            Runnable journal = () -> {
                List<TurnRecord.ToolCall> tcs = new ArrayList<>(calls.size());
                for (PendingCall c : calls) {
                    tcs.add(new TurnRecord.ToolCall(c.execName, c.args, c.validation.validName(),
                            c.validation.validJson(), c.validation.schemaValid(),
                            c.validation.schemaErrors().isEmpty() ? null : c.validation.schemaErrors(), c.result,
                            c.agrees));
                }
                TurnRecord.Raw rawRec = chat
                        ? new TurnRecord.Raw(null, null, chatMessage, raw.finishReason())
                        : new TurnRecord.Raw(ftext, ftokens, null, raw.finishReason());
                int completionCount = raw.completionTokenCount() >= 0 ? raw.completionTokenCount()
                        : ftokens == null ? 0 : ftokens.length;
                TurnRecord tr = new TurnRecord(TurnRecord.TYPE, runId, shard, s.id(), s.source(), s.category(),
                        v.name(), turn, step, depth, promptTokens, completionCount, raw.latencyMillis(),
                        raw.attempts(), raw.cached(), requestDigest, rawRec,
                        raw.serverError() == null ? null : new TurnRecord.EndpointError(raw.httpStatus(), raw.serverError(), true),
                        parse(fa.strict(), raw.serverError()), parse(fa.nonStrict(), raw.serverError()),
                        parse(fa.lenient(), null), fa.strictSignature(), fmodes, tcs, raw.injectedFaults(),
                        fdriven + (fsample > 0 ? "#" + fsample : ""), null, null, null);
                sink.turn(withDigest(tr));
            };
            if (driving == null) { // a discarded sample: journal it now and draw again
                journal.run();
                continue;
            }
            out.calls.addAll(calls);
            out.pending.add(journal);
            return out;
        }
    }

    private static String rawNameForHistory(boolean chat, String rawName, ToolSet.Validation val) {
        return chat ? rawName : val.name();
    }

    private static ObjectNode withCallIds(JsonNode chatMessage, List<PendingCall> calls) {
        ObjectNode m = chatMessage != null && chatMessage.isObject() ? ((ObjectNode) chatMessage).deepCopy()
                : MAPPER.createObjectNode();
        JsonNode tc = m.get("tool_calls");
        if (tc != null && tc.isArray()) {
            for (int i = 0; i < tc.size() && i < calls.size(); i++) {
                if (tc.get(i).isObject() && !tc.get(i).path("id").isTextual()) {
                    ((ObjectNode) tc.get(i)).put("id", calls.get(i).history.id());
                }
            }
        }
        return m;
    }

    private static boolean agrees(List<PendingCall> calls, ReplayScenario.Step rec, List<Message> driving) {
        if (rec.toolCalls().isEmpty()) return calls.isEmpty();
        if (calls.size() != rec.toolCalls().size()) return false;
        for (int i = 0; i < calls.size(); i++) {
            ReplayScenario.RecordedCall r = rec.toolCalls().get(i);
            PendingCall c = calls.get(i);
            if (!c.execName.equals(r.name())) return false;
            JsonNode a = readJson(c.args);
            JsonNode b = readJson(r.argumentsJson());
            if (a == null || b == null ? !String.valueOf(c.args).equals(r.argumentsJson()) : !jsonEquals(a, b)) return false;
        }
        return true;
    }

    /** Chat mode: the server parsed; its message is turned into harmony messages so all journals have one shape. */
    private static TurnAnalysis chatAnalysis(RawTurn raw) {
        if (raw.serverError() != null) {
            ParseOutcome failed = ParseOutcome.failed(raw.serverError());
            return new TurnAnalysis(failed, failed, failed, List.of(), null);
        }
        List<Message> msgs = ChatHarmony.toHarmony(raw.chatMessage());
        ParseOutcome ok = ParseOutcome.ok(msgs);
        return new TurnAnalysis(ok, ok, ok, List.of(), null);
    }

    private static boolean isEmptyChat(JsonNode m) {
        if (m == null || m.isNull()) return true;
        boolean content = m.hasNonNull("content") && !m.get("content").asText().isEmpty();
        boolean calls = m.path("tool_calls").isArray() && !m.get("tool_calls").isEmpty();
        boolean reasoning = m.hasNonNull("reasoning") || m.hasNonNull("reasoning_content");
        return !content && !calls && !reasoning;
    }

    private static List<JsonNode> toList(JsonNode arr) {
        List<JsonNode> out = new ArrayList<>(arr.size());
        arr.forEach(out::add);
        return out;
    }

    private static TurnRecord.Parse parse(ParseOutcome o, String serverError) {
        ArrayNode repairs = null;
        if (!o.repairs().isEmpty()) {
            repairs = MAPPER.createArrayNode();
            for (Repair r : o.repairs()) {
                repairs.addObject().put("code", r.code()).put("offset", r.offset()).put("before", r.before())
                        .put("after", r.after());
            }
        }
        String error = o.error() != null ? o.error() : serverError;
        return new TurnRecord.Parse(error == null, error, MessageJson.writeAll(o.messages()), repairs);
    }

    private static String requestDigest(ModelRequest r) {
        String sampling = r.sampling() == null ? "" : r.sampling().toString();
        if (r.mode() == ModelRequest.Mode.COMPLETIONS) {
            return Digests.tokens(r.promptTokens(), r.model() + "|" + sampling);
        }
        return Digests.sha256Hex16(r.model() + "|" + r.messages() + "|" + r.tools() + "|" + r.toolChoice() + "|"
                + r.parallelToolCalls() + "|" + r.stream() + "|" + sampling);
    }

    /** The record digest covers everything except timing (latency) so that identical runs give identical digests. */
    static TurnRecord withDigest(TurnRecord t) {
        TurnRecord forDigest = new TurnRecord(t.type(), t.runId(), t.shard(), t.scenarioId(), t.source(), t.category(),
                t.variant(), t.turn(), t.step(), t.depth(), t.promptTokens(), t.completionTokens(), 0.0, t.attempts(),
                t.cached(), t.requestDigest(), t.raw(), t.endpointError(), t.strict(), t.harmonyNonStrict(),
                t.lenient(), t.strictSignature(), t.failureModes(), t.toolCalls(), t.injectedFaults(), t.drivenBy(),
                null, t.strictFailureModes(), t.lenientFailureModes());
        String d;
        try {
            d = Digests.sha256Hex16(Journal.MAPPER.writeValueAsString(forDigest));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return new TurnRecord(t.type(), t.runId(), t.shard(), t.scenarioId(), t.source(), t.category(), t.variant(),
                t.turn(), t.step(), t.depth(), t.promptTokens(), t.completionTokens(), t.latencyMs(), t.attempts(),
                t.cached(), t.requestDigest(), t.raw(), t.endpointError(), t.strict(), t.harmonyNonStrict(),
                t.lenient(), t.strictSignature(), t.failureModes(), t.toolCalls(), t.injectedFaults(), t.drivenBy(), d,
                t.strictFailureModes(), t.lenientFailureModes());
    }

    private ScenarioRecord scenarioRecord(Scenario s, Variant v, String status, String error, Stats st,
                                          ScenarioRecord.BfclVerdict verdict, Double agreement,
                                          List<Boolean> turnsPassed) {
        ScenarioRecord r = new ScenarioRecord(ScenarioRecord.TYPE, runId, shard, s.id(), s.source(), s.category(),
                v.name(), status, error, st.turns, st.strictFailures, st.lenientFailures, st.firstStrictDepth,
                verdict, agreement, null, turnsPassed);
        String d;
        try {
            d = Digests.sha256Hex16(Journal.MAPPER.writeValueAsString(r));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return new ScenarioRecord(r.type(), r.runId(), r.shard(), r.scenarioId(), r.source(), r.category(), r.variant(),
                r.status(), r.error(), r.modelTurns(), r.strictFailures(), r.lenientFailures(),
                r.firstStrictFailureDepth(), r.bfcl(), r.sweAgreement(), d, r.bfclTurnsPassed());
    }

    private static final class Stats {
        int turns;
        int strictFailures;
        int lenientFailures;
        Integer firstStrictDepth;

        void strictFail(int depth) {
            strictFailures++;
            if (firstStrictDepth == null) firstStrictDepth = depth;
        }
    }

    // ------------------------------------------------------------------ JSON helpers

    static JsonNode readJson(String s) {
        if (s == null) return null;
        try {
            return MAPPER.readTree(s.isBlank() ? "{}" : s);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private static final Comparator<JsonNode> NUMERIC = (a, b) -> {
        if (a.equals(b)) return 0;
        if (a.isNumber() && b.isNumber()) return a.decimalValue().compareTo(b.decimalValue()) == 0 ? 0 : 1;
        return 1;
    };

    /** JSON equality where 5 and 5.0 are equal (Python's {@code ==} on decoded JSON). */
    static boolean jsonEquals(JsonNode a, JsonNode b) {
        return a != null && b != null && a.equals(NUMERIC, b);
    }
}
