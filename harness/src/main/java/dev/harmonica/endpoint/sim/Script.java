package dev.harmonica.endpoint.sim;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/**
 * A loaded scenario as the simulator plays it to a client that sends no hint: it can tell where a request's
 * conversation stands in it ({@link #locate}) and what it answers there.
 */
sealed interface Script permits TurnScript, TrajectoryScript {
    /** The scenario id. */
    String id();

    /** The scenario's first user message, whitespace-normalised: the index key. Null when it has none. */
    String key();

    /** Where {@code t} stands in this scenario, or why it is not this scenario. */
    Located locate(Transcript t);

    /**
     * The requests a client would send if every answer followed the script, each with the answer the script gives
     * there, in conversation order. For the load-time ambiguity check and tests.
     */
    List<Probe> probes();

    /** One such request and its scripted answer. */
    record Probe(Transcript transcript, JsonNode expected, String position) {
    }
}
