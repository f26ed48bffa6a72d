package dev.harmonica.run;

import dev.harmonica.endpoint.Endpoint;
import dev.harmonica.journal.Journal;
import dev.harmonica.journal.JournalReader;
import dev.harmonica.journal.ScenarioRecord;
import dev.harmonica.scenario.BadInputException;
import dev.harmonica.scenario.Scenario;
import dev.harmonica.turn.TurnAnalyzer;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs scenario sets × variants into a run directory ({@link RunDirectory}: {@code run.json} and
 * {@code journal.jsonl}). Scenario × variants run concurrently on a pool sized to the endpoint's concurrency; turns
 * within one are sequential. Work the endpoint could not answer ends {@code not_judged}: {@code --resume} and
 * {@code retry_unjudged} play it again as a new attempt; when the endpoint refuses every connection from the start,
 * the rest of the run is recorded as not attempted instead of being tried one by one ({@link Reachability}).
 */
public final class Runner {
    public static final String JOURNAL = RunDirectory.JOURNAL;
    public static final String RUN_JSON = RunDirectory.RUN_JSON;

    private Runner() {
    }

    /**
     * How to run.
     *
     * @param outDir       run directory (null: {@code reports/<run-id>} under {@code datasetsBase})
     * @param datasetsBase base for relative scenario-set paths (the project root, or {@code --datasets})
     * @param shard        the slice to run
     * @param resume       continue the run in {@code outDir} (its {@code run.json} config wins)
     * @param crashHook    test hook (null in production)
     * @param progress     where the progress line goes (null: nowhere)
     * @param terminal     progress with {@code \r} (a console) or periodic lines
     * @param clock        the clock for the run's date and deadlines
     * @param overwrite    a fresh run may replace a run already in its directory
     */
    public record Options(Path outDir, Path datasetsBase, Shard shard, boolean resume, Journal.CrashHook crashHook,
                          PrintStream progress, boolean terminal, Clock clock, boolean overwrite) {
        public Options(Path outDir, Path datasetsBase, Shard shard, boolean resume, Journal.CrashHook crashHook,
                       PrintStream progress, boolean terminal) {
            this(outDir, datasetsBase, shard, resume, crashHook, progress, terminal, Clock.systemUTC(), false);
        }

        public static Options defaults(Path outDir, Path base) {
            return new Options(outDir, base, Shard.ALL, false, null, null, false);
        }

        public Options resuming() {
            return new Options(outDir, datasetsBase, shard, true, crashHook, progress, terminal, clock, overwrite);
        }

        public Options withCrashHook(Journal.CrashHook hook) {
            return new Options(outDir, datasetsBase, shard, resume, hook, progress, terminal, clock, overwrite);
        }

        public Options withShard(Shard s) {
            return new Options(outDir, datasetsBase, s, resume, crashHook, progress, terminal, clock, overwrite);
        }

        public Options withProgress(PrintStream out, boolean term) {
            return new Options(outDir, datasetsBase, shard, resume, crashHook, out, term, clock, overwrite);
        }

        public Options withOverwrite(boolean o) {
            return new Options(outDir, datasetsBase, shard, resume, crashHook, progress, terminal, clock, o);
        }

        public Options withClock(Clock c) {
            return new Options(outDir, datasetsBase, shard, resume, crashHook, progress, terminal, c, overwrite);
        }
    }

    /** How complete a run's judged work is, over its final journal state (what the exit code reports). */
    public enum Completion {
        /** Every scenario × variant was judged. */
        COMPLETE,
        /** Some scenario × variants were not judged because of the endpoint. */
        PARTLY_NOT_JUDGED,
        /** No scenario × variant could be judged (e.g. the endpoint refused every connection). */
        NOTHING_JUDGED,
        /** Harmonica failed on some scenario × variant (a bug; the journal says where). */
        HARNESS_ERROR
    }

