package dev.harmonica.endpoint.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.harmonica.endpoint.Json;
import dev.harmonica.harmony.Message;
import dev.harmonica.harmony.MessageJson;
import dev.harmonica.scenario.ExpectedCall;
import dev.harmonica.scenario.MultiTurnScenario;
import dev.harmonica.tools.bfcl.BfclPrompts;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * A multi-turn (BFCL) scenario as the simulator plays it. The conversation is told by its user messages, as BFCL's FC
 * handler sends them (bfcl-eval {@code model_handler/api_inference/openai_completion.py} and
 * {@code openai_response.py}: no system prompt, each turn's user messages, on a miss_func holdout turn the message
 * {@link BfclPrompts#HOLDOUT_MESSAGE_FC} with the released tools added; after every step the tool results), and by the
 * tools offered at the turn. The answer at any point is the next ground-truth call of the turn not yet made (see
 * {@link #callsLeft}; a call in
 * the history matches a ground-truth call by name and arguments as JSON values, in any order, as Harmonica's runner
 * counts them), or a short final answer once all are made, which ends the turn in BFCL's loop. Calls that match no
 * ground-truth call (e.g. a faulted answer the client executed anyway) are tolerated and counted as unmatched.
 */
final class TurnScript implements Script {
    /** The final answer once a turn's calls are made; the same text as the runner's hint ({@code run.ScenarioPlayer}). */
    static final String FINAL_ANSWER = "The request is complete.";

    /** One user turn: its user messages (raw and normalised), ground truth, and the tool names offered during it. */
    private record Turn(List<String> users, List<String> keys, List<ExpectedCall> calls, Set<String> tools) {
    }

    private final String id;
    private final List<Turn> turns;

    private TurnScript(String id, List<Turn> turns) {
        this.id = id;
        this.turns = List.copyOf(turns);
    }

    static TurnScript of(MultiTurnScenario s) {
        Set<String> tools = new LinkedHashSet<>(names(s.tools()));
        List<Turn> turns = new ArrayList<>();
        for (MultiTurnScenario.UserTurn t : s.turns()) {
            for (JsonNode added : t.addedTools()) tools.addAll(names(added));
            boolean holdout = t.userMessages().isEmpty() && !t.addedTools().isEmpty();
            List<String> users = holdout ? List.of(BfclPrompts.HOLDOUT_MESSAGE_FC) : t.userMessages();
            turns.add(new Turn(users, users.stream().map(Said::normalise).toList(), t.groundTruth(), Set.copyOf(tools)));
        }
        return new TurnScript(s.id(), turns);
    }

    private static Set<String> names(JsonNode tools) {
        if (tools != null && tools.isObject()) return Transcript.toolNames(Json.array().add(tools));
        Set<String> n = Transcript.toolNames(tools);
        return n == null ? Set.of() : n;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String key() {
        for (Turn t : turns) if (!t.keys().isEmpty()) return t.keys().get(0);
        return null;
    }

    /** The walk's state: which turn, which of its user messages, what of its ground truth is left. */
    private final class Walk {
        int turn = -1;
        int nextUser;
        List<ExpectedCall> remaining = List.of();
        int calls;
        int matched;
        int results;
        int depth;
        int unmatched;

        /** Takes one utterance; returns why it does not fit, or null. */
        String take(Utterance u) {
            if (u instanceof Utterance.User user) return user(user);
            if (u instanceof Utterance.Call call) return call(call);
            if (u instanceof Utterance.Reply) depth++;
            else results++;
            return null;
        }

        private String user(Utterance.User u) {
            String got = Said.normalise(u.text());
            if (turn >= 0 && nextUser < turns.get(turn).keys().size()) {
                String want = turns.get(turn).keys().get(nextUser);
                if (!fits(want, got)) return "expected user message " + (nextUser + 1) + " of turn " + turn + ": "
                        + Said.quote(want, 80) + ", got " + Said.quote(got, 80);
                nextUser++;
                return null;
            }
            int next = turn + 1;
            while (next < turns.size() && turns.get(next).keys().isEmpty()) next++;
            if (next >= turns.size()) {
                return "scenario " + id + " has " + turns.size() + " user turns, all given; got one more user message "
                        + Said.quote(got, 80);
            }
            String want = turns.get(next).keys().get(0);
            if (!fits(want, got)) {
                return "expected the user message of turn " + next + ": " + Said.quote(want, 80) + ", got " + Said.quote(got, 80);
            }
            turn = next;
            nextUser = 1;
            remaining = new ArrayList<>(turns.get(turn).calls());
            calls = 0;
            matched = 0;
            results = 0;
            return null;
        }

        private String call(Utterance.Call c) {
            if (turn < 0) return "a tool call (" + Said.call(c.name(), c.arguments()) + ") before the first user message";
            depth++;
            calls++;
            for (int i = 0; i < remaining.size(); i++) {
                ExpectedCall e = remaining.get(i);
                if (e.name().equals(c.name()) && Said.sameArguments(e.argumentsJson(), c.arguments())) {
                    remaining.remove(i);
                    matched++;
                    return null;
                }
            }
            unmatched++;
            return null;
        }
    }

    /** A holdout message also matches when a prompting-mode client put the released docs before it. */
    private static boolean fits(String want, String got) {
        if (want.equals(got)) return true;
        String holdout = Said.normalise(BfclPrompts.HOLDOUT_MESSAGE_FC);
        return want.equals(holdout) && got.endsWith(" " + holdout);
    }

    @Override
    public Located locate(Transcript t) {
        Walk w = new Walk();
        for (int i = 0; i < t.items().size(); i++) {
            Utterance u = t.items().get(i);
            String why = w.take(u);
            if (why != null) return new Located.Diverged(id, u.at(), i, why);
        }
        if (w.turn < 0) return new Located.Diverged(id, -1, 0, "no user message");
        Set<String> tools = turns.get(w.turn).tools();
        if (t.toolNames() != null && !t.toolNames().equals(tools)) {
            return new Located.Diverged(id, -1, t.items().size(), toolsWhy(t.toolNames(), tools, w.turn));
        }
        JsonNode expected = w.remaining.isEmpty() ? finalAnswer() : callsLeft(w.remaining);
        return new Located.At(id, w.turn, w.calls, w.matched, w.results, w.depth, w.unmatched, expected);
    }

    private String toolsWhy(Set<String> offered, Set<String> scripted, int turn) {
        Set<String> extra = new TreeSet<>(offered);
        extra.removeAll(scripted);
        Set<String> missing = new TreeSet<>(scripted);
        missing.removeAll(offered);
        return "the request offers " + offered.size() + " tools, scenario " + id + " offers " + scripted.size()
                + " at turn " + turn + (extra.isEmpty() ? "" : "; not in the scenario: " + extra)
                + (missing.isEmpty() ? "" : "; missing: " + missing);
    }

    /**
     * The answer while ground truth is left: a short analysis, then the calls not yet made, in ground-truth order. A
     * server that stops at {@code <|call|>} (the default, as gpt-oss on vLLM) writes only the first, exactly the
     * runner's hint; {@code --ignore-stop} writes them all into one answer (BFCL's loop then runs them in one step,
     * which a turn with more than BFCL's 20-step limit of calls needs).
     */
    static JsonNode callsLeft(List<ExpectedCall> left) {
        ArrayNode out = Json.array();
        String first = left.get(0).name();
        out.add(MessageJson.write(Message.text("assistant", "I should call " + first + ".").withChannel("analysis")));
        for (ExpectedCall c : left) out.add(MessageJson.write(Message.toolCall(c.name(), c.argumentsJson())));
        return out;
    }

    static JsonNode finalAnswer() {
        return Json.array().add(MessageJson.write(Message.text("assistant", FINAL_ANSWER).withChannel("final")));
    }

    @Override
    public List<Probe> probes() {
        List<Probe> out = new ArrayList<>();
        List<Utterance> said = new ArrayList<>();
        for (int t = 0; t < turns.size(); t++) {
            Turn turn = turns.get(t);
            for (String u : turn.users()) said.add(new Utterance.User(u, said.size()));
            for (int k = 0; k < turn.calls().size(); k++) {
                ExpectedCall c = turn.calls().get(k);
                out.add(new Probe(new Transcript(said, turn.tools()), callsLeft(turn.calls().subList(k, turn.calls().size())),
                        "turn " + t + ", call " + k));
                said.add(new Utterance.Call(c.name(), c.argumentsJson(), said.size()));
                said.add(new Utterance.ToolResult("", said.size()));
            }
            out.add(new Probe(new Transcript(said, turn.tools()), finalAnswer(), "turn " + t + ", final answer"));
            said.add(new Utterance.Reply(FINAL_ANSWER, said.size()));
        }
        return out;
    }
}
