package dev.harmonica.scenario;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One scenario the runner can play: a multi-turn conversation whose tool calls are executed
 * ({@link MultiTurnScenario}, e.g. BFCL) or a recorded trajectory replayed step by step ({@link ReplayScenario}).
 */
public sealed interface Scenario permits MultiTurnScenario, ReplayScenario {
    /** Unique id within its source (journal key together with the variant). */
    String id();

    /** {@code bfcl} or {@code swe}. */
    String source();

    /** Category (BFCL: {@code base}, {@code miss_func}, …; SWE: the source format), or null. */
    String category();

    /** OpenAI {@code tools} array offered at the start (chat form: {@code {"type":"function","function":{...}}}). */
    JsonNode tools();
}
