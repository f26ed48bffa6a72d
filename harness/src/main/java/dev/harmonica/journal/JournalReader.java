package dev.harmonica.journal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.harmonica.scenario.BadInputException;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Reads journals line by line (streams, never whole files in memory).
 *
 * <p><b>Completeness rule</b>: a scenario × variant, keyed by {@code (scenario_id, variant)}, is complete iff a
 * {@code "type":"scenario"} line with that key is in the journal. Readers count the {@code "type":"turn"} lines of
 * complete keys only; turn lines of keys without a scenario line belong to a scenario that was running when the
 * process died (or is still running) and are dropped. A torn last line (no trailing newline, not valid JSON) is
 * ignored. A resumed run compacts the journal first, so a complete key's turns are never duplicated.
 */
public final class JournalReader {
    private JournalReader() {
    }

    /** The journal key of a record line. */
    public record Key(String scenarioId, String variant) {
        public static Key of(JsonNode n) {
            return new Key(n.path("scenario_id").asText(), n.path("variant").asText());
        }
    }

    /**
     * Calls {@code consumer} for every parseable line in order. A bad line that is not the last line is an error
     * naming the file and line; a bad last line (a torn write) is skipped.
     */
    public static void forEachLine(Path journal, Consumer<JsonNode> consumer) {
        try (InputStream in = Files.newInputStream(journal);
             BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16)) {
            String line = r.readLine();
            int n = 0;
            while (line != null) {
                n++;
                String next = r.readLine();
                if (!line.isBlank()) {
                    JsonNode node;
                    try {
                        node = Journal.MAPPER.readTree(line);
                    } catch (JsonProcessingException e) {
                        if (next == null) return; // torn last line
                        throw new BadInputException(journal + ", line " + n + ": not a journal record: " + e.getOriginalMessage());
                    }
                    consumer.accept(node);
                }
                line = next;
            }
        } catch (IOException e) {
            throw new BadInputException(journal + ": cannot read: " + e.getMessage(), e);
        }
    }

    /** A key with its attempt (absent {@code attempt} = 1): the unit the completeness rule applies to. */
    public record AttemptKey(Key key, int attempt) {
        public static AttemptKey of(JsonNode n) {
            return new AttemptKey(Key.of(n), n.path("attempt").asInt(1));
        }
    }

    /** How the last finished attempt of a scenario × variant ended. */
    public record Ended(int attempt, ScenarioRecord.Status status) {
    }

    /** For every scenario × variant with a scenario line: its last finished attempt and how it ended. */
    public static Map<Key, Ended> lastEnded(Path journal) {
        Map<Key, Ended> out = new HashMap<>();
        if (!Files.exists(journal)) return out;
        forEachLine(journal, n -> {
            if (!ScenarioRecord.TYPE.equals(n.path("type").asText())) return;
            AttemptKey k = AttemptKey.of(n);
            ScenarioRecord.Status st = ScenarioRecord.Status.byName(n.path("status").asText());
            out.merge(k.key(), new Ended(k.attempt(), st == null ? ScenarioRecord.Status.COMPLETED : st),
                    (a, b) -> b.attempt() >= a.attempt() ? b : a);
        });
        return out;
    }

    /** The (key, attempt)s that have a scenario line. */
    static Set<AttemptKey> completeAttempts(Path journal) {
        Set<AttemptKey> keys = new HashSet<>();
        if (!Files.exists(journal)) return keys;
        forEachLine(journal, n -> {
            if (ScenarioRecord.TYPE.equals(n.path("type").asText())) keys.add(AttemptKey.of(n));
        });
        return keys;
    }

    /** The keys that have a scenario line. */
    public static Set<Key> completeKeys(Path journal) {
        Set<Key> keys = new HashSet<>();
        if (!Files.exists(journal)) return keys;
        forEachLine(journal, n -> {
            if (ScenarioRecord.TYPE.equals(n.path("type").asText())) keys.add(Key.of(n));
        });
        return keys;
    }

    /**
     * Streams the lines that count under the completeness rule: the turns and scenario line of the last finished
     * attempt of each scenario × variant (earlier attempts, e.g. one that ended not judged before a retry, and
     * unfinished ones are skipped).
     */
    public static void forEachComplete(Path journal, Consumer<JsonNode> consumer) {
        Map<Key, Ended> last = lastEnded(journal);
        Set<Key> seenScenario = new HashSet<>();
        forEachLine(journal, n -> {
            AttemptKey k = AttemptKey.of(n);
            Ended e = last.get(k.key());
            if (e == null || e.attempt() != k.attempt()) return;
            if (ScenarioRecord.TYPE.equals(n.path("type").asText()) && !seenScenario.add(k.key())) return; // duplicate
            consumer.accept(n);
        });
    }

    /**
     * Prepares a journal for {@code --resume}: drops a torn last line and the turn lines of incomplete scenarios, so
     * that appending the redone scenarios gives exactly what an uninterrupted run writes. Rewrites into a temporary
     * file and atomically replaces the journal (a crash during compaction leaves the original). Returns the number
     * of lines dropped (0: the journal was left untouched).
     */
    public static int compactForResume(Path journal) {
        if (!Files.exists(journal)) return 0;
        Set<AttemptKey> complete = completeAttempts(journal);
        int[] total = {0};
        int[] kept = {0};
        boolean torn;
        try {
            torn = endsTorn(journal);
        } catch (IOException e) {
            throw new BadInputException(journal + ": cannot read: " + e.getMessage(), e);
        }
        forEachLine(journal, n -> {
            total[0]++;
            if (complete.contains(AttemptKey.of(n))) kept[0]++;
        });
        if (kept[0] == total[0] && !torn) return 0;
        Path tmp = journal.resolveSibling(journal.getFileName() + ".compact.tmp");
        try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            try (BufferedReader r = Files.newBufferedReader(journal, StandardCharsets.UTF_8)) {
                String line;
                while ((line = r.readLine()) != null) {
                    if (line.isBlank()) continue;
                    JsonNode node;
                    try {
                        node = Journal.MAPPER.readTree(line);
                    } catch (JsonProcessingException e) {
                        continue; // the torn last line (forEachLine already rejected bad lines elsewhere)
                    }
                    if (complete.contains(AttemptKey.of(node))) {
                        w.write(line);
                        w.write('\n');
                    }
                }
            }
        } catch (IOException e) {
            throw new BadInputException(journal + ": cannot compact for resume: " + e.getMessage(), e);
        }
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
            ch.force(true);
            Files.move(tmp, journal, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new BadInputException(journal + ": cannot replace after compaction: " + e.getMessage(), e);
        }
        return total[0] - kept[0] + (torn ? 1 : 0);
    }

    private static boolean endsTorn(Path journal) throws IOException {
        long size = Files.size(journal);
        if (size == 0) return false;
        try (FileChannel ch = FileChannel.open(journal, StandardOpenOption.READ)) {
            ByteBuffer b = ByteBuffer.allocate(1);
            ch.read(b, size - 1);
            return b.get(0) != '\n';
        }
    }
}
