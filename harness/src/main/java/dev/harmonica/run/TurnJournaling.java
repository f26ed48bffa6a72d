package dev.harmonica.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.harmonica.endpoint.RawTurn;
import dev.harmonica.harmony.FailureMode;
import dev.harmonica.harmony.MessageJson;
import dev.harmonica.harmony.ParseOutcome;
import dev.harmonica.harmony.Repair;
import dev.harmonica.journal.Journal;
import dev.harmonica.journal.TurnRecord;
import dev.harmonica.scenario.schema.ToolValidator;
import dev.harmonica.turn.ActionScore;
import dev.harmonica.turn.DrivenBy;
import dev.harmonica.turn.DrivenCall;
import dev.harmonica.turn.EndpointFailure;
import dev.harmonica.turn.JudgedTurn;
import dev.harmonica.turn.TurnOutput;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Turns the outcome of one model call into its journal line (docs/journal.md). One per scenario play. */
final class TurnJournaling {
    private final String runId;
    private final String shard;

    TurnJournaling(String runId, String shard) {
        this.runId = runId;
        this.shard = shard;
    }

    /** A request as sent: its digest and the prompt length Harmonica rendered (-1 when the server renders). */
    record Sent(String requestDigest, int promptTokens) {
    }

    /** What became of the driving calls: each one's result (null: not executed) and agreement (SWE replay). */
    record CallResults(List<String> results, List<Boolean> agrees) {
        static final CallResults NONE = new CallResults(List.of(), List.of());

        String result(int i) {
            return i < results.size() ? results.get(i) : null;
        }

        Boolean agrees(int i) {
            return i < agrees.size() ? agrees.get(i) : null;
        }
    }

    /** A judged turn with what became of its calls (a discarded draw: none). */
    TurnRecord judged(TurnContext c, TurnTaker.Judged j, CallResults results) {
        List<DrivenCall> calls = j.drive().by() == DrivenBy.RESAMPLED ? List.of() : j.calls();
        return Journal.withDigest(judgedBuilder(c, j).toolCalls(toolCalls(calls, results)).build());
    }

    /** The last request of a replayed step: the step's calls as scored against the recording. */
    TurnRecord scored(TurnContext c, TurnTaker.Judged j, ActionScore score, int requests) {
        return Journal.withDigest(judgedBuilder(c, j).toolCalls(TurnRecord.ToolCall.of(score))
                .replay(TurnRecord.ReplayScore.of(score, requests)).build());
    }

    private TurnRecord.Builder judgedBuilder(TurnContext c, TurnTaker.Judged j) {
        JudgedTurn t = j.turn();
        Sent sent = j.sent();
        RawTurn raw = t.raw();
        TurnOutput out = t.output();
        String serverError = raw.serverError();
        TurnRecord.Builder b = base(c, sent)
                .promptTokens(sent.promptTokens() >= 0 ? sent.promptTokens() : raw.promptTokens())
                .completionTokens(raw.completionTokenCount() >= 0 ? raw.completionTokenCount()
                        : out.tokens() == null ? 0 : out.tokens().length)
                .latencyMs(raw.latencyMillis()).attempts(raw.attempts()).cached(raw.cached())
                .raw(out.chat() ? new TurnRecord.Raw(null, null, out.chatMessage(), raw.finishReason())
                        : new TurnRecord.Raw(out.text(), out.tokens(), null, raw.finishReason()))
                .endpointError(serverError == null ? null : new TurnRecord.EndpointError(raw.httpStatus(), serverError, true))
                .strict(parse(out.analysis().strict(), serverError))
                .harmonyNonStrict(parse(out.analysis().nonStrict(), serverError))
                .lenient(parse(out.analysis().lenient(), null))
                .strictSignature(out.analysis().strictSignature())
                .failureModes(codes(t.seen())).strictFailureModes(codes(t.strictModes()))
                .lenientFailureModes(codes(t.lenientModes()))
                .injectedFaults(raw.injectedFaults())
                .drivenBy(j.drive().by().journalText(j.sample()))
                .outcome(TurnRecord.JUDGED).verdict(t.verdict().jsonName())
                .tokenSource(out.tokenSource().jsonName()).simulated(raw.simulated() ? Boolean.TRUE : null)
                .replica(raw.replica()).echo(TurnRecord.EchoRecord.of(j.echo()))
                .logprobs(TurnRecord.ForensicsRecord.of(t.forensics()));
        return b;
    }

