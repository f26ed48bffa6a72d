package dev.harmonica.harmony.parse;

import dev.harmonica.harmony.FailureMode;

import static dev.harmonica.harmony.parse.LenientFeature.COMMENT_CHANNEL_AS_COMMENTARY;
import static dev.harmonica.harmony.parse.LenientFeature.CONSTRAIN_FUNCTION_AS_RECIPIENT;
import static dev.harmonica.harmony.parse.LenientFeature.DROP_LEFTOVER_HEADER_WORDS;
import static dev.harmonica.harmony.parse.LenientFeature.KEEP_MESSAGES_BEFORE_ERROR;
import static dev.harmonica.harmony.parse.LenientFeature.NORMALISE_CHANNEL;
import static dev.harmonica.harmony.parse.LenientFeature.NORMALISE_ROLE;
import static dev.harmonica.harmony.parse.LenientFeature.RECOVER_MISSING_MESSAGE;
import static dev.harmonica.harmony.parse.LenientFeature.REPAIR_STREAM_STRUCTURE;
import static dev.harmonica.harmony.parse.LenientFeature.SANITIZE_RECIPIENT;
import static dev.harmonica.harmony.parse.LenientFeature.STRIP_DUPLICATE_CHANNELS;

/**
 * Stable codes of the lenient parser's repairs ({@link dev.harmonica.harmony.Repair#code()} is {@link #name()}), each
 * with the rule of docs/repairs.md it belongs to, the {@link FailureMode} it evidences, and whether it is
 * lossless: the repaired message has the role, channel, recipient, content type and body the model evidently wrote
 * (only misplaced, repeated or special-token noise was fixed), or lossy: some of that was dropped or guessed. The
 * table with the reasons is {@code docs/repairs.md}. Codes never change once released; new ones are added.
 */
