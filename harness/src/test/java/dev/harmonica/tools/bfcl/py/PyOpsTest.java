package dev.harmonica.tools.bfcl.py;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

import static dev.harmonica.tools.bfcl.py.Py.dict;
import static dev.harmonica.tools.bfcl.py.Py.list;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Python semantics of {@link Py} against CPython 3.11 results (ops_vectors.json was produced by CPython). */
class PyOpsTest {
    interface Expr {
        Object eval() throws PyException;
    }

    private static final Map<String, Expr> EXPRS = new LinkedHashMap<>();

    static {
        EXPRS.put("1+'a'", () -> Py.add(1L, "a"));
        EXPRS.put("'a'+1", () -> Py.add("a", 1L));
        EXPRS.put("[1]+'a'", () -> Py.add(list(1L), "a"));
        EXPRS.put("None+1", () -> Py.add(null, 1L));
        EXPRS.put("'a'-1", () -> Py.sub("a", 1L));
        EXPRS.put("'a'*'b'", () -> Py.mul("a", "b"));
        EXPRS.put("'a'*1.5", () -> Py.mul("a", 1.5));
        EXPRS.put("1/0", () -> Py.truediv(1L, 0L));
        EXPRS.put("1.0/0", () -> Py.truediv(1.0, 0L));
        EXPRS.put("1//0", () -> Py.floordiv(1L, 0L));
        EXPRS.put("1%0", () -> Py.mod(1L, 0L));
        EXPRS.put("1.0//0", () -> Py.floordiv(1.0, 0L));
        EXPRS.put("1.0%0", () -> Py.mod(1.0, 0L));
        EXPRS.put("'a'<1", () -> Py.lt("a", 1L));
        EXPRS.put("[1]<'a'", () -> Py.lt(list(1L), "a"));
        EXPRS.put("int('abc')", () -> Py.toInt("abc"));
        EXPRS.put("int(None)", () -> Py.toInt(null));
        EXPRS.put("float('x')", () -> Py.toFloat("x"));
        EXPRS.put("float(None)", () -> Py.toFloat(null));
        EXPRS.put("len(5)", () -> Py.len(5L));
        EXPRS.put("1 in 'abc'", () -> Py.contains("abc", 1L));
        EXPRS.put("'x' in 5", () -> Py.contains(5L, "x"));
        EXPRS.put("round(2.5)", () -> Py.round(2.5));
        EXPRS.put("round(3.5)", () -> Py.round(3.5));
        EXPRS.put("round(2.675,2)", () -> Py.round(2.675, 2L));
        EXPRS.put("7//-2", () -> Py.floordiv(7L, -2L));
        EXPRS.put("-7%3", () -> Py.mod(-7L, 3L));
        EXPRS.put("7.5//2", () -> Py.floordiv(7.5, 2L));
        EXPRS.put("-7.5%2", () -> Py.mod(-7.5, 2L));
        EXPRS.put("2**-1", () -> Py.pow(2L, -1L));
        EXPRS.put("2**100", () -> Py.pow(2L, 100L));
        EXPRS.put("10/4", () -> Py.truediv(10L, 4L));
        EXPRS.put("None['a']", () -> Py.getItem(null, "a"));
        EXPRS.put("[1][5]", () -> Py.getItem(list(1L), 5L));
        EXPRS.put("{}['id']", () -> Py.getItem(dict(), "id"));
        EXPRS.put("[1]['a']", () -> Py.getItem(list(1L), "a"));
        EXPRS.put("'abc'['x']", () -> Py.getItem("abc", "x"));
        EXPRS.put("-(True)", () -> Py.neg(true));
        EXPRS.put("abs(-3)", () -> Py.abs(-3L));
        EXPRS.put("round(1234, -2)", () -> Py.round(1234L, -2L));
        EXPRS.put("round(1250,-2)", () -> Py.round(1250L, -2L));
        EXPRS.put("'a b\\t c\\n'.split()", () -> Py.split("a b\t c\n"));
        EXPRS.put("'a\\r\\nb\\nc\\x0bd'.splitlines()", () -> Py.splitlines("a\r\nb\nc\u000bd"));
        EXPRS.put("','.join([1])", () -> Py.join(",", list(1L)));
        EXPRS.put("sorted([3,'a'])", () -> Py.sorted(list(3L, "a")));
        EXPRS.put("max([])", () -> Py.max(list()));
        EXPRS.put("int(' 42 ')", () -> Py.toInt(" 42 "));
        EXPRS.put("int('1_000')", () -> Py.toInt("1_000"));
        EXPRS.put("float(' 1e5 ')", () -> Py.toFloat(" 1e5 "));
        EXPRS.put("float('1_0.5')", () -> Py.toFloat("1_0.5"));
        EXPRS.put("int(3.99)", () -> Py.toInt(3.99));
        EXPRS.put("int(-3.99)", () -> Py.toInt(-3.99));
        EXPRS.put("0.0**-1", () -> Py.pow(0.0, -1L));
        EXPRS.put("round(float('inf'))", () -> Py.round(Double.POSITIVE_INFINITY));
    }

