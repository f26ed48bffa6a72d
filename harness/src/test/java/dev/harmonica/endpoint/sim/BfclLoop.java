package dev.harmonica.endpoint.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.harmonica.endpoint.Json;
import dev.harmonica.scenario.ExpectedCall;
import dev.harmonica.scenario.MultiTurnScenario;
import dev.harmonica.tools.bfcl.BfclPrompts;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Plays a scenario against a {@link SimEngine} the way bfcl-eval 2026.3.23's FC loop does (base_handler
 * {@code inference_multi_turn_FC}), in the wire shapes its handlers send: Chat Completions
 * ({@code openai_completion.py}: the SDK message echoed back with {@code reasoning}, one {@code role: tool} message per
 * call) or Responses ({@code openai_response.py}: every output item echoed back, one {@code function_call_output} per
 * call, flat tools). No system prompt; the holdout message on a miss_func holdout turn; a turn still calling tools
 * after step 20 ({@code MAXIMUM_STEP_LIMIT}: steps 0 to 20) is force-quit and no further turn is played.
 * Test-only.
 */
final class BfclLoop {
    enum Api { CHAT, RESPONSES }

    /** bfcl-eval's {@code MAXIMUM_STEP_LIMIT}: the step counter may reach it, the next step force-quits. */
    static final int MAXIMUM_STEP_LIMIT = 20;

    /** Where tool results come from: (turn, index of the call in the turn, the call) to the result string. */
    @FunctionalInterface
    interface Results {
        String of(int turn, int index, ExpectedCall call);
    }

    /** What the play made: the calls per user turn in order, the requests sent, the text answers. */
    record Played(List<List<ExpectedCall>> calls, int requests, List<String> texts) {
    }

    private BfclLoop() {
    }

    /** Where requests go: (path, JSON body) to the simulator's reply. */
    @FunctionalInterface
    interface Transport {
        SimEngine.Reply post(String path, String body);
    }

    static Played play(SimEngine engine, MultiTurnScenario s, Api api, Results results) {
        return play((path, body) -> engine.handle("POST", path, body), s, api, results);
    }

    static Played play(Transport engine, MultiTurnScenario s, Api api, Results results) {
        ArrayNode history = Json.array();
        ArrayNode tools = Json.array();
        s.tools().forEach(tools::add);
        List<List<ExpectedCall>> calls = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        int requests = 0;
        for (int t = 0; t < s.turns().size(); t++) {
            MultiTurnScenario.UserTurn turn = s.turns().get(t);
            turn.addedTools().forEach(tools::add);
            List<String> users = turn.userMessages().isEmpty() ? List.of(BfclPrompts.HOLDOUT_MESSAGE_FC) : turn.userMessages();
            for (String u : users) history.addObject().put("role", "user").put("content", u);
            List<ExpectedCall> made = new ArrayList<>();
            calls.add(made);
            boolean ended = false;
            for (int step = 0; step <= MAXIMUM_STEP_LIMIT && !ended; step++) {
                JsonNode answer = post(engine, api, history, tools);
                requests++;
                List<ExpectedCall> stepCalls = api == Api.CHAT ? chatStep(answer, history) : responsesStep(answer, history);
                if (stepCalls.isEmpty()) {
                    texts.add(api == Api.CHAT ? answer.path("choices").path(0).path("message").path("content").asText()
                            : outputText(answer));
                    ended = true;
                    continue;
                }
                for (ExpectedCall c : stepCalls) {
                    String result = results.of(t, made.size(), c);
                    made.add(c);
                    String id = lastCallIds(history).get(0);
                    if (api == Api.CHAT) {
                        history.addObject().put("role", "tool").put("content", result).put("tool_call_id", id);
                    } else {
                        history.addObject().put("type", "function_call_output").put("call_id", id).put("output", result);
                    }
                }
            }
            if (!ended) return new Played(calls, requests, texts); // force-quit: BFCL runs no further turn
        }
        return new Played(calls, requests, texts);
    }

