package dev.harmonica.harmony;

/** Named renderer presets and the custom-combination syntax. Owned by the renderer work. */
public final class RendererPresets {
    private RendererPresets() {
    }

    public static RendererOptions parse(String spec) {
        // TODO(renderer): pr114 preset and custom combinations
        if ("harmony-v0.0.8".equals(spec)) return RendererOptions.HARMONY_V0_0_8;
        throw new IllegalArgumentException("unknown renderer '" + spec + "'");
    }
}