    /**
     * What a run did.
     *
     * @param scenarioVariants the run's scenario × variants (this shard)
     * @param skippedComplete  already judged before this invocation (resume)
     * @param played           played by this invocation (retries counted once per play)
     * @param notJudged        scenario × variants whose last attempt ended not judged
     * @param harnessErrors    scenario × variants whose last attempt ended in a harness error
     * @param turns            model calls made by this invocation
     * @param inferenceErrors  BFCL protocol: scenario × variants whose last attempt ended in an endpoint failure,
     *                         scored failed as BFCL's {@code multi_turn:inference_error} (not in {@code notJudged})
     */
    public record Result(Path runDir, String runId, int scenarioVariants, int skippedComplete, int played,
                         int notJudged, int harnessErrors, long turns, double seconds, Completion completion,
                         int inferenceErrors) {
        /** Scenario × variants not fully judged (not judged, BFCL inference error or harness error). */
        public int errors() {
            return notJudged + inferenceErrors + harnessErrors;
        }
    }

    /** Makes the endpoint for a resolved config (the simulator or an HTTP client). */
    @FunctionalInterface
    public interface EndpointFactory {
        Endpoint create(RunSpec.EndpointSettings settings);
    }

    /** Loads the scenarios of a run (the default reads the config's scenario sets). */
    @FunctionalInterface
    public interface ScenarioLoader {
        List<Scenario> load(RunSpec config, Path base, Shard shard);
    }

    /** What a run talks to. {@link #standard} is the production wiring; tests replace parts. */
    public record Services(EndpointFactory endpoints, TurnAnalyzer analyzer, RendererFactory renderers,
                           ScenarioLoader loader) {
        public static Services standard(EndpointFactory endpoints) {
            return new Services(endpoints, TurnAnalyzer.harmony(), RendererFactory.harmony(), Runner::loadScenarios);
        }

        public Services withAnalyzer(TurnAnalyzer a) {
            return new Services(endpoints, a, renderers, loader);
        }

        public Services withLoader(ScenarioLoader l) {
            return new Services(endpoints, analyzer, renderers, l);
        }
    }

    /** The config recorded in a run directory (for {@code --resume}). */
    public static RunSpec resolveForResume(Path runDir) {
        return RunDirectory.readConfig(runDir);
    }

    public static Result run(RunSpec config, Options opts, Services services) {
        long start = System.nanoTime();
        RunDirectory dir = RunDirectory.prepare(config, opts);
        List<Scenario> scenarios = services.loader().load(dir.config(), dir.base(), dir.shard());
        dir.create(scenarios.size(), opts.clock());
        WorkList work = WorkList.of(scenarios, dir, opts.resume());
        Execution ex = new Execution(dir, opts, services, work.size());
        ex.runAll(work.items());
        for (int round = 1; round <= dir.config().retryUnjudged() && ex.canRetry(); round++) {
            List<Work> again = ex.takeNotJudged();
            if (again.isEmpty()) break;
            ex.pause(round);
            ex.runAll(again);
        }
        ex.finish();
        Map<JournalReader.Key, JournalReader.Ended> ended = JournalReader.lastEnded(dir.journal());
        int notJudged = 0;
        int inferenceErrors = 0;
        int harness = 0;
        int judged = 0;
        for (Work w : work.all()) {
            JournalReader.Ended e = ended.get(w.key());
            if (e == null) continue;
            switch (e.status()) {
                case HARNESS_ERROR -> harness++;
                case NOT_JUDGED -> notJudged++;
                case INFERENCE_ERROR -> inferenceErrors++;
                default -> judged++;
            }
        }
        int endpoint = notJudged + inferenceErrors;
        Completion c = harness > 0 ? Completion.HARNESS_ERROR : judged == 0 && endpoint > 0 ? Completion.NOTHING_JUDGED
                : endpoint > 0 ? Completion.PARTLY_NOT_JUDGED : Completion.COMPLETE;
        return new Result(dir.path(), dir.config().runId(), work.all().size(), work.skipped(), ex.played(), notJudged,
                harness, ex.turns(), (System.nanoTime() - start) / 1e9, c, inferenceErrors);
    }

    /** One scenario × variant to play, and which attempt it is. */
    record Work(Scenario scenario, Variant variant, int attempt) {
        JournalReader.Key key() {
            return new JournalReader.Key(scenario.id(), variant.name());
        }

