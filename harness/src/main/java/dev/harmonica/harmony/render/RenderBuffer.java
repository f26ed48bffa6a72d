package dev.harmonica.harmony.render;

import dev.harmonica.harmony.Rendering;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Token ids and the equivalent text, appended together segment by segment (special token or ordinary text).
 * Not thread-safe.
 */
public final class RenderBuffer {
    private int[] tokens;
    private int size;
    private final StringBuilder text;
    private List<RenderSegment> segments;

    public RenderBuffer() {
        this(256);
    }

    public RenderBuffer(int tokenCapacity) {
        tokens = new int[Math.max(16, tokenCapacity)];
        text = new StringBuilder(Math.max(64, tokenCapacity * 4));
    }

    /** Starts recording typed segments (for inspection; costs an allocation per segment). */
    public RenderBuffer recordSegments() {
        segments = new ArrayList<>();
        return this;
    }

    /** The recorded segments (empty unless {@link #recordSegments()} was called first). */
    public List<RenderSegment> segments() {
        return segments == null ? List.of() : List.copyOf(segments);
    }

    /** A special token: its id, and its literal name in the text. */
    public void special(int id, String name) {
        if (segments != null) segments.add(new RenderSegment(true, name, new int[]{id}));
        ensure(1);
        tokens[size++] = id;
        text.append(name);
    }

    /** An ordinary text segment and its BPE ids. */
    public void text(String s, int[] ids) {
        if (segments != null) segments.add(new RenderSegment(false, s, ids.clone()));
        append(ids, 0, ids.length);
        text.append(s);
    }

    /** Appends another rendering's ids and text. */
    public void append(int[] ids, String s) {
        append(ids, 0, ids.length);
        text.append(s);
    }

    public void append(RenderBuffer other) {
        append(other.tokens, 0, other.size);
        text.append(other.text);
    }

    private void append(int[] ids, int from, int to) {
        int n = to - from;
        ensure(n);
        System.arraycopy(ids, from, tokens, size, n);
        size += n;
    }

    private void ensure(int n) {
        if (size + n > tokens.length) tokens = Arrays.copyOf(tokens, Math.max(tokens.length * 2, size + n));
    }

    public int tokenCount() {
        return size;
    }

    public int textLength() {
        return text.length();
    }

    public int lastToken() {
        return tokens[size - 1];
    }

    /** Replaces the last token (a special one) and its name at the end of the text. */
    public void replaceLastSpecial(String oldName, int newId, String newName) {
        if (segments != null && !segments.isEmpty()) segments.set(segments.size() - 1, new RenderSegment(true, newName, new int[]{newId}));
        tokens[size - 1] = newId;
        text.setLength(text.length() - oldName.length());
        text.append(newName);
    }

    /** Drops everything after the given marks (from {@link #tokenCount()} and {@link #textLength()}). */
    public void truncate(int tokenMark, int textMark) {
        size = tokenMark;
        text.setLength(textMark);
    }

    public void clear() {
        truncate(0, 0);
    }

    public int[] tokensCopy() {
        return Arrays.copyOf(tokens, size);
    }

    public String textString() {
        return text.toString();
    }

    public Rendering toRendering() {
        return new Rendering(tokensCopy(), textString());
    }
}
