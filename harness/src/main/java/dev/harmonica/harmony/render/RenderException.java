package dev.harmonica.harmony.render;

/**
 * A conversation that harmony refuses to render. The message is openai/harmony v0.0.8's exact error text
 * (openai/harmony v0.0.8 src/encoding.rs (rendering)), e.g. {@code Tools should have a name!} or
 * {@code SystemContent may only appear in system messages, found in User}.
 */
public final class RenderException extends IllegalArgumentException {
    private final int messageIndex;

    public RenderException(String message, int messageIndex) {
        super(message);
        this.messageIndex = messageIndex;
    }

    /** Index of the offending message in the conversation, or -1 when unknown (single-message render). */
    public int messageIndex() {
        return messageIndex;
    }

    RenderException at(int index) {
        return new RenderException(getMessage(), index);
    }
}
