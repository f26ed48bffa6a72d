package dev.harmonica.report;

import dev.harmonica.cli.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code harmonica report}, {@code harmonica compare} and {@code harmonica bench report} exit codes and output. */
class ReportCliTest {
    record Out(int code, String out, String err) {
    }

    static Out run(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = Main.run(new PrintWriter(out), new PrintWriter(err), args);
        return new Out(code, out.toString(), err.toString());
    }

    @Test
    void reportPrintsIndexPathAndHeadline(@TempDir Path tmp) {
        Path run = Fixtures.fixtureRun(tmp);
        Out o = run("report", run.toString());
        assertThat(o.code()).as(o.err()).isZero();
        String[] lines = o.out().split("\n");
        assertThat(lines[0]).isEqualTo(run.resolve("index.html").toAbsolutePath().normalize().toString());
        assertThat(lines[1]).startsWith("[simulated model] pr114 vs harmony-v0.0.8: strict failure rate");
        assertThat(o.err()).contains("5 journal warning(s)");
    }

    @Test
    void reportGatesInsideARun(@TempDir Path tmp) {
        Path run = Fixtures.fixtureRun(tmp);
        Out o = run("report", run.toString(), "--fail-if", "new-signature:>=1", "--fail-if", "strict-rate-increase:p<0.05");
        assertThat(o.code()).isEqualTo(1);
        assertThat(o.out()).contains("FAIL new-signature:>=1 triggered: pr114 vs harmony-v0.0.8");
        assertThat(o.out()).doesNotContain("FAIL strict-rate-increase");
        Out pass = run("report", run.toString(), "--fail-if", "strict-rate-increase:p<0.05");
        assertThat(pass.code()).isZero();
        assertThat(pass.out()).contains("gate passed: 1 rule(s), 1 comparison(s)");
    }

    @Test
    void badRuleExitsTwoNamingTheRule(@TempDir Path tmp) {
        Path run = Fixtures.fixtureRun(tmp);
        Out o = run("report", run.toString(), "--fail-if", "strict-rate-increase:p<0.05", "--fail-if", "latency-up:>3");
        assertThat(o.code()).isEqualTo(2);
        assertThat(o.err()).contains("--fail-if 'latency-up:>3': unknown rule 'latency-up'");
        assertThat(run.resolve("index.html")).doesNotExist(); // rules are checked before any work
        Out c = run("compare", run.toString(), run.toString(), "--fail-if", "bfcl-accuracy-drop:>=2");
        assertThat(c.code()).isEqualTo(2);
        assertThat(c.err()).contains("--fail-if 'bfcl-accuracy-drop:>=2'");
    }

    @Test
    void missingJournalExitsTwo(@TempDir Path tmp) throws IOException {
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        Out o = run("report", empty.toString());
        assertThat(o.code()).isEqualTo(2);
        assertThat(o.err()).contains("no journal.jsonl or journal-<shard>.jsonl found");
        Out missing = run("report", tmp.resolve("nope").toString());
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err()).contains("not a run directory");
    }

    @Test
    void compareWritesCsvAndHtmlAndGates(@TempDir Path tmp) throws IOException {
        Path run = tmp.resolve("syn");
        SyntheticJournal.write(run, SyntheticJournal.Spec.of(2000, 5));
        Path out = tmp.resolve("cmp");
        // the synthetic journal has a few endpoint errors: refused by default (exit 3), compared when allowed
        Out refused = run("compare", run.toString(), run.toString(), "--variant-a", "pr114", "--variant-b",
                "harmony-v0.0.8", "--out", out.toString());
        assertThat(refused.code()).isEqualTo(3);
        assertThat(refused.err()).contains("refusing to compare: RUN_A synthetic-5").contains("; RUN_B synthetic-5")
                .contains("--max-unjudged is 0");
        assertThat(out.resolve("comparison.html")).doesNotExist();
        Out worse = run("compare", run.toString(), run.toString(), "--variant-a", "pr114", "--variant-b",
                "harmony-v0.0.8", "--out", out.toString(), "--fail-if", "strict-rate-increase:p<0.05",
                "--fail-if", "new-signature:>=1", "--max-unjudged", "10");
        assertThat(worse.code()).as(worse.err()).isEqualTo(1);
        assertThat(worse.out()).contains("FAIL strict-rate-increase:p<0.05 triggered: harmony-v0.0.8 vs pr114")
                .contains("scenario(s) not fully judged on a side (endpoint) left out of the paired statistics");
        assertThat(out.resolve("comparison.csv")).isRegularFile();
        String html = Files.readString(out.resolve("comparison.html"));
        assertThat(html).contains("simulated-banner").contains("McNemar exact").contains("id=\"gate\"");
        assertThat(html).doesNotContainPattern("(?i)<script");
        Out better = run("compare", run.toString(), run.toString(), "--variant-a", "harmony-v0.0.8", "--variant-b",
                "pr114", "--out", out.toString(), "--fail-if", "strict-rate-increase:p<0.05", "--max-unjudged", "10");
        assertThat(better.code()).isZero();
        assertThat(better.out()).contains("gate passed");
        Out same = run("compare", run.toString(), run.toString(), "--out", out.toString(), "--max-unjudged", "10");
        assertThat(same.code()).isZero();
        assertThat(same.out()).contains("harmony-v0.0.8 vs harmony-v0.0.8").contains("pr114 vs pr114");
        Out unknown = run("compare", run.toString(), run.toString(), "--variant-a", "nope");
        assertThat(unknown.code()).isEqualTo(2);
        assertThat(unknown.err()).contains("no variant 'nope'");
    }

    @Test
    void benchReportRunsOnASmallJournal() {
        Out o = run("bench", "report", "--turns", "300", "--warmup", "0", "--iterations", "1");
        assertThat(o.code()).as(o.err()).isZero();
        assertThat(o.out()).contains("journal: 300 turn records").contains("median:").contains("peak heap");
    }
}
