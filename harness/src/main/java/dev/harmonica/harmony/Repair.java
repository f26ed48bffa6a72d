package dev.harmonica.harmony;

/**
 * One recovery the lenient parser made.
 *
 * @param code   stable code of the rule (e.g. {@code L2_DUPLICATE_CHANNEL}); reports count by it
 * @param offset character offset in the decoded input where the repaired span starts
 * @param before the text as the model wrote it
 * @param after  the text as the parser took it
 */
public record Repair(String code, int offset, String before, String after) {
    /**
     * Whether this repair dropped or guessed part of the meaning (role, channel, recipient, content type or body), so
     * a turn rescued by it is "rescued with loss". Declared per repair code by the parser.
     */
    public boolean lossy() {
        return false; // placeholder until the parser declares it per code
    }
}