    @Test
    void operationsMatchCPythonResultsAndErrorMessages() throws Exception {
        JsonNode cases = new ObjectMapper().readTree(getClass().getResourceAsStream("ops_vectors.json"));
        List<String> failures = new ArrayList<>();
        for (JsonNode c : cases) {
            String expr = c.get("expr").asText();
            Expr e = EXPRS.get(expr);
            assertThat(e).as("test has an expression for %s", expr).isNotNull();
            String actual;
            try {
                actual = "ok " + Py.repr(e.eval());
            } catch (PyException ex) {
                actual = ex.pyType() + ": " + ex.pyStr();
            }
            String expected = c.get("ok").asBoolean() ? "ok " + c.get("repr").asText()
                    : c.get("type").asText() + ": " + c.get("msg").asText();
            if (!expected.equals(actual)) failures.add(expr + ": expected <" + expected + "> got <" + actual + ">");
        }
        assertThat(failures).isEmpty();
    }

    @Test
    void reprStrAndJsonDumpsMatchCPython() throws PyException {
        assertThat(Py.repr(null)).isEqualTo("None");
        assertThat(Py.repr("it's")).isEqualTo("\"it's\"");
        assertThat(Py.repr("both ' and \"")).isEqualTo("'both \\' and \"'");
        assertThat(Py.repr("tab\there\nnl\u0001\u007f")).isEqualTo("'tab\\there\\nnl\\x01\\x7f'");
        assertThat(Py.repr("José 日本 \uD83D\uDE00")).isEqualTo("'José 日本 \uD83D\uDE00'");
        assertThat(Py.repr("\u200b\u00a0")).isEqualTo("'\\u200b\\xa0'");
        assertThat(Py.jsonDumps("José \uD83D\uDE00")).isEqualTo("\"Jos\\u00e9 \\ud83d\\ude00\"");
        assertThat(Py.jsonDumps("tab\there\u0001\u007f")).isEqualTo("\"tab\\there\\u0001\\u007f\"");
        assertThat(Py.repr(list(1L, 2.5, "a", null, true))).isEqualTo("[1, 2.5, 'a', None, True]");
        assertThat(Py.repr(Py.tuple(1L))).isEqualTo("(1,)");
        assertThat(Py.repr(Py.tuple())).isEqualTo("()");
        assertThat(Py.jsonDumps(Py.tuple(1L, "a"))).isEqualTo("[1, \"a\"]");
        LinkedHashMap<Object, Object> d = dict("a", 1L, 2L, "b", 1.5, null);
        assertThat(Py.repr(d)).isEqualTo("{'a': 1, 2: 'b', 1.5: None}");
        assertThat(Py.jsonDumps(d)).isEqualTo("{\"a\": 1, \"2\": \"b\", \"1.5\": null}");
        assertThat(Py.repr(new LinkedHashSet<>())).isEqualTo("set()");
        assertThatThrownBy(() -> Py.jsonDumps(new LinkedHashSet<>()))
                .hasMessage("TypeError: Object of type set is not JSON serializable");
        Object floats = dict("x", list(1e-7, -0.0, 1e16, 123.0));
        assertThat(Py.repr(floats)).isEqualTo("{'x': [1e-07, -0.0, 1e+16, 123.0]}");
        assertThat(Py.jsonDumps(floats)).isEqualTo("{\"x\": [1e-07, -0.0, 1e+16, 123.0]}");
        assertThat(Py.jsonDumps(dict(true, 1L, null, 2L))).isEqualTo("{\"true\": 1, \"null\": 2}");
        assertThat(Py.jsonDumps(dict())).isEqualTo("{}");
        PyReprObject mpf = new PyReprObject("mpf", "mpf('2.0')", "2.0", 2.0);
        assertThatThrownBy(() -> Py.jsonDumps(dict("result", mpf)))
                .hasMessage("TypeError: Object of type mpf is not JSON serializable");
        assertThat(Py.str(dict("result", mpf))).isEqualTo("{'result': mpf('2.0')}");
        assertThat(Py.str(list("RMS", Py.ELLIPSIS))).isEqualTo("['RMS', Ellipsis]");
        assertThat(Py.str("x")).isEqualTo("x");
        assertThat(Py.str(true)).isEqualTo("True");
    }

