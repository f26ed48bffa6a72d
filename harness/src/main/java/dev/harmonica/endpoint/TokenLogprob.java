package dev.harmonica.endpoint;

import java.util.List;

/**
 * One generated token with its log-probability and the server's top alternatives at that position (COMPLETIONS with
 * {@code logprobs: k}).
 *
 * @param token        the token id ({@code -1} when the server named it by a text that is not one token)
 * @param logprob      its log-probability (natural log)
 * @param alternatives the top-k candidates at this position, most likely first (the chosen token may be among them)
 */
public record TokenLogprob(int token, double logprob, List<Alternative> alternatives) {
    public TokenLogprob {
        alternatives = List.copyOf(alternatives);
    }

    /** A candidate token and its log-probability. */
    public record Alternative(int token, double logprob) {
    }
}
