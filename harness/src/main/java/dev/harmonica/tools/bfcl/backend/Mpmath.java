package dev.harmonica.tools.bfcl.backend;

import dev.harmonica.tools.bfcl.py.Py;
import dev.harmonica.tools.bfcl.py.PyException;
import dev.harmonica.tools.bfcl.py.PyReprObject;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Emulation of the small part of mpmath that {@code MathAPI.logarithm} uses ({@code mp.dps = n};
 * {@code mpmath.log(value) / mpmath.log(base)}): binary floating point with {@code prec} bits, round-to-nearest,
 * inputs rounded to the working precision, complex results for negative arguments, and mpmath's {@code repr}
 * ({@code mpf('…')} / {@code mpc(real='…', imag='…')}). Exact for the magnitudes BFCL uses; a best effort
 * elsewhere (the log is computed to about 25 extra decimal digits before rounding).
 */
final class Mpmath {
    private Mpmath() {
    }

    private static final BigDecimal PI = new BigDecimal("3.14159265358979323846264338327950288419716939937510582097494"
            + "459230781640628620899862803482534211706798214808651328230664709384460955058223172535940812848111745");

    /** An mpf: a finite exact value, or one of the specials. */
    private record Mpf(BigDecimal v, int special) {
        static final int FINITE = 0, POS_INF = 1, NEG_INF = 2, NAN = 3;

        static Mpf of(BigDecimal v) {
            return new Mpf(v, FINITE);
        }

        boolean isZero() {
            return special == FINITE && v.signum() == 0;
        }

        int sign() {
            return switch (special) {
                case POS_INF -> 1;
                case NEG_INF -> -1;
                case NAN -> 0;
                default -> v.signum();
            };
        }
    }

    /** {@code dps_to_prec}. */
    static long dpsToPrec(long dps) {
        return Math.max(1, Math.round((dps + 1) * 3.3219280948873626));
    }

    /** {@code repr_dps}: digits printed by repr at {@code prec} bits. */
    static int reprDps(long prec) {
        long dps = Math.max(1, Math.round(prec / 3.3219280948873626) - 1);
        return dps == 15 ? 17 : (int) Math.min(dps + 3, 100_000);
    }

    /** {@code mpmath.log(value) / mpmath.log(base)} at {@code dps} decimal digits; returns the mpf/mpc repr object. */
    static PyReprObject logRatio(Object value, Object base, long dps) throws PyException {
        long prec = dpsToPrec(dps);
        if (prec > 4000) prec = 4000;
        int digits = (int) (prec * 0.302) + 25;
        Mpf[] lv = log(convert(value, prec), prec, digits);
        Mpf[] lb = log(convert(base, prec), prec, digits);
        int n = reprDps(prec);
        if (lv[1] == null && lb[1] == null) {
            Mpf q = div(lv[0], lb[0], prec, digits);
            String s = toStr(q, n);
            return new PyReprObject("mpf", "mpf('" + s + "')", s, q.special == Mpf.FINITE ? q.v.doubleValue() : null);
        }
        Mpf re;
        Mpf im;
        if (lb[1] == null) {
            // mpc / mpf: each component divided
            re = div(lv[0], lb[0], prec, digits);
            im = div(lv[1], lb[0], prec, digits);
        } else {
            Mpf a = lv[0], b = lv[1] == null ? Mpf.of(BigDecimal.ZERO) : lv[1], c = lb[0], d = lb[1];
            long wp = prec + 10;
            Mpf mag = add(mul(c, c), mul(d, d), wp, digits);
            Mpf t = add(mul(a, c), mul(b, d), wp, digits);
            Mpf u = add(mul(b, c), neg(mul(a, d)), wp, digits);
            re = div(t, mag, prec, digits);
            im = div(u, mag, prec, digits);
        }
        String s = "mpc(real='" + toStr(re, n) + "', imag='" + toStr(im, n) + "')";
        return new PyReprObject("mpc", s, "(" + toStr(re, n) + (im.sign() < 0 ? " - " : " + ")
                + toStr(abs(im), n) + "j)", null);
    }

    /** mpmath's conversion of a Python value at {@code prec} bits. */
    private static Mpf convert(Object x, long prec) throws PyException {
        if (x instanceof Boolean b) return Mpf.of(b ? BigDecimal.ONE : BigDecimal.ZERO);
        // ints and floats convert exactly (from_int / from_float keep all their bits); strings round to prec
        if (Py.isIntOrBool(x)) return Mpf.of(new BigDecimal(x.toString()));
        if (x instanceof Double d) return fromDouble(d, Long.MAX_VALUE);
        if (x instanceof String s) {
            try {
                return fromDouble(PyOps.toFloat(s), prec);
            } catch (PyException e) {
                throw PyException.valueError("cannot create mpf from " + Py.repr(s));
            }
        }
        throw PyException.typeError("cannot create mpf from " + Py.repr(x));
    }

