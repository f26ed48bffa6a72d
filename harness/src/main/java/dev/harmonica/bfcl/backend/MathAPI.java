package dev.harmonica.bfcl.backend;

import dev.harmonica.bfcl.py.PyException;
import dev.harmonica.bfcl.py.PyReprObject;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.harmonica.bfcl.backend.Method.opt;
import static dev.harmonica.bfcl.backend.Method.req;

/**
 * Port of {@code MathAPI} (math_api.py). Stateless. {@code logarithm} returns an mpmath {@code mpf}: the five
 * ground-truth calls come from a lookup table (bfcl-multi-turn.md §6.4), other calls from a binary-precision
 * emulation of mpmath (best effort). {@code square_root} returns a {@code Decimal}. Both print via their repr when
 * the result dict is stringified.
 */
public final class MathAPI implements BfclClass {
    private final List<PyMethod> methods;

    MathAPI() {
        methods = List.of(
                new Method("logarithm", a -> logarithm(a[0], a[1], a[2]), req("value"), req("base"), req("precision")),
                new Method("mean", a -> mean(a[0]), req("numbers")),
                new Method("standard_deviation", a -> standardDeviation(a[0]), req("numbers")),
                new Method("si_unit_conversion", a -> siUnitConversion(a[0], a[1], a[2]), req("value"), req("unit_in"),
                        req("unit_out")),
                new Method("imperial_si_conversion", a -> imperialSiConversion(a[0], a[1], a[2]), req("value"),
                        req("unit_in"), req("unit_out")),
                new Method("add", a -> guard(() -> result(PyOps.add(a[0], a[1])), "Both inputs must be numbers"),
                        req("a"), req("b")),
                new Method("subtract", a -> guard(() -> result(PyOps.sub(a[0], a[1])), "Both inputs must be numbers"),
                        req("a"), req("b")),
                new Method("multiply", a -> multiply(a[0], a[1]), req("a"), req("b")),
                new Method("divide", a -> divide(a[0], a[1]), req("a"), req("b")),
                new Method("power", a -> guard(() -> result(PyOps.pow(a[0], a[1])), "Both inputs must be numbers"),
                        req("base"), req("exponent")),
                new Method("square_root", a -> squareRoot(a[0], a[1]), req("number"), req("precision")),
                new Method("absolute_value", a -> guard(() -> result(PyOps.abs(a[0])), "Input must be a number"),
                        req("number")),
                new Method("round_number", a -> guard(() -> result(PyOps.round(a[0], a[1])),
                        "First input must be a number, second input must be an integer"),
                        req("number"), opt("decimal_places", 0L)),
                new Method("percentage", a -> percentage(a[0], a[1]), req("part"), req("whole")),
                new Method("min_value", a -> listOp(a[0], "Cannot find minimum of an empty list",
                        () -> PyOps.minMax(a[0], false)), req("numbers")),
                new Method("max_value", a -> listOp(a[0], "Cannot find maximum of an empty list",
                        () -> PyOps.minMax(a[0], true)), req("numbers")),
                new Method("sum_values", a -> listOp(a[0], "Cannot calculate sum of an empty list",
                        () -> PyOps.sum(a[0])), req("numbers")));
    }

    @Override
    public String className() {
        return "MathAPI";
    }

    /** Stateless: BFCL never calls {@code _load_scenario} for MathAPI; accepted and ignored here. */
    @Override
    public void loadScenario(Map<String, Object> config, boolean longContext) {
    }

    @Override
    public List<PyMethod> methods() {
        return methods;
    }

    @Override
    public LinkedHashMap<String, Object> publicState() {
        return new LinkedHashMap<>();
    }

    // ------------------------------------------------------------------ helpers

    private interface Calc {
        Object get() throws PyException;
    }

    private static Map<Object, Object> result(Object v) {
        LinkedHashMap<Object, Object> m = new LinkedHashMap<>();
        m.put("result", v);
        return m;
    }

    private static Map<Object, Object> error(String msg) {
        LinkedHashMap<Object, Object> m = new LinkedHashMap<>();
        m.put("error", msg);
        return m;
    }

    /** {@code try: … except TypeError: return {"error": msg}}. */
    private static Object guard(Calc c, String typeErrorMessage) throws PyException {
        try {
            return c.get();
        } catch (PyException e) {
            if (e.pyType().equals("TypeError")) return error(typeErrorMessage);
            throw e;
        }
    }

    /** {@code if not numbers: error; try: result(f(numbers)) except TypeError: "All elements …"}. */
    private static Object listOp(Object numbers, String emptyMessage, Calc c) throws PyException {
        if (!PyOps.truthy(numbers)) return error(emptyMessage);
        return guard(() -> result(c.get()), "All elements in the list must be numbers");
    }

