package dev.harmonica.harmony.parse;

import dev.harmonica.harmony.FailureMode;

/**
 * Stable codes of the lenient parser's repairs ({@link dev.harmonica.harmony.Repair#code()} is {@link #name()}),
 * each with the rule of harmony-format.md §10 it belongs to and the {@link FailureMode} it evidences. Codes never
 * change once released; new ones are added.
 */
public enum RepairCode {
    L2_DUPLICATE_CHANNEL(LenientFeature.STRIP_DUPLICATE_CHANNELS, FailureMode.DUPLICATE_CHANNEL),
    L3_RECIPIENT_SPECIAL_TOKEN_TAIL(LenientFeature.SANITIZE_RECIPIENT, FailureMode.TOOL_NAME_LEAK),
    L3_CONSTRAIN_AS_RECIPIENT(LenientFeature.SANITIZE_RECIPIENT, FailureMode.CONSTRAIN_AS_RECIPIENT),
    L3_RECIPIENT_AFTER_CONSTRAIN(LenientFeature.SANITIZE_RECIPIENT, FailureMode.RECIPIENT_AFTER_CONSTRAIN),
    L3_ASSISTANT_RECIPIENT_DROPPED(LenientFeature.SANITIZE_RECIPIENT, FailureMode.ASSISTANT_RECIPIENT),
    L3_INVALID_RECIPIENT_DROPPED(LenientFeature.SANITIZE_RECIPIENT, FailureMode.LEFTOVER_HEADER_TOKENS),
    L3_CONSTRAIN_FUNCTION_AS_RECIPIENT(LenientFeature.CONSTRAIN_FUNCTION_AS_RECIPIENT, FailureMode.RECIPIENT_AFTER_CONSTRAIN),
    L4_MISSING_MESSAGE(LenientFeature.RECOVER_MISSING_MESSAGE, FailureMode.MISSING_MESSAGE),
    L5_RECIPIENT_REPEATED(LenientFeature.DROP_LEFTOVER_HEADER_WORDS, FailureMode.RECIPIENT_REPEATED),
    L5_CONSTRAIN_JOINED(LenientFeature.DROP_LEFTOVER_HEADER_WORDS, FailureMode.CONSTRAIN_AS_RECIPIENT),
    L5_CONSTRAIN_CHANNEL_DROPPED(LenientFeature.DROP_LEFTOVER_HEADER_WORDS, FailureMode.LEFTOVER_HEADER_TOKENS),
    L5_REASONING_AFTER_CONSTRAIN(LenientFeature.DROP_LEFTOVER_HEADER_WORDS, FailureMode.REASONING_AFTER_CONSTRAIN),
    L5_LEFTOVER_WORDS_DROPPED(LenientFeature.DROP_LEFTOVER_HEADER_WORDS, FailureMode.LEFTOVER_HEADER_TOKENS),
    /** Every header word was used, but not where STRICT expects it (e.g. {@code <|constrain|>json to=functions.x}). */
    L5_WORDS_REORDERED(LenientFeature.DROP_LEFTOVER_HEADER_WORDS, FailureMode.LEFTOVER_HEADER_TOKENS),
    L6_CHANNEL_AS_ROLE(LenientFeature.NORMALISE_ROLE, FailureMode.UNKNOWN_ROLE),
    L6_ROLE_WITH_NAME(LenientFeature.NORMALISE_ROLE, FailureMode.UNKNOWN_ROLE),
    L6_RECIPIENT_WITHOUT_ROLE(LenientFeature.NORMALISE_ROLE, FailureMode.UNKNOWN_ROLE),
    L6_ROLE_NORMALISED(LenientFeature.NORMALISE_ROLE, FailureMode.UNKNOWN_ROLE),
    L6_TOOL_AUTHOR(LenientFeature.NORMALISE_ROLE, FailureMode.UNKNOWN_ROLE),
    L6_MISSING_ROLE(LenientFeature.NORMALISE_ROLE, FailureMode.MISSING_ROLE),
    L7_REPEATED_START(LenientFeature.REPAIR_STREAM_STRUCTURE, FailureMode.STRAY_START),
    L7_MISSING_START(LenientFeature.REPAIR_STREAM_STRUCTURE, FailureMode.MISSING_START),
    L7_START_IN_CONTENT(LenientFeature.REPAIR_STREAM_STRUCTURE, FailureMode.MISSING_STOP),
    L7_TEXT_BEFORE_START(LenientFeature.REPAIR_STREAM_STRUCTURE, FailureMode.MISSING_START),
    L7_TEXT_AFTER_STOP(LenientFeature.REPAIR_STREAM_STRUCTURE, FailureMode.TEXT_AFTER_STOP),
    L7_TRUNCATED_HEADER(LenientFeature.REPAIR_STREAM_STRUCTURE, FailureMode.TRUNCATED_HEADER),
    L8_EMPTY_CHANNEL(LenientFeature.NORMALISE_CHANNEL, FailureMode.EMPTY_CHANNEL),
    L8_CHANNEL_NORMALISED(LenientFeature.NORMALISE_CHANNEL, FailureMode.UNKNOWN_CHANNEL),
    L8_CHANNEL_WITHOUT_MARKER(LenientFeature.NORMALISE_CHANNEL, FailureMode.CHANNEL_WITHOUT_MARKER),
    L10_LOSSY_HEADER(LenientFeature.KEEP_MESSAGES_BEFORE_ERROR, FailureMode.UNDECODABLE_HEADER),
    /** The bounded repair list was full; {@code after} holds how many repairs were not recorded. */
    REPAIR_LIST_TRUNCATED(null, null);

    private final LenientFeature feature;
    private final FailureMode failureMode;

    RepairCode(LenientFeature feature, FailureMode failureMode) {
        this.feature = feature;
        this.failureMode = failureMode;
    }

    /** The switch that enables this repair (null for bookkeeping entries). */
    public LenientFeature feature() {
        return feature;
    }

    /** The failure mode this repair is evidence of (null for bookkeeping entries). */
    public FailureMode failureMode() {
        return failureMode;
    }

    /** The code for a {@link dev.harmonica.harmony.Repair#code()}, or null if unknown. */
    public static RepairCode of(String code) {
        try {
            return valueOf(code);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
