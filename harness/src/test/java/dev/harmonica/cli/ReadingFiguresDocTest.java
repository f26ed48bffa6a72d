package dev.harmonica.cli;

import dev.harmonica.testing.SharedData;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every {@code harmonica} command line in docs/reading-figures.md parses (commands, flags, value types); lines
 * continued with a backslash are joined, a trailing {@code &} (a background server) is dropped, and the loop
 * variable {@code $d} stands for a night number.
 */
class ReadingFiguresDocTest {
    @Test
    void everyCommandInTheReadingFiguresPageParses() throws IOException {
        List<String> joined = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (String line : Files.readAllLines(SharedData.projectRoot().resolve("docs/reading-figures.md"))) {
            String t = line.strip().replace("$d", "1"); // the page's loop variable over nights 1-3
            if (t.endsWith("\\")) {
                cur.append(t, 0, t.length() - 1).append(' ');
                continue;
            }
            joined.add(cur.append(t).toString());
            cur.setLength(0);
        }
        List<List<String>> commands = new ArrayList<>();
        for (List<String> args : ScaleOutDocTest.commands(joined)) {
            List<String> a = new ArrayList<>(args);
            if (!a.isEmpty() && a.get(a.size() - 1).equals("&")) a.remove(a.size() - 1);
            commands.add(a);
        }
        assertThat(commands).hasSizeGreaterThanOrEqualTo(8);
        for (List<String> args : commands) {
            CommandLine.ParseResult r = new CommandLine(new Main()).parseArgs(args.toArray(String[]::new));
            assertThat(r.hasSubcommand()).as(String.join(" ", args)).isTrue();
        }
        assertThat(commands).anySatisfy(a -> assertThat(a).startsWith("trend").contains("--fail-if-regressed"));
        assertThat(commands).anySatisfy(a -> assertThat(a).startsWith("sim").contains("--faults"));
    }
}
