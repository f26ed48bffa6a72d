package dev.harmonica.run;

import dev.harmonica.endpoint.Endpoint;
import dev.harmonica.turn.TurnAnalyzer;

import java.time.Clock;

/**
 * What a scenario play talks to: shared by every play of a run (thread-safe parts only).
 *
 * @param runId     the run id (journal)
 * @param shard     the shard label (journal)
 * @param config    the run's configuration
 * @param endpoint  the model endpoint
 * @param analyzer  the parsers
 * @param renderers the renderer factory
 * @param clock     the clock deadlines are read on
 */
record PlayServices(String runId, String shard, RunSpec config, Endpoint endpoint, TurnAnalyzer analyzer,
                    RendererFactory renderers, Clock clock) {
    PlayServices(String runId, String shard, RunSpec config, Endpoint endpoint, TurnAnalyzer analyzer,
                 RendererFactory renderers) {
        this(runId, shard, config, endpoint, analyzer, renderers, Clock.systemUTC());
    }

    String model() {
        return config.endpoint().model();
    }
}
