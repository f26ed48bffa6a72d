package dev.harmonica.harmony.render;

import dev.harmonica.harmony.RendererOptions.ContentTypeStyle;
import dev.harmonica.harmony.RendererOptions.RecipientPlacement;
import dev.harmonica.harmony.RendererOptions.ToolResultOrder;
import dev.harmonica.harmony.RendererOptions;
import dev.harmonica.harmony.RendererPresets;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Presets and the custom {@code key=value} syntax. */
class RendererOptionsTest {
    @Test
    void presets() {
        assertThat(RendererOptions.parse("harmony-v0.0.8")).isEqualTo(RendererOptions.HARMONY_V0_0_8);
        assertThat(RendererOptions.parse("pr114")).isEqualTo(new RendererOptions(RecipientPlacement.CHANNEL_SECTION_IF_COMMENTARY,
                ContentTypeStyle.ALWAYS_CONSTRAIN, ToolResultOrder.NAME_CHANNEL_RECIPIENT));
        assertThat(RendererPresets.names()).containsExactly("harmony-v0.0.8", "pr114");
    }

    @Test
    void customCombinationWithDefaultsFromV008() {
        assertThat(RendererOptions.parse("recipient=channel,content-type=always-constrain,tool-result=name-channel-recipient"))
                .isEqualTo(new RendererOptions(RecipientPlacement.CHANNEL_SECTION, ContentTypeStyle.ALWAYS_CONSTRAIN,
                        ToolResultOrder.NAME_CHANNEL_RECIPIENT));
        assertThat(RendererOptions.parse(" content-type = never-constrain "))
                .isEqualTo(new RendererOptions(RecipientPlacement.ROLE_SECTION, ContentTypeStyle.NEVER_CONSTRAIN,
                        ToolResultOrder.NAME_RECIPIENT_CHANNEL));
        assertThat(RendererOptions.parse("pr114,content-type=as-given"))
                .isEqualTo(new RendererOptions(RecipientPlacement.CHANNEL_SECTION_IF_COMMENTARY, ContentTypeStyle.AS_GIVEN,
                        ToolResultOrder.NAME_CHANNEL_RECIPIENT));
        assertThat(RendererOptions.parse("recipient=CHANNEL_SECTION_IF_COMMENTARY").recipient())
                .isEqualTo(RecipientPlacement.CHANNEL_SECTION_IF_COMMENTARY);
    }

    @Test
    void idsRoundTrip() {
        assertThat(RendererPresets.id(RendererOptions.HARMONY_V0_0_8)).isEqualTo("harmony-v0.0.8");
        assertThat(RendererPresets.id(RendererPresets.PR114)).isEqualTo("pr114");
        assertThat(RendererPresets.id(RendererOptions.parse("recipient=channel,content-type=as-given,tool-result=name-recipient-channel")))
                .isEqualTo("recipient=channel,content-type=as-given,tool-result=name-recipient-channel");
        assertThat(RendererPresets.id(RendererOptions.parse("recipient=channel-if-commentary,content-type=always-constrain,"
                + "tool-result=name-channel-recipient"))).isEqualTo("pr114");
        for (RecipientPlacement r : RecipientPlacement.values()) {
            for (ContentTypeStyle c : ContentTypeStyle.values()) {
                for (ToolResultOrder t : ToolResultOrder.values()) {
                    RendererOptions o = new RendererOptions(r, c, t);
                    assertThat(RendererOptions.parse(RendererPresets.id(o))).isEqualTo(o);
                }
            }
        }
    }

    @Test
    void errorsNameTheBadKeyOrValueAndTheAllowedOnes() {
        assertThatThrownBy(() -> RendererOptions.parse("recipient=sideways"))
                .hasMessage("renderer spec 'recipient=sideways': bad value 'sideways' for key 'recipient'"
                        + " (allowed values: role, channel-if-commentary, channel)");
        assertThatThrownBy(() -> RendererOptions.parse("content-type=json"))
                .hasMessageContaining("bad value 'json' for key 'content-type' (allowed values: as-given, always-constrain, never-constrain)");
        assertThatThrownBy(() -> RendererOptions.parse("tool-result=x"))
                .hasMessageContaining("(allowed values: name-recipient-channel, name-channel-recipient)");
        assertThatThrownBy(() -> RendererOptions.parse("recipent=role"))
                .hasMessage("renderer spec 'recipent=role': unknown key 'recipent' (allowed keys: recipient, content-type, tool-result)");
        assertThatThrownBy(() -> RendererOptions.parse("pr115"))
                .hasMessageContaining("'pr115' is neither a preset (harmony-v0.0.8, pr114) nor a key=value pair");
        assertThatThrownBy(() -> RendererOptions.parse("recipient=role,recipient=channel"))
                .hasMessageContaining("key 'recipient' is given twice");
        assertThatThrownBy(() -> RendererOptions.parse("recipient=role,pr114")).hasMessageContaining("must come first");
        assertThatThrownBy(() -> RendererOptions.parse(" ")).hasMessageContaining("empty renderer spec");
        assertThatThrownBy(() -> RendererOptions.parse("recipient=role,")).hasMessageContaining("'' is neither a preset");
    }
}
