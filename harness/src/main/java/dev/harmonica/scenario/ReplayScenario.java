package dev.harmonica.scenario;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.Objects;

/**
 * A recorded agent trajectory replayed by prefix (swe-trajectories.md §4.1 "prefix replay"): for each step k the
 * recorded prefix is rendered and the model's next action is compared with the recorded one. Nothing is executed.
 *
 * @param id             scenario id
 * @param source         {@code swe}
 * @param category       source format ({@code sweagent}, {@code mini-swe-agent}, {@code openhands}, …) or null
 * @param tools          OpenAI tools the agent had
 * @param promptMessages OpenAI chat messages before the first recorded step (system, user task, …)
 * @param steps          recorded assistant steps with their observations
 * @param textActions    the recorded agent wrote actions as text (fenced bash): its history steps are text
 *                       messages and observations user messages; the recorded calls are only for scoring
 * @param scorer         scores the model's action at a step against the recording, or null for exact comparison
 */
public record ReplayScenario(String id, String source, String category, JsonNode tools, List<JsonNode> promptMessages,
                             List<Step> steps, boolean textActions, StepScorer scorer) implements Scenario {
    public ReplayScenario {
        Objects.requireNonNull(id, "id");
        promptMessages = List.copyOf(promptMessages);
        steps = List.copyOf(steps);
    }

    /**
     * One recorded assistant step.
     *
     * @param assistantText the assistant's text (thought) or null
     * @param toolCalls     recorded calls ({@code id} may be null)
     * @param observations  what came back, one per call (or one user-visible observation for text-based agents)
     * @param reasoning     recorded reasoning ({@code reasoning_content}/{@code thinking}), or null
     */
    public record Step(String assistantText, List<RecordedCall> toolCalls, List<String> observations, String reasoning) {
        public Step(String assistantText, List<RecordedCall> toolCalls, List<String> observations) {
            this(assistantText, toolCalls, observations, null);
        }

        public Step {
            toolCalls = List.copyOf(toolCalls);
            observations = List.copyOf(observations);
        }
    }

    /** Scores one replayed step: does the model's action (its driving parse's messages) agree with the recording? */
    @FunctionalInterface
    public interface StepScorer {
        /** @return the agreement code (e.g. {@code exact}, {@code canonical}, {@code different}) and whether it agrees */
        Score score(int step, List<dev.harmonica.harmony.Message> drivingMessages, boolean parsed);
    }

    /** A step's score. */
    public record Score(boolean agrees, String agreement) {
    }

    /** A recorded tool call. */
    public record RecordedCall(String id, String name, String argumentsJson) {
    }
}
