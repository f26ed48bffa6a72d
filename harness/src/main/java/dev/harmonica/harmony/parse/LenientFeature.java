package dev.harmonica.harmony.parse;

/**
 * One switch per recovery rule of the LENIENT parser (docs/repairs.md), modelled on jackson's
 * {@code JsonReadFeature}: small, named, orthogonal, each with an example. With a switch off the parser behaves like
 * STRICT (openai/harmony v0.0.8) for that fault and, if nothing else recovers it, fails with the strict error.
 * The rules marked "recommendation" in the spec are design proposals, not observed behaviour of another parser.
 */
public enum LenientFeature {
    /**
     * L2 (harmony PR #97): keep the first channel and drop every later {@code <|channel|>VALUE}.
     * {@code assistant<|channel|>commentary<|channel|>analysis} → channel {@code commentary};
     * {@code to=functions.bash<|channel|>commentary} → recipient {@code functions.bash}.
     */
    STRIP_DUPLICATE_CHANNELS(true),
    /**
     * L3: cut a recipient at the first {@code <|}; a recipient that is exactly {@code <|constrain|>X} becomes the
     * content type; recipient {@code assistant} on an assistant message is dropped; {@code to=<|constrain|>functions.x}
     * becomes recipient {@code functions.x}; a lone header word that is not a name (e.g. {@code 2?}) is no recipient.
     */
    SANITIZE_RECIPIENT(true),
    /**
     * L4: a stop token (or a new {@code <|start|>}) inside a header ends the message; the header words after the
     * role and channel become its content, for every message (harmony non-strict does this for the first only).
     * {@code <|channel|>final Hello<|return|>} → final message {@code Hello}.
     */
    RECOVER_MISSING_MESSAGE(true),
    /**
     * L5: leftover header words: prefer the {@code to=} word as recipient, the first {@code <|constrain|>X} as content
     * type ({@code <|constrain|> json} joined), drop a {@code <|constrain|>X} naming a channel, and drop the rest
     * (including free text after {@code <|constrain|>}).
     */
    DROP_LEFTOVER_HEADER_WORDS(true),
    /**
     * L6: role position: a bare channel name means an assistant on that channel ({@code <|start|>final}); a single
     * non-role word is a tool author ({@code functions.x}); {@code role:name} is accepted; a header starting with
     * {@code to=} is an assistant with that recipient; an empty header is an assistant; a role glued to special
     * tokens or repeated ({@code assistantassistant}) is normalised.
     */
    NORMALISE_ROLE(true),
    /**
     * L7: stream structure: a repeated {@code <|start|>} is ignored; a {@code <|channel|>} where {@code <|start|>}
     * was expected implies {@code <|start|>assistant}; a {@code <|start|>} inside content ends the message; text or
     * stray stop tokens after a stop token are discarded up to the next {@code <|start|>}; EOS inside a header drops
     * the unfinished header.
     */
    REPAIR_STREAM_STRUCTURE(true),
    /**
     * L8: an empty channel value means no channel; a known channel name followed only by punctuation
     * ({@code commentary?}) is that channel; a bare channel word where the recipient would be, in a header without a
     * channel marker ({@code final<|message|>}), is the channel.
     */
    NORMALISE_CHANNEL(true),
    /**
     * L10: when the parse fails anyway, keep the messages completed before the failure (with the strict error);
     * also decode an undecodable header lossily instead of failing.
     */
    KEEP_MESSAGES_BEFORE_ERROR(true),
    /**
     * Optional (off by default; tinker-cookbook #947): on a header with no recipient, {@code <|constrain|>functions.X}
     * is a call to {@code functions.X}.
     */
    CONSTRAIN_FUNCTION_AS_RECIPIENT(false),
    /** Optional (off by default): the made-up channel {@code comment} is {@code commentary}. */
    COMMENT_CHANNEL_AS_COMMENTARY(false);

    private final boolean enabledByDefault;

    LenientFeature(boolean enabledByDefault) {
        this.enabledByDefault = enabledByDefault;
    }

    public boolean enabledByDefault() {
        return enabledByDefault;
    }

    public long mask() {
        return 1L << ordinal();
    }

    public boolean enabledIn(long flags) {
        return (flags & mask()) != 0;
    }

    /** The flags of every feature that is enabled by default. */
    public static long collectDefaults() {
        long flags = 0;
        for (LenientFeature f : values()) if (f.enabledByDefault) flags |= f.mask();
        return flags;
    }
}