    @Test
    void equalityIsPythons() {
        assertThat(Py.eq(1L, 1.0)).isTrue();
        assertThat(Py.eq(true, 1L)).isTrue();
        assertThat(Py.eq(1.0, true)).isTrue();
        assertThat(Py.eq(1, 1L)).isTrue();
        assertThat(Py.eq(0.1, 0L)).isFalse();
        assertThat(Py.eq(9007199254740993L, 9007199254740992.0)).isFalse();
        assertThat(Py.eq(list(1L, 2L), list(1.0, 2L))).isTrue();
        assertThat(Py.eq(list(1L), Py.tuple(1L))).isFalse();
        assertThat(Py.eq(dict("a", list(1L)), dict("a", list(1.0)))).isTrue();
        assertThat(Py.eq(dict(1L, "x"), dict(1.0, "x"))).isTrue();
        assertThat(Py.eq(dict("a", 1L, "b", 2L), dict("b", 2L, "a", 1L))).isTrue();
        assertThat(Py.eq(new LinkedHashSet<>(List.of(1L, 2L)), new LinkedHashSet<>(List.of(2.0, 1L)))).isTrue();
        assertThat(Py.eq(Double.NaN, Double.NaN)).isFalse();
        assertThat(Py.eq(null, null)).isTrue();
        assertThat(Py.eq("a", "a")).isTrue();
        assertThat(Py.eq("1", 1L)).isFalse();
    }

    @Test
    void typeNamesTruthAndCopies() throws Exception {
        assertThat(Py.typeName(null)).isEqualTo("NoneType");
        assertThat(Py.typeName(true)).isEqualTo("bool");
        assertThat(Py.typeName(3L)).isEqualTo("int");
        assertThat(Py.typeName(3.0)).isEqualTo("float");
        assertThat(Py.typeName(list())).isEqualTo("list");
        assertThat(Py.typeName(dict())).isEqualTo("dict");
        assertThat(Py.typeName(Py.tuple())).isEqualTo("tuple");
        assertThat(Py.truthy(0.0)).isFalse();
        assertThat(Py.truthy("")).isFalse();
        assertThat(Py.truthy(list())).isFalse();
        assertThat(Py.truthy(dict("a", null))).isTrue();
        ObjectMapper om = new ObjectMapper();
        Object v = Py.fromJson(om.readTree("{\"a\": 5, \"b\": 5.0, \"c\": true, \"d\": null, \"e\": [1e5], "
                + "\"f\": 123456789012345678901234567890}"));
        assertThat(Py.repr(v)).isEqualTo("{'a': 5, 'b': 5.0, 'c': True, 'd': None, 'e': [100000.0], "
                + "'f': 123456789012345678901234567890}");
        assertThat(Py.fromJsonConstants(om.readTree("[\"A\", {\"__python__\": \"Ellipsis\"}]")))
                .isEqualTo(list("A", Py.ELLIPSIS));
        @SuppressWarnings("unchecked")
        LinkedHashMap<Object, Object> orig = (LinkedHashMap<Object, Object>) v;
        ArrayList<Object> shared = list(1L);
        orig.put("s1", shared);
        orig.put("s2", shared);
        @SuppressWarnings("unchecked")
        LinkedHashMap<Object, Object> copy = (LinkedHashMap<Object, Object>) Py.deepCopy(orig);
        assertThat(Py.eq(copy, orig)).isTrue();
        assertThat(copy.get("s1")).isNotSameAs(shared).isSameAs(copy.get("s2"));
    }

