package dev.harmonica.tools;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.harmonica.scenario.ToolBackend;
import dev.harmonica.scenario.swe.SweScenario;

import java.util.Comparator;
import java.util.List;

/**
 * The replay "backend" for one replayed step: a call the model makes gets the recorded observation of the recorded
 * call it repeats (same tool, JSON-equal arguments; parallel calls in any order), else the next recorded observation
 * not yet given, else a fixed note. Never executes anything. One instance per replayed step (it remembers which
 * observations were given).
 */
public final class RecordedObservations implements ToolBackend {
    public static final String NO_RECORDING = "[no recorded observation: replay does not execute tools]";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Comparator<JsonNode> NUMERIC = (a, b) -> a.equals(b)
            || a.isNumber() && b.isNumber() && a.decimalValue().compareTo(b.decimalValue()) == 0 ? 0 : 1;

    private final List<SweScenario.ToolCall> calls;
    private final List<String> results;
    private final boolean[] given;

    public RecordedObservations(SweScenario scenario, int step) {
        SweScenario.Step s = scenario.steps().get(step);
        int n = Math.min(s.toolCalls().size(), s.observations().size());
        this.calls = s.toolCalls().subList(0, n);
        this.results = s.observations().subList(0, n);
        this.given = new boolean[n];
    }

    @Override
    public String execute(String name, String argumentsJson) {
        JsonNode args = parse(argumentsJson);
        for (int i = 0; i < calls.size(); i++) {
            if (!given[i] && calls.get(i).name().equals(name) && args != null
                    && args.equals(NUMERIC, parse(calls.get(i).arguments()))) {
                given[i] = true;
                return results.get(i);
            }
        }
        for (int i = 0; i < calls.size(); i++) {
            if (!given[i]) {
                given[i] = true;
                return results.get(i);
            }
        }
        return NO_RECORDING;
    }

    private static JsonNode parse(String text) {
        try {
            return text == null ? null : JSON.readTree(text);
        } catch (JsonProcessingException e) {
            return null;
        }
    }
}
