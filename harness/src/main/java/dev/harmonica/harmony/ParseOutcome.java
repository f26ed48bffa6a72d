package dev.harmonica.harmony;

import java.util.List;

/**
 * The result of one parser on one model turn.
 *
 * @param messages  the messages parsed (for a failed strict parse: none; harmony returns an error only)
 * @param error     null when the parse succeeded; otherwise the exact error text (strict/non-strict: openai/harmony's
 *                  message byte for byte; lenient: why it gave up, with the messages before that point kept)
 * @param repairs   the repairs the lenient parser made (empty for the others)
 * @param errorKind what the error is (null exactly when {@code error} is null)
 */
public record ParseOutcome(List<Message> messages, String error, List<Repair> repairs, ParseErrorKind errorKind) {
    public ParseOutcome {
        messages = List.copyOf(messages);
        repairs = List.copyOf(repairs);
        if ((error == null) != (errorKind == null)) {
            throw new IllegalArgumentException("error and errorKind must both be set or both be null: " + errorKind);
        }
    }

    /** An outcome whose error text (if any) came from outside the process: its kind is {@link ParseErrorKind#EXTERNAL}. */
    public ParseOutcome(List<Message> messages, String error, List<Repair> repairs) {
        this(messages, error, repairs, error == null ? null : ParseErrorKind.EXTERNAL);
    }

    public static ParseOutcome ok(List<Message> messages) {
        return new ParseOutcome(messages, null, List.of(), null);
    }

    /** A failure with error text from outside the process (e.g. a server's body). */
    public static ParseOutcome failed(String error) {
        return failed(ParseErrorKind.EXTERNAL, error);
    }

    public static ParseOutcome failed(ParseErrorKind kind, String error) {
        return new ParseOutcome(List.of(), error, List.of(), kind);
    }

    public boolean isOk() {
        return error == null;
    }

    public boolean isRepaired() {
        return error == null && !repairs.isEmpty();
    }

    /** Whether some repair dropped or guessed part of a message's meaning ({@link Repair#lossy()}). */
    public boolean isLossy() {
        for (Repair r : repairs) if (r.lossy()) return true;
        return false;
    }
}
