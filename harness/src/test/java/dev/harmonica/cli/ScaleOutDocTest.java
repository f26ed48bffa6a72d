package dev.harmonica.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.harmonica.testing.SharedData;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Every {@code harmonica} command line in docs/scale-out.md parses (commands, flags, value types). */
class ScaleOutDocTest {
    static final String JAR = "harmonica.jar ";

    @Test
    void everyCommandInTheScaleOutPageParses() throws IOException {
        List<String> lines = Files.readAllLines(SharedData.projectRoot().resolve("docs/scale-out.md"));
        List<List<String>> commands = commands(lines);
        assertThat(commands).hasSizeGreaterThanOrEqualTo(6);
        for (List<String> args : commands) {
            CommandLine cl = new CommandLine(new Main());
            CommandLine.ParseResult r = cl.parseArgs(args.toArray(String[]::new));
            assertThat(r.hasSubcommand()).as(String.join(" ", args)).isTrue();
        }
        assertThat(commands).anySatisfy(a -> assertThat(a).contains("--shard", "auto"));
        assertThat(commands).anySatisfy(a -> assertThat(a.get(0)).isEqualTo("merge"));
    }

    /** YAML {@code args: [...]} after a {@code java -jar} command, and shell lines running the jar. */
    static List<List<String>> commands(List<String> lines) throws IOException {
        List<List<String>> out = new ArrayList<>();
        String previous = "";
        for (String line : lines) {
            String t = line.strip();
            if (t.startsWith("args: [") && previous.contains("\"-jar\"")) {
                List<String> args = new ArrayList<>();
                for (JsonNode a : new ObjectMapper().readTree(t.substring("args: ".length()))) args.add(a.asText());
                out.add(args);
            } else if (t.contains(JAR)) {
                for (String segment : t.split("&&")) {
                    int i = segment.indexOf(JAR);
                    if (i >= 0) out.add(shellWords(segment.substring(i + JAR.length())));
                }
            }
            if (!t.isEmpty()) previous = t;
        }
        return out;
    }

    /** Words of a shell command line, quotes removed, {@code $(…)} and {@code $VAR} replaced by a placeholder. */
    static List<String> shellWords(String s) {
        String x = s.replaceAll("\\$\\([^)]*\\)", "X").replaceAll("\\$\\{\\{[^}]*}}", "X")
                .replaceAll("\\$\\{?[A-Za-z_][A-Za-z0-9_]*}?", "X");
        List<String> words = new ArrayList<>();
        StringBuilder w = new StringBuilder();
        char quote = 0;
        boolean inWord = false;
        for (char c : x.toCharArray()) {
            if (quote != 0) {
                if (c == quote) quote = 0;
                else w.append(c);
            } else if (c == '\'' || c == '"') {
                quote = c;
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) words.add(w.toString());
                w.setLength(0);
                inWord = false;
            } else {
                w.append(c);
                inWord = true;
            }
        }
        if (inWord) words.add(w.toString());
        return words;
    }
}
