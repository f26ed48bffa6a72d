package dev.harmonica.run;

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
import dev.harmonica.harmony.parse.HarmonyParsers;
import dev.harmonica.harmony.parse.TurnAnalysis;
import dev.harmonica.harmony.render.HarmonyRenderer;
import dev.harmonica.scenario.ExpectedCall;
import dev.harmonica.scenario.MultiTurnScenario;
import dev.harmonica.scenario.ToolBackend;
import dev.harmonica.turn.TurnAnalyzer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/** Small test doubles: a perfect model answering the runner's hint, a key-value tool backend and its checker. */
final class Fakes {
    static final ObjectMapper M = new ObjectMapper();

    private Fakes() {
    }

    /** Answers every request with {@code simHint.expected}; optionally corrupts chosen depths. */
    static final class ExpectedEndpoint implements Endpoint {
        final AtomicInteger calls = new AtomicInteger();
        final Set<Integer> unknownRoleAtDepth;
        final HarmonyRenderer renderer = HarmonyRenderer.of("harmony-v0.0.8");

        ExpectedEndpoint(Set<Integer> unknownRoleAtDepth) {
            this.unknownRoleAtDepth = unknownRoleAtDepth;
        }

        @Override
        public RawTurn complete(ModelRequest request) throws EndpointException {
            calls.incrementAndGet();
            List<Message> expected = MessageJson.readConversation(request.simHint().expected());
            boolean fault = unknownRoleAtDepth.contains(request.simHint().depth())
                    && !request.simHint().scenarioId().contains("#resample");
            if (request.mode() == ModelRequest.Mode.CHAT) {
                if (fault) {
                    return new RawTurn(null, null, null, null, 10, 5, 0.1, 1, 400, "channel marker present but no channel value found in header",
                            List.of("F9"), false);
                }
                return new RawTurn(null, null, chatMessage(expected), "stop", 10, 5, 0.1, 1, 200, null, List.of(), false);
            }
            StringBuilder text = new StringBuilder();
            for (Message m : expected) text.append(renderer.renderMessage(m, true).text());
            String s = text.toString();
            if (s.startsWith("<|start|>assistant")) s = s.substring("<|start|>assistant".length());
            Message last = expected.get(expected.size() - 1);
            if (s.endsWith("<|end|>")) {
                s = s.substring(0, s.length() - "<|end|>".length()) + (last.recipient() != null ? "<|call|>" : "<|return|>");
            }
            List<String> faults = List.of();
            if (fault) {
                // F9: empty channel, "channel marker present but no channel value found in header"
                int i = s.indexOf("<|channel|>commentary");
                if (i < 0) i = s.indexOf("<|channel|>final");
                int end = s.indexOf("<|", i + "<|channel|>".length());
                int space = s.indexOf(' ', i);
                if (space >= 0 && space < end) end = space;
                s = s.substring(0, i) + "<|channel|>" + s.substring(end);
                faults = List.of("F9");
            }
            int[] tokens = HarmonyEncoding.get().encodeWithSpecials(s);
            return new RawTurn(tokens, s, null, "stop", request.promptTokens().length, tokens.length, 0.1, 1, 200,
                    null, faults, false);
        }

        static ObjectNode chatMessage(List<Message> expected) {
            ObjectNode m = M.createObjectNode();
            m.put("role", "assistant");
            String content = null;
            ArrayNode calls = null;
            int i = 0;
            for (Message x : expected) {
                if ("analysis".equals(x.channel())) m.put("reasoning", x.text());
                else if (x.recipient() != null) {
                    if (calls == null) calls = m.putArray("tool_calls");
                    ObjectNode c = calls.addObject();
                    c.put("id", "call_" + (i++));
                    c.put("type", "function");
                    c.putObject("function").put("name", x.recipient().substring("functions.".length()))
                            .put("arguments", x.text());
                } else content = x.text();
            }
            if (content == null) m.putNull("content");
            else m.put("content", content);
            return m;
        }
    }

