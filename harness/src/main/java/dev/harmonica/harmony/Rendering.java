package dev.harmonica.harmony;

/** A rendered prompt or conversation: token ids and the equivalent text (special tokens as their names). */
public record Rendering(int[] tokenIds, String text) {
    public int tokenCount() {
        return tokenIds.length;
    }
}
