package dev.harmonica.harmony;

import java.util.List;

/**
 * The result of one parser on one model turn.
 *
 * @param messages the messages parsed (for a failed strict parse: none; harmony returns an error only)
 * @param error    null when the parse succeeded; otherwise the exact error text (strict/non-strict: openai/harmony's
 *                 message byte for byte; lenient: why it gave up, with the messages before that point kept)
 * @param repairs  the repairs the lenient parser made (empty for the others)
 */
public record ParseOutcome(List<Message> messages, String error, List<Repair> repairs) {
    public ParseOutcome {
        messages = List.copyOf(messages);
        repairs = List.copyOf(repairs);
    }

    public static ParseOutcome ok(List<Message> messages) {
        return new ParseOutcome(messages, null, List.of());
    }

    public static ParseOutcome failed(String error) {
        return new ParseOutcome(List.of(), error, List.of());
    }

    public boolean isOk() {
        return error == null;
    }

    public boolean isRepaired() {
        return error == null && !repairs.isEmpty();
    }
}
