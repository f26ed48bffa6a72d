package dev.harmonica.cli;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

class MainTest {
    private static int run(StringWriter out, StringWriter err, String... args) {
        return Main.run(new PrintWriter(out), new PrintWriter(err), args);
    }

    @Test
    void helpExitsZeroAndListsCommands() {
        StringWriter out = new StringWriter(), err = new StringWriter();
        assertThat(run(out, err, "--help")).isZero();
        assertThat(out.toString()).contains("run", "report", "compare", "parse", "render", "bfcl", "import", "bench", "sim");
    }

    @Test
    void noSubcommandIsUsageError() {
        StringWriter out = new StringWriter(), err = new StringWriter();
        assertThat(run(out, err)).isEqualTo(2);
        assertThat(err.toString()).contains("Missing required subcommand");
    }

    @Test
    void unknownSubcommandIsUsageError() {
        StringWriter out = new StringWriter(), err = new StringWriter();
        assertThat(run(out, err, "bogus")).isEqualTo(2);
    }
}
