package dev.harmonica.report.stats;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Every statistic of the package against values computed by the references on fixed vectors: SciPy 1.17.1
 * ({@code permutation_test}, {@code norm.ppf}, {@code ecdf}, {@code logrank}, {@code chi2.sf}) and statsmodels 0.15.0
 * ({@code StratifiedTable}). The values are checked in ({@code expected.json} beside this class's resources), written
 * by {@code harness/src/test/python/stats/expected_values.py}:
 *
 * <pre>
 *   python harness/src/test/python/stats/expected_values.py \
 *       &gt; harness/src/test/resources/dev/harmonica/report/stats/expected.json
 * </pre>
 *
 * so this test needs no Python. Floating results agree to 1e-9; exact tests exactly.
 */
class ReferenceValuesTest {
    static final double TOL = 1e-9;
    static JsonNode ref;

    @BeforeAll
    static void load() throws IOException {
        try (InputStream in = ReferenceValuesTest.class.getResourceAsStream("/dev/harmonica/report/stats/expected.json")) {
            ref = new ObjectMapper().readTree(in);
        }
        assertThat(ref.path("versions").path("scipy").asText()).isEqualTo("1.17.1");
        assertThat(ref.path("versions").path("statsmodels").asText()).isEqualTo("0.15.0");
    }

    static double[] rates(JsonNode pairs) {
        double[] r = new double[pairs.size()];
        for (int i = 0; i < r.length; i++) r[i] = pairs.get(i).get(0).asDouble() / pairs.get(i).get(1).asDouble();
        return r;
    }

    @Test
    void normalQuantilesAndChiSquareTail() {
        assertThat(Normal.Z_975).isEqualTo(ref.path("normal").path("z_975").asDouble());
        assertThat(Normal.Z_80).isEqualTo(ref.path("normal").path("z_80").asDouble());
        for (Map.Entry<String, JsonNode> e : ref.path("normal").path("chi2_sf").properties()) {
            assertThat(Normal.chiSquare1UpperTail(Double.parseDouble(e.getKey()))).as(e.getKey())
                    .isCloseTo(e.getValue().asDouble(), within(TOL));
        }
    }

    @Test
    void pairedDifferenceExactSignFlipAndMinimalDetectableDifference() {
        for (Map.Entry<String, JsonNode> e : ref.path("paired").properties()) {
            JsonNode c = e.getValue();
            PairedDifference d = PairedDifference.of(rates(c.get("a")), rates(c.get("b")), PairedDifference.Settings.DEFAULT);
            String name = e.getKey();
            assertThat(d.n()).as(name).isEqualTo(c.get("n").asInt());
            assertThat(d.meanA()).as(name).isCloseTo(c.get("mean_a").asDouble(), within(TOL));
            assertThat(d.meanB()).as(name).isCloseTo(c.get("mean_b").asDouble(), within(TOL));
            assertThat(d.difference()).as(name).isCloseTo(c.get("difference").asDouble(), within(TOL));
            assertThat(d.sd()).as(name).isCloseTo(c.get("sd").asDouble(), within(TOL));
            assertThat(d.mdd()).as(name).isCloseTo(c.get("mdd").asDouble(), within(TOL));
            assertThat(d.test().exact()).as(name).isTrue();
            assertThat(d.test().nonZero()).as(name).isEqualTo(c.get("nonzero").asInt());
            assertThat(d.test().patterns()).as(name).isEqualTo(c.get("p_patterns").asLong());
            // exact: the count of sign patterns, as a fraction of all of them, bit for bit
            assertThat(d.test().p()).as(name).isEqualTo(c.get("p_hits").asDouble() / c.get("p_patterns").asDouble());
            assertThat(d.test().p()).as(name + " vs scipy").isCloseTo(c.get("p_scipy").asDouble(), within(1e-12));
        }
    }

    @Test
    void monteCarloSignFlipAgreesWithTheExactPWithinItsError() {
        JsonNode c = ref.path("paired").path("twenty_nonzero");
        double[] a = rates(c.get("a")), b = rates(c.get("b"));
        double exact = c.get("p_hits").asDouble() / c.get("p_patterns").asDouble();
        SignFlipTest.Settings mc = new SignFlipTest.Settings(10, 20_000, 12345);
        PairedDifference d = PairedDifference.of(a, b, new PairedDifference.Settings(2000, 1, mc));
        assertThat(d.test().exact()).isFalse();
        assertThat(d.test().patterns()).isEqualTo(20_000);
        double se = Math.sqrt(exact * (1 - exact) / 20_000);
        assertThat(d.test().p()).isCloseTo(exact, within(4 * se));
        assertThat(PairedDifference.of(a, b, new PairedDifference.Settings(2000, 1, mc)).test()).isEqualTo(d.test());
        assertThat(d.test().method()).contains("Monte Carlo (20000 random sign patterns, fixed seed)");
    }

    @Test
    void cochranMantelHaenszelAndTheCommonOddsRatio() {
        for (Map.Entry<String, JsonNode> e : ref.path("cmh").properties()) {
            JsonNode c = e.getValue();
            String name = e.getKey();
            MantelHaenszel m = MantelHaenszel.of(tables(c.get("tables")));
            assertThat(m.strata()).isEqualTo(c.get("tables").size());
            assertThat(m.statistic()).as(name).isCloseTo(c.get("statistic").asDouble(), within(TOL));
            assertThat(m.p()).as(name).isCloseTo(c.get("p_sf").asDouble(), within(TOL));
            assertThat(m.p()).as(name).isCloseTo(c.get("p").asDouble(), within(TOL));
            if (c.get("deviation").asDouble() >= 0.5) {
                assertThat(m.statisticCorrected()).as(name).isCloseTo(c.get("statistic_corrected").asDouble(), within(TOL));
                assertThat(m.pCorrected()).as(name).isCloseTo(c.get("p_corrected_sf").asDouble(), within(TOL));
            } else {
                // deliberate deviation (as R's mantelhaen.test): no correction below |deviation| 0.5; statsmodels
                // subtracts 0.5 anyway and reports (0.5 - |deviation|)^2 / variance
                assertThat(m.statisticCorrected()).as(name).isEqualTo(m.statistic());
                assertThat(c.get("statistic_corrected").asDouble()).isGreaterThan(m.statistic());
            }
            assertThat(m.oddsRatio()).as(name).isCloseTo(c.get("odds_ratio").asDouble(), within(TOL));
            assertThat(m.oddsRatioCi().low()).as(name).isCloseTo(c.get("or_ci").get(0).asDouble(), within(TOL));
            assertThat(m.oddsRatioCi().high()).as(name).isCloseTo(c.get("or_ci").get(1).asDouble(), within(TOL));
        }
    }

    static List<MantelHaenszel.Table> tables(JsonNode t) {
        List<MantelHaenszel.Table> out = new ArrayList<>();
        for (JsonNode k : t) {
            out.add(new MantelHaenszel.Table(k.get(0).get(0).asLong(), k.get(0).get(1).asLong(), k.get(1).get(0).asLong(),
                    k.get(1).get(1).asLong()));
        }
        return out;
    }

    static List<KaplanMeier.Observation> observations(JsonNode obs) {
        List<KaplanMeier.Observation> out = new ArrayList<>();
        for (JsonNode o : obs) out.add(new KaplanMeier.Observation(o.get(0).asInt(), o.get(1).asBoolean()));
        return out;
    }

    @Test
    void kaplanMeierMatchesScipyEcdf() {
        for (Map.Entry<String, JsonNode> e : ref.path("km").properties()) {
            JsonNode c = e.getValue();
            KaplanMeier km = KaplanMeier.of(observations(c.get("observations")));
            for (int i = 0; i < c.get("times").size(); i++) {
                int t = c.get("times").get(i).asInt();
                assertThat(km.survivalAt(t)).as(e.getKey() + " at " + t)
                        .isCloseTo(c.get("survival").get(i).asDouble(), within(TOL));
            }
        }
    }

    @Test
    void logRankMatchesScipy() {
        List<KaplanMeier.Observation> a = observations(ref.path("km").path("variant_a").path("observations"));
        List<KaplanMeier.Observation> b = observations(ref.path("km").path("variant_b").path("observations"));
        for (String k : List.of("a_vs_b", "b_vs_a")) {
            JsonNode c = ref.path("logrank").path(k);
            LogRank r = k.equals("a_vs_b") ? LogRank.of(a, b) : LogRank.of(b, a);
            assertThat(r.z()).as(k).isCloseTo(c.get("z").asDouble(), within(TOL));
            assertThat(r.chiSquare()).as(k).isCloseTo(c.get("chi_square").asDouble(), within(TOL));
            assertThat(r.p()).as(k).isCloseTo(c.get("p").asDouble(), within(TOL));
            assertThat((double) (r.observed1() + r.observed2())).isCloseTo(r.expected1() + r.expected2(), within(1e-12));
        }
    }
}
