package dev.harmonica.endpoint;

import java.time.Duration;
import java.util.Objects;

/**
 * When to try a request again (docs/endpoint.md, Client policy rule 1), enforced by the retry layer.
 *
 * @param maxAttempts    attempts per request including the first (1 = no retry)
 * @param initialBackoff first retry delay; doubles each retry, with jitter, up to {@code maxBackoff}
 * @param maxBackoff     cap of the exponential backoff
 * @param maxRetryAfter  cap on a server's {@code Retry-After} (longer values are clamped to this)
 * @param totalTimeout   longest time one request may take, all attempts and waits included: no attempt starts after
 *                       it and the last one is cut at it (null: no bound beyond the attempts' own timeouts)
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff, Duration maxRetryAfter,
                          Duration totalTimeout) {
    public RetryPolicy {
        if (maxAttempts < 1) throw new IllegalArgumentException("maxAttempts must be >= 1, got " + maxAttempts);
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        Objects.requireNonNull(maxRetryAfter, "maxRetryAfter");
        if (totalTimeout != null && (totalTimeout.isNegative() || totalTimeout.isZero())) {
            throw new IllegalArgumentException("totalTimeout must be positive, got " + totalTimeout);
        }
    }

    /**
     * The defaults: 6 attempts, 1 s doubling to 60 s (docs/endpoint.md, Client policy: "1 s → 60 s cap, 5–6 attempts"), Retry-After
     * honoured up to 5 min, and 15 min for the whole request. Why 15 min: one full-length read (10 min, see
     * {@link Timeouts#DEFAULT}) plus room for a shorter second try or a few quick retries; without it, six
     * 10-minute attempts and their waits could hold one scenario for over an hour.
     */
    public static final RetryPolicy DEFAULT = new RetryPolicy(6, Duration.ofSeconds(1), Duration.ofSeconds(60),
            Duration.ofMinutes(5), Duration.ofMinutes(15));

    public RetryPolicy withAttempts(int attempts, Duration initial, Duration max) {
        return new RetryPolicy(attempts, initial, max, maxRetryAfter, totalTimeout);
    }

    public RetryPolicy withMaxRetryAfter(Duration v) {
        return new RetryPolicy(maxAttempts, initialBackoff, maxBackoff, v, totalTimeout);
    }

    public RetryPolicy withTotalTimeout(Duration v) {
        return new RetryPolicy(maxAttempts, initialBackoff, maxBackoff, maxRetryAfter, v);
    }
}