        Work next() {
            return new Work(scenario, variant, attempt + 1);
        }
    }

    /**
     * The work of a run: every scenario × variant; on resume, those whose last attempt was judged are skipped and
     * those that ended not judged (or in a harness error) are played again as their next attempt.
     */
    record WorkList(List<Work> all, List<Work> items, int skipped) {
        static WorkList of(List<Scenario> scenarios, RunDirectory dir, boolean resume) {
            Map<JournalReader.Key, JournalReader.Ended> ended = resume ? JournalReader.lastEnded(dir.journal()) : Map.of();
            List<Work> all = new ArrayList<>();
            List<Work> todo = new ArrayList<>();
            int skipped = 0;
            for (Scenario s : scenarios) {
                for (Variant v : dir.config().variants()) {
                    Work w = new Work(s, v, 1);
                    all.add(w);
                    JournalReader.Ended e = ended.get(w.key());
                    if (e == null) todo.add(w);
                    else if (e.status().judged()) skipped++;
                    else todo.add(new Work(s, v, e.attempt() + 1));
                }
            }
            return new WorkList(all, todo, skipped);
        }

        int size() {
            return items.size();
        }
    }

    /** The pool, the journal and the endpoint of one invocation. */
    private static final class Execution {
        private final RunDirectory dir;
        private final PlayServices services;
        private final Journal journal;
        private final Endpoint endpoint;
        private final Progress progress;
        private final Reachability reachability;
        private final Instant runDeadline;
        private final Clock clock;
        private final AtomicInteger played = new AtomicInteger();
        private final AtomicReference<Throwable> crash = new AtomicReference<>();
        private final List<Work> notJudged = new ArrayList<>();
        private final AtomicBoolean simulatedSeen = new AtomicBoolean();

        Execution(RunDirectory dir, Options opts, Services s, int total) {
            this.dir = dir;
            this.clock = opts.clock();
            RunSpec rc = dir.config();
            try {
                this.journal = Journal.open(dir.journal(), opts.crashHook());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot open journal " + dir.journal() + ": " + e.getMessage(), e);
            }
            this.endpoint = s.endpoints().create(rc.endpoint());
            this.services = new PlayServices(rc.runId(), dir.shard().label(), rc, endpoint, s.analyzer(), s.renderers(),
                    clock);
            this.progress = new Progress(opts.progress(), opts.terminal(), total, opts.terminal() ? 200 : 10_000);
            this.reachability = new Reachability(Math.max(3, Math.min(8, rc.endpoint().concurrency())));
            this.runDeadline = rc.deadlineSeconds() > 0 ? clock.instant().plusSeconds(rc.deadlineSeconds()) : null;
        }

        void runAll(List<Work> work) {
            int threads = Math.max(1, Math.min(dir.config().endpoint().concurrency(), Math.max(1, work.size())));
            ExecutorService pool = Executors.newFixedThreadPool(threads, daemonThreads());
            List<Future<?>> futures = new ArrayList<>(work.size());
            for (Work w : work) futures.add(pool.submit(() -> playOne(w)));
            pool.shutdown();
            try {
                while (!pool.awaitTermination(1, TimeUnit.SECONDS)) {
                    if (crash.get() != null) pool.shutdownNow();
                }
            } catch (InterruptedException e) {
                pool.shutdownNow();
                Thread.currentThread().interrupt();
            }
            for (Future<?> f : futures) {
                if (!f.isDone() || f.isCancelled()) continue;
                try {
                    f.get();
                } catch (Exception e) {
                    crash.compareAndSet(null, e.getCause() == null ? e : e.getCause());
                }
            }
            rethrowCrash();
        }

        private void playOne(Work w) {
            if (crash.get() != null) return;
            try {
                ScenarioRecord sr = notAttempted(w);
                if (sr == null) sr = play(w);
                journal.append(sr);
                if (dir.config().fsync()) journal.sync();
                ScenarioRecord.Status st = ScenarioRecord.Status.byName(sr.status());
                reachability.ended(sr);
                if (st != null && st.endpointFailure()) {
                    synchronized (notJudged) {
                        notJudged.add(w.next());
                    }
                }
                progress.scenario(st);
            } catch (Journal.SimulatedCrash | UncheckedIOException c) {
                crash.compareAndSet(null, c);
            }
        }

