package dev.harmonica.run;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class ProgressTest {
    @Test
    void plainLinesWhenNotATerminalAndCarriageReturnsOnATerminal() {
        ByteArrayOutputStream plain = new ByteArrayOutputStream();
        Progress p = new Progress(new PrintStream(plain, true, StandardCharsets.UTF_8), false, 4, 0);
        p.turn(false);
        p.turn(true);
        p.scenario(false);
        p.scenario(true);
        p.finish();
        String text = plain.toString(StandardCharsets.UTF_8);
        assertThat(text).doesNotContain("\r").contains("[run] 2/4 scenarios, 2 turns, 1 strict failures, 1 errors");
        assertThat(text.lines().count()).isGreaterThanOrEqualTo(4);
        assertThat(p.line()).containsPattern("turns/s, ETA [0-9]+s");

        ByteArrayOutputStream term = new ByteArrayOutputStream();
        Progress t = new Progress(new PrintStream(term, true, StandardCharsets.UTF_8), true, 1, 0);
        t.scenario(false);
        t.finish();
        assertThat(term.toString(StandardCharsets.UTF_8)).startsWith("\r[run] ").contains("1/1 scenarios").endsWith("\n");
    }
}
