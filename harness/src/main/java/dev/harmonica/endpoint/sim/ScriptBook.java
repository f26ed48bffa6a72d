package dev.harmonica.endpoint.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.harmonica.endpoint.Json;
import dev.harmonica.scenario.MultiTurnScenario;
import dev.harmonica.scenario.ReplayScenario;
import dev.harmonica.scenario.Scenario;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The scenarios a simulator plays to clients that send no hint ({@code harmonica sim --scenarios}), indexed by their
 * first user message (whitespace-normalised). A request is recognised from its content alone: the scenarios that
 * start with its first user message are walked along its history ({@link Script#locate}); of those that fit, the
 * one with the fewest unmatched model answers wins, ties going to the first loaded. Immutable and thread-safe.
 *
 * <p>Several scenarios can be indistinguishable by content (BFCL's long_context entries ask what base asks, with a
 * larger initial state and sometimes a different ground truth): {@link #ambiguities()} lists the positions where the
 * first-loaded rule answers for another scenario; serve one category per simulator to avoid them.
 */
public final class ScriptBook {
    /** No scenarios: every request needs its hint. */
    public static final ScriptBook EMPTY = new ScriptBook(List.of());

    private final List<Script> scripts;
    private final Map<String, List<Script>> byKey;
    private final List<String> unindexed;

    private ScriptBook(List<Script> scripts) {
        this.scripts = List.copyOf(scripts);
        Map<String, List<Script>> index = new LinkedHashMap<>();
        List<String> none = new ArrayList<>();
        for (Script s : scripts) {
            if (s.key() == null) none.add(s.id());
            else index.computeIfAbsent(s.key(), k -> new ArrayList<>()).add(s);
        }
        index.replaceAll((k, v) -> List.copyOf(v));
        this.byKey = Map.copyOf(index);
        this.unindexed = List.copyOf(none);
    }

    /** BFCL-style multi-turn scenarios and replayed SWE trajectories, in the order given (the order breaks ties). */
    public static ScriptBook of(List<? extends Scenario> scenarios) {
        List<Script> out = new ArrayList<>();
        for (Scenario s : scenarios) {
            if (s instanceof MultiTurnScenario m) out.add(TurnScript.of(m));
            else if (s instanceof ReplayScenario r) out.add(TrajectoryScript.of(r.trajectory()));
        }
        return new ScriptBook(out);
    }

    public int size() {
        return scripts.size();
    }

    public boolean isEmpty() {
        return scripts.isEmpty();
    }

    /** Ids of scenarios without a user message: they can never be recognised. */
    public List<String> unrecognisable() {
        return unindexed;
    }

    List<Script> scripts() {
        return scripts;
    }

    /** Where a request stands, or why it fits no loaded scenario, for a server that stops at {@code <|call|>}. */
    Recognition recognise(Transcript t) {
        return recognise(t, true);
    }

    /**
     * Where a request stands, or why it fits no loaded scenario. {@code stopsAtCall}: the server writes only the
     * {@link #firstAction} of an answer (true: the default, as vLLM), so scenarios whose answers differ only after it
     * are not ambiguous; false ({@code --ignore-stop}): whole answers are compared.
     */
    Recognition recognise(Transcript t, boolean stopsAtCall) {
        Utterance.User first = t.firstUser();
        if (first == null) {
            return new Recognition.Unknown(422, Recognition.Reason.NO_USER_MESSAGE, "simulator: the request has no user"
                    + " message; a conversation is recognised by its first user message");
        }
        List<Script> candidates = byKey.getOrDefault(Said.normalise(first.text()), List.of());
        if (candidates.isEmpty()) {
            return new Recognition.Unknown(404, Recognition.Reason.NOT_FOUND, "simulator: no loaded scenario starts"
                    + " with the user message " + Said.quote(first.text(), 100) + " (message " + first.at() + "; "
                    + scripts.size() + " scenarios loaded; the first user message must match, whitespace aside)");
        }
        List<Located.At> fits = new ArrayList<>();
        Located.Diverged closest = null;
        for (Script s : candidates) {
            Located l = s.locate(t);
            if (l instanceof Located.At at) fits.add(at);
            else if (l instanceof Located.Diverged d && (closest == null || d.reached() > closest.reached())) closest = d;
        }
        if (fits.isEmpty()) return diverged(closest, candidates.size());
        Located.At best = fits.get(0);
        for (Located.At a : fits) if (a.unmatched() < best.unmatched()) best = a;
        List<String> ambiguous = new ArrayList<>();
        for (Located.At a : fits) {
            if (a != best && a.unmatched() == best.unmatched() && !written(a.expected(), stopsAtCall).equals(written(best.expected(), stopsAtCall))) {
                ambiguous.add(a.scenarioId());
            }
        }
        return new Recognition.Found(best, candidates.size(), ambiguous);
    }

    private static Recognition diverged(Located.Diverged d, int candidates) {
        String where = d.message() >= 0 ? "at message " + d.message() : "";
        String others = candidates > 1 ? " (" + (candidates - 1) + " more scenarios start with the same user message"
                + " and diverge too; the one that agrees longest is shown)" : "";
        return new Recognition.Unknown(422, Recognition.Reason.DIVERGED, "simulator: the conversation starts as"
                + " scenario " + d.scenarioId() + ", but diverges" + (where.isEmpty() ? "" : " " + where) + ": " + d.why() + others);
    }

    /**
     * The part of a scripted answer a server that stops at {@code <|call|>} writes: the messages up to and including
     * the first tool call (all of them when there is none). Two scripts that differ only after it answer the same.
     */
    private static JsonNode written(JsonNode expected, boolean stopsAtCall) {
        return stopsAtCall ? firstAction(expected) : expected;
    }

    static JsonNode firstAction(JsonNode expected) {
        ArrayNode out = Json.array();
        for (JsonNode m : expected) {
            out.add(m);
            if (m.hasNonNull("recipient")) break;
        }
        return out;
    }

    /**
     * One scripted position that a client following the script would get another scenario's answer at.
     *
     * @param scenarioId the scenario played
     * @param position   where in it (e.g. {@code turn 1, call 0})
     * @param answeredAs the scenario whose answer the simulator gives there, or the reason code when none
     */
    public record Ambiguity(String scenarioId, String position, String answeredAs) {
    }

    /**
     * Walks every scenario's scripted conversation request by request and lists, per scenario, the first position
     * whose answer is not its own: another scenario fits the same content first and writes another answer (with
     * {@code stopsAtCall}, another {@link #firstAction}; else another whole answer). Empty when every loaded scenario
     * is told apart by what clients send.
     */
    public List<Ambiguity> ambiguities(boolean stopsAtCall) {
        List<Ambiguity> out = new ArrayList<>();
        for (Script s : scripts) {
            if (s.key() == null) continue;
            for (Script.Probe p : s.probes()) {
                Recognition r = recognise(p.transcript(), stopsAtCall);
                if (r instanceof Recognition.Unknown u) {
                    out.add(new Ambiguity(s.id(), p.position(), u.reason().code()));
                    break;
                }
                Located.At at = ((Recognition.Found) r).at();
                if (!written(at.expected(), stopsAtCall).equals(written(p.expected(), stopsAtCall))) {
                    out.add(new Ambiguity(s.id(), p.position(), at.scenarioId()));
                    break;
                }
            }
        }
        return out;
    }
}
