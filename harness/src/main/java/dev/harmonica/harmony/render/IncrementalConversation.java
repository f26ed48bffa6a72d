package dev.harmonica.harmony.render;

import dev.harmonica.harmony.Content;
import dev.harmonica.harmony.Message;
import dev.harmonica.harmony.Rendering;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A growing conversation whose completion prompt is exactly {@code render_conversation_for_completion} of all
 * messages so far, at a cost proportional to what was appended.
 *
 * <p>How: every message is rendered once, when appended, and its tokens and text are kept. Two running
 * concatenations are maintained: all messages, and all messages minus the analysis messages that harmony's
 * auto-drop rule can remove (those before the first {@code final} message; that set never changes once the first
 * final exists). {@link #promptFor} picks one of them depending on whether the last assistant message is final,
 * and adds {@code <|start|>role}. Two events invalidate cached renderings, each at most once per conversation:
 * the first message with function tools (system messages gain the "Calls to these tools must go to the
 * commentary channel" line, so they are re-rendered and the concatenations rebuilt) and the first {@code final}
 * message (the drop-free concatenation is built). Not thread-safe.
 */
public final class IncrementalConversation implements IncrementalRenderer {
    private final ConversationRenderer renderer;
    private final boolean autoDropAnalysis;

    private final List<Message> messages = new ArrayList<>();
    private final List<int[]> tokens = new ArrayList<>();
    private final List<String> texts = new ArrayList<>();

    private boolean hasFunctionTools;
    private int firstFinal = -1;
    private boolean lastAssistantIsFinal;

    /** All messages. */
    private final RenderBuffer all = new RenderBuffer(4096);
    /** All messages minus the droppable analysis messages; only maintained once {@link #firstFinal} is known. */
    private RenderBuffer kept;

    public IncrementalConversation(ConversationRenderer renderer, boolean autoDropAnalysis) {
        this.renderer = Objects.requireNonNull(renderer, "renderer");
        this.autoDropAnalysis = autoDropAnalysis;
    }

    /**
     * Renders and appends one message.
     *
     * @throws RenderException (harmony's exact message) when the message cannot be rendered; the conversation is
     *                         then left unchanged
     */
    @Override
    public void append(Message message) {
        Objects.requireNonNull(message, "message");
        int index = messages.size();
        boolean addsFunctionTools = !hasFunctionTools && ConversationRenderer.hasFunctionTools(message);
        boolean functions = hasFunctionTools || addsFunctionTools;
        RenderBuffer one = new RenderBuffer(64);
        try {
            renderer.renderMessage(message, functions, one);
        } catch (RenderException e) {
            throw e.at(index);
        }
        if (addsFunctionTools) {
            // earlier system messages now render with the functions line: re-render them (validated already)
            for (int i = 0; i < index; i++) {
                if (hasSystemContent(messages.get(i))) {
                    RenderBuffer again = new RenderBuffer(64);
                    renderer.renderMessage(messages.get(i), true, again);
                    tokens.set(i, again.tokensCopy());
                    texts.set(i, again.textString());
                }
            }
            hasFunctionTools = true;
        }
        messages.add(message);
        tokens.add(one.tokensCopy());
        texts.add(one.textString());
        if ("assistant".equals(message.role())) lastAssistantIsFinal = "final".equals(message.channel());
        boolean firstFinalNow = firstFinal < 0 && "final".equals(message.channel());
        if (firstFinalNow) firstFinal = index;

        if (addsFunctionTools || (firstFinalNow && autoDropAnalysis)) {
            rebuild();
        } else {
            all.append(tokens.get(index), texts.get(index));
            if (kept != null) kept.append(tokens.get(index), texts.get(index));
        }
    }

    private void rebuild() {
        all.clear();
        for (int i = 0; i < messages.size(); i++) all.append(tokens.get(i), texts.get(i));
        if (autoDropAnalysis && firstFinal >= 0) {
            if (kept == null) kept = new RenderBuffer(all.tokenCount() + 4096);
            kept.clear();
            for (int i = 0; i < messages.size(); i++) {
                if (i < firstFinal && "analysis".equals(messages.get(i).channel())) continue;
                kept.append(tokens.get(i), texts.get(i));
            }
        }
    }

    private static boolean hasSystemContent(Message m) {
        for (Content c : m.content()) if (c instanceof Content.SystemContent) return true;
        return false;
    }

    @Override
    public Rendering promptFor(String nextRole) {
        RenderBuffer source = autoDropAnalysis && lastAssistantIsFinal && kept != null ? kept : all;
        int tokenMark = source.tokenCount(), textMark = source.textLength();
        renderer.renderNextTurn(nextRole, source);
        Rendering r = source.toRendering();
        source.truncate(tokenMark, textMark);
        return r;
    }

    /** The conversation so far, with analysis dropping, without a next-turn header. */
    public Rendering conversation() {
        RenderBuffer source = autoDropAnalysis && lastAssistantIsFinal && kept != null ? kept : all;
        return source.toRendering();
    }

    @Override
    public int messageCount() {
        return messages.size();
    }

    /** The messages appended so far (unmodifiable). */
    public List<Message> messages() {
        return List.copyOf(messages);
    }
}
