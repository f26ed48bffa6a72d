package dev.harmonica.turn;

import java.util.Locale;

/** Where a completions turn's token ids came from (journal {@code token_source}). */
public enum TokenSource {
    /** The server returned the generated token ids ({@code return_token_ids} / logprobs). */
    SERVER,
    /**
     * Harmonica encoded the returned text with o200k_harmony, special tokens allowed: a special-token literal the
     * model wrote as plain text becomes a special token, so the ids may differ from what the model generated.
     */
    RETOKENIZED,
    /** No token ids: chat modes (the server parsed), or no output. */
    NONE;

    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
