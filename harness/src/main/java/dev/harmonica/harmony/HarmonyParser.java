package dev.harmonica.harmony;

/**
 * A parser of model output in the harmony format. Implementations: strict and harmony-non-strict (ports of
 * openai/harmony v0.0.8 {@code StreamableParser}) and lenient. Thread-safe; a {@link Stream} is not.
 * Never throws on bad input: failures are {@link ParseOutcome#error()}.
 */
public interface HarmonyParser {
    ParserKind kind();

    /**
     * Parses token ids. {@code startRole} is the role of a message whose {@code <|start|>role} was part of the
     * prompt (typically {@code assistant}), or null when the input starts with {@code <|start|>}.
     */
    ParseOutcome parse(int[] tokens, String startRole);

    /** Parses text: tokenized with special-token strings recognised as special tokens. */
    ParseOutcome parseText(String text, String startRole);

    /** Token-by-token use; feeding all tokens then {@link Stream#finish()} equals {@link #parse}. */
    Stream stream(String startRole);

    /** Incremental parsing session. */
    interface Stream {
        void push(int token);

        ParseOutcome finish();
    }
}
