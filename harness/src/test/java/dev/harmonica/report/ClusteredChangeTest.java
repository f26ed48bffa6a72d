package dev.harmonica.report;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The change test of {@code harmonica trend}. Expected values computed independently (Python 3, math.erfc) from the
 * formula in {@link ClusteredChange}'s javadoc:
 * <pre>
 *   rr=xr/nr; rb=xb/nb; d=rr-rb; u_s=(x_s-rr*n_s)/nr-(X_s-rb*N_s)/nb; vc=m/(m-1)*sum(u_s**2)
 *   p=(xr+xb)/(nr+nb); vb=p*(1-p)*(1/nr+1/nb); z=d/sqrt(max(vc,vb)); pval=erfc(abs(z)/sqrt(2))
 * </pre>
 */
class ClusteredChangeTest {
    static Map<String, long[]> clusters(Object... idXn) {
        Map<String, long[]> m = new LinkedHashMap<>();
        for (int i = 0; i < idXn.length; i += 3) {
            m.put((String) idXn[i], new long[]{(Integer) idXn[i + 1], (Integer) idXn[i + 2]});
        }
        return m;
    }

    @Test
    void conventionalStandardErrorWhenItIsTheLarger() {
        Map<String, long[]> run = clusters("a", 2, 10, "b", 0, 8, "c", 5, 12, "d", 1, 9, "e", 3, 10, "f", 0, 7);
        Map<String, long[]> before = clusters("a", 3, 20, "b", 1, 16, "c", 4, 24, "d", 0, 18, "e", 2, 20, "g", 1, 5);
        ClusteredChange.Result r = ClusteredChange.test(run, before);
        assertThat(r.after()).isCloseTo(0.19642857142857142, within(1e-15));
        assertThat(r.before()).isCloseTo(0.10679611650485436, within(1e-15));
        assertThat(r.difference()).isCloseTo(0.08963245492371706, within(1e-15));
        assertThat(r.z()).isCloseTo(1.5635250922299326, within(1e-12));
        assertThat(r.p()).isCloseTo(0.11792913846739629, within(1e-9));
        assertThat(r.scenarios()).isEqualTo(7);
        assertThat(r.significant()).isFalse();
    }

    @Test
    void clusteredStandardErrorWhenTurnsOfAScenarioFailTogether() {
        // 20 scenarios of 10 turns; a scenario fails on every turn or on none: 6 now, 2 before
        Map<String, long[]> run = new LinkedHashMap<>(), before = new LinkedHashMap<>();
        for (int i = 0; i < 20; i++) {
            run.put("s" + i, new long[]{i < 6 ? 10 : 0, 10});
            before.put("s" + i, new long[]{i < 2 ? 10 : 0, 10});
        }
        ClusteredChange.Result r = ClusteredChange.test(run, before);
        assertThat(r.z()).isCloseTo(2.1794494717703365, within(1e-12));
        assertThat(r.p()).isCloseTo(0.029298294404550628, within(1e-9));
        // the conventional test would have called it far more significant (z = 0.2 / 0.04 = 5)
        assertThat(r.significant()).isTrue();
    }

    @Test
    void fewScenariosThatDifferDoNotMakeAChangeSignificant() {
        // nightly runs of the bundled datasets: only three scenarios fail at all, all three a little less often
        Map<String, long[]> before = clusters("a", 8, 49, "b", 6, 42, "c", 2, 9, "d", 0, 5, "e", 0, 5, "f", 0, 6,
                "g", 0, 7, "h", 0, 7, "i", 0, 13, "j", 0, 6);
        Map<String, long[]> run = clusters("a", 4, 49, "b", 4, 42, "c", 1, 9, "d", 0, 5, "e", 0, 5, "f", 0, 6,
                "g", 0, 7, "h", 0, 7, "i", 0, 13, "j", 0, 6);
        ClusteredChange.Result r = ClusteredChange.test(run, before);
        assertThat(r.z()).isCloseTo(-1.4626985948879485, within(1e-12));
        assertThat(r.p()).isCloseTo(0.1435498708288218, within(1e-9));
        assertThat(r.significant()).isFalse();
    }

    @Test
    void tooFewScenariosOrNothingJudgedIsNotTested() {
        ClusteredChange.Result few = ClusteredChange.test(clusters("a", 5, 10, "b", 5, 10), clusters("a", 0, 10, "b", 0, 10));
        assertThat(few.tested()).isFalse();
        assertThat(few.note()).contains("fewer than 5");
        assertThat(few.difference()).isCloseTo(0.5, within(1e-15));
        ClusteredChange.Result none = ClusteredChange.test(clusters("a", 0, 0), clusters("a", 1, 10));
        assertThat(none.tested()).isFalse();
        assertThat(none.note()).isEqualTo("nothing judged in this run");
        ClusteredChange.Result same = ClusteredChange.test(
                clusters("a", 0, 3, "b", 0, 3, "c", 0, 3, "d", 0, 3, "e", 0, 3),
                clusters("a", 0, 3, "b", 0, 3, "c", 0, 3, "d", 0, 3, "e", 0, 3));
        assertThat(same.p()).isEqualTo(1.0);
        assertThat(same.significant()).isFalse();
    }
}
