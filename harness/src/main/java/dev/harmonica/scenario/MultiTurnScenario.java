package dev.harmonica.scenario;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.Objects;

/**
 * A multi-turn tool-calling scenario (BFCL-style): user turns in order, tool calls executed by a fresh
 * {@link ToolBackend}, a checker on the whole conversation at the end.
 *
 * @param id          scenario id (BFCL entry id)
 * @param source      {@code bfcl}
 * @param category    BFCL category ({@code base}, {@code miss_func}, …)
 * @param tools       OpenAI tools offered from turn 0
 * @param turns       the user turns
 * @param environment backend factory and checker for this scenario
 */
public record MultiTurnScenario(String id, String source, String category, JsonNode tools, List<UserTurn> turns,
                                Environment environment) implements Scenario {
    public MultiTurnScenario {
        Objects.requireNonNull(id, "id");
        turns = List.copyOf(turns);
    }

    /**
     * One user turn.
     *
     * @param userMessages the user messages' texts (BFCL: the turn's messages; a holdout turn: the canned message)
     * @param addedTools   OpenAI tools announced at this turn (BFCL miss_func holdout), empty otherwise
     * @param groundTruth  the ideal calls of this turn, in order (used for the simulator's hint), possibly empty
     */
    public record UserTurn(List<String> userMessages, List<JsonNode> addedTools, List<ExpectedCall> groundTruth) {
        public UserTurn {
            userMessages = List.copyOf(userMessages);
            addedTools = List.copyOf(addedTools);
            groundTruth = List.copyOf(groundTruth);
        }
    }

    /** What the conversation runs against: one {@link Play} per play of the scenario. */
    @FunctionalInterface
    public interface Environment {
        /** Fresh state for one play (one thread; backends and checker of a play may share module-level state). */
        Play start();

        /**
         * Fresh state for one play by the named model (the API model name sent to the endpoint): BFCL names the
         * backend instances after it, and those names can show in tool results (docs/bfcl.md). Defaults to
         * {@link #start()}.
         */
        default Play start(String modelName) {
            return start();
        }
    }

    /** One play: the model-side backend, and the checker at the end. */
    public interface Play {
        ToolBackend backend();

        /**
         * Whether the calls of one model step decode (BFCL FC mode: {@code json.loads} of every call's arguments);
         * a step that does not decode ends the user turn without executing anything (ShishirPatil/gorilla bfcl_eval model_handler/base_handler.py).
         */
        default boolean decodes(List<ExpectedCall> stepCalls) {
            return true;
        }

        /**
         * Checks a finished (or force-terminated) conversation.
         *
         * @param modelCalls per user turn played, per model step, the calls the model made (as executed)
         */
        Verdict check(List<List<List<ExpectedCall>>> modelCalls);
    }

    /**
     * The checker's verdict (BFCL: {@code valid}, {@code error_type}, {@code error_message}, failing turn), and
     * optionally every played turn's own check (not stopping at the first failure), or null.
     */
    public record Verdict(boolean valid, String errorType, String errorMessage, Integer turn, List<Boolean> turnsPassed) {
        public static final Verdict VALID = new Verdict(true, null, null, null, null);

        public Verdict(boolean valid, String errorType, String errorMessage, Integer turn) {
            this(valid, errorType, errorMessage, turn, null);
        }
    }
}
