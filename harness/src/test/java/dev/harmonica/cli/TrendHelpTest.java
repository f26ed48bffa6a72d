package dev.harmonica.cli;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code harmonica trend --help} formats (picocli warns on stderr about an unescaped {@code %}) and documents its exit codes. */
class TrendHelpTest {
    @Test
    void helpFormatsAndListsTheExitCodes() {
        PrintStream saved = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        StringWriter out = new StringWriter();
        int code;
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            code = Main.run(new PrintWriter(out, true), new PrintWriter(new StringWriter(), true), "trend", "--help");
        } finally {
            System.setErr(saved);
        }
        assertThat(code).isZero();
        assertThat(err.toString(StandardCharsets.UTF_8)).doesNotContain("picocli WARN");
        assertThat(out.toString()).contains("95% interval").contains("--fail-if-regressed")
                .contains("Exit codes:").containsPattern("(?m)^  1 +--fail-if-regressed")
                .containsPattern("(?m)^  3 +--fail-if-regressed");
    }
}
