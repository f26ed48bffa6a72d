package dev.harmonica.run;

import dev.harmonica.harmony.HarmonyEncoding;
import dev.harmonica.harmony.RendererOptions;
import dev.harmonica.harmony.render.HarmonyRenderer;
import dev.harmonica.harmony.render.IncrementalRenderer;

/** Makes the per-scenario incremental renderer of a variant. */
@FunctionalInterface
public interface RendererFactory {
    IncrementalRenderer create(RendererOptions options, boolean dropAnalysis);

    /** The real renderer ({@link HarmonyRenderer}). */
    static RendererFactory harmony() {
        return (options, drop) -> new HarmonyRenderer(HarmonyEncoding.get(), options).incremental(drop);
    }
}
