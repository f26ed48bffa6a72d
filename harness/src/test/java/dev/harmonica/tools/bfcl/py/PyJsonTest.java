package dev.harmonica.tools.bfcl.py;

import dev.harmonica.tools.bfcl.BfclCalls;
import dev.harmonica.tools.bfcl.BfclResults;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Python 3.11's {@code json.loads} wherever BFCL decodes JSON: the arguments of an FC call
 * ({@code convert_to_function_call}) and each line of a result file ({@code load_file}). Expected texts measured with
 * CPython 3.11.7; in development PyJson agreed with it on 20,000 generated faulty documents.
 */
class PyJsonTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            `{"a": 1}}`           | Extra data: line 1 column 9 (char 8)
            `{"a": 1} x`          | Extra data: line 1 column 10 (char 9)
            `{"a": 1}\\n\\n1`     | Extra data: line 3 column 1 (char 10)
            `[1, 2]]`             | Extra data: line 1 column 7 (char 6)
            `01`                  | Extra data: line 1 column 2 (char 1)
            ``                    | Expecting value: line 1 column 1 (char 0)
            `{'a': 1}`            | Expecting property name enclosed in double quotes: line 1 column 2 (char 1)
            `{"a": 1,}`           | Expecting property name enclosed in double quotes: line 1 column 9 (char 8)
            `{"a" 1}`             | Expecting ':' delimiter: line 1 column 6 (char 5)
            `{"a": 1 "b": 2}`     | Expecting ',' delimiter: line 1 column 9 (char 8)
            `[1,]`                | Expecting value: line 1 column 4 (char 3)
            `{"a": }`             | Expecting value: line 1 column 7 (char 6)
            `{"a": "x`            | Unterminated string starting at: line 1 column 7 (char 6)
            `{"a": "\\x"}`        | Invalid \\escape: line 1 column 8 (char 7)
            `{"a": "\\u12"}`      | Invalid \\uXXXX escape: line 1 column 9 (char 8)
            `{"é": 1} 2`          | Extra data: line 1 column 10 (char 9)
            """)
    void errorsAreJsonDecodeErrorsWithPythonsPositions(String doc, String expected) {
        String d = doc.replace("\\n", "\n").replace("\\\\", "\\");
        PyException e = catchThrowableOfType(() -> PyJson.loads(d), PyException.class);
        assertThat(e.pyType()).isEqualTo("JSONDecodeError");
        assertThat(e.pyStr()).isEqualTo(expected.replace("\\\\", "\\"));
    }

    @Test
    void valuesArePythons() throws PyException {
        assertThat(Py.repr(PyJson.loads(" {\"n\": [1, 2.5, -0.0, 1e400, NaN, -Infinity, true, null], \"n\": 2} ")))
                .isEqualTo("{'n': 2}");
        assertThat(Py.repr(PyJson.loads("[1, 2.5, -0.0, 1e400, NaN, -Infinity, true, null, \"\\ud83d\\ude00\"]")))
                .isEqualTo("[1, 2.5, -0.0, inf, nan, -inf, True, None, '\ud83d\ude00']");
        assertThat(Py.repr(PyJson.loads("123456789012345678901234567890"))).isEqualTo("123456789012345678901234567890");
    }

    @Test
    void limitsAreCPythons() {
        assertThatThrownBy(() -> PyJson.loads("1".repeat(4301))).isInstanceOfSatisfying(PyException.class, e -> {
            assertThat(e.pyType()).isEqualTo("ValueError");
            assertThat(e.pyStr()).startsWith("Exceeds the limit (4300 digits) for integer string conversion: "
                    + "value has 4301 digits");
        });
        assertThatThrownBy(() -> PyJson.loads("[".repeat(100_000))).isInstanceOfSatisfying(PyException.class, e ->
                assertThat(e.pyStr()).isEqualTo("maximum recursion depth exceeded while decoding a JSON array from a "
                        + "unicode string"));
        assertThatThrownBy(() -> PyJson.loads("\ufeff{}")).hasMessageContaining(
                "Unexpected UTF-8 BOM (decode using utf-8-sig): line 1 column 1 (char 0)");
    }

    @Test
    void fcArgumentsWithTrailingDataDoNotDecode() {
        assertThatThrownBy(() -> BfclCalls.toCallString("cd", "{\"folder\": \"docs\"}}"))
                .isInstanceOf(BfclCalls.DecodeException.class).hasMessage("Extra data: line 1 column 19 (char 18)");
        assertThatThrownBy(() -> BfclCalls.toCallString("cd", "[\"docs\"]"))
                .hasMessage("'list' object has no attribute 'items'");
    }

    @Test
    void resultFileLinesAreDecodedLikeLoadFile(@TempDir Path tmp) throws Exception {
        Path f = tmp.resolve("BFCL_v4_multi_turn_base_result.json");
        Files.writeString(f, "{\"id\": \"multi_turn_base_0\", \"result\": []}\n{\"id\": \"x\"} tail\n");
        assertThatThrownBy(() -> BfclResults.read(f)).isInstanceOf(BfclResults.BadLine.class)
                .hasMessageEndingWith(":2: BFCL's json.loads refuses this line (JSONDecodeError: Extra data: "
                        + "line 1 column 13 (char 12))");
        Files.writeString(f, "{\"id\": \"a\", \"result\": []}\n\n");
        assertThatThrownBy(() -> BfclResults.read(f)).hasMessageEndingWith(
                ":2: BFCL's json.loads refuses this line (JSONDecodeError: Expecting value: line 2 column 1 (char 1))");
        Files.writeString(f, "{\"id\": \"a\", \"result\": [[1e400]]}\r\n{\"id\": \"b\", \"result\": 7}");
        List<BfclResults.Line> lines = BfclResults.read(f);
        assertThat(lines).hasSize(2);
        assertThat(Py.repr(lines.get(0).value())).isEqualTo("{'id': 'a', 'result': [[inf]]}");
        assertThat(lines.get(1).number()).isEqualTo(2);
    }
}
