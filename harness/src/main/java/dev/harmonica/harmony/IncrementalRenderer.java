package dev.harmonica.harmony;

import dev.harmonica.harmony.render.HarmonyRenderer;

/**
 * One conversation being rendered turn by turn. Not thread-safe (one per scenario). Rendering the completion
 * prompt after appending k messages costs time proportional to those k messages (cached per-message segments),
 * and gives exactly what {@link HarmonyRenderer#renderForCompletion} gives on the whole list.
 */
public interface IncrementalRenderer {
    void append(Message message);

    /** The prompt for the next message by {@code nextRole}, e.g. {@code assistant}. */
    Rendering promptFor(String nextRole);

    int messageCount();
}
