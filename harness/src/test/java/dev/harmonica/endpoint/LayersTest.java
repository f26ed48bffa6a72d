package dev.harmonica.endpoint;

import dev.harmonica.endpoint.EndpointException.Attempt;
import dev.harmonica.endpoint.EndpointException.Cause;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.harmonica.endpoint.HttpEndpointTest.COMPLETION;
import static dev.harmonica.endpoint.HttpEndpointTest.completions;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The layers one by one and stacked, over a scripted transport (no sockets). */
class LayersTest {
    static final Instant T0 = Instant.parse("2026-01-02T03:04:05Z");

    final TestClock clock = new TestClock(T0);
    final List<Duration> sleeps = Collections.synchronizedList(new ArrayList<>());
    final EndpointEnvironment env = EndpointEnvironment.system().withClock(clock).withJitter(() -> 0.5)
            .withSleeper(d -> {
                sleeps.add(d);
                clock.advance(d);
            });

    /** A transport answering from a list of statuses (then 200 for ever), counting what it was sent. */
    static class Scripted implements Transport {
        final List<Integer> statuses;
        final AtomicInteger sent = new AtomicInteger();

        Scripted(Integer... statuses) {
            this.statuses = List.of(statuses);
        }

        @Override
        public Exchange send(ModelRequest r) {
            int n = sent.getAndIncrement();
            int status = n < statuses.size() ? statuses.get(n) : 200;
            String body = status == 200 ? COMPLETION : "{\"error\":{\"message\":\"busy\"}}";
            return Exchange.of(r.mode(), new Answer(status, body, false, Answer.Headers.NONE), false, 1.0);
        }

        @Override
        public String describe() {
            return "scripted";
        }

        @Override
        public String toString() {
            return "scripted";
        }
    }

    /** A layer that only counts the calls that reach it. */
    static final class Counting implements EndpointLayer {
        final AtomicInteger calls = new AtomicInteger();

        @Override
        public Exchange complete(ModelRequest request, Next next) throws EndpointException {
            calls.incrementAndGet();
            return next.complete(request);
        }

        @Override
        public String describe() {
            return "counting";
        }
    }

    static EndpointConfig config() {
        return EndpointConfig.http("http://127.0.0.1:1", "m");
    }

    @Test
    void layersStackInOneVisibleOrderAndACacheHitGoesNoFurther(@TempDir Path dir) throws Exception {
        Counting below = new Counting();
        Scripted transport = new Scripted(503);
        try (Endpoint ep = Endpoints.layered(config().withCacheDir(dir).withRateLimit(5), env, transport, List.of(below))) {
            assertThat(ep.toString()).isEqualTo("Endpoint[limit(16 in flight) → cache(" + dir + ") → retry(6 attempts)"
                    + " → rate(5.0/s) → counting → scripted]");
            RawTurn first = ep.complete(completions(1));
            RawTurn again = ep.complete(completions(1));
            assertThat(first.attempts()).isEqualTo(2);
            assertThat(again.cached()).isTrue();
            assertThat(again.attempts()).isZero();
            assertThat(again.completionText()).isEqualTo(first.completionText());
            assertThat(below.calls.get()).as("under the retry layer: once per attempt; never on a hit").isEqualTo(2);
            assertThat(transport.sent.get()).isEqualTo(2);
            assertThat(ep.describe()).isEqualTo("scripted");
        }
    }

    @Test
    void theRateLimitSpacesAttemptsEvenlyRetriesIncluded() throws Exception {
        Scripted transport = new Scripted(503);
        try (Endpoint ep = Endpoints.layered(config().withRateLimit(2), env, transport, List.of())) {
            ep.complete(completions(1)); // 503 at T0, backoff 750 ms; the retry's slot (T0 + 500 ms) has passed
            ep.complete(completions(2)); // at T0 + 750 ms: next free slot T0 + 1250 ms
            ep.complete(completions(3)); // at T0 + 1250 ms: next free slot T0 + 1750 ms
        }
        assertThat(sleeps).containsExactly(Duration.ofMillis(750), Duration.ofMillis(500), Duration.ofMillis(500));
    }