    TurnRecord notJudged(TurnContext c, Sent sent, EndpointFailure f) {
        TurnRecord.Builder b = base(c, sent).promptTokens(Math.max(0, sent.promptTokens())).attempts(f.attempts())
                .failureModes(List.of()).toolCalls(List.of()).injectedFaults(List.of())
                .drivenBy(DrivenBy.NONE.jsonName())
                .outcome(TurnRecord.NOT_JUDGED).notJudged(TurnRecord.NotJudged.of(f));
        return Journal.withDigest(b.build());
    }

    TurnRecord harnessError(TurnContext c, Sent sent, RuntimeException e) {
        TurnRecord.Builder b = base(c, sent).promptTokens(Math.max(0, sent.promptTokens()))
                .failureModes(List.of()).toolCalls(List.of()).injectedFaults(List.of())
                .drivenBy(DrivenBy.NONE.jsonName())
                .outcome(TurnRecord.HARNESS_ERROR).harnessError(new TurnRecord.HarnessError(describe(e)));
        return Journal.withDigest(b.build());
    }

    /** One line naming the failure and where it happened in Harmonica's code. */
    static String describe(Throwable e) {
        StackTraceElement[] st = e.getStackTrace();
        String where = st.length == 0 ? "" : " at " + st[0].getClassName() + "." + st[0].getMethodName() + ":"
                + st[0].getLineNumber();
        return e + where;
    }

    private TurnRecord.Builder base(TurnContext c, Sent sent) {
        return TurnRecord.builder().runId(runId).shard(shard).scenarioId(c.scenario().id())
                .source(c.scenario().source()).category(c.scenario().category()).variant(c.variant().name())
                .turn(c.turn()).step(c.step()).depth(c.depth()).requestDigest(sent.requestDigest())
                .replayContext(c.replayContext()).attempt(c.attempt() > 1 ? c.attempt() : null);
    }

    private static List<TurnRecord.ToolCall> toolCalls(List<DrivenCall> calls, CallResults results) {
        List<TurnRecord.ToolCall> out = new ArrayList<>(calls.size());
        for (int i = 0; i < calls.size(); i++) {
            DrivenCall c = calls.get(i);
            ToolValidator.Validation v = c.validation();
            out.add(new TurnRecord.ToolCall(c.name(), c.arguments(), v.validName(), v.validJson(), v.schemaValid(),
                    v.schemaErrors().isEmpty() ? null : v.schemaErrors(), results.result(i), results.agrees(i),
                    c.view(), c.declaredAsWrittenStrict()));
        }
        return out;
    }

    private static TurnRecord.Parse parse(ParseOutcome o, String serverError) {
        ArrayNode repairs = null;
        if (!o.repairs().isEmpty()) {
            repairs = JsonNodeFactory.instance.arrayNode();
            for (Repair r : o.repairs()) {
                repairs.addObject().put("code", r.code()).put("offset", r.offset()).put("before", r.before())
                        .put("after", r.after()).put("lossy", r.lossy());
            }
        }
        String error = o.error() != null ? o.error() : serverError;
        JsonNode messages = MessageJson.writeAll(o.messages());
        return new TurnRecord.Parse(error == null, error, messages, repairs);
    }

    private static List<String> codes(Set<FailureMode> modes) {
        List<String> out = new ArrayList<>(modes.size());
        for (FailureMode m : modes) out.add(m.code());
        return out;
    }
}
