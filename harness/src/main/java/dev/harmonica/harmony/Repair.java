package dev.harmonica.harmony;

/**
 * One recovery the lenient parser made.
 *
 * @param code   stable code of the rule (e.g. {@code L2_DUPLICATE_CHANNEL}); reports count by it
 * @param offset character offset in the decoded input where the repaired span starts
 * @param before the text as the model wrote it
 * @param after  the text as the parser took it
 * @param lossy  true when the repair dropped or guessed part of the message's meaning (role, channel, recipient,
 *               content type or body), e.g. a recipient dropped so a call's action is lost; false when the repaired
 *               message means what the model evidently wrote (e.g. a repeated {@code <|channel|>} marker removed).
 *               Each code's value and reason: {@code docs/repairs.md}
 */
public record Repair(String code, int offset, String before, String after, boolean lossy) {
    /**
     * A repair whose lossiness the caller does not know: counted as lossy, so that a rescue is never reported
     * lossless without evidence.
     */
    public Repair(String code, int offset, String before, String after) {
        this(code, offset, before, after, true);
    }
}