    private static Mpf fromDouble(double d, long prec) {
        if (Double.isNaN(d)) return new Mpf(null, Mpf.NAN);
        if (Double.isInfinite(d)) return new Mpf(null, d > 0 ? Mpf.POS_INF : Mpf.NEG_INF);
        if (prec == Long.MAX_VALUE) return Mpf.of(new BigDecimal(d));
        return round(Mpf.of(new BigDecimal(d)), prec, RoundingMode.HALF_EVEN);
    }

    /** log(x) as {real, imag-or-null}. */
    private static Mpf[] log(Mpf x, long prec, int digits) {
        if (x.special == Mpf.NAN) return new Mpf[] {x, null};
        if (x.special == Mpf.POS_INF) return new Mpf[] {x, null};
        if (x.special == Mpf.NEG_INF) {
            return new Mpf[] {new Mpf(null, Mpf.POS_INF), round(Mpf.of(PI), prec, RoundingMode.HALF_EVEN)};
        }
        if (x.v.signum() == 0) return new Mpf[] {new Mpf(null, Mpf.NEG_INF), null};
        Mpf re = round(Mpf.of(ln(x.v.abs(), digits)), prec, RoundingMode.HALF_EVEN);
        if (x.v.signum() > 0) return new Mpf[] {re, null};
        return new Mpf[] {re, round(Mpf.of(PI), prec, RoundingMode.HALF_EVEN)};
    }

    private static Mpf neg(Mpf a) {
        return switch (a.special) {
            case Mpf.POS_INF -> new Mpf(null, Mpf.NEG_INF);
            case Mpf.NEG_INF -> new Mpf(null, Mpf.POS_INF);
            case Mpf.NAN -> a;
            default -> Mpf.of(a.v.negate());
        };
    }

    private static Mpf abs(Mpf a) {
        return a.sign() < 0 ? neg(a) : a;
    }

    private static Mpf mul(Mpf a, Mpf b) {
        if (a.special == Mpf.FINITE && b.special == Mpf.FINITE) return Mpf.of(a.v.multiply(b.v));
        if (a.special == Mpf.NAN || b.special == Mpf.NAN || a.isZero() || b.isZero()) return new Mpf(null, Mpf.NAN);
        return new Mpf(null, a.sign() * b.sign() > 0 ? Mpf.POS_INF : Mpf.NEG_INF);
    }

    /** mpf_add at wp bits with mpmath's default (round-down) rounding of intermediate sums. */
    private static Mpf add(Mpf a, Mpf b, long wp, int digits) {
        if (a.special == Mpf.FINITE && b.special == Mpf.FINITE) return round(Mpf.of(a.v.add(b.v)), wp, RoundingMode.DOWN);
        if (a.special == Mpf.NAN || b.special == Mpf.NAN) return new Mpf(null, Mpf.NAN);
        if (a.special != Mpf.FINITE && b.special != Mpf.FINITE && a.special != b.special) return new Mpf(null, Mpf.NAN);
        return a.special != Mpf.FINITE ? a : b;
    }

    private static Mpf div(Mpf a, Mpf b, long prec, int digits) throws PyException {
        if (a.special == Mpf.NAN || b.special == Mpf.NAN) return new Mpf(null, Mpf.NAN);
        if (b.isZero()) throw new PyException("ZeroDivisionError", "");
        if (b.special != Mpf.FINITE) {
            if (a.special != Mpf.FINITE) return new Mpf(null, Mpf.NAN);
            return Mpf.of(BigDecimal.ZERO);
        }
        if (a.special != Mpf.FINITE) return a.sign() * b.sign() > 0 ? new Mpf(null, Mpf.POS_INF) : new Mpf(null, Mpf.NEG_INF);
        BigDecimal q = a.v.divide(b.v, new MathContext(Math.max(digits, (int) (prec * 0.302) + 25), RoundingMode.HALF_EVEN));
        return round(Mpf.of(q), prec, RoundingMode.HALF_EVEN);
    }

