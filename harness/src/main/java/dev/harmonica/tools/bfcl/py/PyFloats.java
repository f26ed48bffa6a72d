package dev.harmonica.tools.bfcl.py;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Python's float formatting: {@code repr(float)} (the shortest digit string that round-trips, as CPython's
 * {@code float_repr_style == 'short'}, nearest of equal length) and {@code '%.Nf'}. Java 17's
 * {@link Double#toString(double)} is not always shortest (JDK-4511638), so it is only used as an upper bound on the
 * digit count and the result is verified with exact {@link BigDecimal} arithmetic.
 */
final class PyFloats {
    private PyFloats() {
    }

    /** Shortest round-trip decimal digits (no leading/trailing zeros) and the decimal point position. */
    record Digits(String digits, int decpt) {
    }

    private record Cached(long bits, String repr) {
    }

    /** A direct-mapped memo of recent reprs (entries are immutable, so racing threads only ever miss). */
    private static final Cached[] REPR_CACHE = new Cached[1 << 14];

    static String repr(double d) {
        long bits = Double.doubleToRawLongBits(d);
        long h = bits * 0x9E3779B97F4A7C15L;
        int slot = (int) (h >>> 50);
        Cached c = REPR_CACHE[slot];
        if (c != null && c.bits() == bits) return c.repr();
        String r = computeRepr(d);
        REPR_CACHE[slot] = new Cached(bits, r);
        return r;
    }

    static String computeRepr(double d) {
        if (Double.isNaN(d)) return "nan";
        if (Double.isInfinite(d)) return d > 0 ? "inf" : "-inf";
        if (d == 0) return (1 / d < 0) ? "-0.0" : "0.0";
        boolean neg = d < 0;
        Digits dg = shortest(Math.abs(d));
        String ds = dg.digits();
        int decpt = dg.decpt();
        StringBuilder sb = new StringBuilder(24);
        if (neg) sb.append('-');
        if (decpt <= -4 || decpt > 16) {
            sb.append(ds.charAt(0));
            if (ds.length() > 1) sb.append('.').append(ds, 1, ds.length());
            int e = decpt - 1;
            sb.append('e').append(e < 0 ? '-' : '+');
            int ae = Math.abs(e);
            if (ae < 10) sb.append('0');
            sb.append(ae);
        } else if (decpt <= 0) {
            sb.append("0.");
            for (int i = 0; i < -decpt; i++) sb.append('0');
            sb.append(ds);
        } else if (decpt >= ds.length()) {
            sb.append(ds);
            for (int i = ds.length(); i < decpt; i++) sb.append('0');
            sb.append(".0");
        } else {
            sb.append(ds, 0, decpt).append('.').append(ds, decpt, ds.length());
        }
        return sb.toString();
    }

    /** Shortest digits for a finite positive double. */
    static Digits shortest(double d) {
        return computeShortest(d);
    }

    /**
     * Java's digits D always round-trip, so the shortest length is at most |D|. A shorter round-tripping decimal
     * exists iff D truncated or rounded up to one digit less round-trips (the rounding interval is convex and holds
     * D), which is checked with the correctly rounded {@link Double#parseDouble}. Only when two candidates of the final
     * length round-trip is the nearest one chosen with exact {@link BigDecimal} arithmetic.
     */
    private static Digits computeShortest(double d) {
        Digits cur = parseJava(Double.toString(d));
        // Fast path: for a normal double, two distinct decimals of at most 15 significant digits are further apart
        // (relative spacing > 1e-15) than the width of the rounding interval (< 2.3e-16 relative), so Java's
        // round-tripping digits are then the only, hence shortest and nearest, candidate of their length or below.
        if (cur.digits().length() <= 15 && d >= Double.MIN_NORMAL) return cur;
        while (cur.digits().length() > 1) {
            Digits[] c = neighbours(cur, cur.digits().length() - 1);
            boolean lo = roundTrips(c[0], d);
            boolean hi = roundTrips(c[1], d);
            if (!lo && !hi) break;
            cur = lo ? c[0] : c[1];
        }
        // cur has the shortest length L; it is the answer unless another L-digit decimal also round-trips.
        int len = cur.digits().length();
        Digits down = step(cur, len, -1);
        Digits up = step(cur, len, +1);
        if ((down != null && roundTrips(down, d)) || roundTrips(up, d)) return nearest(d, len);
        return cur;
    }

    private static Digits nearest(double d, int p) {
        Digits n = candidate(new BigDecimal(d), d, p);
        if (n == null) throw new IllegalStateException("no " + p + "-digit representation of " + d);
        return n;
    }

    private static boolean roundTrips(Digits g, double d) {
        return Double.parseDouble("0." + g.digits() + "E" + g.decpt()) == d;
    }

    /** The p-digit truncation and round-up of g (p < len(g)). */
    private static Digits[] neighbours(Digits g, int p) {
        String head = g.digits().substring(0, p);
        Digits floor = normalise(head, g.decpt());
        Digits ceil = increment(head, g.decpt());
        return new Digits[] {floor, ceil};
    }

    /** g ± one unit in its len-th digit (null when that would reach zero). */
    private static Digits step(Digits g, int len, int dir) {
        String ds = g.digits();
        if (dir > 0) return increment(ds, g.decpt());
        // decrement
        char[] c = ds.toCharArray();
        int i = c.length - 1;
        while (i >= 0 && c[i] == '0') {
            c[i] = '9';
            i--;
        }
        if (i < 0) return null;
        c[i]--;
        String r = new String(c);
        int decpt = g.decpt();
        int lead = 0;
        while (lead < r.length() - 1 && r.charAt(lead) == '0') {
            lead++;
            decpt--;
        }
        r = r.substring(lead);
        if (r.equals("0")) return null;
        return normalise(r, decpt);
    }

    private static Digits increment(String ds, int decpt) {
        char[] c = ds.toCharArray();
        int i = c.length - 1;
        while (i >= 0 && c[i] == '9') {
            c[i] = '0';
            i--;
        }
        if (i < 0) return normalise("1" + new String(c), decpt + 1);
        c[i]++;
        return normalise(new String(c), decpt);
    }

    private static Digits normalise(String ds, int decpt) {
        int end = ds.length();
        while (end > 1 && ds.charAt(end - 1) == '0') end--;
        return new Digits(ds.substring(0, end), decpt);
    }

    /** A p-significant-digit decimal that round-trips to d, preferring the nearest; null if none. */
    private static Digits candidate(BigDecimal exact, double d, int p) {
        BigDecimal near = exact.round(new MathContext(p, RoundingMode.HALF_EVEN));
        if (near.doubleValue() == d) return toDigits(near);
        BigDecimal other = exact.round(new MathContext(p, near.compareTo(exact) > 0 ? RoundingMode.FLOOR
                : RoundingMode.CEILING));
        if (other.doubleValue() == d) return toDigits(other);
        return null;
    }

    private static Digits toDigits(BigDecimal v) {
        BigDecimal s = v.stripTrailingZeros();
        String u = s.unscaledValue().toString();
        // value = u * 10^-scale = 0.u * 10^(len(u) - scale)
        return new Digits(u, u.length() - s.scale());
    }

    private static Digits parseJava(String js) {
        int e = js.indexOf('E');
        String mant = e < 0 ? js : js.substring(0, e);
        int exp = e < 0 ? 0 : Integer.parseInt(js.substring(e + 1));
        int dot = mant.indexOf('.');
        String intPart = mant.substring(0, dot);
        String frac = mant.substring(dot + 1);
        String all = intPart + frac;
        int decpt = intPart.length() + exp;
        int lead = 0;
        while (lead < all.length() - 1 && all.charAt(lead) == '0') {
            lead++;
            decpt--;
        }
        all = all.substring(lead);
        int end = all.length();
        while (end > 1 && all.charAt(end - 1) == '0') end--;
        return new Digits(all.substring(0, end), decpt);
    }

    /** {@code '%.{n}f' % d}: correctly rounded, half to even on the exact binary value. */
    static String fixed(double d, int n) {
        if (Double.isNaN(d)) return "nan";
        if (Double.isInfinite(d)) return d > 0 ? "inf" : "-inf";
        boolean neg = d < 0 || (d == 0 && 1 / d < 0);
        String body = new BigDecimal(Math.abs(d)).setScale(n, RoundingMode.HALF_EVEN).toPlainString();
        return neg ? "-" + body : body;
    }

    /** {@code round(d, n)} for a float: the double nearest to d correctly rounded to n decimals (half even). */
    static double round(double d, long n) {
        if (Double.isNaN(d) || Double.isInfinite(d) || d == 0) return d;
        if (n > 400) return d;
        if (n < -400) return 0.0 * Math.signum(d);
        BigDecimal r = new BigDecimal(d).setScale((int) n, RoundingMode.HALF_EVEN);
        double out = r.doubleValue();
        if (out == 0) return d < 0 ? -0.0 : 0.0;
        return out;
    }
}
