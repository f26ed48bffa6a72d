package dev.harmonica.scenario;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.harmonica.swe.SweScenario;
import dev.harmonica.swe.replay.ActionScore;
import dev.harmonica.swe.replay.ActionScorer;
import dev.harmonica.swe.replay.ModelAction;

import java.util.ArrayList;
import java.util.List;

/** Adapter from the SWE importer's {@link SweScenario} to a {@link ReplayScenario} scored by its {@link ActionScorer}. */
public final class SweAdapter {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private SweAdapter() {
    }

    public static ReplayScenario toScenario(SweScenario s) {
        ArrayNode tools = MAPPER.createArrayNode();
        s.tools().forEach(tools::add);
        List<ReplayScenario.Step> steps = new ArrayList<>();
        for (SweScenario.Step st : s.steps()) {
            List<ReplayScenario.RecordedCall> calls = new ArrayList<>();
            for (SweScenario.ToolCall c : st.toolCalls()) calls.add(new ReplayScenario.RecordedCall(c.id(), c.name(), c.arguments()));
            steps.add(new ReplayScenario.Step(st.assistantText(), calls, st.observations(), st.reasoning()));
        }
        ActionScorer scorer = new ActionScorer(s);
        ReplayScenario.StepScorer stepScorer = (step, messages, parsed) -> {
            ActionScore score = scorer.score(step, parsed ? ModelAction.fromHarmony(messages) : ModelAction.unparsed());
            return new ReplayScenario.Score(score.agrees(), score.level().code());
        };
        return new ReplayScenario(s.id(), "swe", s.sourceFormat(), tools, s.promptMessages(), steps,
                s.actionStyle() == SweScenario.ActionStyle.TEXT, stepScorer);
    }
}
