package dev.harmonica.endpoint;

import dev.harmonica.endpoint.EndpointException.Cause;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * At most {@code limit} requests inside the layers below at once (docs/endpoint.md, Client policy rule 4: a per-endpoint semaphore);
 * further callers wait in arrival order. A request whose deadline passes while it waits gets
 * {@link Cause#DEADLINE} without an attempt.
 */
final class ConcurrencyLimitLayer implements EndpointLayer {
    private final int limit;
    private final Semaphore permits;
    private final EndpointEnvironment env;

    ConcurrencyLimitLayer(int limit, EndpointEnvironment env) {
        this.limit = limit;
        this.permits = new Semaphore(limit, true);
        this.env = env;
    }

    @Override
    public Exchange complete(ModelRequest request, Next next) throws EndpointException {
        acquire(request);
        try {
            return next.complete(request);
        } finally {
            permits.release();
        }
    }

    private void acquire(ModelRequest request) throws EndpointException {
        Duration left = request.timeLeft(env.clock().instant());
        try {
            if (left == null) {
                permits.acquire();
            } else if (!permits.tryAcquire(Math.max(0, left.toNanos()), TimeUnit.NANOSECONDS)) {
                throw new EndpointException(Cause.DEADLINE, "deadline: passed while waiting for one of "
                        + limit + " request slots", List.of(), null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EndpointException(Cause.INTERRUPTED, "interrupted: while waiting for a request slot", List.of(), e);
        }
    }

    @Override
    public String describe() {
        return "limit(" + limit + " in flight)";
    }
}