        /** A scenario record for work that is not sent at all (deadline passed, endpoint unreachable), or null. */
        private ScenarioRecord notAttempted(Work w) {
            if (runDeadline != null && clock.instant().isAfter(runDeadline)) {
                return NotAttempted.record(services, w, NotAttempted.Reason.DEADLINE);
            }
            if (reachability.unreachable()) return NotAttempted.record(services, w, NotAttempted.Reason.UNREACHABLE);
            return null;
        }

        private ScenarioRecord play(Work w) {
            played.incrementAndGet();
            Instant deadline = runDeadline;
            long perScenario = dir.config().scenarioDeadlineSeconds();
            if (perScenario > 0) {
                Instant own = clock.instant().plusSeconds(perScenario);
                if (deadline == null || own.isBefore(deadline)) deadline = own;
            }
            ScenarioPlayer player = new ScenarioPlayer(services, w.attempt(), t -> {
                journal.append(t);
                if (Boolean.TRUE.equals(t.simulated())) simulatedSeen.set(true);
                progress.turn(t);
            }, deadline);
            try {
                return player.play(w.scenario(), w.variant());
            } catch (Journal.SimulatedCrash | UncheckedIOException c) {
                throw c;
            } catch (RuntimeException e) {
                // a bug or bad data in one scenario must not lose the night: record it and go on
                return NotAttempted.harnessError(services, w, e);
            }
        }

        boolean canRetry() {
            return crash.get() == null && !reachability.unreachable()
                    && (runDeadline == null || clock.instant().isBefore(runDeadline));
        }

        List<Work> takeNotJudged() {
            synchronized (notJudged) {
                List<Work> out = new ArrayList<>(notJudged);
                notJudged.clear();
                return out;
            }
        }

        /** Before retry round {@code round}: give a struggling endpoint time ({@code retry_unjudged_wait_s} × round). */
        void pause(int round) {
            long ms = dir.config().retryUnjudgedWaitSeconds() * 1000L * round;
            try {
                Thread.sleep(ms);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        int played() {
            return played.get();
        }

        long turns() {
            return progress.turns();
        }

        void finish() {
            progress.finish();
            if (simulatedSeen.get()) dir.markSimulated();
            try {
                endpoint.close();
            } finally {
                journal.close();
            }
            rethrowCrash();
        }

        private void rethrowCrash() {
            Throwable c = crash.get();
            if (c == null) return;
            try {
                journal.close();
            } catch (RuntimeException ignored) {
                // the crash is what matters
            }
            if (c instanceof Journal.SimulatedCrash sc) throw sc;
            if (c instanceof UncheckedIOException u) throw u;
            throw new IllegalStateException("run failed: " + c, c);
        }
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "harmonica-run-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** Loads every set, applies the limit and the shard; ids must be unique across the run (the journal key). */
    public static List<Scenario> loadScenarios(RunSpec rc, Path base, Shard shard) {
        List<Scenario> out = new ArrayList<>();
        Map<String, String> seen = new HashMap<>();
        for (String spec : rc.scenarioSets()) {
            List<Scenario> set = ScenarioSets.load(spec, base);
            if (rc.limit() > 0 && set.size() > rc.limit()) set = set.subList(0, rc.limit());
            for (Scenario s : set) {
                String prev = seen.putIfAbsent(s.id(), spec);
                if (prev != null) {
                    throw new BadInputException("scenario id '" + s.id() + "' appears in " + prev
                            + (prev.equals(spec) ? " twice" : " and in " + spec)
                            + "; ids must be unique within a run (they key the journal)");
                }
                if (shard.includes(s.id())) out.add(s);
            }
        }
        return out;
    }

    /** The digest of a config as far as merging is concerned (everything but the run id). */
    public static String configDigest(RunSpec rc) {
        return RunDirectory.configDigest(rc);
    }
}
