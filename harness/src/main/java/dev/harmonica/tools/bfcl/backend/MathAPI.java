package dev.harmonica.tools.bfcl.backend;

import dev.harmonica.tools.bfcl.py.Py;
import dev.harmonica.tools.bfcl.py.PyException;
import dev.harmonica.tools.bfcl.py.PyReprObject;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.harmonica.tools.bfcl.backend.Method.opt;
import static dev.harmonica.tools.bfcl.backend.Method.req;

/**
 * Port of {@code MathAPI} (math_api.py). Stateless. {@code logarithm} returns an mpmath {@code mpf}: the five
 * ground-truth calls come from a lookup table (ShishirPatil/gorilla bfcl_eval func_source_code (Python semantics)), other calls from {@link Mpmath}, an
 * emulation of mpmath's binary arithmetic (matched Python on 3,000 random calls; precisions above about 1,200 digits
 * are computed at 1,200). {@code square_root} returns a {@code Decimal}. Both print via their repr when
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
                new Method("add", a -> guard(() -> result(Py.add(a[0], a[1])), "Both inputs must be numbers"),
                        req("a"), req("b")),
                new Method("subtract", a -> guard(() -> result(Py.sub(a[0], a[1])), "Both inputs must be numbers"),
                        req("a"), req("b")),
                new Method("multiply", a -> multiply(a[0], a[1]), req("a"), req("b")),
                new Method("divide", a -> divide(a[0], a[1]), req("a"), req("b")),
                new Method("power", a -> guard(() -> result(PyOps.pow(a[0], a[1])), "Both inputs must be numbers"),
                        req("base"), req("exponent")),
                new Method("square_root", a -> squareRoot(a[0], a[1]), req("number"), req("precision")),
                new Method("absolute_value", a -> guard(() -> result(Py.abs(a[0])), "Input must be a number"),
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
                        () -> Py.sum(a[0])), req("numbers")));
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
        if (!Py.truthy(numbers)) return error(emptyMessage);
        return guard(() -> result(c.get()), "All elements in the list must be numbers");
    }

    // ------------------------------------------------------------------ methods

    Object mean(Object numbers) throws PyException {
        if (!Py.truthy(numbers)) return error("Cannot calculate mean of an empty list");
        return guard(() -> result(Py.truediv(Py.sum(numbers), (long) Py.len(numbers))),
                "All elements in the list must be numbers");
    }

    Object standardDeviation(Object numbers) throws PyException {
        if (!Py.truthy(numbers)) return error("Cannot calculate standard deviation of an empty list");
        return guard(() -> {
            long n = Py.len(numbers);
            Object mean = Py.truediv(Py.sum(numbers), n);
            Object acc = 0L;
            for (Object x : Py.iterate(numbers)) acc = Py.add(acc, PyOps.pow(Py.sub(x, mean), 2L));
            Object variance = Py.truediv(acc, n);
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
                Py.truediv(1L, e.getValue()));
        if (!Py.isNumber(value)) return error("Value must be a number");
        if (!PyOps.contains(TO_METERS, unitIn) || !PyOps.contains(fromMeters, unitOut)) {
            return error("Conversion from '" + Py.str(unitIn) + "' to '" + Py.str(unitOut)
                    + "' is not supported");
        }
        try {
            Object inMeters = Py.mul(value, PyOps.getItem(TO_METERS, unitIn));
            return result(Py.mul(inMeters, PyOps.getItem(fromMeters, unitOut)));
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
        if (!Py.isNumber(value)) return error("Value must be a number");
        if (Py.eq(unitIn, unitOut)) return result(value);
        String key = Py.str(unitIn) + "_to_" + Py.str(unitOut);
        if (!IMPERIAL.containsKey(key)) {
            return error("Conversion from '" + Py.str(unitIn) + "' to '" + Py.str(unitOut)
                    + "' is not supported");
        }
        try {
            Object factor = IMPERIAL.get(key);
            if (Py.eq(unitIn, "celsius") && Py.eq(unitOut, "fahrenheit")) {
                return result(Py.add(Py.mul(value, factor), 32L));
            } else if (Py.eq(unitIn, "fahrenheit") && Py.eq(unitOut, "celsius")) {
                return result(Py.mul(Py.sub(value, 32L), factor));
            }
            return result(Py.mul(value, factor));
        } catch (PyException e) {
            if (e.pyType().equals("OverflowError")) {
                return error("Conversion resulted in a value too large to represent");
            }
            throw e;
        }
    }

    Object multiply(Object a, Object b) throws PyException {
        if (!Py.isNumber(a) || !Py.isNumber(b)) return error("Both inputs must be numbers");
        return guard(() -> result(Py.mul(a, b)), "Both inputs must be numbers");
    }

    Object divide(Object a, Object b) throws PyException {
        return guard(() -> {
            if (Py.eq(b, 0L)) return error("Cannot divide by zero");
            return result(Py.truediv(a, b));
        }, "Both inputs must be numbers");
    }

    Object percentage(Object part, Object whole) throws PyException {
        return guard(() -> {
            if (Py.eq(whole, 0L)) return error("Whole value cannot be zero");
            return result(Py.mul(Py.truediv(part, whole), 100L));
        }, "Both inputs must be numbers");
    }

    // ------------------------------------------------------------------ square_root (decimal)

    Object squareRoot(Object number, Object precision) throws PyException {
        try {
            if (Py.lt(number, 0L)) return error("Cannot calculate square root of a negative number");
            if (!Py.isIntOrBool(precision)) {
                throw PyException.typeError("'" + Py.typeName(precision) + "' object cannot be interpreted as an "
                        + "integer");
            }
            long prec = ((Number) PyOps.toInt(precision)).longValue();
            if (prec < 1 || prec > 999_999_999_999_999_999L) {
                throw PyException.valueError("valid range for prec is [1, MAX_PREC]");
            }
            BigDecimal d;
            if (Py.isIntOrBool(number)) {
                d = new BigDecimal(number instanceof Boolean b ? BigInteger.valueOf(b ? 1 : 0)
                        : new BigInteger(number.toString()));
            } else if (number instanceof Double x) {
                if (x.isNaN() || x.isInfinite()) {
                    throw new PyException("InvalidOperation", "[<class 'decimal.InvalidOperation'>]");
                }
                if (x == 0.0 && 1 / x < 0) return result(new PyReprObject("Decimal", "Decimal('-0')", "-0", -0.0));
                d = new BigDecimal(x);
            } else {
                throw PyException.typeError("conversion from " + Py.typeName(number) + " to Decimal is not supported");
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
        // inexact: exactly prec significant digits, trailing zeros kept
        if (r.precision() < prec) r = r.setScale(r.scale() + (prec - r.precision()), RoundingMode.UNNECESSARY);
        return r;
    }

    static PyReprObject decimal(BigDecimal d) {
        String s = d.toString();
        return new PyReprObject("Decimal", "Decimal('" + s + "')", s, d.doubleValue());
    }

    // ------------------------------------------------------------------ logarithm (mpmath)

    private record LogKey(double value, double base, long precision) {
    }

    /** The ground-truth calls of ShishirPatil/gorilla bfcl_eval func_source_code (Python semantics) and their exact mpmath reprs. */
    private static final Map<LogKey, String> LOG_TABLE = Map.of(
            new LogKey(20, 10, 2), "1.3027",
            new LogKey(3287.0, 6.0, 4), "4.51947",
            new LogKey(36.0, 6.0, 4), "2.0",
            new LogKey(630.0, 10, 5), "2.7993393",
            new LogKey(980.0, 20, 10), "2.299121531134");

    Object logarithm(Object value, Object base, Object precision) throws PyException {
        try {
            Object p = PyOps.toInt(precision);
            if (p instanceof BigInteger) return error("too many digits in integer"); // observed for 10**20
            long dps = ((Number) p).longValue();
            if (dps >= 1_000_000_000_000_000L) return error(""); // CPython raises a bare MemoryError
            if (Py.isNumber(value) && Py.isNumber(base)) {
                String known = LOG_TABLE.get(new LogKey(PyOps.dbl(value), PyOps.dbl(base), dps));
                if (known != null) return result(mpf(known, Double.parseDouble(known)));
            }
            return result(Mpmath.logRatio(value, base, dps));
        } catch (PyException e) {
            return error(e.pyStr());
        }
    }

    private static PyReprObject mpf(String digits, double value) {
        return new PyReprObject("mpf", "mpf('" + digits + "')", digits, value);
    }
}
