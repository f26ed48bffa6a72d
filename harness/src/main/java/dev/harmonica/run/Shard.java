package dev.harmonica.run;

import dev.harmonica.journal.Digests;
import dev.harmonica.scenario.BadInputException;

/**
 * A deterministic slice of the scenarios: scenario ids are bucketed by a stable hash (first 8 bytes of SHA-256,
 * mod n), so every machine computes the same split without coordination. Written as {@code i/n}, 0-based.
 */
public record Shard(int index, int count) {
    public static final Shard ALL = new Shard(0, 1);

    public Shard {
        if (count < 1 || index < 0 || index >= count) {
            throw new BadInputException("--shard: expected i/n with 0 <= i < n, got " + index + "/" + count);
        }
    }

    public static Shard parse(String s) {
        if (s == null) return ALL;
        String[] p = s.split("/");
        if (p.length != 2) throw new BadInputException("--shard: expected i/n such as 0/4, got '" + s + "'");
        try {
            return new Shard(Integer.parseInt(p[0].trim()), Integer.parseInt(p[1].trim()));
        } catch (NumberFormatException e) {
            throw new BadInputException("--shard: expected i/n such as 0/4, got '" + s + "'");
        }
    }

    public boolean includes(String scenarioId) {
        return count == 1 || Digests.shardOf(scenarioId, count) == index;
    }

    /** The journal's {@code shard} value: null when unsharded. */
    public String label() {
        return count == 1 ? null : index + "/" + count;
    }
}
