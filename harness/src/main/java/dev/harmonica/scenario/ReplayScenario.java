package dev.harmonica.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.harmonica.scenario.swe.ActionFormat;
import dev.harmonica.scenario.swe.ReplayContext;
import dev.harmonica.scenario.swe.SweScenario;
import dev.harmonica.scenario.swe.TokenCounter;

import java.util.Objects;

/**
 * A recorded agent trajectory replayed by prefix (docs/swe.md "prefix replay"): for each replayed step
 * k the recorded prefix ({@link ReplayContext#prefix}, under the run's context budget) is sent and the model's next
 * action is scored against the recorded one (the turn stage's {@code ActionScorer}). Nothing is executed. Immutable and thread-safe;
 * the replay context (which counts the tokens of the whole trajectory) is built on first use, once.
 */
public final class ReplayScenario implements Scenario {
    private final SweScenario trajectory;
    private final JsonNode tools;
    private volatile ReplayContext context;

    private ReplayScenario(SweScenario trajectory) {
        this.trajectory = Objects.requireNonNull(trajectory, "trajectory");
        ArrayNode t = JsonNodeFactory.instance.arrayNode();
        trajectory.tools().forEach(t::add);
        this.tools = t;
    }

    public static ReplayScenario of(SweScenario trajectory) {
        return new ReplayScenario(trajectory);
    }

    @Override
    public String id() {
        return trajectory.id();
    }

    @Override
    public String source() {
        return "swe";
    }

    /** The importer's source format ({@code sweagent}, {@code mini-v2}, {@code openhands}, …). */
    @Override
    public String category() {
        return trajectory.sourceFormat();
    }

    @Override
    public JsonNode tools() {
        return tools;
    }

    public SweScenario trajectory() {
        return trajectory;
    }

    /** The prefix builder (o200k_harmony token estimates), built on first use. */
    public ReplayContext context() {
        ReplayContext c = context;
        if (c == null) {
            synchronized (this) {
                c = context;
                if (c == null) context = c = new ReplayContext(trajectory, TokenCounter.harmony());
            }
        }
        return c;
    }

    /** The recorded agent wrote its actions as text (a fence, a tag, an XML block) rather than native tool calls. */
    public boolean textActions() {
        return trajectory.actionFormat().textActions();
    }

    /** How the recorded agent wrote its actions; replay reads the model's reply with the same format. */
    public ActionFormat actionFormat() {
        return trajectory.actionFormat();
    }

    @Override
    public String toString() {
        return "ReplayScenario[" + id() + ", " + trajectory.steps().size() + " steps]";
    }
}
