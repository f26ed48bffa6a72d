package dev.harmonica.harmony.render;

/**
 * One typed piece of a rendering: a special token the renderer emitted itself ({@code <|start|>},
 * {@code <|channel|>}, {@code <|constrain|>}, {@code <|message|>}, {@code <|end|>}, {@code <|call|>},
 * {@code <|return|>}), or a text piece encoded with ordinary BPE (where a literal {@code <|end|>} stays text).
 *
 * @param special  true for a special token
 * @param text     the special token's name, or the text piece
 * @param tokenIds the special id (one element), or the ordinary BPE ids of the text
 */
public record RenderSegment(boolean special, String text, int[] tokenIds) {
    @Override
    public String toString() {
        return special ? text : "\"" + text + "\"";
    }
}