    // ------------------------------------------------------------------ methods

    Object mean(Object numbers) throws PyException {
        if (!PyOps.truthy(numbers)) return error("Cannot calculate mean of an empty list");
        return guard(() -> result(PyOps.truediv(PyOps.sum(numbers), (long) PyOps.len(numbers))),
                "All elements in the list must be numbers");
    }

    Object standardDeviation(Object numbers) throws PyException {
        if (!PyOps.truthy(numbers)) return error("Cannot calculate standard deviation of an empty list");
        return guard(() -> {
            long n = PyOps.len(numbers);
            Object mean = PyOps.truediv(PyOps.sum(numbers), n);
            Object acc = 0L;
            for (Object x : PyOps.iterate(numbers)) acc = PyOps.add(acc, PyOps.pow(PyOps.sub(x, mean), 2L));
            Object variance = PyOps.truediv(acc, n);
            double v = PyOps.toFloat(variance);
            if (v < 0) throw PyException.valueError("math domain error");
            return result(Math.sqrt(v));
        }, "All elements in the list must be numbers");
    }

    private static final Map<String, Object> TO_METERS = new LinkedHashMap<>();

    static {
        TO_METERS.put("km", 1000L);
        TO_METERS.put("m", 1L);
        TO_METERS.put("cm", 0.01);
        TO_METERS.put("mm", 0.001);
        TO_METERS.put("um", 1e-6);
        TO_METERS.put("nm", 1e-9);
    }

