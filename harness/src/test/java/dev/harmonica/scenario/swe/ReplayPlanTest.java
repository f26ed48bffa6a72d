package dev.harmonica.scenario.swe;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReplayPlanTest {

    @Test
    void all() {
        assertThat(ReplayPlan.parse("all").select(4)).containsExactly(0, 1, 2, 3);
        assertThat(ReplayPlan.parse(" all ").select(0)).isEmpty();
    }

    @Test
    void everyKeepsTheLastStep() {
        assertThat(ReplayPlan.parse("every:5").select(12)).containsExactly(0, 5, 10, 11);
        assertThat(ReplayPlan.parse("every:5").select(11)).containsExactly(0, 5, 10);
        assertThat(ReplayPlan.parse("every:1").select(3)).containsExactly(0, 1, 2);
    }

    @Test
    void firstAndLast() {
        assertThat(ReplayPlan.parse("last:10").select(150)).containsExactly(140, 141, 142, 143, 144, 145, 146, 147, 148, 149);
        assertThat(ReplayPlan.parse("last:10").select(3)).containsExactly(0, 1, 2);
        assertThat(ReplayPlan.parse("first:2").select(5)).containsExactly(0, 1);
    }

    @Test
    void bucketsTakeTheDeepestStepOfEachBucket() {
        assertThat(ReplayPlan.parse("buckets:4").select(100)).containsExactly(24, 49, 74, 99);
        assertThat(ReplayPlan.parse("buckets:4").select(5)).containsExactly(0, 1, 2, 4);
        for (int n = 1; n < 40; n++) { // every selected step is the deepest of its own bucket
            ReplayPlan b4 = ReplayPlan.parse("buckets:4");
            List<Integer> sel = b4.select(n);
            for (int i = 0; i < sel.size(); i++) assertThat(b4.bucketOf(sel.get(i), n)).isEqualTo(i);
        }
        assertThat(ReplayPlan.parse("buckets:10").select(3)).containsExactly(0, 1, 2);
        ReplayPlan p = ReplayPlan.parse("buckets:4");
        assertThat(p.bucketOf(0, 100)).isZero();
        assertThat(p.bucketOf(24, 100)).isZero();
        assertThat(p.bucketOf(25, 100)).isEqualTo(1);
        assertThat(p.bucketOf(99, 100)).isEqualTo(3);
    }

    @Test
    void explicitSteps() {
        assertThat(ReplayPlan.parse("steps:9,0, 4,4,200").select(10)).containsExactly(0, 4, 9);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '¦', value = {"all", "every:5", "first:3", "last:10", "buckets:4", "steps:0,4,9"})
    void roundTrips(String spec) {
        assertThat(ReplayPlan.parse(spec).toString()).isEqualTo(spec);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '¦', value = {
            "evry:5¦replay plan 'evry:5': unknown kind 'evry' (expected all, every:K, first:N, last:N, buckets:B or steps:I,J,...)",
            "every:0¦replay plan 'every:0': every: needs a positive integer, got '0'",
            "every:x¦replay plan 'every:x': every: needs a positive integer, got 'x'",
            "last:¦replay plan 'last:': last: needs a positive integer, got ''",
            "buckets:-2¦replay plan 'buckets:-2': buckets: needs a positive integer, got '-2'",
            "steps:1,a¦replay plan 'steps:1,a': 'a' is not a 0-based step index (a non-negative integer)",
            "steps:-1¦replay plan 'steps:-1': '-1' is not a 0-based step index (a non-negative integer)",
            "everything¦replay plan 'everything': unknown plan (expected all, every:K, first:N, last:N, buckets:B or steps:I,J,...)",
    })
    void badSpecsExplainTheFix(String spec, String message) {
        assertThatThrownBy(() -> ReplayPlan.parse(spec)).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
    }

    @Test
    void emptySpec() {
        assertThatThrownBy(() -> ReplayPlan.parse(" ")).hasMessageStartingWith("replay plan is empty");
        assertThatThrownBy(() -> ReplayPlan.parse("steps:")).hasMessageContaining("comma-separated list");
    }
}
