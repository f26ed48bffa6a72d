package dev.harmonica.run;

import com.fasterxml.jackson.databind.JsonNode;
import dev.harmonica.endpoint.Endpoint;
import dev.harmonica.endpoint.EndpointException;
import dev.harmonica.endpoint.ModelRequest;
import dev.harmonica.endpoint.RawTurn;
import dev.harmonica.harmony.HarmonyEncoding;
import dev.harmonica.harmony.render.HarmonyRenderer;
import dev.harmonica.journal.Digests;
import dev.harmonica.journal.TurnRecord;
import dev.harmonica.turn.ActionScore;
import dev.harmonica.turn.Drive;
import dev.harmonica.turn.DrivenBy;
import dev.harmonica.turn.DrivenCall;
import dev.harmonica.turn.Echo;
import dev.harmonica.turn.EndpointFailure;
import dev.harmonica.turn.JudgedTurn;
import dev.harmonica.turn.TurnAnalyzer;
import dev.harmonica.turn.TurnRules;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

/**
 * Takes one model turn: request → endpoint → judge → drive, drawing again while the variant resamples. Discarded
 * draws, unjudged calls and harness errors are journaled here; a judged turn that drives is journaled by the caller
 * once its calls have results. Not thread-safe (one scenario play).
 */
final class TurnTaker {
    private final Endpoint endpoint;
    private final TurnAnalyzer analyzer;
    private final String model;
    private final TurnJournaling journaling;
    private final Consumer<TurnRecord> sink;
    private final Instant deadline;
    private final Clock clock;
    private HarmonyRenderer renderer;

    TurnTaker(PlayServices services, TurnJournaling journaling, Consumer<TurnRecord> sink, Instant deadline) {
        this.endpoint = services.endpoint();
        this.analyzer = services.analyzer();
        this.model = services.model();
        this.journaling = journaling;
        this.sink = sink;
        this.deadline = deadline;
        this.clock = services.clock();
    }

    /** What came of a model turn. */
    sealed interface Taken permits Judged, Unjudged, Broken {
    }

    /**
     * Judged, and the conversation goes on with it (or stops, per {@link Drive}): journal it with {@link #journal}.
     * {@code echo}: completions mode, when the conversation goes on: how the variant writes the turn back.
     */
    record Judged(JudgedTurn turn, Drive drive, int sample, List<DrivenCall> calls, TurnJournaling.Sent sent, Echo echo)
            implements Taken {
    }

    /** The endpoint gave no output: the scenario ends, not judged (already journaled). */
    record Unjudged(EndpointFailure failure) implements Taken {
    }

    /** Harmonica failed judging the turn: the scenario ends (already journaled). */
    record Broken(RuntimeException error) implements Taken {
    }

    Taken take(TurnContext c, Conversation conv, TurnRules rules, JsonNode expected, PlayTally tally) {
        for (int sample = 0; ; sample++) {
            if (deadline != null && clock.instant().isAfter(deadline)) {
                return unjudged(c, new TurnJournaling.Sent(null, -1), tally,
                        EndpointFailure.notAttempted(EndpointFailure.DEADLINE, "the deadline passed before this turn"));
            }
            ModelRequest req = request(c, conv, expected, sample);
            TurnJournaling.Sent sent = new TurnJournaling.Sent(digest(req), conv.lastPromptTokens());
            RawTurn raw;
            try {
                raw = endpoint.complete(req);
            } catch (EndpointException e) {
                return unjudged(c, sent, tally, EndpointFailure.of(e));
            }
            Judged j;
            try {
                JudgedTurn t = JudgedTurn.of(raw, rules, analyzer);
                if (c.variant().bfclCompat()) {
                    Drive d = BfclFc.drive(t);
                    List<DrivenCall> calls = d.continues() ? BfclFc.calls(t, rules.tools(), c.depth()) : List.of();
                    j = new Judged(t, d, sample, calls, sent, null);
                } else {
                    Drive d = Drive.decide(t, c.variant().driving(), sample, c.variant().resamples());
                    j = new Judged(t, d, sample, DrivenCall.of(t, d, c.depth()), sent, echo(c, t, d));
                }
            } catch (RuntimeException e) {
                sink.accept(journaling.harnessError(c, sent, e));
                tally.harnessError();
                return new Broken(e);
            }
            tally.judged(j.turn().verdict(), c.depth());
            if (j.drive().by() != DrivenBy.RESAMPLED) return j;
            journal(c, j, TurnJournaling.CallResults.NONE); // a discarded draw: journal it and draw again
        }
    }

    /** Journals a judged turn with what became of its calls. */
    void journal(TurnContext c, Judged j, TurnJournaling.CallResults results) {
        sink.accept(journaling.judged(c, j, results));
    }

    /** Journals the last request of a replayed step with the step's score. */
    void journalScored(TurnContext c, Judged j, ActionScore score, int requests) {
        sink.accept(journaling.scored(c, j, score, requests));
    }

    private Echo echo(TurnContext c, JudgedTurn t, Drive d) {
        if (t.output().chat() || !d.continues() || t.output().tokens() == null) return null;
        if (renderer == null) renderer = new HarmonyRenderer(HarmonyEncoding.get(), c.variant().rendererOptions());
        return Echo.of(t.output().tokens(), t.output().messages(d.lenient()), renderer, c.variant().dropAnalysis());
    }

    private Unjudged unjudged(TurnContext c, TurnJournaling.Sent sent, PlayTally tally, EndpointFailure f) {
        sink.accept(journaling.notJudged(c, sent, f));
        tally.unjudged();
        return new Unjudged(f);
    }

    private ModelRequest request(TurnContext c, Conversation conv, JsonNode expected, int sample) {
        ModelRequest.Sampling s = c.variant().sampling();
        String hintId = c.scenario().id();
        if (sample > 0) { // a resample: a new seed, and the simulator sees a new draw
            long base = s.seed() == null ? 0L : s.seed();
            s = s.withSeed(base + sample);
            hintId = hintId + "#resample" + sample;
        }
        ModelRequest r = conv.request(model, c.variant(), s, new ModelRequest.SimHint(hintId, c.depth(), expected));
        return deadline == null ? r : r.withDeadline(deadline);
    }

    private static String digest(ModelRequest r) {
        String sampling = r.sampling() == null ? "" : r.sampling().toString();
        if (r.mode() == ModelRequest.Mode.COMPLETIONS) return Digests.tokens(r.promptTokens(), r.model() + "|" + sampling);
        return Digests.sha256Hex16(r.model() + "|" + r.messages() + "|" + r.tools() + "|" + r.toolChoice() + "|"
                + r.parallelToolCalls() + "|" + r.stream() + "|" + sampling);
    }
}