    @Test
    void stringsSortingAndAggregates() throws PyException {
        assertThat(Py.split("  a\u00a0b \u3000c ")).containsExactly("a", "b", "c");
        assertThat(Py.split("a,,b", ",")).containsExactly("a", "", "b");
        assertThat(Py.split("a b c", null, 1)).containsExactly("a", "b c");
        assertThat(Py.split("a,b,c", ",", 1)).containsExactly("a", "b,c");
        assertThatThrownBy(() -> Py.split("a", "")).hasMessage("ValueError: empty separator");
        assertThat(Py.splitlines("a\nb\n")).containsExactly("a", "b");
        assertThat(Py.splitlines("a\r\nb", true)).containsExactly("a\r\n", "b");
        assertThat(Py.splitlines("")).isEmpty();
        assertThat(Py.strip(" \t x \n")).isEqualTo("x");
        assertThat(Py.strip("xxaxx", "x")).isEqualTo("a");
        assertThat(Py.sorted(list("b", "B", "a", "\uD83D\uDE00", "\uFFFD"))).containsExactly("B", "a", "b", "\uFFFD",
                "\uD83D\uDE00");
        assertThat(Py.sorted(list(3L, 1.5, true), true)).containsExactly(3L, 1.5, true);
        assertThat(Py.sorted(list(Py.tuple(2L, "a"), Py.tuple(1L, "z")))).containsExactly(Py.tuple(1L, "z"),
                Py.tuple(2L, "a"));
        assertThat(Py.max(list(1L, 3L, 3.0))).isEqualTo(3L);
        assertThat(Py.sum(list(1L, 2L))).isEqualTo(3L);
        assertThat(Py.sum(list(0.1, 0.2, 0.3))).isEqualTo(0.6000000000000001);
        assertThat(Py.sumCompensated(list(0.1, 0.2, 0.3))).isEqualTo(0.6);
        assertThat(Py.len("\uD83D\uDE00a")).isEqualTo(2L);
        assertThat(Py.lt(Double.NaN, 1L)).isFalse();
        assertThat(Py.gt(Double.NaN, 1L)).isFalse();
        assertThat(Py.add(Long.MAX_VALUE, 1L)).isEqualTo(new BigInteger("9223372036854775808"));
        assertThat(Py.mul(list(1L), 2L)).isEqualTo(list(1L, 1L));
        assertThat(Py.mul(3L, "ab")).isEqualTo("ababab");
    }

    @Test
    void hugeOperandsRaiseCPythonsErrorsInsteadOfExhaustingTheHeap() throws PyException {
        BigInteger googolish = BigInteger.TEN.pow(400);
        // CPython: 10**400 + 1.0 -> OverflowError: int too large to convert to float (also for -, *, / and %)
        for (Expr e : List.<Expr>of(() -> Py.add(googolish, 1.0), () -> Py.sub(1.0, googolish),
                () -> Py.mul(googolish, 1.5), () -> Py.truediv(1.0, googolish), () -> Py.mod(googolish, 2.0))) {
            assertPyError(e::eval, "OverflowError", "int too large to convert to float");
        }
        // int / int stays exact for big operands
        assertThat(Py.truediv(googolish, googolish)).isEqualTo(1.0);
        // CPython: 'a' * 10**20 -> OverflowError: cannot fit 'int' into an index-sized integer
        assertPyError(() -> Py.mul("a", BigInteger.TEN.pow(20)), "OverflowError",
                "cannot fit 'int' into an index-sized integer");
        // Repetitions far beyond a benchmark's needs are a MemoryError, not an OutOfMemoryError of the harness.
        assertPyError(() -> Py.mul("ab", 4_000_000_000L), "MemoryError", "");
        assertPyError(() -> Py.mul(list(1L, 2L), 1L << 40), "MemoryError", "");
        assertThat(Py.mul("", 1L << 62)).isEqualTo("");
        assertThat(Py.mul(list(), 1L << 62)).isEqualTo(List.of());
        assertThat(Py.mul(Py.tuple(1L), 3L)).isEqualTo(Py.tuple(1L, 1L, 1L));
        assertThat(Py.mul(-2L, "ab")).isEqualTo("");
    }

    private static void assertPyError(Expr e, String type, String strPart) {
        assertThatThrownBy(e::eval).isInstanceOfSatisfying(PyException.class, x -> {
            assertThat(x.pyType()).isEqualTo(type);
            assertThat(x.pyStr()).contains(strPart);
        });
    }
}
