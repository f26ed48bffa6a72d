package dev.harmonica.tools.bfcl.py;

import java.math.BigInteger;
import java.util.List;

/**
 * CPython's {@code random.Random}: MT19937 seeded like {@code random.seed(int)} ({@code init_by_array} over the
 * 32-bit words of {@code abs(seed)}, least significant first), with {@code getrandbits}, {@code _randbelow},
 * {@code randint}, {@code randrange}, {@code random}, {@code uniform}, {@code choice} and {@code shuffle}
 * bit-exact (reference: CPython Modules/_randommodule.c and Lib/random.py; ShishirPatil/gorilla bfcl_eval func_source_code (Python semantics)).
 * Not thread-safe; one generator per backend instance, like BFCL.
 */
public final class PyRandom {
    private static final int N = 624;
    private static final int M = 397;
    private final int[] mt = new int[N];
    private int mti = N + 1;

    /** {@code random.Random(seed)}. */
    public PyRandom(long seed) {
        seed(BigInteger.valueOf(seed));
    }

    /** {@code random.Random(seed)} for an arbitrary-size int seed. */
    public PyRandom(BigInteger seed) {
        seed(seed);
    }

    private void seed(BigInteger seed) {
        BigInteger n = seed.abs();
        int words = Math.max(1, (n.bitLength() + 31) / 32);
        int[] key = new int[words];
        for (int i = 0; i < words; i++) key[i] = n.shiftRight(32 * i).intValue();
        initByArray(key);
    }

    private void initGenrand(int s) {
        mt[0] = s;
        for (mti = 1; mti < N; mti++) {
            mt[mti] = 1812433253 * (mt[mti - 1] ^ (mt[mti - 1] >>> 30)) + mti;
        }
    }

    private void initByArray(int[] key) {
        initGenrand(19650218);
        int i = 1;
        int j = 0;
        int k = Math.max(N, key.length);
        for (; k > 0; k--) {
            mt[i] = (mt[i] ^ ((mt[i - 1] ^ (mt[i - 1] >>> 30)) * 1664525)) + key[j] + j;
            i++;
            j++;
            if (i >= N) {
                mt[0] = mt[N - 1];
                i = 1;
            }
            if (j >= key.length) j = 0;
        }
        for (k = N - 1; k > 0; k--) {
            mt[i] = (mt[i] ^ ((mt[i - 1] ^ (mt[i - 1] >>> 30)) * 1566083941)) - i;
            i++;
            if (i >= N) {
                mt[0] = mt[N - 1];
                i = 1;
            }
        }
        mt[0] = 0x80000000;
        mti = N;
    }

    /** One 32-bit output ({@code genrand_uint32}), as an unsigned value in a long. */
    public long nextUint32() {
        int y;
        if (mti >= N) {
            int kk;
            for (kk = 0; kk < N - M; kk++) {
                y = (mt[kk] & 0x80000000) | (mt[kk + 1] & 0x7fffffff);
                mt[kk] = mt[kk + M] ^ (y >>> 1) ^ ((y & 1) != 0 ? 0x9908b0df : 0);
            }
            for (; kk < N - 1; kk++) {
                y = (mt[kk] & 0x80000000) | (mt[kk + 1] & 0x7fffffff);
                mt[kk] = mt[kk + (M - N)] ^ (y >>> 1) ^ ((y & 1) != 0 ? 0x9908b0df : 0);
            }
            y = (mt[N - 1] & 0x80000000) | (mt[0] & 0x7fffffff);
            mt[N - 1] = mt[M - 1] ^ (y >>> 1) ^ ((y & 1) != 0 ? 0x9908b0df : 0);
            mti = 0;
        }
        y = mt[mti++];
        y ^= (y >>> 11);
        y ^= (y << 7) & 0x9d2c5680;
        y ^= (y << 15) & 0xefc60000;
        y ^= (y >>> 18);
        return y & 0xffffffffL;
    }

    /** {@code random()}: a float in [0, 1) with 53 random bits. */
    public double random() {
        long a = nextUint32() >>> 5;
        long b = nextUint32() >>> 6;
        return (a * 67108864.0 + b) * (1.0 / 9007199254740992.0);
    }

    /** {@code getrandbits(k)} for k in [0, 63]. */
    public long getrandbits(int k) {
        if (k < 0) throw new IllegalArgumentException("number of bits must be non-negative");
        if (k == 0) return 0;
        if (k <= 32) return nextUint32() >>> (32 - k);
        if (k > 63) throw new IllegalArgumentException("getrandbits supports at most 63 bits here");
        long lo = nextUint32();
        long hi = nextUint32() >>> (64 - k);
        return (hi << 32) | lo;
    }

    /** {@code _randbelow(n)} (the getrandbits rejection loop); n ≥ 1. */
    public long randbelow(long n) {
        if (n <= 0) return 0;
        int k = 64 - Long.numberOfLeadingZeros(n);
        long r = getrandbits(k);
        while (r >= n) r = getrandbits(k);
        return r;
    }

    /** {@code randint(a, b)}: a + _randbelow(b - a + 1). */
    public long randint(long a, long b) throws PyException {
        if (b < a) {
            throw PyException.valueError("empty range in randrange(" + a + ", " + (b + 1) + ")");
        }
        return a + randbelow(b - a + 1);
    }

    /** {@code randrange(start, stop)}. */
    public long randrange(long start, long stop) throws PyException {
        if (stop <= start) throw PyException.valueError("empty range in randrange(" + start + ", " + stop + ")");
        return start + randbelow(stop - start);
    }

    /** {@code uniform(a, b)}: a + (b - a) * random(). */
    public double uniform(double a, double b) {
        return a + (b - a) * random();
    }

    /** {@code choice(seq)}. */
    public <T> T choice(List<T> seq) throws PyException {
        if (seq.isEmpty()) throw new PyException("IndexError", "Cannot choose from an empty sequence");
        return seq.get((int) randbelow(seq.size()));
    }

    /** {@code shuffle(list)} in place. */
    public void shuffle(List<Object> list) {
        for (int i = list.size() - 1; i > 0; i--) {
            int j = (int) randbelow(i + 1);
            Object t = list.get(i);
            list.set(i, list.get(j));
            list.set(j, t);
        }
    }
}
