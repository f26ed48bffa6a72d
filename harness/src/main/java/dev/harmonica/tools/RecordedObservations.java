package dev.harmonica.tools;

import dev.harmonica.scenario.ToolBackend;
import dev.harmonica.scenario.swe.SweScenario;

import java.util.List;

/**
 * The replay "backend" for one replayed step: the i-th call the model makes gets the recorded observation of the
 * i-th recorded call of that step (what the recorded agent saw), or a fixed note when there is none. Never executes
 * anything. One instance per replayed step (it counts calls).
 */
public final class RecordedObservations implements ToolBackend {
    public static final String NO_RECORDING = "[no recorded observation: replay does not execute tools]";

    private final List<String> results;
    private int next;

    public RecordedObservations(SweScenario scenario, int step) {
        SweScenario.Step s = scenario.steps().get(step);
        int n = Math.min(s.toolCalls().size(), s.observations().size());
        this.results = s.observations().subList(0, n);
    }

    @Override
    public String execute(String name, String argumentsJson) {
        return next < results.size() ? results.get(next++) : NO_RECORDING;
    }
}
