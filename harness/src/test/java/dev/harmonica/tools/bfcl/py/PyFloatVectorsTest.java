package dev.harmonica.tools.bfcl.py;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Float formatting against vectors generated with CPython 3.11 (repr, round(x, 2), '%.2f', round(x)). */
class PyFloatVectorsTest {
    @Test
    void reprRoundAndFixedMatchCPythonOnSevenThousandFloats() throws Exception {
        ObjectMapper om = new ObjectMapper();
        List<String> failures = new ArrayList<>();
        int n = 0;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                getClass().getResourceAsStream("float_vectors.jsonl"), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                JsonNode v = om.readTree(line);
                double d = Double.longBitsToDouble(v.get("bits").asLong());
                n++;
                check(failures, "repr", d, v.get("repr").asText(), Py.repr(d));
                check(failures, "round2", d, v.get("r2").asText(), Py.repr(Py.round(d, 2L)));
                check(failures, "%.2f", d, v.get("f2").asText(), Py.formatFixed(d, 2));
                if (!v.get("round0").isNull()) check(failures, "round", d, v.get("round0").asText(), Py.repr(Py.round(d)));
            }
        }
        assertThat(n).isGreaterThan(7000);
        assertThat(failures).isEmpty();
    }

    @Test
    void javaToStringAnomaliesGetCPythonsShortestRepr() {
        // JDK-4511638: Java 17's Double.toString is not always the shortest round-trip string.
        assertThat(Py.floatRepr(2.82879384806159e17)).isEqualTo("2.82879384806159e+17");
        assertThat(Py.floatRepr(2e23)).isEqualTo("2e+23");
        assertThat(Py.floatRepr(1e23)).isEqualTo("1e+23");
        assertThat(Py.floatRepr(5e-324)).isEqualTo("5e-324");
        assertThat(Py.floatRepr(9.9e-5)).isEqualTo("9.9e-05");
        assertThat(Py.floatRepr(1.1e16)).isEqualTo("1.1e+16");
        assertThat(Py.floatRepr(Math.pow(2, 60))).isEqualTo("1.152921504606847e+18");
    }

    private static void check(List<String> failures, String what, double d, String expected, String actual) {
        if (!expected.equals(actual) && failures.size() < 20) {
            failures.add(what + "(" + Double.toString(d) + "): expected " + expected + " got " + actual);
        }
    }
}
