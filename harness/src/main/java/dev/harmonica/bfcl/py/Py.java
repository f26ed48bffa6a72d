package dev.harmonica.bfcl.py;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Python values as plain Java objects, and Python's operations on them (reference: bfcl-multi-turn.md §6).
 *
 * <p>Representation (the contract every BFCL class relies on):
 * <ul>
 *   <li>None → {@code null}; bool → {@link Boolean}; int → {@link Long} (or {@link java.math.BigInteger} beyond
 *       64 bits); float → {@link Double}; str → {@link String}</li>
 *   <li>list → {@link java.util.ArrayList} (mutable); tuple → {@link PyTuple}; dict → {@link java.util.LinkedHashMap}
 *       (insertion order, like Python 3.7+); set → {@link java.util.LinkedHashSet}</li>
 *   <li>objects with a custom repr (mpmath {@code mpf}, {@code Decimal}, datetime) → {@link PyReprObject}</li>
 * </ul>
 * Owned by the BFCL core work; bodies are filled in there.
 */
public final class Py {
    private Py() {
    }

    /** {@code repr(v)}. */
    public static String repr(Object v) {
        throw new UnsupportedOperationException("Py.repr not implemented yet");
    }

    /** {@code str(v)}. */
    public static String str(Object v) {
        throw new UnsupportedOperationException("Py.str not implemented yet");
    }

    /** {@code json.dumps(v)} with default settings; throws {@code TypeError} for values JSON cannot encode. */
    public static String jsonDumps(Object v) throws PyException {
        throw new UnsupportedOperationException("Py.jsonDumps not implemented yet");
    }

    /** Python {@code a == b} ({@code 1 == 1.0 == True}, deep for containers). */
    public static boolean eq(Object a, Object b) {
        throw new UnsupportedOperationException("Py.eq not implemented yet");
    }

    /** {@code type(v).__name__}: {@code int}, {@code str}, {@code NoneType}, … */
    public static String typeName(Object v) {
        throw new UnsupportedOperationException("Py.typeName not implemented yet");
    }

    /** Python truthiness. */
    public static boolean truthy(Object v) {
        throw new UnsupportedOperationException("Py.truthy not implemented yet");
    }

    /** A JSON value as a Python value ({@code json.loads}): integers stay int, decimals become float. */
    public static Object fromJson(JsonNode node) {
        throw new UnsupportedOperationException("Py.fromJson not implemented yet");
    }

    /** A deep copy ({@code copy.deepcopy}) of a Python value. */
    public static Object deepCopy(Object v) {
        throw new UnsupportedOperationException("Py.deepCopy not implemented yet");
    }
}
