package dev.harmonica.endpoint;

import java.time.Duration;
import java.util.Objects;

/**
 * How long one attempt may wait (docs/endpoint.md, Client policy rule 3). Each is capped to the time left before the request's
 * deadline and the retry policy's total timeout.
 *
 * @param connect TCP connect timeout
 * @param read    non-streaming: longest wait for the whole answer
 * @param idle    streaming: longest silence between two chunks, the first included (a stalled stream is a
 *                transport failure, {@code idle_timeout})
 */
public record Timeouts(Duration connect, Duration read, Duration idle) {
    public Timeouts {
        Objects.requireNonNull(connect, "connect");
        Objects.requireNonNull(read, "read");
        Objects.requireNonNull(idle, "idle");
    }

    /**
     * 10 s connect (local servers answer in milliseconds; a dropped SYN should not cost a minute), 10 min read
     * (docs/endpoint.md, Client policy: "≥ 10 min for reasoning-heavy turns": 4096 tokens at 10 tokens/s on a loaded server is
     * about 7 min), 2 min idle (a stream that has said nothing for 2 min, prompt processing included, is stuck).
     */
    public static final Timeouts DEFAULT = new Timeouts(Duration.ofSeconds(10), Duration.ofMinutes(10),
            Duration.ofMinutes(2));
}
