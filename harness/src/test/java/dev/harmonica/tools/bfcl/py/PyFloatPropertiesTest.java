package dev.harmonica.tools.bfcl.py;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

import java.math.BigDecimal;

import static org.assertj.core.api.Assertions.assertThat;

/** Properties of Python's float repr that must hold for every double. */
class PyFloatPropertiesTest {
    @Property(tries = 3000)
    void reprRoundTripsAndIsNeverLongerThanJavas(@ForAll double d) {
        if (Double.isNaN(d) || Double.isInfinite(d)) return;
        String r = Py.floatRepr(d);
        assertThat(Double.parseDouble(r)).isEqualTo(d);
        if (d != 0) {
            String digits = new BigDecimal(r).unscaledValue().abs().toString().replaceAll("0+$", "");
            String java = new BigDecimal(Double.toString(Math.abs(d))).unscaledValue().toString()
                    .replaceAll("0+$", "");
            assertThat(digits.length()).isLessThanOrEqualTo(Math.max(1, java.length()));
        }
    }

    @Property(tries = 2000)
    void reprOfLongFitsPythonsFormatRules(@ForAll long bits) {
        double d = Double.longBitsToDouble(bits);
        if (Double.isNaN(d) || Double.isInfinite(d)) return;
        String r = Py.floatRepr(d);
        assertThat(r).matches("-?(\\d+\\.\\d+|\\d(\\.\\d+)?e[+-]\\d{2,3})");
        assertThat(Double.parseDouble(r)).isEqualTo(d);
    }
}
