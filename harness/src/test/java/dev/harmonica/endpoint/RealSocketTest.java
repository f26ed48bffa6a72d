package dev.harmonica.endpoint;

import dev.harmonica.endpoint.EndpointException.Attempt;
import dev.harmonica.endpoint.EndpointException.Cause;
import dev.harmonica.endpoint.RawHttpServer.Action;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.harmonica.endpoint.HttpEndpointTest.COMPLETION;
import static dev.harmonica.endpoint.HttpEndpointTest.SECRET;
import static dev.harmonica.endpoint.HttpEndpointTest.chat;
import static dev.harmonica.endpoint.HttpEndpointTest.completions;
import static dev.harmonica.endpoint.HttpEndpointTest.sse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The HTTP endpoint against a real local socket server ({@link RawHttpServer}: real keep-alive connections, exact
 * control over when one is cut): connection hygiene, every failure cause, Retry-After, deadlines, the API key.
 * Waits between attempts go to a recording sleeper, so nothing here sleeps for the backoff.
 */
class RealSocketTest {
    static final String OK_STREAM = sse("{\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"ok\"},\"finish_reason\":\"stop\"}]}", "[DONE]");
    static final String BUSY = "{\"error\":{\"message\":\"no slot available\",\"type\":\"unavailable_error\",\"code\":503}}";

    final List<Duration> sleeps = Collections.synchronizedList(new ArrayList<>());
    final EndpointEnvironment env = EndpointEnvironment.system().withSleeper(sleeps::add).withJitter(() -> 0.5)
            .withEnv(name -> name.equals("HARMONICA_TEST_KEY") ? SECRET : null);