    /**
     * Strict and non-strict are the real parsers; until the lenient parser exists, "lenient" is harmony's non-strict
     * outcome, and every strict error is classified as {@code other_format_error}.
     */
    static TurnAnalyzer analyzer() {
        return tokens -> {
            try {
                return HarmonyParsers.analyze(tokens, "assistant");
            } catch (UnsupportedOperationException e) {
                ParseOutcome strict = HarmonyParsers.strict().parse(tokens, "assistant");
                ParseOutcome nonStrict = HarmonyParsers.harmonyNonStrict().parse(tokens, "assistant");
                return new TurnAnalysis(strict, nonStrict, nonStrict,
                        strict.isOk() ? List.of() : List.of(FailureMode.OTHER_FORMAT_ERROR.code()),
                        strict.isOk() ? null : strict.error());
            }
        };
    }

    /** Tools {@code put(key, value)} and {@code get(key)} over a map. */
    static final ArrayNode KV_TOOLS;

    static {
        try {
            KV_TOOLS = (ArrayNode) M.readTree("""
                    [{"type":"function","function":{"name":"put","description":"Stores a value.","parameters":
                      {"type":"object","properties":{"key":{"type":"string"},"value":{"type":"integer"}},"required":["key","value"]}}},
                     {"type":"function","function":{"name":"get","description":"Reads a value.","parameters":
                      {"type":"object","properties":{"key":{"type":"string"}},"required":["key"]}}}]""");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static final class KvBackend implements ToolBackend {
        final Map<String, Long> state = new LinkedHashMap<>();

        @Override
        public String execute(String name, String argumentsJson) {
            JsonNode a;
            try {
                a = M.readTree(argumentsJson);
            } catch (Exception e) {
                return "{\"error\": \"invalid JSON\"}";
            }
            return switch (name) {
                case "put" -> {
                    state.put(a.path("key").asText(), a.path("value").asLong());
                    yield "{\"ok\": true}";
                }
                case "get" -> "{\"value\": " + state.get(a.path("key").asText()) + "}";
                default -> "{\"error\": \"unknown tool " + name + "\"}";
            };
        }
    }

    /** The environment: the checker replays the model's calls and the ground truth and compares final states. */
    static MultiTurnScenario.Environment kvEnvironment(List<List<ExpectedCall>> groundTruth) {
        return () -> new MultiTurnScenario.Play() {
            @Override
            public ToolBackend backend() {
                return new KvBackend();
            }

            @Override
            public MultiTurnScenario.Verdict check(List<List<List<ExpectedCall>>> modelCalls) {
                if (modelCalls.size() != groundTruth.size()) {
                    return new MultiTurnScenario.Verdict(false, "multi_turn:force_terminated", "turns differ", null);
                }
                KvBackend model = new KvBackend();
                KvBackend gt = new KvBackend();
                for (int t = 0; t < groundTruth.size(); t++) {
                    for (List<ExpectedCall> step : modelCalls.get(t)) for (ExpectedCall c : step) model.execute(c.name(), c.argumentsJson());
                    for (ExpectedCall c : groundTruth.get(t)) gt.execute(c.name(), c.argumentsJson());
                    if (!groundTruth.get(t).isEmpty() && modelCalls.get(t).isEmpty()) {
                        return new MultiTurnScenario.Verdict(false, "multi_turn:empty_turn_model_response", "empty", t);
                    }
                    if (!model.state.equals(gt.state)) {
                        return new MultiTurnScenario.Verdict(false, "multi_turn:instance_state_mismatch", "state", t);
                    }
                }
                return MultiTurnScenario.Verdict.VALID;
            }
        };
    }

    /** {@code n} scenarios with 2–3 user turns of 0–3 calls each. */
    static List<MultiTurnScenario> kvScenarios(int n) {
        List<MultiTurnScenario> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            List<MultiTurnScenario.UserTurn> turns = new ArrayList<>();
            List<List<ExpectedCall>> gt = new ArrayList<>();
            int turnCount = 2 + i % 2;
            for (int t = 0; t < turnCount; t++) {
                List<ExpectedCall> calls = new ArrayList<>();
                for (int c = 0; c < (i + t) % 4; c++) {
                    calls.add(c % 2 == 0 ? new ExpectedCall("put", "{\"key\":\"k" + c + "\",\"value\":" + (i * 10 + t) + "}")
                            : new ExpectedCall("get", "{\"key\":\"k" + (c - 1) + "\"}"));
                }
                gt.add(calls);
                turns.add(new MultiTurnScenario.UserTurn(List.of("Turn " + t + " of task " + i), List.of(), calls));
            }
            out.add(new MultiTurnScenario("kv_" + i, "bfcl", "base", KV_TOOLS, turns, kvEnvironment(gt)));
        }
        return out;
    }
}
