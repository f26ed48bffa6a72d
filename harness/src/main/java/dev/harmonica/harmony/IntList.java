package dev.harmonica.harmony;

import java.util.Arrays;

/** A growable list of primitive ints (token ids), without boxing. */
public final class IntList {
    private int[] data;
    private int size;

    public IntList() {
        this(16);
    }

    public IntList(int capacity) {
        data = new int[Math.max(1, capacity)];
    }

    public void add(int value) {
        if (size == data.length) data = Arrays.copyOf(data, data.length * 2);
        data[size++] = value;
    }

    public void addAll(int[] values) {
        addAll(values, 0, values.length);
    }

    public void addAll(int[] values, int from, int to) {
        int n = to - from;
        if (size + n > data.length) data = Arrays.copyOf(data, Math.max(data.length * 2, size + n));
        System.arraycopy(values, from, data, size, n);
        size += n;
    }

    public int get(int index) {
        if (index >= size) throw new IndexOutOfBoundsException(index);
        return data[index];
    }

    public int size() {
        return size;
    }

    public void clear() {
        size = 0;
    }

    /** Drops everything from {@code newSize} on. */
    public void truncate(int newSize) {
        if (newSize < 0 || newSize > size) throw new IndexOutOfBoundsException(newSize);
        size = newSize;
    }

    public int[] toArray() {
        return Arrays.copyOf(data, size);
    }
}