    Object siUnitConversion(Object value, Object unitIn, Object unitOut) throws PyException {
        Map<Object, Object> fromMeters = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : TO_METERS.entrySet()) fromMeters.put(e.getKey(),
                PyOps.truediv(1L, e.getValue()));
        if (!PyOps.isIntOrFloat(value)) return error("Value must be a number");
        if (!PyOps.contains(TO_METERS, unitIn) || !PyOps.contains(fromMeters, unitOut)) {
            return error("Conversion from '" + PyOps.str(unitIn) + "' to '" + PyOps.str(unitOut)
                    + "' is not supported");
        }
        try {
            Object inMeters = PyOps.mul(value, PyOps.getItem(TO_METERS, unitIn));
            return result(PyOps.mul(inMeters, PyOps.getItem(fromMeters, unitOut)));
        } catch (PyException e) {
            if (e.pyType().equals("OverflowError")) {
                return error("Conversion resulted in a value too large to represent");
            }
            throw e;
        }
    }

    private static final Map<String, Object> IMPERIAL = new LinkedHashMap<>();

    static {
        IMPERIAL.put("cm_to_in", 0.393701);
        IMPERIAL.put("in_to_cm", 2.54);
        IMPERIAL.put("m_to_ft", 3.28084);
        IMPERIAL.put("ft_to_m", 0.3048);
        IMPERIAL.put("m_to_yd", 1.09361);
        IMPERIAL.put("yd_to_m", 0.9144);
        IMPERIAL.put("km_to_miles", 0.621371);
        IMPERIAL.put("miles_to_km", 1.60934);
        IMPERIAL.put("kg_to_lb", 2.20462);
        IMPERIAL.put("lb_to_kg", 0.453592);
        IMPERIAL.put("celsius_to_fahrenheit", 1.8);
        IMPERIAL.put("fahrenheit_to_celsius", 5.0 / 9.0);
    }

    Object imperialSiConversion(Object value, Object unitIn, Object unitOut) throws PyException {
        if (!PyOps.isIntOrFloat(value)) return error("Value must be a number");
        if (PyOps.eq(unitIn, unitOut)) return result(value);
        String key = PyOps.str(unitIn) + "_to_" + PyOps.str(unitOut);
        if (!IMPERIAL.containsKey(key)) {
            return error("Conversion from '" + PyOps.str(unitIn) + "' to '" + PyOps.str(unitOut)
                    + "' is not supported");
        }
        try {
            Object factor = IMPERIAL.get(key);
            if (PyOps.eq(unitIn, "celsius") && PyOps.eq(unitOut, "fahrenheit")) {
                return result(PyOps.add(PyOps.mul(value, factor), 32L));
            } else if (PyOps.eq(unitIn, "fahrenheit") && PyOps.eq(unitOut, "celsius")) {
                return result(PyOps.mul(PyOps.sub(value, 32L), factor));
            }
            return result(PyOps.mul(value, factor));
        } catch (PyException e) {
            if (e.pyType().equals("OverflowError")) {
                return error("Conversion resulted in a value too large to represent");
            }
            throw e;
        }
    }

    Object multiply(Object a, Object b) throws PyException {
        if (!PyOps.isIntOrFloat(a) || !PyOps.isIntOrFloat(b)) return error("Both inputs must be numbers");
        return guard(() -> result(PyOps.mul(a, b)), "Both inputs must be numbers");
    }

    Object divide(Object a, Object b) throws PyException {
        return guard(() -> {
            if (PyOps.eq(b, 0L)) return error("Cannot divide by zero");
            return result(PyOps.truediv(a, b));
        }, "Both inputs must be numbers");
    }

    Object percentage(Object part, Object whole) throws PyException {
        return guard(() -> {
            if (PyOps.eq(whole, 0L)) return error("Whole value cannot be zero");
            return result(PyOps.mul(PyOps.truediv(part, whole), 100L));
        }, "Both inputs must be numbers");
    }

    // ------------------------------------------------------------------ square_root (decimal)

    Object squareRoot(Object number, Object precision) throws PyException {
        try {
            if (PyOps.lt(number, 0L)) return error("Cannot calculate square root of a negative number");
            if (!PyOps.isInt(precision)) {
                throw PyException.typeError("'" + PyOps.typeName(precision) + "' object cannot be interpreted as an "
                        + "integer");
            }
            long prec = ((Number) PyOps.toInt(precision)).longValue();
            if (prec < 1 || prec > 999_999_999_999_999_999L) {
                throw PyException.valueError("valid range for prec is [1, MAX_PREC]");
            }
            BigDecimal d;
            if (PyOps.isInt(number)) {
                d = new BigDecimal(number instanceof Boolean b ? BigInteger.valueOf(b ? 1 : 0)
                        : new BigInteger(number.toString()));
            } else if (number instanceof Double x) {
                if (x.isNaN() || x.isInfinite()) {
                    throw new PyException("InvalidOperation", "[<class 'decimal.InvalidOperation'>]");
                }
                if (x == 0.0 && 1 / x < 0) return result(new PyReprObject("Decimal", "Decimal('-0')", "-0", -0.0));
                d = new BigDecimal(x);
            } else {
                throw PyException.typeError("conversion from " + PyOps.typeName(number) + " to Decimal is not supported");
            }
            return result(decimal(decimalSqrt(d, (int) Math.min(prec, 1_000_000))));
        } catch (PyException e) {
            if (e.pyType().equals("TypeError") || e.pyType().equals("InvalidOperation")) {
                return error("Input must be a number or computation resulted in an invalid operation");
            }
            throw e;
        }
    }

    /** {@code Decimal.sqrt()} under a context of {@code prec} digits, ROUND_HALF_EVEN, with the ideal exponent. */
    static BigDecimal decimalSqrt(BigDecimal d, int prec) {
        int idealExp = Math.floorDiv(-d.scale(), 2);
        if (d.signum() == 0) return BigDecimal.ZERO.setScale(-idealExp);
        BigDecimal r = d.sqrt(new MathContext(prec, RoundingMode.HALF_EVEN));
        if (r.multiply(r).compareTo(d) == 0) {
            // exact: use the exponent closest to the ideal one that keeps the value and fits in prec digits
            BigDecimal s = r.stripTrailingZeros();
            if (-s.scale() > idealExp) {
                int target = -idealExp;
                BigDecimal widened = s.setScale(target, RoundingMode.UNNECESSARY);
                if (widened.precision() <= prec) return widened;
                return s.setScale(s.scale() + (prec - s.precision()), RoundingMode.UNNECESSARY);
            }
            return s;
        }
        return r;
    }

    static PyReprObject decimal(BigDecimal d) {
        String s = d.toString();
        return new PyReprObject("Decimal", "Decimal('" + s + "')", s, d.doubleValue());
    }

    // ------------------------------------------------------------------ logarithm (mpmath)

    private record LogKey(double value, double base, long precision) {
    }

    /** The ground-truth calls of bfcl-multi-turn.md §6.4 and their exact mpmath reprs. */
    private static final Map<LogKey, String> LOG_TABLE = Map.of(
            new LogKey(20, 10, 2), "1.3027",
            new LogKey(3287.0, 6.0, 4), "4.51947",
            new LogKey(36.0, 6.0, 4), "2.0",
            new LogKey(630.0, 10, 5), "2.7993393",
            new LogKey(980.0, 20, 10), "2.299121531134");

    Object logarithm(Object value, Object base, Object precision) throws PyException {
        try {
            long dps = ((Number) PyOps.toInt(precision)).longValue();
            long prec = Math.max(1, Math.round((dps + 1) * 3.3219280948873626));
            double v = mpfValue(value);
            double b = mpfValue(base);
            if (PyOps.isNumber(value) && PyOps.isNumber(base)) {
                String known = LOG_TABLE.get(new LogKey(v, b, dps));
                if (known != null) return result(mpf(known, Double.parseDouble(known)));
            }
            if (v < 0 || b < 0) {
                // mpmath returns an mpc for the log of a negative number; not emulated beyond its printed shape
                return result(logComplex(v, b, prec));
            }
            double lv = Math.log(v), lb = Math.log(b);
            if (lb == 0.0) {
                if (lv == 0.0 || Double.isNaN(lv)) throw new PyException("ZeroDivisionError", "");
                throw new PyException("ZeroDivisionError", "");
            }
            double q = roundToBits(roundToBits(lv, prec) / roundToBits(lb, prec), prec);
            return result(mpf(mpfToStr(q, reprDigits(prec)), q));
        } catch (PyException e) {
            return error(e.pyStr());
        }
    }

    private static double mpfValue(Object x) throws PyException {
        if (PyOps.isNumber(x)) return PyOps.dbl(x);
        if (x instanceof String s) {
            try {
                return PyOps.toFloat(s);
            } catch (PyException e) {
                throw PyException.valueError("cannot create mpf from " + PyOps.repr(s));
            }
        }
        throw PyException.typeError("cannot create mpf from " + PyOps.repr(x));
    }

    private static PyReprObject mpf(String digits, double value) {
        return new PyReprObject("mpf", "mpf('" + digits + "')", digits, value);
    }

    private static PyReprObject logComplex(double v, double b, long prec) {
        double re = Math.log(Math.abs(v)), im = v < 0 ? Math.PI : 0.0;
        double bre = Math.log(Math.abs(b)), bim = b < 0 ? Math.PI : 0.0;
        double den = bre * bre + bim * bim;
        double qr = (re * bre + im * bim) / den, qi = (im * bre - re * bim) / den;
        int n = reprDigits(prec);
        String s = "mpc(real='" + mpfToStr(roundToBits(qr, prec), n) + "', imag='"
                + mpfToStr(roundToBits(qi, prec), n) + "')";
        return new PyReprObject("mpc", s, "(" + s + ")", null);
    }

    /** mpmath's {@code repr_dps}: decimal digits printed by {@code repr(mpf)} at a binary precision. */
    static int reprDigits(long prec) {
        return (int) Math.max(1, Math.round(prec / 3.3219280948873626) + 2);
    }

    /** Rounds a double to {@code bits} significant bits (half-even), emulating an mpf at that precision. */
    static double roundToBits(double x, long bits) {
        if (x == 0.0 || !Double.isFinite(x) || bits >= 53) return x;
        BigDecimal exact = new BigDecimal(x);
        int exp = Math.getExponent(x);
        BigDecimal unit = exp - (int) bits + 1 >= 0
                ? new BigDecimal(BigInteger.TWO.pow(exp - (int) bits + 1))
                : BigDecimal.ONE.divide(new BigDecimal(BigInteger.TWO.pow((int) bits - 1 - exp)));
        BigDecimal q = exact.divide(unit).setScale(0, RoundingMode.HALF_EVEN);
        return q.multiply(unit).doubleValue();
    }

    /** mpmath's {@code to_str(x, n)}: n significant digits, trailing zeros stripped, fixed or exponent form. */
    static String mpfToStr(double x, int n) {
        if (Double.isNaN(x)) return "nan";
        if (Double.isInfinite(x)) return x > 0 ? "+inf" : "-inf";
        if (x == 0.0) return "0.0";
        n = Math.min(n, 40);
        // mpmath takes n+3 digits, then rounds the digit string half-up to n digits
        BigDecimal r = new BigDecimal(x).round(new MathContext(n + 3, RoundingMode.HALF_EVEN))
                .round(new MathContext(n, RoundingMode.HALF_UP));
        String sign = r.signum() < 0 ? "-" : "";
        r = r.abs();
        String digits = r.unscaledValue().toString();
        int exponent = digits.length() - 1 - r.scale();
        digits = digits.replaceAll("0+$", "");
        if (digits.isEmpty()) digits = "0";
        int minFixed = Math.min(-(n / 3), -5);
        if (minFixed < exponent && exponent < n) {
            String s;
            if (exponent >= 0) {
                StringBuilder sb = new StringBuilder(digits);
                while (sb.length() < exponent + 1) sb.append('0');
                s = sb.substring(0, exponent + 1) + "." + (sb.length() > exponent + 1 ? sb.substring(exponent + 1) : "0");
            } else {
                s = "0." + "0".repeat(-exponent - 1) + digits;
            }
            return sign + s;
        }
        String mant = digits.substring(0, 1) + "." + (digits.length() > 1 ? digits.substring(1) : "0");
        return sign + mant + "e" + (exponent >= 0 ? "+" : "") + exponent;
    }
}
