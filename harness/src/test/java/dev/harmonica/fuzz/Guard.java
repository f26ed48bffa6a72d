package dev.harmonica.fuzz;

import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The per-try hang guard of the fuzz properties: runs one try on a worker thread and fails the try when it takes
 * longer than the limit (a hang or a catastrophic slowdown), naming the input. What the try throws is rethrown
 * unchanged, so the property can check that only documented errors escape. The limit is generous (seconds, where a
 * try takes microseconds) because the build machine is shared and noisy: it detects hangs, it does not time code.
 */
final class Guard {
    /** Time one try may take before it counts as a hang. */
    static final Duration LIMIT = Duration.ofSeconds(10);

    private static ExecutorService worker = newWorker();

    private Guard() {
    }

    private static ExecutorService newWorker() {
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "fuzz-guard");
            t.setDaemon(true);
            return t;
        });
    }

    /** Runs {@code task} within {@link #LIMIT}; {@code input} describes the input in the failure message. */
    static synchronized <T> T within(Object input, Callable<T> task) throws Throwable {
        Future<T> f = worker.submit(task);
        try {
            return f.get(LIMIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause();
        } catch (TimeoutException e) {
            f.cancel(true);
            worker.shutdownNow();
            worker = newWorker(); // the hung thread is abandoned (daemon); later tries get a fresh one
            throw new AssertionError("no answer within " + LIMIT.toSeconds() + " s (a hang?) on input: " + describe(input));
        }
    }

    /** A printable, bounded description of an input. */
    static String describe(Object input) {
        String s = input instanceof int[] ids ? Arrays.toString(ids) : String.valueOf(input);
        StringBuilder sb = new StringBuilder();
        s.codePoints().limit(2000).forEach(cp -> {
            if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f)) sb.append(String.format("\\u%04x", cp));
            else sb.appendCodePoint(cp);
        });
        return s.length() > 2000 ? sb + "… (" + s.length() + " chars)" : sb.toString();
    }
}
