package dev.harmonica.tools.bfcl.py;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** A Python tuple (immutable). */
public record PyTuple(List<Object> items) {
    public PyTuple {
        items = Collections.unmodifiableList(new ArrayList<>(items));
    }
}