    @Test
    void aRateLimitSlotPastTheDeadlineIsDeadlineWithTheEarlierAttemptsKept() {
        Scripted transport = new Scripted(503);
        try (Endpoint ep = Endpoints.layered(config().withRateLimit(0.1).withRetries(3, Duration.ofMillis(10),
                Duration.ofMillis(10)), env, transport, List.of())) {
            ModelRequest r = completions(1).withDeadline(T0.plusSeconds(5));
            EndpointException e = assertThrows(EndpointException.class, () -> ep.complete(r));
            assertThat(e.cause()).isEqualTo(Cause.DEADLINE);
            assertThat(e.history()).extracting(Attempt::cause).containsExactly(Cause.HTTP_5XX);
            assertThat(e.getMessage()).contains("rate limit");
        }
        assertThat(transport.sent.get()).isEqualTo(1);
    }

    @Test
    void interruptedWhileWaitingToRetryIsInterrupted() {
        EndpointEnvironment interrupting = env.withSleeper(d -> {
            throw new InterruptedException("stop");
        });
        try (Endpoint ep = Endpoints.layered(config(), interrupting, new Scripted(503), List.of())) {
            EndpointException e = assertThrows(EndpointException.class, () -> ep.complete(completions(1)));
            assertThat(e.cause()).isEqualTo(Cause.INTERRUPTED);
            assertThat(e.cause().jsonName()).isEqualTo("interrupted");
            assertThat(e.attempts()).isEqualTo(1);
            assertThat(Thread.interrupted()).as("the flag is kept for the caller").isTrue();
        }
    }

    @Test
    void aRequestWaitingForASlotPastItsDeadlineIsDeadlineWithoutAnAttempt() throws Exception {
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Transport blocking = new Scripted() {
            @Override
            public Exchange send(ModelRequest r) {
                inside.countDown();
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return super.send(r);
            }
        };
        ExecutorService pool = Executors.newSingleThreadExecutor();
        EndpointEnvironment real = EndpointEnvironment.system();
        try (Endpoint ep = Endpoints.layered(config().withConcurrency(1), real, blocking, List.of())) {
            Future<RawTurn> first = pool.submit(() -> ep.complete(completions(1)));
            assertThat(inside.await(30, TimeUnit.SECONDS)).isTrue();
            ModelRequest late = completions(2).withDeadline(Instant.now().plusMillis(100));
            EndpointException e = assertThrows(EndpointException.class, () -> ep.complete(late));
            assertThat(e.cause()).isEqualTo(Cause.DEADLINE);
            assertThat(e.attempts()).isZero();
            release.countDown();
            assertThat(first.get(30, TimeUnit.SECONDS).attempts()).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void messagesAreOneLineAndBodyExcerptsBounded() {
        Attempt a = new Attempt(Cause.HTTP_5XX, 500, "line one\nline two\r\n\tthree\u0007", "x".repeat(2000), null, 1);
        assertThat(a.message()).isEqualTo("line one line two three");
        assertThat(a.bodyExcerpt()).hasSize(EndpointException.MAX_BODY_EXCERPT).endsWith("…");
        EndpointException e = new EndpointException(Cause.HTTP_5XX, "a\nb", List.of(a), null);
        assertThat(e.getMessage()).isEqualTo("a b");
        assertThat(e.bodyExcerpt()).isEqualTo(a.bodyExcerpt());
        assertThat(e.status()).isEqualTo(500);
    }

    @Test
    void everyCauseHasItsJournalName() {
        assertThat(List.of(Cause.values())).extracting(Cause::jsonName).containsExactly("connection_refused",
                "connect_timeout", "read_timeout", "idle_timeout", "http_5xx", "http_429", "http_4xx", "stream_error",
                "truncated_stream", "malformed_response", "deadline", "interrupted", "transport");
    }
}
