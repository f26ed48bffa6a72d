package dev.harmonica.harmony;

/**
 * How history is rendered: the switches users A/B test (openai/harmony v0.0.8 src/encoding.rs (rendering); openai/harmony PR #114).
 *
 * @param recipient        where an assistant message's recipient goes
 * @param contentType      how the content type is written
 * @param toolResultOrder  header order of tool-result messages
 */
public record RendererOptions(RecipientPlacement recipient, ContentTypeStyle contentType, ToolResultOrder toolResultOrder) {

    /** Recipient placement. */
    public enum RecipientPlacement {
        /** {@code <|start|>assistant to=functions.x<|channel|>commentary} (openai/harmony v0.0.8). */
        ROLE_SECTION,
        /** In the channel section when the channel is commentary, else the role section (harmony PR #114). */
        CHANNEL_SECTION_IF_COMMENTARY,
        /** Always in the channel section: {@code <|channel|>analysis to=browser.search}. */
        CHANNEL_SECTION
    }

    /** Content-type style. */
    public enum ContentTypeStyle {
        /** Write the content type exactly as the message has it (v0.0.8). */
        AS_GIVEN,
        /** Always {@code <|constrain|>X} for tool calls with a content type (PR #114). */
        ALWAYS_CONSTRAIN,
        /** Never {@code <|constrain|>}: a bare {@code json}. */
        NEVER_CONSTRAIN
    }

    /** Header order of tool-result messages. */
    public enum ToolResultOrder {
        /** {@code <|start|>functions.x to=assistant<|channel|>commentary} (v0.0.8 role section). */
        NAME_RECIPIENT_CHANNEL,
        /** {@code <|start|>functions.x<|channel|>commentary to=assistant}. */
        NAME_CHANNEL_RECIPIENT
    }

    public static final RendererOptions HARMONY_V0_0_8 = new RendererOptions(
            RecipientPlacement.ROLE_SECTION, ContentTypeStyle.AS_GIVEN, ToolResultOrder.NAME_RECIPIENT_CHANNEL);

    /**
     * Preset by name ({@code harmony-v0.0.8}, {@code pr114}) or a custom combination
     * {@code recipient=...,content-type=...,tool-result=...}; see {@link RendererPresets}.
     */
    public static RendererOptions parse(String spec) {
        return RendererPresets.parse(spec);
    }
}
