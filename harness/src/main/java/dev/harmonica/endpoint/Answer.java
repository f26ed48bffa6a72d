package dev.harmonica.endpoint;

import java.util.Objects;

/**
 * What the server (or the simulator, or the cache) sent for one attempt, before it is judged by
 * {@link ResponseInterpreter}: the status, the whole body (for a stream, the event-stream text up to {@code [DONE]})
 * and the few headers that matter.
 *
 * @param status  HTTP status
 * @param body    the response body as text (never null; empty when there was none)
 * @param sse     the body is a {@code text/event-stream}
 * @param headers the headers Harmonica reads
 */
public record Answer(int status, String body, boolean sse, Headers headers) {
    public Answer {
        body = body == null ? "" : body;
        Objects.requireNonNull(headers, "headers");
    }

    /**
     * The response headers Harmonica reads.
     *
     * @param retryAfter {@code Retry-After} as sent, or null
     * @param location   {@code Location} (of a redirect) as sent, or null
     * @param simulated  the answer says it is simulated ({@value Wire#SIMULATED_HEADER} {@code 1})
     * @param simFaults  {@value Wire#SIM_FAULTS_HEADER} as sent (comma-separated fault codes), or null
     */
    public record Headers(String retryAfter, String location, boolean simulated, String simFaults) {
        /** None of them. */
        public static final Headers NONE = new Headers(null, null, false, null);

        /** Headers of a simulator's answer. */
        public static Headers simulator(String simFaults) {
            return new Headers(null, null, true, simFaults);
        }

        /** Whether a {@value Wire#SIMULATED_HEADER} value marks the answer as simulated ({@code 1}; older sims: {@code true}). */
        public static boolean isSimulatedMark(String value) {
            return value != null && (value.strip().equals("1") || value.strip().equalsIgnoreCase("true"));
        }
    }
}
