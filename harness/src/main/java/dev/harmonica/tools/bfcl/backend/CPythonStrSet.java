package dev.harmonica.tools.bfcl.backend;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The iteration order of a CPython 3.11+ {@code set} of str, as BFCL's fixtures were produced (PYTHONHASHSEED=0,
 * so SipHash-1-3 with a zero key). Used where a backend prints a set (TicketAPI.edit_ticket joins
 * {@code set(updates.keys()) - valid_fields}). Follows CPython's {@code setobject.c}: open addressing with 9 linear
 * probes and perturbation, resize at 3/5 fill.
 */
final class CPythonStrSet {
    private static final int LINEAR_PROBES = 9;
    private static final int PERTURB_SHIFT = 5;

    private String[] keys = new String[8];
    private long[] hashes = new long[8];
    private int fill;
    private int used;

    /** {@code hash(s)} for a str under PYTHONHASHSEED=0. */
    static long hash(String s) {
        if (s.isEmpty()) return 0;
        int[] cps = s.codePoints().toArray();
        int max = 0;
        for (int cp : cps) max = Math.max(max, cp);
        int kind = max < 256 ? 1 : max < 65536 ? 2 : 4;
        byte[] data = new byte[cps.length * kind];
        for (int i = 0; i < cps.length; i++) {
            for (int b = 0; b < kind; b++) data[i * kind + b] = (byte) (cps[i] >>> (8 * b));
        }
        long h = siphash13(0, 0, data);
        return h == -1 ? -2 : h;
    }

    static long siphash13(long k0, long k1, byte[] in) {
        long b = ((long) in.length) << 56;
        long v0 = k0 ^ 0x736f6d6570736575L;
        long v1 = k1 ^ 0x646f72616e646f6dL;
        long v2 = k0 ^ 0x6c7967656e657261L;
        long v3 = k1 ^ 0x7465646279746573L;
        int off = 0;
        int n = in.length;
        while (n - off >= 8) {
            long mi = 0;
            for (int i = 7; i >= 0; i--) mi = (mi << 8) | (in[off + i] & 0xffL);
            off += 8;
            v3 ^= mi;
            long[] v = round(v0, v1, v2, v3);
            v0 = v[0] ^ mi;
            v1 = v[1];
            v2 = v[2];
            v3 = v[3];
        }
        long t = 0;
        for (int i = n - off - 1; i >= 0; i--) t = (t << 8) | (in[off + i] & 0xffL);
        b |= t;
        v3 ^= b;
        long[] v = round(v0, v1, v2, v3);
        v0 = v[0] ^ b;
        v1 = v[1];
        v2 = v[2] ^ 0xff;
        v3 = v[3];
        for (int r = 0; r < 3; r++) {
            v = round(v0, v1, v2, v3);
            v0 = v[0];
            v1 = v[1];
            v2 = v[2];
            v3 = v[3];
        }
        return (v0 ^ v1) ^ (v2 ^ v3);
    }

    private static long[] round(long v0, long v1, long v2, long v3) {
        // HALF_ROUND(v0,v1,v2,v3,13,16)
        v0 += v1;
        v2 += v3;
        v1 = Long.rotateLeft(v1, 13) ^ v0;
        v3 = Long.rotateLeft(v3, 16) ^ v2;
        v0 = Long.rotateLeft(v0, 32);
        // HALF_ROUND(v2,v1,v0,v3,17,21)
        v2 += v1;
        v0 += v3;
        v1 = Long.rotateLeft(v1, 17) ^ v2;
        v3 = Long.rotateLeft(v3, 21) ^ v0;
        v2 = Long.rotateLeft(v2, 32);
        return new long[] {v0, v1, v2, v3};
    }

    /** {@code set.add(key)}. */
    void add(String key) {
        long h = hash(key);
        int mask = keys.length - 1;
        long perturb = h;
        int i = (int) (h & mask);
        while (true) {
            int probes = (i + LINEAR_PROBES <= mask) ? LINEAR_PROBES : 0;
            int j = i;
            for (int p = 0; p <= probes; p++, j++) {
                if (keys[j] == null) {
                    keys[j] = key;
                    hashes[j] = h;
                    fill++;
                    used++;
                    if ((long) fill * 5 >= (long) mask * 3) resize(used > 50000 ? used * 2 : used * 4);
                    return;
                }
                if (hashes[j] == h && keys[j].equals(key)) return;
            }
            perturb >>>= PERTURB_SHIFT;
            i = (int) ((i * 5L + 1 + perturb) & mask);
        }
    }

    private void resize(int minUsed) {
        int size = 8;
        while (size <= minUsed) size <<= 1;
        String[] oldKeys = keys;
        long[] oldHashes = hashes;
        keys = new String[size];
        hashes = new long[size];
        for (int k = 0; k < oldKeys.length; k++) {
            if (oldKeys[k] != null) insertClean(oldKeys[k], oldHashes[k]);
        }
        fill = used;
    }

    /** {@code set_insert_clean}: places a key known to be absent, without equality checks. */
    private void insertClean(String key, long h) {
        int mask = keys.length - 1;
        long perturb = h;
        int i = (int) (h & mask);
        while (true) {
            if (keys[i] == null) {
                keys[i] = key;
                hashes[i] = h;
                return;
            }
            if (i + LINEAR_PROBES <= mask) {
                for (int j = 1; j <= LINEAR_PROBES; j++) {
                    if (keys[i + j] == null) {
                        keys[i + j] = key;
                        hashes[i + j] = h;
                        return;
                    }
                }
            }
            perturb >>>= PERTURB_SHIFT;
            i = (int) ((i * 5L + 1 + perturb) & mask);
        }
    }

    /** The elements in iteration (slot) order. */
    List<String> order() {
        List<String> out = new ArrayList<>(used);
        for (String k : keys) if (k != null) out.add(k);
        return out;
    }

    /**
     * {@code set(keys) - other} for str keys, in the iteration order CPython gives the result (the small-set path of
     * {@code set_difference}: iterate the left set, add the survivors to a new set).
     */
    static List<String> difference(List<String> keys, Set<String> other) {
        CPythonStrSet left = new CPythonStrSet();
        for (String k : keys) left.add(k);
        List<String> source = left.order();
        if ((source.size() >> 2) > other.size()) {
            // set_copy_and_difference: set_merge into an empty set (one resize to 2*used, then insert_clean in the
            // source's slot order, or a positional copy when the table sizes agree), then discard the common keys
            CPythonStrSet copy = new CPythonStrSet();
            if ((long) source.size() * 5 >= 7L * 3) copy.resize(source.size() * 2);
            List<String> copied;
            if (copy.keys.length == left.keys.length) {
                copied = source;
            } else {
                copy.fill = 0;
                copy.used = 0;
                for (int k = 0; k < left.keys.length; k++) {
                    if (left.keys[k] != null) copy.insertClean(left.keys[k], left.hashes[k]);
                }
                copied = copy.order();
            }
            List<String> out = new ArrayList<>();
            for (String k : copied) if (!other.contains(k)) out.add(k);
            return out;
        }
        CPythonStrSet result = new CPythonStrSet();
        for (String k : source) if (!other.contains(k)) result.add(k);
        return result.order();
    }
}
