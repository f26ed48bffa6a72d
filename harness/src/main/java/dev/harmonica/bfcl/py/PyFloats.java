package dev.harmonica.bfcl.py;

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

    static String repr(double d) {
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
        // Upper bound: Java's digits always round-trip.
        String js = Double.toString(d);
        Digits javaDigits = parseJava(js);
        int len = javaDigits.digits().length();
        BigDecimal exact = new BigDecimal(d);
        if (len > 1) {
            Digits shorter = candidate(exact, d, len - 1);
            if (shorter != null) {
                // Java was not shortest; search downwards (existence is monotone in the length).
                Digits best = shorter;
                for (int p = len - 2; p >= 1; p--) {
                    Digits c = candidate(exact, d, p);
                    if (c == null) break;
                    best = c;
                }
                return best;
            }
        }
        // len is the shortest length; pick the nearest len-digit decimal (round half even on the exact value).
        Digits nearest = candidate(exact, d, len);
        return nearest != null ? nearest : javaDigits;
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
