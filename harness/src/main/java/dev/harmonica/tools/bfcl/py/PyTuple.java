package dev.harmonica.tools.bfcl.py;

import java.util.List;

/** A Python tuple (immutable). */
public record PyTuple(List<Object> items) {
    public PyTuple {
        items = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(items));
    }
}
