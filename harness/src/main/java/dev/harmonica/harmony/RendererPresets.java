package dev.harmonica.harmony;

import dev.harmonica.harmony.RendererOptions.ContentTypeStyle;
import dev.harmonica.harmony.RendererOptions.RecipientPlacement;
import dev.harmonica.harmony.RendererOptions.ToolResultOrder;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Named renderer presets and the custom-combination syntax. Owned by the renderer work.
 *
 * <p>Syntax: a preset name, or comma-separated {@code key=value} pairs optionally preceded by a preset to start
 * from (default {@code harmony-v0.0.8}), e.g. {@code recipient=channel,content-type=always-constrain} or
 * {@code pr114,tool-result=name-recipient-channel}. See {@link #SYNTAX_HELP}.
 */
public final class RendererPresets {
    public static final String V0_0_8_NAME = "harmony-v0.0.8";
    public static final String PR114_NAME = "pr114";

    /**
     * harmony PR #114 / oss-harmony {@code 990b79a}: channel before recipient when the channel is
     * {@code commentary} (assistant calls and tool results alike), and {@code <|constrain|>} always emitted.
     */
    public static final RendererOptions PR114 = new RendererOptions(RecipientPlacement.CHANNEL_SECTION_IF_COMMENTARY,
            ContentTypeStyle.ALWAYS_CONSTRAIN, ToolResultOrder.NAME_CHANNEL_RECIPIENT);

    public static final String KEY_RECIPIENT = "recipient";
    public static final String KEY_CONTENT_TYPE = "content-type";
    public static final String KEY_TOOL_RESULT = "tool-result";

    private static final Map<String, RendererOptions> PRESETS = new LinkedHashMap<>();
    private static final Map<String, RecipientPlacement> RECIPIENT = new LinkedHashMap<>();
    private static final Map<String, ContentTypeStyle> CONTENT_TYPE = new LinkedHashMap<>();
    private static final Map<String, ToolResultOrder> TOOL_RESULT = new LinkedHashMap<>();

    static {
        PRESETS.put(V0_0_8_NAME, RendererOptions.HARMONY_V0_0_8);
        PRESETS.put(PR114_NAME, PR114);
        RECIPIENT.put("role", RecipientPlacement.ROLE_SECTION);
        RECIPIENT.put("channel-if-commentary", RecipientPlacement.CHANNEL_SECTION_IF_COMMENTARY);
        RECIPIENT.put("channel", RecipientPlacement.CHANNEL_SECTION);
        CONTENT_TYPE.put("as-given", ContentTypeStyle.AS_GIVEN);
        CONTENT_TYPE.put("always-constrain", ContentTypeStyle.ALWAYS_CONSTRAIN);
        CONTENT_TYPE.put("never-constrain", ContentTypeStyle.NEVER_CONSTRAIN);
        TOOL_RESULT.put("name-recipient-channel", ToolResultOrder.NAME_RECIPIENT_CHANNEL);
        TOOL_RESULT.put("name-channel-recipient", ToolResultOrder.NAME_CHANNEL_RECIPIENT);
    }

    /** For {@code --help} texts. */
    public static final String SYNTAX_HELP = """
            Renderer SPEC: a preset, or comma-separated key=value pairs, optionally after
            a preset to start from (keys not given keep the preset's values; the
            default preset is harmony-v0.0.8).
              harmony-v0.0.8  default; openai/harmony v0.0.8
              pr114           harmony PR #114 (oss-harmony 990b79a) = recipient=channel-if-
                              commentary,content-type=always-constrain,tool-result=name-
                              channel-recipient
              recipient=role                   <|start|>assistant to=X<|channel|>C (v0.0.8)
              recipient=channel-if-commentary  <|channel|>commentary to=X; other channels
                                               keep the role-section placement (PR #114)
              recipient=channel                always <|channel|>C to=X
              content-type=as-given            json stays json, <|constrain|>json stays
              content-type=always-constrain    json -> <|constrain|>json (PR #114)
              content-type=never-constrain     <|constrain|>json -> json
              tool-result=name-recipient-channel  <|start|>functions.x to=assistant
                                                  <|channel|>commentary (v0.0.8)
              tool-result=name-channel-recipient  <|start|>functions.x<|channel|>
                                                  commentary to=assistant (on the
                                                  commentary channel only, PR #114)
              e.g. --renderer recipient=channel,content-type=always-constrain
                   --renderer pr114,content-type=as-given""";


    private RendererPresets() {
    }

    /** The preset names, default first. */
    public static List<String> names() {
        return List.copyOf(PRESETS.keySet());
    }

    /**
     * Parses a preset name or a custom spec.
     *
     * @throws IllegalArgumentException naming the bad key or value and the allowed ones
     */
    public static RendererOptions parse(String spec) {
        if (spec == null || spec.isBlank()) {
            throw new IllegalArgumentException("empty renderer spec; use a preset (" + String.join(", ", PRESETS.keySet())
                    + ") or key=value pairs with keys " + KEY_RECIPIENT + ", " + KEY_CONTENT_TYPE + ", " + KEY_TOOL_RESULT);
        }
        String trimmed = spec.trim();
        RendererOptions preset = preset(trimmed);
        if (preset != null) return preset;
        String[] parts = trimmed.split(",", -1);
        RendererOptions base = RendererOptions.HARMONY_V0_0_8;
        RecipientPlacement recipient = null;
        ContentTypeStyle contentType = null;
        ToolResultOrder toolResult = null;
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i].trim();
            int eq = part.indexOf('=');
            if (eq < 0) {
                RendererOptions p = preset(part);
                if (p != null && i == 0) {
                    base = p;
                    continue;
                }
                if (p != null) {
                    throw new IllegalArgumentException("renderer spec '" + spec + "': preset '" + part
                            + "' must come first (e.g. " + part + ",content-type=as-given)");
                }
                throw new IllegalArgumentException("renderer spec '" + spec + "': '" + part + "' is neither a preset ("
                        + String.join(", ", PRESETS.keySet()) + ") nor a key=value pair (keys: " + KEY_RECIPIENT + ", "
                        + KEY_CONTENT_TYPE + ", " + KEY_TOOL_RESULT + ")");
            }
            String key = part.substring(0, eq).trim().toLowerCase(Locale.ROOT);
            String value = part.substring(eq + 1).trim();
            if (!seen.add(key)) {
                throw new IllegalArgumentException("renderer spec '" + spec + "': key '" + key + "' is given twice");
            }
            switch (key) {
                case KEY_RECIPIENT -> recipient = value(spec, key, value, RECIPIENT);
                case KEY_CONTENT_TYPE -> contentType = value(spec, key, value, CONTENT_TYPE);
                case KEY_TOOL_RESULT -> toolResult = value(spec, key, value, TOOL_RESULT);
                default -> throw new IllegalArgumentException("renderer spec '" + spec + "': unknown key '" + key
                        + "' (allowed keys: " + KEY_RECIPIENT + ", " + KEY_CONTENT_TYPE + ", " + KEY_TOOL_RESULT + ")");
            }
        }
        return new RendererOptions(recipient != null ? recipient : base.recipient(),
                contentType != null ? contentType : base.contentType(),
                toolResult != null ? toolResult : base.toolResultOrder());
    }

    private static RendererOptions preset(String name) {
        RendererOptions p = PRESETS.get(name.toLowerCase(Locale.ROOT));
        if (p != null) return p;
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "v0.0.8", "harmony", "default" -> RendererOptions.HARMONY_V0_0_8;
            case "harmony-pr114", "pr-114", "channel-first-pr114" -> PR114;
            default -> null;
        };
    }

    private static <E extends Enum<E>> E value(String spec, String key, String value, Map<String, E> allowed) {
        E e = allowed.get(value.toLowerCase(Locale.ROOT));
        if (e != null) return e;
        for (E candidate : allowed.values()) {
            if (candidate.name().equalsIgnoreCase(value)) return candidate; // the Java enum name also works
        }
        throw new IllegalArgumentException("renderer spec '" + spec + "': bad value '" + value + "' for key '" + key
                + "' (allowed values: " + String.join(", ", allowed.keySet()) + ")");
    }

    /**
     * The stable id of a renderer configuration, recorded with every run: the preset name when it is one,
     * otherwise the full canonical {@code recipient=...,content-type=...,tool-result=...} spec (which
     * {@link #parse} accepts).
     */
    public static String id(RendererOptions options) {
        for (Map.Entry<String, RendererOptions> e : PRESETS.entrySet()) {
            if (e.getValue().equals(options)) return e.getKey();
        }
        return KEY_RECIPIENT + "=" + key(RECIPIENT, options.recipient()) + "," + KEY_CONTENT_TYPE + "="
                + key(CONTENT_TYPE, options.contentType()) + "," + KEY_TOOL_RESULT + "="
                + key(TOOL_RESULT, options.toolResultOrder());
    }

    private static <E> String key(Map<String, E> map, E value) {
        for (Map.Entry<String, E> e : map.entrySet()) if (e.getValue() == value) return e.getKey();
        throw new IllegalStateException("no name for " + value);
    }
}
