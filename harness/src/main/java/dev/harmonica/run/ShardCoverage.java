package dev.harmonica.run;

import com.fasterxml.jackson.databind.JsonNode;
import dev.harmonica.scenario.BadInputException;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * Which shards a set of run directories covers. A scenario belongs to shard {@code i/n} when its stable hash
 * {@code h} ({@link Shard}) has {@code h mod n == i}, so with {@code L} the least common multiple of every shard
 * count involved, the residues {@code h mod L} that no directory covers are exactly the missing scenarios. With one
 * shard count {@code n} (the usual case) {@code L = n} and the missing residues are the missing shard indices.
 *
 * <p>A directory covers: everything when it is an unsharded run ({@code "shard": null}); its residue when it is a
 * shard ({@code "shard": "i/n"}); everything except its {@code missing_shards} when it is itself a partial merge.
 *
 * @param modulus the {@code L} above (1 when nothing is sharded)
 * @param missing the residues modulo {@code modulus} no directory covers, ascending
 */
record ShardCoverage(int modulus, List<Integer> missing) {
    /** Above this least common multiple of shard counts, coverage is not worked out (no real run gets near). */
    static final int MAX_MODULUS = 1 << 16;

    ShardCoverage {
        missing = List.copyOf(missing);
    }

    /** What one run directory covers, read from its run.json. */
    record Part(Shard shard, List<Shard> missing) {
        boolean covers(int residue) {
            if (residue % shard.count() != shard.index()) return false;
            for (Shard m : missing) if (residue % m.count() == m.index()) return false;
            return true;
        }
    }

    /** The part of a run.json: its {@code shard} and, for a partial merge, its {@code missing_shards}. */
    static Part part(JsonNode runJson, String where) {
        Shard shard = label(runJson.get("shard"), where + ": field shard");
        List<Shard> missing = new ArrayList<>();
        JsonNode m = runJson.path("missing_shards");
        for (int i = 0; i < m.size(); i++) missing.add(label(m.get(i), where + ": field missing_shards[" + i + "]"));
        return new Part(shard, missing);
    }

    private static Shard label(JsonNode n, String where) {
        if (n == null || n.isNull()) return Shard.ALL;
        if (!n.isTextual()) throw new BadInputException(where + ": expected \"i/n\" or null, got " + n);
        try {
            return Shard.parse(n.textValue());
        } catch (BadInputException e) {
            throw new BadInputException(where + ": expected \"i/n\" with 0 <= i < n, got " + n);
        }
    }

    /** The residues no part covers. */
    static ShardCoverage of(List<Part> parts) {
        BigInteger lcm = BigInteger.ONE;
        for (Part p : parts) {
            lcm = lcm(lcm, p.shard().count());
            for (Shard m : p.missing()) lcm = lcm(lcm, m.count());
        }
        if (lcm.compareTo(BigInteger.valueOf(MAX_MODULUS)) > 0) {
            throw new BadInputException("merge: the shard counts of these runs have a least common multiple of " + lcm
                    + " (above " + MAX_MODULUS + "); cannot tell which scenarios are missing: merge shards of one count");
        }
        int modulus = lcm.intValueExact();
        List<Integer> missing = new ArrayList<>();
        for (int r = 0; r < modulus; r++) {
            final int residue = r;
            if (parts.stream().noneMatch(p -> p.covers(residue))) missing.add(r);
        }
        return new ShardCoverage(modulus, missing);
    }

    private static BigInteger lcm(BigInteger a, int b) {
        BigInteger bb = BigInteger.valueOf(b);
        return a.divide(a.gcd(bb)).multiply(bb);
    }

    boolean complete() {
        return missing.isEmpty();
    }

    /** The missing shards as run.json writes a shard: {@code "i/n"}. */
    List<String> missingLabels() {
        return missing.stream().map(r -> r + "/" + modulus).toList();
    }
}
