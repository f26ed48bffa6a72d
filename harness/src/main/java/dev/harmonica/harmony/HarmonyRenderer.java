package dev.harmonica.harmony;

import java.util.List;

/**
 * Renders conversations to tokens exactly as openai/harmony v0.0.8 does, with switchable orderings
 * ({@link RendererOptions}). Immutable and thread-safe. Owned by the renderer work.
 */
public final class HarmonyRenderer {
    private final HarmonyEncoding encoding;
    private final RendererOptions options;

    public HarmonyRenderer(HarmonyEncoding encoding, RendererOptions options) {
        this.encoding = encoding;
        this.options = options;
    }

    public RendererOptions options() {
        return options;
    }

    /** {@code render_conversation}: every message, with analysis dropping per {@code autoDropAnalysis}. */
    public Rendering renderConversation(List<Message> messages, boolean autoDropAnalysis) {
        throw new UnsupportedOperationException("renderer not implemented yet");
    }

    /** {@code render_conversation_for_completion}: the conversation followed by {@code <|start|>nextRole}. */
    public Rendering renderForCompletion(List<Message> messages, String nextRole, boolean autoDropAnalysis) {
        throw new UnsupportedOperationException("renderer not implemented yet");
    }

    /** {@code render_conversation_for_training}: a final assistant message ends with {@code <|return|>}. */
    public Rendering renderForTraining(List<Message> messages, boolean autoDropAnalysis) {
        throw new UnsupportedOperationException("renderer not implemented yet");
    }

    /** A growing conversation whose next-turn prompt costs only what was appended since the last call. */
    public IncrementalRenderer incremental(boolean autoDropAnalysis) {
        throw new UnsupportedOperationException("renderer not implemented yet");
    }
}
