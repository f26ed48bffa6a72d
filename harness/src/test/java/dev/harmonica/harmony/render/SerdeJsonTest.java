package dev.harmonica.harmony.render;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static dev.harmonica.harmony.render.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;

/** serde_json's compact Display, which harmony uses for {@code // default: {json}}. */
class SerdeJsonTest {
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "1.0|1.0", "10|10", "-1|-1", "1.5|1.5", "0.001|0.001", "0.0001|0.0001", "0.00001|0.00001", "0.000001|1e-6", "1e16|1e16",
            "1e15|1000000000000000.0", "123456789012345678|123456789012345678", "18446744073709551615|18446744073709551615",
            "18446744073709551616|1.8446744073709552e19", "-9223372036854775809|-9.223372036854776e18",
            "1.2345e-7|1.2345e-7", "2.5e20|2.5e20", "0.1|0.1", "1e2|100.0", "-0.5|-0.5", "3.141592653589793|3.141592653589793",
            "5e-324|5e-324", "1.7976931348623157e308|1.7976931348623157e308", "0.30000000000000004|0.30000000000000004"})
    void numbersPrintLikeSerde(String input, String expected) {
        assertThat(SerdeJson.write(json(input))).isEqualTo(expected);
    }

    @Test
    void compactWithSerdeEscaping() {
        assertThat(SerdeJson.write(json("{\"a\": [1, true, null], \"b\": \"x\\\"\\\\\\n\\u0001\\u007f/é😀\"}")))
                .isEqualTo("{\"a\":[1,true,null],\"b\":\"x\\\"\\\\\\n\\u0001\u007f/é😀\"}");
    }

    @Test
    void rustLines() {
        assertThat(RustLines.lines("")).isEmpty();
        assertThat(RustLines.lines("a")).containsExactly("a");
        assertThat(RustLines.lines("a\n")).containsExactly("a");
        assertThat(RustLines.lines("\n")).containsExactly("");
        assertThat(RustLines.lines("a\r\nb\n\nc")).containsExactly("a", "b", "", "c");
        assertThat(RustLines.lines("a\rb\r")).isEqualTo(List.of("a\rb\r"));
    }
}
