package dev.harmonica.harmony.render;

import dev.harmonica.harmony.HarmonyEncoding;
import dev.harmonica.harmony.Message;
import dev.harmonica.harmony.RendererOptions;
import dev.harmonica.harmony.RendererPresets;
import dev.harmonica.harmony.Rendering;

import java.util.Arrays;
import java.util.List;

/**
 * Renders conversations to tokens exactly as openai/harmony v0.0.8 does, with switchable orderings
 * ({@link RendererOptions}). Immutable and thread-safe (it memoises the BPE of repeated header strings and of
 * system/developer content internally). Owned by the renderer work.
 *
 * <p>Errors are {@link RenderException}s carrying harmony's exact message (openai/harmony v0.0.8 src/encoding.rs (rendering)).
 * {@code autoDropAnalysis} is always explicit: openai/harmony's Python binding defaults it to true, Rust to false.
 */
public final class HarmonyRenderer {
    private final HarmonyEncoding encoding;
    private final RendererOptions options;
    private final ConversationRenderer engine;

    public HarmonyRenderer(HarmonyEncoding encoding, RendererOptions options) {
        this.encoding = encoding;
        this.options = options;
        this.engine = new ConversationRenderer(encoding, options);
    }

    /** A renderer for a preset name or custom spec ({@link RendererPresets#parse}) on the shared encoding. */
    public static HarmonyRenderer of(String spec) {
        return new HarmonyRenderer(HarmonyEncoding.get(), RendererPresets.parse(spec));
    }

    public RendererOptions options() {
        return options;
    }

    public HarmonyEncoding encoding() {
        return encoding;
    }

    /** {@code render_conversation}: every message, with analysis dropping per {@code autoDropAnalysis}. */
    public Rendering renderConversation(List<Message> messages, boolean autoDropAnalysis) {
        RenderBuffer out = new RenderBuffer(estimate(messages));
        engine.renderConversation(messages, autoDropAnalysis, out);
        return out.toRendering();
    }

    /** {@code render_conversation_for_completion}: the conversation followed by {@code <|start|>nextRole}. */
    public Rendering renderForCompletion(List<Message> messages, String nextRole, boolean autoDropAnalysis) {
        RenderBuffer out = new RenderBuffer(estimate(messages));
        engine.renderConversation(messages, autoDropAnalysis, out);
        engine.renderNextTurn(nextRole, out);
        return out.toRendering();
    }

    /** {@code render_conversation_for_training}: a final assistant message ends with {@code <|return|>}. */
    public Rendering renderForTraining(List<Message> messages, boolean autoDropAnalysis) {
        RenderBuffer out = new RenderBuffer(estimate(messages));
        engine.renderForTraining(messages, autoDropAnalysis, out);
        return out.toRendering();
    }

    /**
     * {@code render(message)}: one message, with harmony's {@code conversation_has_function_tools} render option
     * (it only affects system content).
     */
    public Rendering renderMessage(Message message, boolean conversationHasFunctionTools) {
        RenderBuffer out = new RenderBuffer(64);
        engine.renderMessage(message, conversationHasFunctionTools, out);
        return out.toRendering();
    }

    /**
     * The typed segments of {@link #renderForCompletion} (or of {@link #renderConversation} when
     * {@code nextRole} is null): which pieces are the renderer's special tokens and which are ordinary text.
     */
    public List<RenderSegment> segments(List<Message> messages, String nextRole, boolean autoDropAnalysis) {
        RenderBuffer out = new RenderBuffer(estimate(messages)).recordSegments();
        engine.renderConversation(messages, autoDropAnalysis, out);
        if (nextRole != null) engine.renderNextTurn(nextRole, out);
        return out.segments();
    }

    /**
     * Whether sending {@code r.text()} to a server that tokenises text with special tokens allowed gives exactly
     * {@code r.tokenIds()}. False when message text contains special-token literals such as {@code <|end|>}
     * (they would become real special tokens) or when a BPE merge crosses a piece boundary; send token ids then.
     */
    public boolean textRoundTrips(Rendering r) {
        return Arrays.equals(encoding.encodeWithSpecials(r.text()), r.tokenIds());
    }

    /** A growing conversation whose next-turn prompt costs only what was appended since the last call. */
    public IncrementalRenderer incremental(boolean autoDropAnalysis) {
        return new IncrementalConversation(engine, autoDropAnalysis);
    }

    private static int estimate(List<Message> messages) {
        return Math.max(256, messages.size() * 128);
    }
}
