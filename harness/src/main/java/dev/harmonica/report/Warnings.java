package dev.harmonica.report;

import java.util.ArrayList;
import java.util.List;

/** A bounded list of problems found while reading a journal (jsoup-style: never throws, keeps the first N). */
public class Warnings {
    public static final int LIMIT = 50;
    private final List<String> first = new ArrayList<>();
    private long total;

    public void add(String message) {
        total++;
        if (first.size() < LIMIT) first.add(message);
    }

    /** Adds another list's warnings (and its total) after these. */
    public void addAll(Warnings other) {
        for (String w : other.first) if (first.size() < LIMIT) first.add(w);
        total += other.total;
    }

    /** The first {@link #LIMIT} warnings. */
    public List<String> first() {
        return List.copyOf(first);
    }

    public long total() {
        return total;
    }
}
