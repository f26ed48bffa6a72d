package dev.harmonica.harmony.render;

import dev.harmonica.harmony.Message;
import dev.harmonica.harmony.Rendering;

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