    /** Rounds a finite value to {@code bits} significant bits. */
    private static Mpf round(Mpf x, long bits, RoundingMode mode) {
        if (x.special != Mpf.FINITE || x.v.signum() == 0) return x;
        BigDecimal t = x.v.abs();
        long e = floorLog2(t);
        long shift = e - bits + 1;
        BigDecimal unit = pow2(shift);
        BigDecimal q = t.divide(unit).setScale(0, mode);
        BigDecimal r = q.multiply(unit);
        return Mpf.of(x.v.signum() < 0 ? r.negate() : r);
    }

    private static BigDecimal pow2(long k) {
        if (k >= 0) return new BigDecimal(BigInteger.ONE.shiftLeft((int) k));
        return BigDecimal.ONE.divide(new BigDecimal(BigInteger.ONE.shiftLeft((int) -k)));
    }

    private static long floorLog2(BigDecimal t) {
        double d = t.doubleValue();
        long e;
        if (d != 0 && Double.isFinite(d)) {
            e = Math.getExponent(d);
        } else if (t.compareTo(BigDecimal.ONE) >= 0) {
            e = t.toBigInteger().bitLength() - 1;
        } else {
            e = -(BigDecimal.ONE.divide(t, MathContext.DECIMAL64).toBigInteger().bitLength());
        }
        while (pow2(e).compareTo(t) > 0) e--;
        while (pow2(e + 1).compareTo(t) <= 0) e++;
        return e;
    }

    /** Natural log of x > 0 to about {@code digits} significant digits. */
    static BigDecimal ln(BigDecimal x, int digits) {
        MathContext mc = new MathContext(digits + 10, RoundingMode.HALF_EVEN);
        long k = floorLog2(x);
        BigDecimal m = x.divide(pow2(k)); // exact, in [1, 2)
        BigDecimal r = atanhSeries(m, mc);
        if (k != 0) r = r.add(atanhSeries(BigDecimal.valueOf(2), mc).multiply(BigDecimal.valueOf(k), mc), mc);
        return r.round(new MathContext(digits, RoundingMode.HALF_EVEN));
    }

    /** ln(m) = 2 atanh((m-1)/(m+1)). */
    private static BigDecimal atanhSeries(BigDecimal m, MathContext mc) {
        BigDecimal s = m.subtract(BigDecimal.ONE).divide(m.add(BigDecimal.ONE), mc);
        BigDecimal s2 = s.multiply(s, mc);
        BigDecimal term = s;
        BigDecimal sum = BigDecimal.ZERO;
        BigDecimal eps = BigDecimal.ONE.movePointLeft(mc.getPrecision() + 2);
        for (int n = 1; n < 100_000; n += 2) {
            BigDecimal add = term.divide(BigDecimal.valueOf(n), mc);
            sum = sum.add(add, mc);
            if (add.abs().compareTo(eps) < 0) break;
            term = term.multiply(s2, mc);
        }
        return sum.multiply(BigDecimal.valueOf(2), mc);
    }

    /** mpmath's {@code to_str(x, n)} (strip_zeros, default fixed range). */
    static String toStr(Mpf x, int n) {
        switch (x.special) {
            case Mpf.POS_INF:
                return "+inf";
            case Mpf.NEG_INF:
                return "-inf";
            case Mpf.NAN:
                return "nan";
            default:
                break;
        }
        if (x.v.signum() == 0) return "0.0";
        // to_digits_exp floors to n+3 digits, then the digit string is rounded half-up to n digits
        BigDecimal r = x.v.abs().round(new MathContext(n + 3, RoundingMode.DOWN))
                .round(new MathContext(n, RoundingMode.HALF_UP));
        String sign = x.v.signum() < 0 ? "-" : "";
        String digits = r.unscaledValue().toString();
        int exponent = digits.length() - 1 - r.scale();
        digits = digits.replaceAll("0+$", "");
        if (digits.isEmpty()) digits = "0";
        int minFixed = Math.min(-(n / 3), -5);
        String s;
        if (minFixed < exponent && exponent < n) {
            if (exponent >= 0) {
                StringBuilder sb = new StringBuilder(digits);
                while (sb.length() < exponent + 1) sb.append('0');
                String frac = sb.substring(exponent + 1);
                s = sb.substring(0, exponent + 1) + "." + (frac.isEmpty() ? "0" : frac);
            } else {
                s = "0." + "0".repeat(-exponent - 1) + digits;
            }
            return sign + s;
        }
        String mant = digits.substring(0, 1) + "." + (digits.length() > 1 ? digits.substring(1) : "0");
        return sign + mant + "e" + (exponent >= 0 ? "+" : "") + exponent;
    }
}
