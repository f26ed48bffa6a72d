package dev.harmonica.turn;

import dev.harmonica.endpoint.TokenLogprob;
import dev.harmonica.harmony.parse.HarmonyStreamParser;

import java.util.ArrayList;
import java.util.List;

/**
 * Where a malformed completion went wrong, in the model's own probabilities: at the first token where the STRICT
 * parser (openai/harmony v0.0.8) fails, the token chosen, the server's top-k alternatives, and which of them would
 * have kept the turn parseable at that token. The margin is the chosen token's log-probability minus that of the most
 * likely alternative that keeps it parseable: near 0 "malformed by a hair", large "confidently malformed"; null when
 * no alternative in the top-k would have.
 *
 * @param position     0-based index of the failing token in the completion
 * @param token        the token chosen there
 * @param logprob      its log-probability
 * @param alternatives the top-k candidates there, most likely first, each with whether it keeps the turn parseable
 * @param margin       see above, in nats; null when no candidate keeps it
 */
public record LogprobForensics(int position, int token, double logprob, List<Candidate> alternatives, Double margin) {
    public LogprobForensics {
        alternatives = List.copyOf(alternatives);
    }

    /** A candidate token at the failing position. */
    public record Candidate(int token, double logprob, boolean keepsParseable) {
    }

    /**
     * The forensics of a completion, or null when it has no log-probabilities, the strict parse does not fail at a
     * token (e.g. it only fails at the end of the output, a truncation), or the failing position has none.
     */
    public static LogprobForensics of(int[] tokens, List<TokenLogprob> logprobs) {
        if (logprobs == null || tokens == null) return null;
        int f = firstFailure(tokens);
        if (f < 0 || f >= logprobs.size()) return null;
        TokenLogprob at = logprobs.get(f);
        List<Candidate> cands = new ArrayList<>();
        Double margin = null;
        for (TokenLogprob.Alternative a : at.alternatives()) {
            boolean keeps = a.token() != tokens[f] && a.token() >= 0 && parsesAt(tokens, f, a.token());
            cands.add(new Candidate(a.token(), a.logprob(), keeps));
            if (keeps && margin == null) margin = at.logprob() - a.logprob();
        }
        return new LogprobForensics(f, tokens[f], at.logprob(), cands, margin);
    }

    /** The index of the token at which a streaming strict parse fails, or -1. */
    static int firstFailure(int[] tokens) {
        HarmonyStreamParser p = new HarmonyStreamParser("assistant", true);
        for (int i = 0; i < tokens.length; i++) {
            p.push(tokens[i]);
            if (p.error() != null) return i;
        }
        return -1;
    }

    /** Whether the strict parse of {@code tokens[0..f)} followed by {@code alt} gets past {@code alt} without error. */
    private static boolean parsesAt(int[] tokens, int f, int alt) {
        HarmonyStreamParser p = new HarmonyStreamParser("assistant", true);
        for (int i = 0; i < f; i++) p.push(tokens[i]);
        p.push(alt);
        return p.error() == null;
    }
}
