package dev.harmonica.scenario.swe;

import dev.harmonica.harmony.Message;
import dev.harmonica.scenario.swe.SweScenario.Step;
import dev.harmonica.scenario.swe.SweScenario.ToolCall;

import java.util.ArrayList;
import java.util.List;

/**
 * The recorded reply of a replayed step as harmony messages: what a model that repeats the recording would answer.
 * The faults-off simulator is given exactly this as its hint, so replaying a trajectory against it must agree on every
 * step ({@code ActionScorer}). Pure functions.
 *
 * <p>A step whose recorded actions are native calls answers with an {@code analysis} message holding the recorded
 * thought (when there is one), then one {@link Message#toolCall} per call, in the recorded order (parallel calls
 * included). A step in a text-action format, and a message-only step, answers with one {@code final} message whose
 * text is the recorded assistant text, so its actions are written exactly as recorded (fence, tag, XML block).
 */
public final class ReplayHints {
    private ReplayHints() {
    }

    /** The recorded reply of step {@code step}. */
    public static List<Message> recordedReply(SweScenario scenario, int step) {
        return recordedReplyAfter(scenario, step, 0);
    }

    /**
     * The rest of the recorded reply once {@code callsMade} calls of the step were made and answered: a model turn
     * ends at its first tool call (gpt-oss stops at {@code <|call|>}), so a step with parallel calls is replayed as
     * one request per call; this is the hint of request {@code callsMade}. The thought is given with the first call
     * only. Empty when no call is left ({@link #callsLeft} is 0) and {@code callsMade > 0}.
     */
    public static List<Message> recordedReplyAfter(SweScenario scenario, int step, int callsMade) {
        Step s = step(scenario, step);
        List<Message> out = new ArrayList<>();
        if (scenario.actionFormat().textActions() || s.toolCalls().isEmpty()) {
            if (callsMade == 0) out.add(Message.text("assistant", s.assistantText()).withChannel("final"));
            return out;
        }
        String thought = s.reasoning() != null && !s.reasoning().isBlank() ? s.reasoning() : s.assistantText();
        if (callsMade == 0 && !thought.isBlank()) out.add(Message.text("assistant", thought).withChannel("analysis"));
        for (int i = callsMade; i < s.toolCalls().size(); i++) {
            ToolCall c = s.toolCalls().get(i);
            out.add(Message.toolCall(c.name(), c.arguments()));
        }
        return out;
    }

    /**
     * How many recorded native calls of the step are still to come after {@code callsMade}: the replay loop sends
     * another request for the same step while this is positive and the model's last request ended in a call. Text
     * formats take their actions from one reply: always 0 after the first request.
     */
    public static int callsLeft(SweScenario scenario, int step, int callsMade) {
        Step s = step(scenario, step);
        if (scenario.actionFormat().textActions()) return 0;
        return Math.max(0, s.toolCalls().size() - callsMade);
    }

    private static Step step(SweScenario scenario, int step) {
        if (step < 0 || step >= scenario.steps().size()) {
            throw new IndexOutOfBoundsException("step " + step + " is outside scenario " + scenario.id() + " (0.."
                    + (scenario.steps().size() - 1) + ")");
        }
        return scenario.steps().get(step);
    }
}
