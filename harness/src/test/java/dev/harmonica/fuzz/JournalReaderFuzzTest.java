package dev.harmonica.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import dev.harmonica.journal.JournalReader;
import dev.harmonica.scenario.BadInputException;
import dev.harmonica.testing.TempTrees;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzing the journal reader as it is ({@link JournalReader#forEachLine}, read only): generated journals mixing
 * real records with torn, truncated, deeply nested, oversized, binary (not UTF-8) and blank lines in any line-end
 * style. Documented behaviour: every parseable line reaches the consumer in order; a bad last line (a torn write)
 * is skipped; any other bad line is a {@link BadInputException} naming the file and the line. Nothing else may
 * escape, and no try may hang ({@link Guard}).
 */
class JournalReaderFuzzTest {
    static final int TRIES = 2000;
    private static Path dir;

    @BeforeContainer
    static void createDir() {
        dir = TempTrees.create("harmonica-journal-fuzz");
    }

    @AfterContainer
    static void deleteDir() {
        TempTrees.delete(dir);
    }

    private static final List<String> RECORDS = List.of(
            "{\"type\":\"turn\",\"scenario_id\":\"kv_1\",\"variant\":\"v008\",\"turn\":0,\"step\":0,\"outcome\":\"judged\",\"verdict\":\"ok\"}",
            "{\"type\":\"scenario\",\"scenario_id\":\"kv_1\",\"variant\":\"v008\",\"status\":\"completed\",\"attempt\":2}",
            "{\"type\":\"turn\",\"scenario_id\":\"\\u001b[2J\\u202e\",\"variant\":null,\"raw\":\"<|start|>\\ud800\"}",
            "{}", "[]", "1", "\"text\"", "null", "true", "{\"attempt\":\"x\",\"scenario_id\":{\"a\":[1,2]}}");

    private static byte[] line(SplittableRandom r) {
        return switch (r.nextInt(14)) {
            case 0, 1, 2, 3, 4 -> RECORDS.get(r.nextInt(RECORDS.size())).getBytes(StandardCharsets.UTF_8);
            case 5 -> { // torn: a prefix of a record
                byte[] full = RECORDS.get(r.nextInt(RECORDS.size())).getBytes(StandardCharsets.UTF_8);
                byte[] cut = new byte[r.nextInt(full.length)];
                System.arraycopy(full, 0, cut, 0, cut.length);
                yield cut;
            }
            case 6 -> { // binary: any bytes, so often not UTF-8
                byte[] b = new byte[r.nextInt(40)];
                r.nextBytes(b);
                yield b;
            }
            case 7 -> ("[".repeat(1 + r.nextInt(5000)) + "]".repeat(r.nextInt(3))).getBytes(StandardCharsets.UTF_8);
            case 8 -> ("{\"n\":" + "9".repeat(1 + r.nextInt(3000)) + "}").getBytes(StandardCharsets.UTF_8);
            case 9 -> ("{\"s\":\"" + "x".repeat(r.nextInt(100_000)) + "\"}").getBytes(StandardCharsets.UTF_8);
            case 10 -> new byte[]{(byte) 0xef, (byte) 0xbb, (byte) 0xbf, '{', '}'}; // a BOM
            case 11 -> " \t ".getBytes(StandardCharsets.UTF_8);
            case 12 -> "{\"a\":1} {\"b\":2}".getBytes(StandardCharsets.UTF_8);
            default -> new byte[0];
        };
    }

    /** A generated journal: 0–30 lines, each ended by \n, \r\n or \r, the last one sometimes with no end. */
    static byte[] journal(SplittableRandom r) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int lines = r.nextInt(31);
        for (int i = 0; i < lines; i++) {
            b.writeBytes(line(r));
            if (i == lines - 1 && r.nextBoolean()) break;
            b.writeBytes(switch (r.nextInt(8)) {
                case 0 -> new byte[]{'\r', '\n'};
                case 1 -> new byte[]{'\r'};
                default -> new byte[]{'\n'};
            });
        }
        return b.toByteArray();
    }

    @Property(tries = TRIES)
    void readingAnyJournalGivesItsRecordsOrAnErrorNamingTheLine(@ForAll long seed) throws Throwable {
        byte[] content = journal(new SplittableRandom(seed));
        Path file = dir.resolve("journal.jsonl");
        Files.write(file, content);
        Guard.within("journal of seed " + seed, () -> {
            try {
                JournalReader.forEachLine(file, (JsonNode n) -> assertThat(n).isNotNull());
            } catch (BadInputException e) {
                assertThat(e.getMessage()).as("seed %d", seed).contains(file.toString()).containsPattern(", line \\d+: ");
            } catch (RuntimeException e) {
                throw new AssertionError("undocumented " + e + " for the journal of seed " + seed, e);
            }
            return null;
        });
    }
}