    static JsonNode post(Transport engine, Api api, ArrayNode history, ArrayNode tools) {
        ObjectNode body = Json.object();
        body.put("model", api == Api.CHAT ? "openbmb/MiniCPM-SALA-FC" : "gpt-4.1-2025-04-14");
        body.set(api == Api.CHAT ? "messages" : "input", history.deepCopy());
        body.put("store", false);
        body.put("temperature", 0.001);
        body.set("tools", api == Api.CHAT ? tools : flat(tools));
        String path = api == Api.CHAT ? "/v1/chat/completions" : SimEngine.RESPONSES_PATH;
        SimEngine.Reply r = engine.post(path, Json.write(body));
        if (r.status() != 200) throw new AssertionError("HTTP " + r.status() + ": " + r.body());
        return Json.tryParse(r.body());
    }

    /** Responses tools are flat: the function's fields and {@code "type": "function"}. */
    static ArrayNode flat(ArrayNode chatTools) {
        ArrayNode out = Json.array();
        for (JsonNode t : chatTools) {
            ObjectNode f = ((ObjectNode) t.get("function")).deepCopy();
            f.put("type", "function");
            out.add(f);
        }
        return out;
    }

    private static List<ExpectedCall> chatStep(JsonNode answer, ArrayNode history) {
        JsonNode m = answer.path("choices").path(0).path("message");
        ObjectNode echo = history.addObject(); // the SDK object as openai-python serialises it back
        echo.set("content", m.get("content"));
        echo.put("role", "assistant");
        List<ExpectedCall> out = new ArrayList<>();
        JsonNode tc = m.get("tool_calls");
        if (tc != null && tc.isArray() && !tc.isEmpty()) {
            ArrayNode calls = echo.putArray("tool_calls");
            for (JsonNode c : tc) {
                ObjectNode e = calls.addObject().put("id", c.get("id").asText());
                e.putObject("function").put("arguments", c.path("function").path("arguments").asText())
                        .put("name", c.path("function").path("name").asText());
                e.put("type", "function");
                out.add(new ExpectedCall(c.path("function").path("name").asText(), c.path("function").path("arguments").asText()));
            }
        }
        if (m.has("reasoning")) echo.set("reasoning", m.get("reasoning"));
        return out;
    }

    private static List<ExpectedCall> responsesStep(JsonNode answer, ArrayNode history) {
        List<ExpectedCall> out = new ArrayList<>();
        for (JsonNode item : answer.get("output")) {
            history.add(item.deepCopy());
            if (item.path("type").asText().equals("function_call")) {
                out.add(new ExpectedCall(item.get("name").asText(), item.get("arguments").asText()));
            }
        }
        return out;
    }

    /** The call ids of the last model step not yet answered, oldest first. */
    private static List<String> lastCallIds(ArrayNode history) {
        List<String> ids = new ArrayList<>();
        List<String> answered = new ArrayList<>();
        for (JsonNode m : history) {
            if (m.path("role").asText().equals("assistant") && m.has("tool_calls")) {
                for (JsonNode c : m.get("tool_calls")) ids.add(c.get("id").asText());
            } else if (m.path("type").asText().equals("function_call")) {
                ids.add(m.get("call_id").asText());
            } else if (m.has("tool_call_id")) {
                answered.add(m.get("tool_call_id").asText());
            } else if (m.path("type").asText().equals("function_call_output")) {
                answered.add(m.get("call_id").asText());
            }
        }
        ids.removeAll(answered);
        return ids;
    }

    private static String outputText(JsonNode answer) {
        StringBuilder sb = new StringBuilder();
        for (JsonNode item : answer.get("output")) {
            if (!item.path("type").asText().equals("message")) continue;
            for (JsonNode part : item.get("content")) if (part.path("type").asText().equals("output_text")) sb.append(part.get("text").asText());
        }
        return sb.toString();
    }

    /** Two calls are the same: equal names and equal JSON arguments. */
    static boolean same(ExpectedCall a, ExpectedCall b) {
        return a.name().equals(b.name()) && Said.sameArguments(a.argumentsJson(), b.argumentsJson());
    }

    static String describe(List<ExpectedCall> calls) {
        StringBuilder sb = new StringBuilder("[");
        for (Iterator<ExpectedCall> it = calls.iterator(); it.hasNext(); ) {
            ExpectedCall c = it.next();
            sb.append(c.name()).append(c.argumentsJson());
            if (it.hasNext()) sb.append(", ");
        }
        return sb.append(']').toString();
    }
}
