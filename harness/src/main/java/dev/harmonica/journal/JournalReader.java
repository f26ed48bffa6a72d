package dev.harmonica.journal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.harmonica.scenario.BadInputException;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The one journal reader, used by every command: reports, compare, merge and resume (docs/journal.md, "Reading
 * rules"). {@link JournalSession} applies the rules — duplicates counted once, another run's lines refused, a torn last
 * line skipped (reports) or cut off ({@code --resume}), a torn line in the middle an error — with a
 * {@link Strictness} switch; this class holds the run side's view on top of it.
 *
 * <p><b>Completeness rule</b>: a scenario × variant attempt, keyed by {@code (scenario_id, variant, attempt)}, is
 * complete iff a {@code "type":"scenario"} line with that key is in the journal. The run side counts the last complete
 * attempt of each scenario × variant ({@link #forEachComplete}); turn lines of attempts without a scenario line belong
 * to a scenario that was running when the process died (or is still running). A resumed run compacts the journal first
 * ({@link #compactForResume}), so a complete attempt's turns are never duplicated.
 */
public final class JournalReader {
    /** Fields the light parse never decodes (only the drill-down shows them). */
    public static final Set<String> BULKY = Set.of("text", "token_ids", "messages", "chat_message", "arguments",
            "result", "before", "after", "schema_errors", "request_digest");

    private JournalReader() {
    }

    /** What a torn last line (a killed writer's) means to the reader; a torn line elsewhere is always an error. */
    public enum Strictness {
        /** Reports, compare and merge: the torn last line is skipped with a warning naming the file and line. */
        REPORT,
        /** {@code --resume}: the torn last line is remembered and {@link #compactForResume} cuts it off the file. */
        RESUME
    }

    /** Decides from the raw bytes of a line whether to parse it at all. */
    public interface LineFilter {
        boolean accept(byte[] buf, int off, int len);
    }

    /** Receives each record; {@code line} is 1-based. */
    public interface Visitor {
        void record(ObjectNode node, String file, long line);
    }

    /**
     * How to read.
     *
     * @param runId  the run's id (run.json), or null to take the first line's
     * @param light  parse without decoding {@link #BULKY} fields
     * @param filter lines to parse (null: all)
     */
    public record Options(Strictness strictness, String runId, boolean light, LineFilter filter) {
        public static final Options REPORT = new Options(Strictness.REPORT, null, false, null);

        public Options withRunId(String id) {
            return new Options(strictness, id, light, filter);
        }

        public Options withLight(boolean v) {
            return new Options(strictness, runId, v, filter);
        }

        public Options withFilter(LineFilter f) {
            return new Options(strictness, runId, light, f);
        }
    }

    /** A reading session over the journal files of one run (duplicates and the run id span its files). */
    public static JournalSession session(Options options, Consumer<String> warnings) {
        return new JournalSession(options, warnings);
    }

    /** The journal files of a run directory in reading order ({@code journal.jsonl}, then shards by name). */
    public static List<Path> files(Path runDir) {
        List<Path> files = new ArrayList<>();
        Path main = runDir.resolve("journal.jsonl");
        if (Files.isRegularFile(main)) files.add(main);
        List<Path> shards = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(runDir, "journal-*.jsonl")) {
            for (Path p : ds) if (Files.isRegularFile(p)) shards.add(p);
        } catch (IOException e) {
            throw new BadInputException("cannot list " + runDir + ": " + e.getMessage(), e);
        }
        shards.sort(null);
        files.addAll(shards);
        return files;
    }

    /** The journal key of a record line. */
    public record Key(String scenarioId, String variant) {
        public static Key of(JsonNode n) {
            return new Key(n.path("scenario_id").asText(), n.path("variant").asText());
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

    private static void read(Path journal, Options o, Visitor v) {
        session(o, w -> { }).read(journal, v);
    }

    /**
     * Every record of one journal file in order (full parse), under the reading rules: a duplicate is given once,
     * a torn last line is skipped, a torn line elsewhere or another run's line is a {@link BadInputException} naming
     * the file and line.
     */
    public static void forEachLine(Path journal, Consumer<JsonNode> consumer) {
        read(journal, Options.REPORT, (n, f, l) -> consumer.accept(n));
    }

    /** For every scenario × variant with a scenario line: its last finished attempt and how it ended. */
    public static Map<Key, Ended> lastEnded(Path journal) {
        Map<Key, Ended> out = new HashMap<>();
        if (!Files.exists(journal)) return out;
        read(journal, Options.REPORT.withLight(true), (n, f, l) -> {
            if (!ScenarioRecord.TYPE.equals(n.path("type").asText())) return;
            AttemptKey k = AttemptKey.of(n);
            ScenarioRecord.Status st = ScenarioRecord.Status.byName(n.path("status").asText());
            out.merge(k.key(), new Ended(k.attempt(), st == null ? ScenarioRecord.Status.COMPLETED : st),
                    (a, b) -> b.attempt() >= a.attempt() ? b : a);
        });
        return out;
    }

    /** The keys that have a scenario line. */
    public static Set<Key> completeKeys(Path journal) {
        return lastEnded(journal).keySet();
    }

    /**
     * Streams the lines that count under the completeness rule: the turns and scenario line of the last finished
     * attempt of each scenario × variant (earlier attempts, e.g. one that ended not judged before a retry, and
     * unfinished ones are skipped).
     */
    public static void forEachComplete(Path journal, Consumer<JsonNode> consumer) {
        Map<Key, Ended> last = lastEnded(journal);
        Set<Key> seenScenario = new HashSet<>();
        read(journal, Options.REPORT, (n, f, l) -> {
            AttemptKey k = AttemptKey.of(n);
            Ended e = last.get(k.key());
            if (e == null || e.attempt() != k.attempt()) return;
            if (ScenarioRecord.TYPE.equals(n.path("type").asText()) && !seenScenario.add(k.key())) return; // a second
            consumer.accept(n);
        });
    }

    /**
     * Prepares a journal for {@code --resume}: cuts off a torn last line (the rest is kept), drops duplicated lines
     * and the turn lines of unfinished attempts, and ends the file with a newline, so that appending the redone
     * scenarios gives exactly what an uninterrupted run writes. Rewrites into a temporary file and atomically
     * replaces the journal (a crash during compaction leaves the original). Returns the number of lines dropped (0:
     * the journal was left untouched). A torn line in the middle is an error naming the file and line.
     */
    public static int compactForResume(Path journal) {
        if (!Files.exists(journal)) return 0;
        Set<AttemptKey> complete = new HashSet<>();
        long[] total = {0};
        JournalSession s = session(new Options(Strictness.RESUME, null, true, null), w -> { });
        s.read(journal, (n, f, l) -> {
            total[0]++;
            if (ScenarioRecord.TYPE.equals(n.path("type").asText())) complete.add(AttemptKey.of(n));
        });
        boolean torn = s.tornOffset(journal) >= 0;
        long[] kept = {0};
        try {
            if (!torn && s.duplicates() == 0 && endsWithNewline(journal)) {
                read(journal, Options.REPORT.withLight(true), (n, f, l) -> {
                    if (complete.contains(AttemptKey.of(n))) kept[0]++;
                });
                if (kept[0] == total[0]) return 0;
            }
            kept[0] = 0;
            rewrite(journal, complete, kept);
        } catch (IOException e) {
            throw new BadInputException(journal + ": cannot compact for resume: " + e.getMessage(), e);
        }
        return (int) (total[0] - kept[0] + s.duplicates() + (torn ? 1 : 0));
    }

    private static void rewrite(Path journal, Set<AttemptKey> complete, long[] kept) throws IOException {
        Path tmp = journal.resolveSibling(journal.getFileName() + ".compact.tmp");
        try (OutputStream out = Files.newOutputStream(tmp)) {
            session(new Options(Strictness.RESUME, null, true, null), w -> { })
                    .read(journal, (JournalSession.RawVisitor) (n, f, l, buf, off, len) -> {
                        if (!complete.contains(AttemptKey.of(n))) return;
                        try {
                            out.write(buf, off, len);
                            out.write('\n');
                        } catch (IOException e) {
                            throw new BadInputException(tmp + ": cannot write: " + e.getMessage(), e);
                        }
                        kept[0]++;
                    });
        }
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
        Files.move(tmp, journal, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static boolean endsWithNewline(Path journal) throws IOException {
        long size = Files.size(journal);
        if (size == 0) return true;
        try (FileChannel ch = FileChannel.open(journal, StandardOpenOption.READ)) {
            ByteBuffer b = ByteBuffer.allocate(1);
            ch.read(b, size - 1);
            return b.get(0) == '\n';
        }
    }
}
