package dev.harmonica.endpoint;

import dev.harmonica.endpoint.EndpointException.Attempt;
import dev.harmonica.endpoint.EndpointException.Cause;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The retry policy (docs/endpoint.md, Client policy rule 1), after okhttp's {@code RetryAndFollowUpInterceptor}: calls the layers
 * below once per attempt and acts on what {@link ResponseInterpreter} decided about each answer: a turn is returned,
 * a {@code Retry} waits ({@code Retry-After} when the server sent one, else exponential backoff with equal jitter) and
 * tries again, a {@code Fatal} ends the request at once. A failure thrown from below (refused, timed out, cut) is
 * retried when its cause {@link Cause#isTransient() is transient}. Stops early when the endpoint is unreachable
 * ({@value #MAX_CONSECUTIVE_UNREACHABLE} failed connections in a row), when the request's deadline leaves no time
 * for another attempt ({@link Cause#DEADLINE}), or when the policy's total timeout is spent. Every attempt that
 * brought no turn is kept in the exception's history.
 */
final class RetryLayer implements EndpointLayer {
    /**
     * Failed connections in a row after which the endpoint is taken to be down. Three: a server restarting between
     * two attempts is forgiven, an outage fails in seconds instead of the whole backoff schedule (inspect_ai PR #3248
     * and gpt-oss PR #263 in docs/endpoint.md, Client policy: "fail fast when the endpoint is down").
     */
    static final int MAX_CONSECUTIVE_UNREACHABLE = 3;
    private static final Set<Cause> UNREACHABLE = EnumSet.of(Cause.CONNECTION_REFUSED, Cause.CONNECT_TIMEOUT);

    private final RetryPolicy policy;
    private final EndpointEnvironment env;

    RetryLayer(RetryPolicy policy, EndpointEnvironment env) {
        this.policy = policy;
        this.env = env;
    }

    /** What one attempt came to: a turn, a failed attempt (maybe final), or an exception to pass on as it is. */
    private record Step(Exchange turn, Attempt failed, boolean fatal, boolean retryAtOnce, EndpointException thrown) {
        static Step passOn(EndpointException e) {
            return new Step(null, null, false, false, e);
        }
    }

    @Override
    public Exchange complete(ModelRequest request, Next next) throws EndpointException {
        Instant budgetEnd = policy.totalTimeout() == null ? null : env.clock().instant().plus(policy.totalTimeout());
        ModelRequest bounded = request.withDeadlineNoLaterThan(budgetEnd);
        List<Attempt> history = new ArrayList<>();
        for (int n = 1; ; n++) {
            if (passed(request.deadline())) throw deadline(history, "passed before attempt " + n);
            Step s = attempt(bounded, next);
            if (s.turn() != null) return s.turn().withAttempts(n);
            if (s.failed() == null) throw withHistory(s.thrown(), history);
            history.add(s.failed());
            if (s.fatal()) throw new EndpointException(s.failed().cause(), s.failed().summary(), history, s.thrown());
            sleep(waitBeforeNext(n, s, request, bounded, history), history);
        }
    }

    private Step attempt(ModelRequest r, Next next) {
        long t0 = System.nanoTime();
        try {
            Exchange ex = next.complete(r);
            double ms = (System.nanoTime() - t0) / 1e6;
            if (ex.outcome() instanceof ResponseInterpreter.Turn) return new Step(ex, null, false, false, null);
            if (ex.outcome() instanceof ResponseInterpreter.Retry rt) {
                return new Step(null, attemptOf(rt.failure(), rt.retryAfter(), ms), false, rt.dropReturnTokenIds(), null);
            }
            ResponseInterpreter.Failure f = ((ResponseInterpreter.Fatal) ex.outcome()).failure();
            return new Step(null, attemptOf(f, null, ms), true, false, null);
        } catch (EndpointException e) {
            if (e.attempts() != 1 || !e.cause().isTransient()) return Step.passOn(e);
            return new Step(null, e.history().get(0), false, false, e);
        }
    }

    private Attempt attemptOf(ResponseInterpreter.Failure f, String retryAfter, double ms) {
        Duration ra = parseRetryAfter(retryAfter, env.clock().instant());
        if (ra != null && ra.compareTo(policy.maxRetryAfter()) > 0) ra = policy.maxRetryAfter();
        return new Attempt(f.cause(), f.status(), f.message(), f.body(), ra == null ? null : ra.toMillis(), ms);
    }

    /** The wait before attempt {@code n + 1}; throws when there will be none. */
    private Duration waitBeforeNext(int n, Step s, ModelRequest request, ModelRequest bounded, List<Attempt> history)
            throws EndpointException {
        Attempt last = s.failed();
        if (passed(request.deadline())) throw deadline(history, "passed during attempt " + n);
        if (n >= policy.maxAttempts()) throw gaveUp(history, "", s.thrown());
        String down = unreachable(history);
        if (down != null) throw new EndpointException(last.cause(), down, history, s.thrown());
        Duration wait = s.retryAtOnce() ? Duration.ZERO
                : last.retryAfterMillis() != null ? Duration.ofMillis(last.retryAfterMillis()) : backoff(n);
        Instant at = env.clock().instant().plus(wait);
        if (request.deadline() != null && !at.isBefore(request.deadline())) {
            throw deadline(history, "leaves no time for attempt " + (n + 1) + " after a wait of " + wait.toMillis() + " ms");
        }
        if (bounded.deadline() != null && !at.isBefore(bounded.deadline())) {
            throw gaveUp(history, " (total timeout of " + policy.totalTimeout().toSeconds() + " s spent)", s.thrown());
        }
        return wait;
    }

    /** The exponential backoff before attempt {@code attempt + 1}: doubling from the initial delay, capped, equal jitter. */
    Duration backoff(int attempt) {
        long base = policy.initialBackoff().toMillis() << Math.min(30, attempt - 1);
        long capped = Math.min(base, policy.maxBackoff().toMillis());
        // "equal jitter": half fixed, half random, so that parallel clients spread out but never retry at once
        return Duration.ofMillis(capped / 2 + (long) (env.jitter().getAsDouble() * (capped - capped / 2)));
    }

    /** {@code Retry-After}: delta-seconds or an HTTP date; null when absent or unparseable. */
    static Duration parseRetryAfter(String value, Instant now) {
        if (value == null || value.isBlank()) return null;
        String v = value.strip();
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(v)));
        } catch (NumberFormatException notSeconds) {
            // an HTTP date, or nothing usable
        }
        try {
            Duration d = Duration.between(now, ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
            return d.isNegative() ? Duration.ZERO : d;
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** A message when the last attempts all failed to connect, or null. */
    private static String unreachable(List<Attempt> history) {
        int n = 0;
        boolean allRefused = true;
        for (int i = history.size() - 1; i >= 0 && UNREACHABLE.contains(history.get(i).cause()); i--) {
            n++;
            allRefused &= history.get(i).cause() == Cause.CONNECTION_REFUSED;
        }
        if (n < MAX_CONSECUTIVE_UNREACHABLE) return null;
        Attempt last = history.get(history.size() - 1);
        return allRefused
                ? "connection_refused: refused " + n + " connections in a row; is the server running? (" + last.message() + ")"
                : last.cause().jsonName() + ": " + n + " connection attempts in a row failed; is the server reachable? ("
                + last.message() + ")";
    }

    private boolean passed(Instant deadline) {
        return deadline != null && !env.clock().instant().isBefore(deadline);
    }

    private static EndpointException gaveUp(List<Attempt> history, String why, Throwable failure) {
        Attempt last = history.get(history.size() - 1);
        return new EndpointException(last.cause(), "gave up after " + history.size() + " attempts" + why + ": "
                + last.summary(), history, failure);
    }

    private static EndpointException deadline(List<Attempt> history, String what) {
        String last = history.isEmpty() ? "" : " (last: " + history.get(history.size() - 1).summary() + ")";
        return new EndpointException(Cause.DEADLINE, "deadline: the request's deadline " + what + last, history, null);
    }

    private static EndpointException withHistory(EndpointException e, List<Attempt> earlier) {
        if (earlier.isEmpty()) return e;
        List<Attempt> all = new ArrayList<>(earlier);
        all.addAll(e.history());
        return new EndpointException(e.cause(), e.getMessage(), all, e);
    }

    private void sleep(Duration d, List<Attempt> history) throws EndpointException {
        if (d.isNegative() || d.isZero()) return;
        try {
            env.sleeper().sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EndpointException(Cause.INTERRUPTED, "interrupted: while waiting to retry", history, e);
        }
    }

    @Override
    public String describe() {
        return "retry(" + policy.maxAttempts() + " attempts)";
    }
}
