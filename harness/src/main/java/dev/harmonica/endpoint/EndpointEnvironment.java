package dev.harmonica.endpoint;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;
import java.util.function.Function;

/**
 * What an endpoint takes from the outside world, injectable for tests: the clock (for {@code Retry-After} dates),
 * the sleeper (retry delays), the jitter source and the environment-variable lookup (API key).
 *
 * @param clock  wall clock
 * @param sleeper waits between attempts
 * @param jitter uniform numbers in [0, 1) for backoff jitter
 * @param env    environment lookup ({@code System::getenv})
 */
public record EndpointEnvironment(Clock clock, Sleeper sleeper, DoubleSupplier jitter, Function<String, String> env) {

    /** Waits between attempts. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    public EndpointEnvironment {
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(sleeper, "sleeper");
        Objects.requireNonNull(jitter, "jitter");
        Objects.requireNonNull(env, "env");
    }

    /** The real system: UTC clock, {@link Thread#sleep}, a thread-local random jitter, {@link System#getenv}. */
    public static EndpointEnvironment system() {
        return new EndpointEnvironment(Clock.systemUTC(), d -> Thread.sleep(d.toMillis()),
                () -> ThreadLocalRandom.current().nextDouble(), System::getenv);
    }

    public EndpointEnvironment withSleeper(Sleeper s) {
        return new EndpointEnvironment(clock, s, jitter, env);
    }

    public EndpointEnvironment withEnv(Function<String, String> e) {
        return new EndpointEnvironment(clock, sleeper, jitter, e);
    }

    public EndpointEnvironment withClock(Clock c) {
        return new EndpointEnvironment(c, sleeper, jitter, env);
    }

    public EndpointEnvironment withJitter(DoubleSupplier j) {
        return new EndpointEnvironment(clock, sleeper, j, env);
    }
}
