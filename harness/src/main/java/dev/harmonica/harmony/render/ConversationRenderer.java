package dev.harmonica.harmony.render;

import dev.harmonica.harmony.Content;
import dev.harmonica.harmony.HarmonyEncoding;
import dev.harmonica.harmony.Message;
import dev.harmonica.harmony.RendererOptions.ContentTypeStyle;
import dev.harmonica.harmony.RendererOptions.RecipientPlacement;
import dev.harmonica.harmony.RendererOptions.ToolResultOrder;
import dev.harmonica.harmony.RendererOptions;

import java.util.List;
import java.util.Objects;

/**
 * The rendering engine behind {@link dev.harmonica.harmony.render.HarmonyRenderer}: openai/harmony v0.0.8's
 * {@code render} / {@code render_conversation*} (openai/harmony v0.0.8 src/encoding.rs (rendering)) with the header orderings of
 * {@link RendererOptions}. Output is typed segments: the renderer's own special tokens, and ordinary BPE for every
 * text piece (header pieces and content are encoded separately, exactly as harmony does, so a {@code <|end|>}
 * inside user text stays text). Immutable apart from its bounded encoding caches; thread-safe.
 */
public final class ConversationRenderer {
    static final String START = "<|start|>";
    static final String CHANNEL = "<|channel|>";
    static final String MESSAGE = "<|message|>";
    static final String CONSTRAIN = "<|constrain|>";
    static final String END = "<|end|>";
    static final String CALL = "<|call|>";
    static final String RETURN = "<|return|>";
    private static final int[] SPACE = {220};

    private final RendererOptions options;
    private final BpeCache cache;

    public ConversationRenderer(HarmonyEncoding encoding, RendererOptions options) {
        this.options = Objects.requireNonNull(options, "options");
        this.cache = new BpeCache(Objects.requireNonNull(encoding, "encoding"));
    }

    public RendererOptions options() {
        return options;
    }

    public HarmonyEncoding encoding() {
        return cache.encoding();
    }

    /** Whether some message holds developer content with a non-empty {@code functions} namespace. */
    public static boolean hasFunctionTools(List<Message> messages) {
        for (Message m : messages) if (hasFunctionTools(m)) return true;
        return false;
    }

    public static boolean hasFunctionTools(Message m) {
        for (Content c : m.content()) if (ContentTemplates.hasFunctionTools(c)) return true;
        return false;
    }

    /**
     * harmony's analysis dropping: when {@code autoDropAnalysis} and the last assistant message is on channel
     * {@code final}, every {@code analysis} message before the first {@code final} message (of any role) is skipped.
     *
     * @return which message indexes are skipped, or null when nothing is
     */
    public static boolean[] droppedMessages(List<Message> messages, boolean autoDropAnalysis) {
        if (!autoDropAnalysis) return null;
        boolean lastAssistantIsFinal = false;
        for (int i = messages.size() - 1; i >= 0; i--) {
            Message m = messages.get(i);
            if ("assistant".equals(m.role())) {
                lastAssistantIsFinal = "final".equals(m.channel());
                break;
            }
        }
        if (!lastAssistantIsFinal) return null;
        int firstFinal = -1;
        for (int i = 0; i < messages.size(); i++) {
            if ("final".equals(messages.get(i).channel())) {
                firstFinal = i;
                break;
            }
        }
        boolean[] dropped = null;
        for (int i = 0; i < firstFinal; i++) {
            if ("analysis".equals(messages.get(i).channel())) {
                if (dropped == null) dropped = new boolean[messages.size()];
                dropped[i] = true;
            }
        }
        return dropped;
    }

    /** {@code render_conversation_into}. Errors carry the index of the offending message. */
    public void renderConversation(List<Message> messages, boolean autoDropAnalysis, RenderBuffer out) {
        boolean functions = hasFunctionTools(messages);
        boolean[] dropped = droppedMessages(messages, autoDropAnalysis);
        for (int i = 0, n = messages.size(); i < n; i++) {
            if (dropped != null && dropped[i]) continue;
            try {
                renderMessage(messages.get(i), functions, out);
            } catch (RenderException e) {
                throw e.at(i);
            }
        }
    }

    /** {@code <|start|>} and the next role, e.g. {@code assistant}. */
    public void renderNextTurn(String nextRole, RenderBuffer out) {
        out.special(HarmonyEncoding.START, START);
        out.text(nextRole, cache.header(nextRole));
    }

    /** {@code render_conversation_for_training}: a last assistant {@code final} message ends in {@code <|return|>}. */
    public void renderForTraining(List<Message> messages, boolean autoDropAnalysis, RenderBuffer out) {
        int mark = out.tokenCount();
        renderConversation(messages, autoDropAnalysis, out);
        if (messages.isEmpty() || out.tokenCount() == mark) return;
        Message last = messages.get(messages.size() - 1);
        if ("assistant".equals(last.role()) && "final".equals(last.channel())) {
            int lastToken = out.lastToken();
            String name = lastToken == HarmonyEncoding.CALL ? CALL : END;
            out.replaceLastSpecial(name, HarmonyEncoding.RETURN, RETURN);
        }
    }

