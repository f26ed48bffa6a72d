package dev.harmonica.endpoint;

import dev.harmonica.endpoint.EndpointException.Cause;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Starts at most {@code perSecond} attempts per second, evenly spaced (a provider's request quota, docs/endpoint.md, Client policy
 * rule 4). Placed under the retry layer, so every attempt, retries included, takes a slot. Waits with the
 * environment's sleeper; a slot after the request's deadline is {@link Cause#DEADLINE}.
 */
final class RateLimitLayer implements EndpointLayer {
    private final double perSecond;
    private final Duration interval;
    private final EndpointEnvironment env;
    private Instant nextFree = Instant.MIN;

    RateLimitLayer(double perSecond, EndpointEnvironment env) {
        if (!(perSecond > 0)) throw new IllegalArgumentException("rate limit must be > 0 per second, got " + perSecond);
        this.perSecond = perSecond;
        this.interval = Duration.ofNanos(Math.max(1, Math.round(1e9 / perSecond)));
        this.env = env;
    }

    @Override
    public Exchange complete(ModelRequest request, Next next) throws EndpointException {
        Instant now = env.clock().instant();
        Instant slot = reserve(now);
        if (request.deadline() != null && slot.isAfter(request.deadline())) {
            throw new EndpointException(Cause.DEADLINE, "deadline: the rate limit of " + perSecond
                    + " requests/s has no slot before it", List.of(), null);
        }
        Duration wait = Duration.between(now, slot);
        if (!wait.isNegative() && !wait.isZero()) {
            try {
                env.sleeper().sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new EndpointException(Cause.INTERRUPTED, "interrupted: while waiting for the rate limit", List.of(), e);
            }
        }
        return next.complete(request);
    }

    private synchronized Instant reserve(Instant now) {
        Instant slot = now.isAfter(nextFree) ? now : nextFree;
        nextFree = slot.plus(interval);
        return slot;
    }

    @Override
    public String describe() {
        return "rate(" + perSecond + "/s)";
    }
}