public enum RepairCode {
    L2_DUPLICATE_CHANNEL(STRIP_DUPLICATE_CHANNELS, FailureMode.DUPLICATE_CHANNEL, true,
            "a later <|channel|> repeats the kept channel (or is empty): nothing the model wrote is lost"),
    L2_CONFLICTING_CHANNEL(STRIP_DUPLICATE_CHANNELS, FailureMode.DUPLICATE_CHANNEL, false,
            "a later <|channel|> names a different channel; which one the model meant is a guess"),
    L3_RECIPIENT_SPECIAL_TOKEN_TAIL(SANITIZE_RECIPIENT, FailureMode.TOOL_NAME_LEAK, true,
            "the tool name is kept; the cut tail is special-token text, which no name contains"),
    L3_CONSTRAIN_AS_RECIPIENT(SANITIZE_RECIPIENT, FailureMode.CONSTRAIN_AS_RECIPIENT, true,
            "<|constrain|>X is a content type written where harmony looks for the recipient; it is moved, not dropped"),
    L3_RECIPIENT_AFTER_CONSTRAIN(SANITIZE_RECIPIENT, FailureMode.RECIPIENT_AFTER_CONSTRAIN, true,
            "to=<|constrain|>functions.x names the tool in full; only the marker between was misplaced"),
    L3_ASSISTANT_RECIPIENT_DROPPED(SANITIZE_RECIPIENT, FailureMode.ASSISTANT_RECIPIENT, true,
            "an assistant message to=assistant names no tool and no other reader, so it means the same without it"),
    L3_INVALID_RECIPIENT_DROPPED(SANITIZE_RECIPIENT, FailureMode.LEFTOVER_HEADER_TOKENS, false,
            "a recipient that is no name (or an empty to=) is dropped; a call it may have meant is lost"),
    L3_CONSTRAIN_FUNCTION_AS_RECIPIENT(CONSTRAIN_FUNCTION_AS_RECIPIENT, FailureMode.RECIPIENT_AFTER_CONSTRAIN, false,
            "reading <|constrain|>functions.x as a call is a guess (an optional rule for that reason)"),
    L4_MISSING_MESSAGE(RECOVER_MISSING_MESSAGE, FailureMode.MISSING_MESSAGE, false,
            "without <|message|> the boundary between header words and body is guessed"),
    L5_RECIPIENT_REPEATED(DROP_LEFTOVER_HEADER_WORDS, FailureMode.RECIPIENT_REPEATED, true,
            "the same to= word again; a different one is reported as L5_LEFTOVER_WORDS_DROPPED"),
    L5_CONSTRAIN_JOINED(DROP_LEFTOVER_HEADER_WORDS, FailureMode.CONSTRAIN_AS_RECIPIENT, true,
            "'<|constrain|> json' is joined to '<|constrain|>json'; only a space is removed"),
    L5_CONSTRAIN_CHANNEL_DROPPED(DROP_LEFTOVER_HEADER_WORDS, FailureMode.LEFTOVER_HEADER_TOKENS, false,
            "a channel name after <|constrain|> is dropped; the content type the model meant is unknown"),
    L5_REASONING_AFTER_CONSTRAIN(DROP_LEFTOVER_HEADER_WORDS, FailureMode.REASONING_AFTER_CONSTRAIN, false,
            "free text after <|constrain|> is dropped, and with it the content type"),
    L5_LEFTOVER_WORDS_DROPPED(DROP_LEFTOVER_HEADER_WORDS, FailureMode.LEFTOVER_HEADER_TOKENS, false,
            "header words that fit no field are dropped"),
    /** Every header word was used, but not where STRICT expects it (e.g. {@code <|constrain|>json to=functions.x}). */
    L5_WORDS_REORDERED(DROP_LEFTOVER_HEADER_WORDS, FailureMode.LEFTOVER_HEADER_TOKENS, true,
            "every header word is used, only in another order than harmony expects"),
    L6_CHANNEL_AS_ROLE(NORMALISE_ROLE, FailureMode.UNKNOWN_ROLE, true,
            "a channel name where the role goes: only the assistant writes on channels"),
    L6_ROLE_WITH_NAME(NORMALISE_ROLE, FailureMode.UNKNOWN_ROLE, true,
            "role:name is split into the role and the author name the model wrote"),
    L6_RECIPIENT_WITHOUT_ROLE(NORMALISE_ROLE, FailureMode.UNKNOWN_ROLE, false,
            "a header starting with to= has no author; assistant is assumed"),
    L6_ROLE_NORMALISED(NORMALISE_ROLE, FailureMode.UNKNOWN_ROLE, true,
            "a role glued to special-token text or repeated (assistantassistant) is that role"),
    L6_TOOL_AUTHOR(NORMALISE_ROLE, FailureMode.UNKNOWN_ROLE, false,
            "a single unknown word is taken for a tool author's name; it may be a misspelt role"),
    L6_MISSING_ROLE(NORMALISE_ROLE, FailureMode.MISSING_ROLE, false,
            "no role at all; assistant is assumed"),
    L7_REPEATED_START(REPAIR_STREAM_STRUCTURE, FailureMode.STRAY_START, true,
            "a repeated <|start|> (with its role word) adds nothing"),
    L7_MISSING_START(REPAIR_STREAM_STRUCTURE, FailureMode.MISSING_START, true,
            "<|channel|> where <|start|> was expected: only the assistant writes channels, so <|start|>assistant is implied"),
    L7_START_IN_CONTENT(REPAIR_STREAM_STRUCTURE, FailureMode.MISSING_STOP, true,
            "a <|start|> inside a body ends the message there; the body is kept whole"),
    L7_TEXT_BEFORE_START(REPAIR_STREAM_STRUCTURE, FailureMode.MISSING_START, false,
            "text before the first <|start|> is discarded"),
    L7_TEXT_AFTER_STOP(REPAIR_STREAM_STRUCTURE, FailureMode.TEXT_AFTER_STOP, false,
            "text after a stop token (up to the next <|start|>) is discarded"),
    L7_STRAY_STOP_TOKENS(REPAIR_STREAM_STRUCTURE, FailureMode.TEXT_AFTER_STOP, true,
            "only stop tokens and whitespace after a stop token are discarded"),
    L7_TRUNCATED_HEADER(REPAIR_STREAM_STRUCTURE, FailureMode.TRUNCATED_HEADER, false,
            "a header cut off by the end of output is dropped, and with it the message it began"),
    L8_EMPTY_CHANNEL(NORMALISE_CHANNEL, FailureMode.EMPTY_CHANNEL, true,
            "<|channel|> with no value means no channel; no value is lost"),
    L8_CHANNEL_NORMALISED(NORMALISE_CHANNEL, FailureMode.UNKNOWN_CHANNEL, true,
            "a channel name with trailing punctuation (commentary?) is that channel"),
    L8_COMMENT_AS_COMMENTARY(COMMENT_CHANNEL_AS_COMMENTARY, FailureMode.UNKNOWN_CHANNEL, false,
            "the made-up channel 'comment' is taken for commentary: a guess (an optional rule)"),
    L8_CHANNEL_WITHOUT_MARKER(NORMALISE_CHANNEL, FailureMode.CHANNEL_WITHOUT_MARKER, true,
            "a lone channel word without <|channel|> is that channel; it is moved, not dropped"),
    L10_LOSSY_HEADER(KEEP_MESSAGES_BEFORE_ERROR, FailureMode.UNDECODABLE_HEADER, false,
            "header bytes that are not UTF-8 are replaced by U+FFFD"),
    /**
     * The bounded repair list was full; {@code after} holds how many repairs were not recorded. The entry itself
     * changes nothing; its {@link dev.harmonica.harmony.Repair#lossy()} is true when one of the repairs it stands for
     * was lossy.
     */
    REPAIR_LIST_TRUNCATED(null, null, true, "bookkeeping: carries the lossiness of the repairs it stands for");

    private final LenientFeature feature;
    private final FailureMode failureMode;
    private final boolean lossless;
    private final String why;

    RepairCode(LenientFeature feature, FailureMode failureMode, boolean lossless, String why) {
        this.feature = feature;
        this.failureMode = failureMode;
        this.lossless = lossless;
        this.why = why;
    }

    /** The switch that enables this repair (null for bookkeeping entries). */
    public LenientFeature feature() {
        return feature;
    }

    /** The failure mode this repair is evidence of (null for bookkeeping entries). */
    public FailureMode failureMode() {
        return failureMode;
    }

    /** Whether the repaired message keeps the full meaning the model wrote (docs/repairs.md). */
    public boolean lossless() {
        return lossless;
    }

    /** One line: why this repair is lossless or lossy. */
    public String why() {
        return why;
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