    static EndpointConfig config(String url) {
        return EndpointConfig.http(url, "gpt-oss-20b")
                .withRetries(4, Duration.ofSeconds(1), Duration.ofSeconds(8))
                .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(2));
    }

    static Action ok() {
        return Action.respond(200, "application/json", COMPLETION);
    }

    EndpointException failure(RawHttpServer s, ModelRequest r) {
        try (Endpoint ep = Endpoints.create(config(s.baseUrl()), env)) {
            return assertThrows(EndpointException.class, () -> ep.complete(r));
        }
    }

    // ------------------------------------------------------------ connection hygiene

    /**
     * A server that answers 503 on a kept-alive connection and then silently drops that connection (as llama.cpp did
     * in the run where 16 of 18 scenario × variants broke after a 503): the retry goes out on a NEW connection and
     * succeeds; healthy connections are still reused.
     */
    @Test
    void after503OnAKeptAliveConnectionTheNextRequestSucceeds() throws Exception {
        Set<Integer> answered503 = ConcurrentHashMap.newKeySet();
        AtomicInteger n = new AtomicInteger();
        try (RawHttpServer s = new RawHttpServer(r -> {
            if (answered503.contains(r.connection())) return Action.drop();
            if (n.getAndIncrement() > 0) return ok();
            answered503.add(r.connection());
            return Action.respond(503, "application/json", BUSY); // keep-alive: no "Connection: close"
        }); Endpoint ep = Endpoints.create(config(s.baseUrl()), env)) {
            RawTurn t = ep.complete(completions(1));
            assertThat(t.attempts()).as("503, then success: no failed attempt on a stale connection").isEqualTo(2);
            assertThat(t.completionText()).isEqualTo("<|channel|>final<|message|>hi<|return|>");
            assertThat(ep.complete(completions(2)).attempts()).isEqualTo(1);
            assertThat(s.requests()).extracting(RawHttpServer.Request::connection).containsExactly(0, 1, 1);
        }
        assertThat(sleeps).containsExactly(Duration.ofMillis(750));
    }

    /** A stream that went silent mid-body (idle timeout) leaves a connection in an unknown state: never reused. */
    @Test
    void aConnectionThatBrokeMidBodyIsNotReused() throws Exception {
        AtomicInteger n = new AtomicInteger();
        String first = "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"par\"}}]}\n\n";
        try (RawHttpServer s = new RawHttpServer(r -> n.getAndIncrement() == 0
                ? Action.stall(Action.sseHead(first)) : Action.sse(OK_STREAM));
             Endpoint ep = Endpoints.create(config(s.baseUrl()).withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(5),
                     Duration.ofMillis(300)), env)) {
            RawTurn t = ep.complete(chat(true));
            assertThat(t.attempts()).isEqualTo(2);
            assertThat(t.chatMessage().get("content").asText()).isEqualTo("ok");
            assertThat(s.requests()).extracting(RawHttpServer.Request::connection).containsExactly(0, 1);
        }
    }

    // ------------------------------------------------------------ causes

    @Test
    void aClosedPortIsConnectionRefusedAfterThreeAttemptsWithoutWaitingForReal() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            port = free.getLocalPort();
        }
        EndpointConfig c = config("http://127.0.0.1:" + port).withRetries(6, Duration.ofSeconds(1), Duration.ofSeconds(60));
        try (Endpoint ep = Endpoints.create(c, env)) {
            EndpointException e = assertThrows(EndpointException.class, () -> ep.complete(completions(1)));
            assertThat(e.cause()).isEqualTo(Cause.CONNECTION_REFUSED);
            assertThat(e.cause().jsonName()).isEqualTo("connection_refused");
            assertThat(e.attempts()).isEqualTo(RetryLayer.MAX_CONSECUTIVE_UNREACHABLE).isEqualTo(3);
            assertThat(e.history()).allSatisfy(a -> {
                assertThat(a.cause()).isEqualTo(Cause.CONNECTION_REFUSED);
                assertThat(a.status()).isEqualTo(-1);
                assertThat(a.message()).isEqualTo("connection refused by 127.0.0.1:" + port);
            });
            assertThat(e.status()).isEqualTo(-1);
            assertThat(e.getMessage()).contains("refused 3 connections in a row").doesNotContain("http://").doesNotContain("\n");
        }
        assertThat(sleeps).as("the backoff is recorded, not slept").containsExactly(Duration.ofMillis(750), Duration.ofMillis(1500));
    }

    @Test
    void a503ThenSuccessIsOneTurnWithTwoAttempts() throws Exception {
        AtomicInteger n = new AtomicInteger();
        try (RawHttpServer s = new RawHttpServer(r -> n.getAndIncrement() == 0
                ? Action.respond(503, "application/json", BUSY, "Connection: close") : ok());
             Endpoint ep = Endpoints.create(config(s.baseUrl()), env)) {
            RawTurn t = ep.complete(completions(1));
            assertThat(t.attempts()).isEqualTo(2);
            assertThat(t.serverError()).isNull();
        }
    }

    @Test
    void a503OnEveryAttemptIsHttp5xxWithTheBodyAndTheHistory() throws Exception {
        try (RawHttpServer s = new RawHttpServer(r -> Action.respond(503, "application/json", BUSY))) {
            EndpointException e = failure(s, completions(1));
            assertThat(e.cause()).isEqualTo(Cause.HTTP_5XX);
            assertThat(e.status()).isEqualTo(503);
            assertThat(e.attempts()).isEqualTo(4);
            assertThat(e.bodyExcerpt()).isEqualTo(BUSY);
            assertThat(e.history()).extracting(Attempt::cause).containsOnly(Cause.HTTP_5XX);
            assertThat(e.getMessage()).isEqualTo("gave up after 4 attempts: http_5xx (HTTP 503): no slot available");
        }
    }

    @Test
    void aNonHarmonyErrorEventMidStreamIsAStreamErrorAndRetried() throws Exception {
        String cuda = "{\"error\":{\"message\":\"CUDA error: out of memory\",\"type\":\"InternalServerError\",\"code\":500}}";
        String broken = sse("{\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"}}]}", cuda, "[DONE]");
        AtomicInteger n = new AtomicInteger();
        try (RawHttpServer s = new RawHttpServer(r -> Action.sse(n.getAndIncrement() == 0 ? broken : OK_STREAM));
             Endpoint ep = Endpoints.create(config(s.baseUrl()), env)) {
            RawTurn t = ep.complete(chat(true));
            assertThat(t.attempts()).isEqualTo(2);
            assertThat(t.serverError()).as("an engine failure is never a model format failure").isNull();
            assertThat(t.chatMessage().get("content").asText()).isEqualTo("ok");
        }
        try (RawHttpServer s = new RawHttpServer(r -> Action.sse(broken))) {
            EndpointException e = failure(s, chat(true));
            assertThat(e.cause()).isEqualTo(Cause.STREAM_ERROR);
            assertThat(e.cause().jsonName()).isEqualTo("stream_error");
            assertThat(e.status()).isEqualTo(200);
            assertThat(e.attempts()).isEqualTo(4);
            assertThat(e.bodyExcerpt()).contains("CUDA error: out of memory");
        }
    }

    @Test
    void aStreamThatEndsWithoutDoneOrFinishReasonIsTruncatedAndRetried() throws Exception {
        String cut = sse("{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"partial\"}}]}");
        AtomicInteger n = new AtomicInteger();
        try (RawHttpServer s = new RawHttpServer(r -> Action.sse(n.getAndIncrement() == 0 ? cut : OK_STREAM));
             Endpoint ep = Endpoints.create(config(s.baseUrl()), env)) {
            assertThat(ep.complete(chat(true)).attempts()).isEqualTo(2);
        }
        try (RawHttpServer s = new RawHttpServer(r -> Action.sse(cut))) {
            EndpointException e = failure(s, chat(true));
            assertThat(e.cause()).isEqualTo(Cause.TRUNCATED_STREAM);
            assertThat(e.cause().jsonName()).isEqualTo("truncated_stream");
            assertThat(e.attempts()).isEqualTo(4);
        }
    }

    @Test
    void aHarmonyErrorEventMidStreamStaysAFormatErrorOfTheTurn() throws Exception {
        String harmony = sse("{\"choices\":[{\"index\":0,\"delta\":{\"reasoning\":\"Need to call\"}}]}",
                "{\"error\":{\"message\":\"Unexpected token 200002 while expecting start token 200006\",\"code\":400}}", "[DONE]");
        try (RawHttpServer s = new RawHttpServer(r -> Action.sse(harmony));
             Endpoint ep = Endpoints.create(config(s.baseUrl()), env)) {
            RawTurn t = ep.complete(chat(true));
            assertThat(t.serverError()).isEqualTo("Unexpected token 200002 while expecting start token 200006");
            assertThat(t.attempts()).isEqualTo(1);
            assertThat(t.chatMessage().get("reasoning").asText()).isEqualTo("Need to call");
            assertThat(s.requests()).hasSize(1);
        }
    }

    @Test
    void a400WithAHarmonyErrorBodyIsAFormatErrorOfTheTurn() throws Exception {
        String body = "{\"error\":{\"message\":\"unexpected tokens remaining in message header: Some(\\\"to=functions.bash\\\")\",\"type\":\"BadRequestError\",\"code\":400}}";
        try (RawHttpServer s = new RawHttpServer(r -> Action.respond(400, "application/json", body));
             Endpoint ep = Endpoints.create(config(s.baseUrl()), env)) {
            RawTurn t = ep.complete(chat(false));
            assertThat(t.serverError()).startsWith("unexpected tokens remaining in message header");
            assertThat(t.httpStatus()).isEqualTo(400);
            assertThat(t.attempts()).isEqualTo(1);
            assertThat(s.requests()).hasSize(1);
        }
    }

    @Test
    void unauthorisedAndNotFoundAreHttp4xxAndNotRetried() throws Exception {
        for (int status : new int[]{401, 404}) {
            String body = "{\"error\":{\"message\":\"nope " + status + "\",\"code\":" + status + "}}";
            try (RawHttpServer s = new RawHttpServer(r -> Action.respond(status, "application/json", body))) {
                EndpointException e = failure(s, completions(1));
                assertThat(e.cause()).isEqualTo(Cause.HTTP_4XX);
                assertThat(e.status()).isEqualTo(status);
                assertThat(e.attempts()).isEqualTo(1);
                assertThat(e.bodyExcerpt()).isEqualTo(body);
                assertThat(e.getMessage()).isEqualTo("http_4xx (HTTP " + status + "): nope " + status);
                assertThat(s.requests()).hasSize(1);
            }
        }
        assertThat(sleeps).isEmpty();
    }

    @Test
    void retryAfterOn429IsHonouredAndRecorded() throws Exception {
        Action limited = Action.respond(429, "application/json", "{\"error\":{\"message\":\"rate limited\"}}", "Retry-After: 3");
        AtomicInteger n = new AtomicInteger();
        try (RawHttpServer s = new RawHttpServer(r -> n.getAndIncrement() == 0 ? limited : ok());
             Endpoint ep = Endpoints.create(config(s.baseUrl()), env)) {
            assertThat(ep.complete(completions(1)).attempts()).isEqualTo(2);
        }
        assertThat(sleeps).containsExactly(Duration.ofSeconds(3));
        sleeps.clear();
        try (RawHttpServer s = new RawHttpServer(r -> limited)) {
            EndpointException e = failure(s, completions(1));
            assertThat(e.cause()).isEqualTo(Cause.HTTP_429);
            assertThat(e.cause().jsonName()).isEqualTo("http_429");
            assertThat(e.retryAfterMillis()).isEqualTo(3000L);
            assertThat(e.history()).extracting(Attempt::retryAfterMillis).containsOnly(3000L);
        }
        assertThat(sleeps).containsExactly(Duration.ofSeconds(3), Duration.ofSeconds(3), Duration.ofSeconds(3));
    }

    // ------------------------------------------------------------ deadlines

    @Test
    void noAttemptStartsAfterTheDeadline() throws Exception {
        TestClock clock = new TestClock(Instant.parse("2026-01-02T03:04:05Z"));
        EndpointEnvironment timed = env.withClock(clock).withSleeper(d -> {
            sleeps.add(d);
            clock.advance(d);
        });
        try (RawHttpServer s = new RawHttpServer(r -> Action.respond(503, "application/json", BUSY));
             Endpoint ep = Endpoints.create(config(s.baseUrl()).withRetries(6, Duration.ofSeconds(1), Duration.ofSeconds(60)), timed)) {
            ModelRequest r = completions(1).withDeadline(clock.instant().plusMillis(2500));
            EndpointException e = assertThrows(EndpointException.class, () -> ep.complete(r));
            assertThat(e.cause()).isEqualTo(Cause.DEADLINE);
            assertThat(e.cause().jsonName()).isEqualTo("deadline");
            // 0 ms, 750 ms, 2250 ms; the next wait (3 s) would end past the deadline: no fourth attempt
            assertThat(e.attempts()).isEqualTo(3);
            assertThat(e.history()).extracting(Attempt::cause).containsOnly(Cause.HTTP_5XX);
            assertThat(e.status()).isEqualTo(503);
            assertThat(s.requests()).hasSize(3);
            assertThat(e.getMessage()).startsWith("deadline: ").contains("attempt 4").contains("http_5xx (HTTP 503)");
        }
        assertThat(sleeps).containsExactly(Duration.ofMillis(750), Duration.ofMillis(1500));
    }

    @Test
    void aDeadlineAlreadyPassedSendsNothing() throws Exception {
        try (RawHttpServer s = new RawHttpServer(r -> ok()); Endpoint ep = Endpoints.create(config(s.baseUrl()), env)) {
            ModelRequest r = completions(1).withDeadline(Instant.now().minusSeconds(1));
            EndpointException e = assertThrows(EndpointException.class, () -> ep.complete(r));
            assertThat(e.cause()).isEqualTo(Cause.DEADLINE);
            assertThat(e.attempts()).isZero();
            assertThat(s.requests()).isEmpty();
        }
    }

    /** A 60 s read timeout is capped to the 300 ms left: the test would take a minute otherwise. */
    @Test
    @Timeout(30)
    void theAttemptTimeoutIsCappedToTheTimeLeft() throws Exception {
        try (RawHttpServer s = new RawHttpServer(r -> Action.stall(""));
             Endpoint ep = Endpoints.create(config(s.baseUrl()).withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(60),
                     Duration.ofSeconds(60)), env)) {
            ModelRequest r = completions(1).withDeadline(Instant.now().plusMillis(300));
            EndpointException e = assertThrows(EndpointException.class, () -> ep.complete(r));
            assertThat(e.cause()).isEqualTo(Cause.DEADLINE);
            assertThat(e.history()).extracting(Attempt::cause).containsExactly(Cause.READ_TIMEOUT);
        }
    }

    @Test
    void theTotalTimeoutEndsRetriesWithTheLastCause() throws Exception {
        TestClock clock = new TestClock(Instant.parse("2026-01-02T03:04:05Z"));
        EndpointEnvironment timed = env.withClock(clock).withSleeper(d -> {
            sleeps.add(d);
            clock.advance(d);
        });
        try (RawHttpServer s = new RawHttpServer(r -> Action.respond(503, "application/json", BUSY));
             Endpoint ep = Endpoints.create(config(s.baseUrl()).withRetries(6, Duration.ofSeconds(1), Duration.ofSeconds(60))
                     .withTotalTimeout(Duration.ofSeconds(2)), timed)) {
            EndpointException e = assertThrows(EndpointException.class, () -> ep.complete(completions(1)));
            assertThat(e.cause()).as("not the caller's deadline: the last attempt's cause").isEqualTo(Cause.HTTP_5XX);
            // 0 ms, 750 ms; the next wait (1.5 s) would end past the 2 s total
            assertThat(e.attempts()).isEqualTo(2);
            assertThat(e.getMessage()).startsWith("gave up after 2 attempts (total timeout of 2 s spent): http_5xx (HTTP 503)");
        }
    }

    // ------------------------------------------------------------ what it says about itself; the API key

    @Test
    void simulatedAnswersAreMarkedAndDescriptionsHoldNoSecret() throws Exception {
        try (RawHttpServer s = new RawHttpServer(r -> r.indexOnConnection() == 0
                ? Action.respond(200, "application/json", COMPLETION, "x-harmonica-simulated: 1", "x-harmonica-fault-plan: fp-1")
                : ok());
             Endpoint ep = Endpoints.create(config(s.baseUrl().replace("http://", "http://user:pw@")), env)) {
            assertThat(ep.complete(completions(1)).simulated()).isTrue();
            assertThat(ep.complete(completions(2)).simulated()).isFalse();
            assertThat(ep.describe()).isEqualTo(s.baseUrl() + " (vllm)");
            assertThat(ep.inProcessSimulator()).isFalse();
        }
    }

    @Test
    void anApiKeyEchoedByTheServerIsRedactedEverywhere() throws Exception {
        try (RawHttpServer s = new RawHttpServer(r -> Action.respond(401, "application/json",
                "{\"error\":{\"message\":\"invalid key in '" + r.header("Authorization") + "'\"}}"));
             Endpoint ep = Endpoints.create(config(s.baseUrl()).withApiKeyEnv("HARMONICA_TEST_KEY"), env)) {
            EndpointException e = assertThrows(EndpointException.class, () -> ep.complete(completions(1)));
            assertThat(s.requests().get(0).header("Authorization")).isEqualTo("Bearer " + SECRET);
            assertThat(e.getMessage()).contains("Bearer ***").doesNotContain(SECRET);
            assertThat(e.bodyExcerpt()).contains("Bearer ***").doesNotContain(SECRET);
            assertThat(e.history().toString()).doesNotContain(SECRET);
            assertThat(ep.describe()).doesNotContain(SECRET);
            assertThat(ep.toString()).doesNotContain(SECRET).contains("HARMONICA_TEST_KEY");
        }
    }

    @Test
    void redirectsAreNotFollowedSoTheKeyStaysWithTheConfiguredServer() throws Exception {
        try (RawHttpServer elsewhere = new RawHttpServer(r -> ok());
             RawHttpServer s = new RawHttpServer(r -> Action.respond(307, "application/json", "{}",
                     "Location: " + elsewhere.baseUrl() + "/v1/completions"))) {
            try (Endpoint ep = Endpoints.create(config(s.baseUrl()).withApiKeyEnv("HARMONICA_TEST_KEY"), env)) {
                EndpointException e = assertThrows(EndpointException.class, () -> ep.complete(completions(1)));
                assertThat(e.cause()).isEqualTo(Cause.MALFORMED_RESPONSE);
                assertThat(e.status()).isEqualTo(307);
                assertThat(e.attempts()).isEqualTo(1);
                assertThat(e.getMessage()).contains("redirect to " + elsewhere.baseUrl()).contains("not followed");
            }
            assertThat(elsewhere.requests()).isEmpty();
        }
    }
}
