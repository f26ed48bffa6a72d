package dev.harmonica.tools.bfcl.call;

import java.util.concurrent.Callable;

/**
 * Work on a thread of its own with a 512 MiB stack: deeply nested expressions that CPython 3.11 still parses and
 * evaluates (about 3000 levels) need more stack in this recursive-descent port than a default thread has.
 */
final class LargeStack {
    private static final long STACK_BYTES = 512L << 20;

    private LargeStack() {
    }

    /** What the work returned, or what it threw ({@code failure} non-null). */
    record Outcome<T>(T value, Throwable failure) {
    }

    /** Runs {@code work} on a thread named {@code name} with the large stack and waits for it. */
    static <T> Outcome<T> run(String name, Callable<T> work) {
        Object[] result = new Object[1];
        Throwable[] failure = new Throwable[1];
        Thread t = new Thread(null, () -> {
            try {
                result[0] = work.call();
            } catch (Throwable e) {
                failure[0] = e;
            }
        }, name, STACK_BYTES);
        t.start();
        try {
            t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + name, e);
        }
        @SuppressWarnings("unchecked")
        T value = (T) result[0];
        return new Outcome<>(value, failure[0]);
    }
}