    /**
     * {@code render(message)} with {@code conversation_has_function_tools} given by the caller.
     *
     * @throws RenderException with harmony's exact message for a nameless tool author or misplaced
     *                         system/developer content
     */
    public void renderMessage(Message m, boolean conversationHasFunctionTools, RenderBuffer out) {
        out.special(HarmonyEncoding.START, START);
        String role = m.role();
        boolean isTool = "tool".equals(role);
        if (isTool) {
            if (m.name() == null) throw new RenderException("Tools should have a name!", -1);
            out.text(m.name(), cache.header(m.name()));
        } else {
            out.text(role, cache.header(role));
            if (m.name() != null) {
                String n = ":" + m.name();
                out.text(n, cache.header(n));
            }
        }
        String recipient = m.recipient() != null && !"all".equals(m.recipient()) ? " to=" + m.recipient() : null;
        String channel = m.channel();
        if (channel != null && recipient != null && channelBeforeRecipient(isTool, channel)) {
            channel(channel, out);
            out.text(recipient, cache.header(recipient));
        } else {
            if (recipient != null) out.text(recipient, cache.header(recipient));
            if (channel != null) channel(channel, out);
        }
        if (m.contentType() != null) contentType(m.contentType(), out);
        out.special(HarmonyEncoding.MESSAGE, MESSAGE);
        for (Content c : m.content()) {
            if (c instanceof Content.Text t) {
                out.text(t.text(), cache.content(t.text()));
            } else if (c instanceof Content.SystemContent s) {
                if (!"system".equals(role)) {
                    throw new RenderException("SystemContent may only appear in system messages, found in " + debugRole(role), -1);
                }
                String text = ContentTemplates.system(s, conversationHasFunctionTools);
                out.text(text, cache.section(text));
            } else if (c instanceof Content.DeveloperContent d) {
                if (!"developer".equals(role)) {
                    throw new RenderException("DeveloperContent may only appear in developer messages, found in " + debugRole(role), -1);
                }
                String text = ContentTemplates.developer(d);
                out.text(text, cache.section(text));
            }
        }
        if ("assistant".equals(role) && m.recipient() != null) {
            out.special(HarmonyEncoding.CALL, CALL);
        } else {
            out.special(HarmonyEncoding.END, END);
        }
    }

    private boolean channelBeforeRecipient(boolean isTool, String channel) {
        if (isTool) {
            // tool results: PR #114 swaps them only on the commentary channel, where tool results live
            return options.toolResultOrder() == ToolResultOrder.NAME_CHANNEL_RECIPIENT && "commentary".equals(channel);
        }
        RecipientPlacement p = options.recipient();
        return p == RecipientPlacement.CHANNEL_SECTION
                || (p == RecipientPlacement.CHANNEL_SECTION_IF_COMMENTARY && "commentary".equals(channel));
    }

    private void channel(String channel, RenderBuffer out) {
        out.special(HarmonyEncoding.CHANNEL, CHANNEL);
        out.text(channel, cache.header(channel));
    }

    private void contentType(String ct, RenderBuffer out) {
        boolean marked = ct.startsWith(CONSTRAIN);
        ContentTypeStyle style = options.contentType();
        if (marked && style != ContentTypeStyle.NEVER_CONSTRAIN) {
            // v0.0.8 (PR #47): a leading <|constrain|> is the special token, preceded by a space text piece
            constrained(ct.substring(CONSTRAIN.length()), out);
        } else if (!marked && style == ContentTypeStyle.ALWAYS_CONSTRAIN) {
            constrained(ct, out); // PR #114: " <|constrain|>" + the whole content type
        } else if (marked) {
            // NEVER_CONSTRAIN: drop the marker, keep a bare content type (" json"); nothing if only the marker
            String rest = ct.substring(CONSTRAIN.length()).stripLeading();
            if (!rest.isEmpty()) {
                String piece = " " + rest;
                out.text(piece, cache.header(piece));
            }
        } else {
            String piece = " " + ct;
            out.text(piece, cache.header(piece));
        }
    }

    private void constrained(String rest, RenderBuffer out) {
        out.text(" ", SPACE);
        out.special(HarmonyEncoding.CONSTRAIN, CONSTRAIN);
        if (!rest.isEmpty()) out.text(rest, cache.header(rest));
    }

    /** Rust {@code Debug} of harmony's Role enum, as printed in render errors: {@code User}, {@code Tool}, ... */
    static String debugRole(String role) {
        if (role.isEmpty()) return role;
        return Character.toUpperCase(role.charAt(0)) + role.substring(1);
    }
}
