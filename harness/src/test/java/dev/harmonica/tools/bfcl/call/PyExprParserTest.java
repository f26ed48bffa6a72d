package dev.harmonica.tools.bfcl.call;

import dev.harmonica.tools.bfcl.py.Py;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PyExprParserTest {
    private static Object value(PyNode n) throws Exception {
        return new PyCallEvaluator(Map.of()).eval(n);
    }

    @Test
    void parsesKeywordAndPositionalArgumentsWithNestedLiterals() throws Exception {
        PyNode.Call c = PyExprParser.parseCall("f('a', -1, x=[1, 2.0, -3e-2], y={'k': (True, None)}, z=())");
        assertThat(c.func()).isEqualTo(new PyNode.Name("f"));
        assertThat(c.args()).hasSize(2);
        assertThat(value(c.args().get(0))).isEqualTo("a");
        assertThat(value(c.args().get(1))).isEqualTo(-1L);
        assertThat(c.keywords()).extracting(PyNode.Keyword::name).containsExactly("x", "y", "z");
        assertThat(Py.repr(value(c.keywords().get(0).value()))).isEqualTo("[1, 2.0, -0.03]");
        assertThat(Py.repr(value(c.keywords().get(1).value()))).isEqualTo("{'k': (True, None)}");
        assertThat(Py.repr(value(c.keywords().get(2).value()))).isEqualTo("()");
    }

    @Test
    void stringsFollowPythonEscapesAndConcatenation() throws Exception {
        assertThat(value(PyExprParser.parse("'a\\'b' \"c\\n\" r'\\d' '\\x41\\u00e9\\U0001F600\\101'")))
                .isEqualTo("a'bc\n\\dAé\uD83D\uDE00A");
        assertThat(value(PyExprParser.parse("'''tri'ple'''"))).isEqualTo("tri'ple");
        assertThat(value(PyExprParser.parse("'unknown \\q escape'"))).isEqualTo("unknown \\q escape");
    }

    @Test
    void numbersKeepIntAndFloatDistinct() throws Exception {
        assertThat(value(PyExprParser.parse("5"))).isEqualTo(5L);
        assertThat(value(PyExprParser.parse("5.0"))).isEqualTo(5.0);
        assertThat(value(PyExprParser.parse("1_000"))).isEqualTo(1000L);
        assertThat(value(PyExprParser.parse("0x1F"))).isEqualTo(31L);
        assertThat(value(PyExprParser.parse(".5"))).isEqualTo(0.5);
        assertThat(value(PyExprParser.parse("1e3"))).isEqualTo(1000.0);
        assertThat(value(PyExprParser.parse("-2**2"))).isEqualTo(-4L);
        assertThat(value(PyExprParser.parse("1 + 1"))).isEqualTo(2L);
        assertThat(value(PyExprParser.parse("[1, 2][-1]"))).isEqualTo(2L);
    }

    @Test
    void syntaxErrorsAreReportedLikeCPython() {
        assertThatThrownBy(() -> PyExprParser.parse("f(")).isInstanceOf(PySyntaxError.class);
        assertThatThrownBy(() -> PyExprParser.parse("f(a=1, 2)")).isInstanceOf(PySyntaxError.class)
                .hasMessageContaining("positional argument follows keyword argument");
        assertThatThrownBy(() -> PyExprParser.parse("f(a=1, a=2)")).hasMessageContaining("keyword argument repeated");
        assertThatThrownBy(() -> PyExprParser.parse("I will do that")).hasMessage("invalid syntax (<string>, line 1)");
        assertThatThrownBy(() -> PyExprParser.parse("'open")).isInstanceOf(PySyntaxError.class);
        assertThatThrownBy(() -> PyExprParser.parse("")).isInstanceOf(PySyntaxError.class);
    }

    @Test
    void deepNestingIsASyntaxErrorNotACrash() {
        assertThatThrownBy(() -> PyExprParser.parse("f(x=" + "[".repeat(100000) + "]".repeat(100000) + ")"))
                .hasMessageContaining("too many nested parentheses");
        // CPython 3.11: the parser's stack limit (MAXSTACK 6000) raises MemoryError with an empty message
        assertThatThrownBy(() -> PyExprParser.parse("-".repeat(100000) + "1"))
                .isInstanceOfSatisfying(PySyntaxError.class, e -> {
                    assertThat(e.type()).isEqualTo(PySyntaxError.Type.MEMORY_ERROR);
                    assertThat(e.getMessage()).isEmpty();
                });
        assertThatThrownBy(() -> PyExprParser.parse("2" + "**2".repeat(100000)))
                .isInstanceOf(PySyntaxError.class);
    }

    @Test
    void unknownNamesRaiseNameError() {
        assertThatThrownBy(() -> value(PyExprParser.parse("foo(1)"))).hasMessage("NameError: name 'foo' is not defined");
        assertThatThrownBy(() -> value(PyExprParser.parse("GorillaFileSystem.ls()")))
                .hasMessage("NameError: name 'GorillaFileSystem' is not defined");
    }

    @Test
    void builtinsBehaveLikePython() throws Exception {
        assertThat(value(PyExprParser.parse("print('x')"))).isNull();
        assertThat(value(PyExprParser.parse("len([1, 2])"))).isEqualTo(2L);
        assertThat(value(PyExprParser.parse("sorted(['b', 'a'])"))).isEqualTo(List.of("a", "b"));
    }
}
