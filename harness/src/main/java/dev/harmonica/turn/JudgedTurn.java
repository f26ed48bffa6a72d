package dev.harmonica.turn;

import dev.harmonica.endpoint.RawTurn;
import dev.harmonica.harmony.FailureMode;
import dev.harmonica.harmony.Repair;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * A model turn the parsers judged: its output, both readings of its calls, the failure modes of each view and the
 * verdict (docs/journal.md, "A judged turn's verdict"). Built only by {@link #of}; immutable.
 *
 * @param raw          what the endpoint returned
 * @param output       the output as parsed
 * @param strictView   the calls as a strict consumer reads them
 * @param lenientView  the calls after lenient recovery
 * @param seen         every mode observed (format and tool level, both readings)
 * @param strictModes  the modes that break the turn for a strict consumer: the format modes when the strict reading
 *                     failed or any strict tool-level mode is present (they say why), plus the strict tool modes
 * @param lenientModes the modes that still break the turn after lenient recovery: the format modes only when the
 *                     lenient parse itself failed, plus the lenient tool modes
 * @param verdict      ok, rescued, rescued with loss, or failed: the harmony form ({@link #verdict})
 * @param forensics    completions with log-probabilities, when strict failed at a token: where and by how much
 *                     ({@link LogprobForensics}); else null
 */
public record JudgedTurn(RawTurn raw, TurnOutput output, CallView strictView, CallView lenientView,
                         Set<FailureMode> seen, Set<FailureMode> strictModes, Set<FailureMode> lenientModes,
                         Verdict verdict, LogprobForensics forensics) {
    public JudgedTurn {
        seen = copy(seen);
        strictModes = copy(strictModes);
        lenientModes = copy(lenientModes);
    }

    /** Judges one turn the endpoint returned. Pure: the same output and rules give the same verdict. */
    public static JudgedTurn of(RawTurn raw, TurnRules rules, TurnAnalyzer analyzer) {
        TurnOutput out = rules.chat() ? TurnOutput.chat(raw, analyzer) : TurnOutput.completions(raw, analyzer);
        CallView strict = CallView.read(out.strictMessages(), rules, false);
        CallView lenient = CallView.read(out.lenientMessages(), rules, true);
        Set<FailureMode> strictModes = EnumSet.noneOf(FailureMode.class);
        if (!out.strictParsed() || !strict.toolModes().isEmpty()) strictModes.addAll(out.formatModes());
        strictModes.addAll(strict.toolModes());
        Set<FailureMode> lenientModes = EnumSet.noneOf(FailureMode.class);
        if (!out.lenientParsed()) lenientModes.addAll(out.formatModes());
        lenientModes.addAll(lenient.toolModes());
        if (out.empty()) {
            strictModes.add(FailureMode.EMPTY_OUTPUT);
            lenientModes.add(FailureMode.EMPTY_OUTPUT);
        }
        Set<FailureMode> seen = EnumSet.noneOf(FailureMode.class);
        seen.addAll(out.formatModes());
        seen.addAll(strictModes);
        seen.addAll(lenientModes);
        boolean strictBroken = !out.strictParsed() || strict.toolModes().contains(FailureMode.TOOL_NAME_LEAK);
        LogprobForensics forensics = out.chat() || out.strictParsed() ? null
                : LogprobForensics.of(out.tokens(), raw.logprobs());
        return new JudgedTurn(raw, out, strict, lenient, seen, strictModes, lenientModes,
                verdict(strictBroken, out.lenientParsed(), out.analysis().lenient().repairs()), forensics);
    }

    /**
     * The verdict rule (docs/journal.md) is about the harmony form of the turn: strict is broken when its parse failed
     * (chat: the server rejected the output, or harmony markup leaked into its text) or a tool name carries leaked
     * format text; then the turn is rescued when the lenient parse succeeded — with loss when a repair was lossy —
     * and failed otherwise. Tool-level modes (unknown tool, invalid JSON, schema, tool_choice) are what the model
     * chose to call, not its form: they are reported in the views, not in the verdict.
     */
    static Verdict verdict(boolean strictBroken, boolean lenientParsed, List<Repair> repairs) {
        boolean lossy = false;
        for (Repair r : repairs) lossy |= r.lossy();
        return Verdict.of(strictBroken, lenientParsed, lossy);
    }

    /**
     * Strict parsed, but its reading of some call is worse than the lenient one (a tool-level mode only the strict
     * view has, e.g. a leaked {@code <|channel|>} suffix in a tool name).
     */
    public boolean strictReadsCallsWorse() {
        Set<FailureMode> extra = copy(strictView.toolModes());
        extra.removeAll(lenientView.toolModes());
        return !extra.isEmpty();
    }

    /** The reading a driver continues with. */
    public CallView view(boolean lenient) {
        return lenient ? lenientView : strictView;
    }

    private static Set<FailureMode> copy(Set<FailureMode> s) {
        return s.isEmpty() ? EnumSet.noneOf(FailureMode.class) : EnumSet.copyOf(s);
    }
}
