package dev.harmonica.run;

import dev.harmonica.journal.ScenarioRecord;
import dev.harmonica.journal.TurnRecord;
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
        p.turn(TurnRecord.builder().outcome(TurnRecord.JUDGED).verdict("ok").build());
        p.turn(TurnRecord.builder().outcome(TurnRecord.JUDGED).verdict("rescued").build());
        p.turn(TurnRecord.builder().outcome(TurnRecord.NOT_JUDGED).build());
        p.scenario(ScenarioRecord.Status.COMPLETED);
        p.scenario(ScenarioRecord.Status.NOT_JUDGED);
        p.finish();
        String text = plain.toString(StandardCharsets.UTF_8);
        assertThat(text).doesNotContain("\r").contains("[run] 2/4 scenario x variants, 1 not judged (endpoint); "
                + "3 model turns (1 not judged), 1 strict failures");
        assertThat(text.lines().count()).isGreaterThanOrEqualTo(4);
        assertThat(p.line()).containsPattern("turns/s, ETA [0-9]+s");

        ByteArrayOutputStream term = new ByteArrayOutputStream();
        Progress t = new Progress(new PrintStream(term, true, StandardCharsets.UTF_8), true, 1, 0);
        t.scenario(ScenarioRecord.Status.COMPLETED);
        t.finish();
        assertThat(term.toString(StandardCharsets.UTF_8)).startsWith("\r[run] ").contains("1/1 scenario x variants")
                .endsWith("\n");
    }
}
