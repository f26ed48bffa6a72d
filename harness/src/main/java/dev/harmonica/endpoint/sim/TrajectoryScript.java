package dev.harmonica.endpoint.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.harmonica.endpoint.Json;
import dev.harmonica.harmony.Message;
import dev.harmonica.harmony.MessageJson;
import dev.harmonica.scenario.swe.ReplayHints;
import dev.harmonica.scenario.swe.SweScenario;
import dev.harmonica.scenario.swe.SweScenario.Step;
import dev.harmonica.scenario.swe.SweScenario.ToolCall;

import java.util.ArrayList;
import java.util.List;

/**
 * A recorded SWE trajectory as the simulator plays it: the conversation is told by the user messages of its prompt;
 * after them, every model answer in the history takes the place of the next recorded action (a native call, or one
 * text reply in text-action formats), tool results and user messages are the observations. The answer is the
 * recorded reply of the step the history has reached ({@link ReplayHints#recordedReplyAfter}): the rest of a step
 * whose parallel calls are made one request at a time, else the next step. A step the scaffold rejected
 * ({@link Step#inHistory()} false) may be missing from the history, its observations present, as in Harmonica's own
 * prefixes. Observation texts are not compared (a prefix may elide them); calls and text replies that differ from the
 * recording are tolerated and counted as unmatched.
 */
final class TrajectoryScript implements Script {
    private final SweScenario scenario;
    private final List<String> promptKeys;
    private final boolean text;

    private TrajectoryScript(SweScenario scenario, List<String> promptKeys) {
        this.scenario = scenario;
        this.promptKeys = List.copyOf(promptKeys);
        this.text = scenario.actionFormat().textActions();
    }

    static TrajectoryScript of(SweScenario s) {
        List<String> keys = new ArrayList<>();
        for (JsonNode m : s.promptMessages()) {
            if ("user".equals(m.path("role").asText())) keys.add(Said.normalise(Transcript.text(m.get("content"))));
        }
        return new TrajectoryScript(s, keys);
    }

    @Override
    public String id() {
        return scenario.id();
    }

    @Override
    public String key() {
        return promptKeys.isEmpty() ? null : promptKeys.get(0);
    }

    private int steps() {
        return scenario.steps().size();
    }

    /** Calls a step is replayed as (0: one text reply). */
    private int callsOf(int step) {
        return text ? 0 : scenario.steps().get(step).toolCalls().size();
    }

    /** The walk's state: prompt messages seen, the current step and what of it was said. */
    private final class Walk {
        int prompt;
        int step;
        int calls;
        int matched;
        boolean replied;
        int observed;
        int depth;
        int unmatched;

        boolean started() {
            return calls > 0 || replied;
        }

        boolean stepDone() {
            return replied || (calls > 0 && calls >= callsOf(step));
        }

        String take(Utterance u) {
            if (u instanceof Utterance.User user && prompt < promptKeys.size()) {
                String got = Said.normalise(user.text());
                String want = promptKeys.get(prompt);
                if (!want.equals(got)) {
                    return "expected prompt user message " + (prompt + 1) + ": " + Said.quote(want, 80) + ", got " + Said.quote(got, 80);
                }
                prompt++;
                return null;
            }
            if (prompt < promptKeys.size()) {
                return "a model answer or observation before all " + promptKeys.size() + " user messages of the prompt";
            }
            if (u instanceof Utterance.User || u instanceof Utterance.ToolResult) return observation();
            return action(u);
        }

        private String observation() {
            if (started() && stepDone() && observed >= scenario.steps().get(step).observations().size()
                    && step + 1 < steps() && !scenario.steps().get(step + 1).inHistory()) {
                advance(); // this step's observations are all given: these belong to the next, rejected, step
            }
            if (!started()) {
                if (step < steps() && !scenario.steps().get(step).inHistory()) {
                    replied = true; // the rejected reply the scaffold dropped from its history
                } else {
                    return "an observation where the model's answer of step " + step + " was expected";
                }
            }
            observed++;
            return null;
        }

        private void advance() {
            step++;
            calls = 0;
            matched = 0;
            replied = false;
            observed = 0;
        }

        private String action(Utterance u) {
            if (stepDone()) advance();
            if (step >= steps()) return "the recording has " + steps() + " steps, all made; got another model answer";
            depth++;
            Step s = scenario.steps().get(step);
            if (u instanceof Utterance.Call c && callsOf(step) > 0) {
                ToolCall want = s.toolCalls().get(calls);
                if (want.name().equals(c.name()) && Said.sameArguments(want.arguments(), c.arguments())) matched++;
                else unmatched++;
                calls++;
                return null;
            }
            String said = u instanceof Utterance.Reply r ? r.text() : null;
            if (said != null && callsOf(step) == 0 && Said.normalise(said).equals(Said.normalise(s.assistantText()))) matched++;
            else unmatched++;
            replied = true;
            return null;
        }
    }

    @Override
    public Located locate(Transcript t) {
        Walk w = new Walk();
        for (int i = 0; i < t.items().size(); i++) {
            Utterance u = t.items().get(i);
            String why = w.take(u);
            if (why != null) return new Located.Diverged(id(), u.at(), i, why);
        }
        if (w.prompt < promptKeys.size()) {
            return new Located.Diverged(id(), -1, t.items().size(), "the request has " + w.prompt + " of the "
                    + promptKeys.size() + " user messages of the prompt");
        }
        if (w.started() && !w.stepDone()) {
            return new Located.At(id(), w.step, w.calls, w.matched, w.observed, w.depth, w.unmatched, reply(w.step, w.calls));
        }
        int next = w.started() ? w.step + 1 : w.step;
        if (next >= steps()) {
            return new Located.Diverged(id(), -1, t.items().size(), "the recording has " + steps()
                    + " steps and the history has made them all: nothing recorded is left to answer");
        }
        return new Located.At(id(), next, 0, 0, 0, w.depth, w.unmatched, reply(next, 0));
    }

    private JsonNode reply(int step, int callsMade) {
        ArrayNode out = Json.array();
        for (Message m : ReplayHints.recordedReplyAfter(scenario, step, callsMade)) out.add(MessageJson.write(m));
        return out;
    }

    @Override
    public List<Probe> probes() {
        List<Probe> out = new ArrayList<>();
        List<Utterance> said = new ArrayList<>();
        for (String p : promptKeys) said.add(new Utterance.User(p, said.size()));
        for (int k = 0; k < steps(); k++) {
            Step s = scenario.steps().get(k);
            int n = s.inHistory() ? callsOf(k) : 0;
            if (n == 0) {
                out.add(new Probe(new Transcript(said, null), reply(k, 0), "step " + k));
                if (s.inHistory()) said.add(new Utterance.Reply(s.assistantText(), said.size()));
            }
            for (int c = 0; c < n; c++) {
                out.add(new Probe(new Transcript(said, null), reply(k, c), "step " + k + ", call " + c));
                ToolCall call = s.toolCalls().get(c);
                said.add(new Utterance.Call(call.name(), call.arguments(), said.size()));
                said.add(new Utterance.ToolResult(c < s.observations().size() ? s.observations().get(c) : "", said.size()));
            }
            for (int o = n; o < s.observations().size(); o++) said.add(new Utterance.User(s.observations().get(o), said.size()));
        }
        return out;
    }
}
