package dev.harmonica.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.harmonica.scenario.BadInputException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Streams the journal of a run directory line by line: {@code journal.jsonl}, then every {@code journal-<shard>.jsonl}
 * in name order. Never holds more than one line. Tolerates a torn last line (a run killed mid-write), blank lines,
 * unknown fields and record types it does not know; malformed lines elsewhere become bounded warnings that name the
 * file and line, and the rest of the journal is still read.
 *
 * <p>Lines are split on bytes and parsed straight from UTF-8. The aggregating pass parses "light": the bulky fields
 * only the drill-down shows (raw text, token ids, parsed messages, tool arguments and results, repair text) are
 * skipped without being decoded.
 */
public final class JournalScanner {
    static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonFactory FACTORY = MAPPER.getFactory();
    /** Fields the aggregating pass never reads. */
    static final Set<String> BULKY = Set.of("text", "token_ids", "messages", "chat_message", "arguments", "result",
            "before", "after", "schema_errors", "request_digest", "record_digest");

    /** Receives each parsed record. {@code line} is 1-based. */
    public interface Visitor {
        void record(ObjectNode node, String file, long line);
    }

    /** Decides from the raw bytes of a line whether to parse it at all. */
    interface LineFilter {
        boolean accept(byte[] buf, int off, int len);
    }

    private JournalScanner() {
    }

    /** The journal files of a run directory, in reading order; empty when there are none. */
    public static List<Path> journalFiles(Path runDir) {
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

    /**
     * Reads every journal file of {@code runDir} (light parse). Throws {@link BadInputException} when the directory
     * has no journal.
     */
    public static void read(Path runDir, Warnings warnings, Visitor visitor) {
        readPipelined(requireJournal(runDir), warnings, (node, file, line, w) -> node,
                (prepared, file, line) -> visitor.record((ObjectNode) prepared, file, line));
    }

    /** Turns a parsed record into what the consumer needs, on the reading thread (may add warnings; null drops it). */
    interface Preparer {
        Object prepare(ObjectNode node, String file, long line, Warnings warnings);
    }

    /** Receives prepared records, in journal order, on the caller's thread. */
    interface PreparedVisitor {
        void record(Object prepared, String file, long line);
    }

    /** Like {@link #read} but runs {@code preparer} on the reading thread. */
    static void readPrepared(Path runDir, Warnings warnings, Preparer preparer, PreparedVisitor visitor) {
        readPipelined(requireJournal(runDir), warnings, preparer, visitor);
    }

    /** The journal files of {@code runDir}; {@link BadInputException} when it is not a run directory or has none. */
    public static List<Path> requireJournal(Path runDir) {
        if (!Files.isDirectory(runDir)) {
            throw new BadInputException(runDir + ": not a run directory (expected a folder with journal.jsonl)");
        }
        List<Path> files = journalFiles(runDir);
        if (files.isEmpty()) {
            throw new BadInputException(runDir + ": no journal.jsonl or journal-<shard>.jsonl found; "
                    + "pass the run directory that `harmonica run` wrote (reports/<run-id>/)");
        }
        return files;
    }

    private static final int BATCH = 256;

    /**
     * Splits and parses lines on a second thread while the caller's thread aggregates, in journal order. The queue is
     * bounded (8 batches of 256 records), so memory stays bounded.
     */
    private static void readPipelined(List<Path> files, Warnings warnings, Preparer preparer, PreparedVisitor visitor) {
        BlockingQueue<Object> queue = new ArrayBlockingQueue<>(8);
        Object end = new Object();
        Thread producer = new Thread(() -> {
            Object last = end;
            try {
                List<List<Object[]>> ref = new ArrayList<>(List.of(new ArrayList<>(BATCH)));
                Runnable flushIfFull = () -> {
                    if (ref.get(0).size() >= BATCH) {
                        put(queue, ref.get(0));
                        ref.set(0, new ArrayList<>(BATCH));
                    }
                };
                Warnings inOrder = new Warnings() { // parse warnings travel with the records, in journal order
                    @Override
                    public void add(String message) {
                        ref.get(0).add(new Object[]{message});
                        flushIfFull.run();
                    }
                };
                for (Path f : files) {
                    readFile(f, inOrder, (node, file, line) -> {
                        Object prepared = preparer.prepare(node, file, line, inOrder);
                        if (prepared != null) {
                            ref.get(0).add(new Object[]{prepared, file, line});
                            flushIfFull.run();
                        }
                    }, null, true);
                }
                if (!ref.get(0).isEmpty()) put(queue, ref.get(0));
            } catch (RuntimeException | Error e) {
                last = e;
            } finally {
                put(queue, last);
            }
        }, "harmonica-journal-reader");
        producer.setDaemon(true);
        producer.start();
        try {
            while (true) {
                Object item = queue.take();
                if (item == end) break;
                if (item instanceof RuntimeException re) throw re;
                if (item instanceof Error er) throw er;
                @SuppressWarnings("unchecked")
                List<Object[]> batch = (List<Object[]>) item;
                for (Object[] r : batch) {
                    if (r.length == 1) warnings.add((String) r[0]);
                    else visitor.record(r[0], (String) r[1], (Long) r[2]);
                }
            }
        } catch (InterruptedException e) {
            producer.interrupt();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the journal", e);
        } finally {
            producer.interrupt(); // no-op when it has finished; unblocks it when the consumer failed
        }
    }

    private static void put(BlockingQueue<Object> q, Object o) {
        try {
            q.put(o);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Reads one journal file, fully parsed. */
    public static void readFile(Path file, Warnings warnings, Visitor visitor) {
        readFile(file, warnings, visitor, null, false);
    }

    /** Reads one journal file, parsing only the lines {@code filter} accepts (all when null). */
    static void readFile(Path file, Warnings warnings, Visitor visitor, LineFilter filter, boolean light) {
        String name = file.getFileName().toString();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 20];
            int start = 0, end = 0, scanned = 0; // valid bytes are buf[start, end); no '\n' in [start, scanned)
            long no = 0;
            boolean eof = false;
            while (true) {
                int nl = Swar.indexOfNewline(buf, Math.max(start, scanned), end);
                scanned = nl < 0 ? end : nl;
                if (nl < 0 && !eof) {
                    // compact, grow if a single line fills the buffer, then read more
                    if (start > 0) {
                        System.arraycopy(buf, start, buf, 0, end - start);
                        end -= start;
                        scanned -= start;
                        start = 0;
                    }
                    if (end == buf.length) buf = Arrays.copyOf(buf, buf.length * 2);
                    int n = in.read(buf, end, buf.length - end);
                    if (n < 0) eof = true;
                    else end += n;
                    continue;
                }
                if (nl < 0 && start >= end) break; // eof, nothing left
                int lineEnd = nl < 0 ? end : nl;
                boolean last = nl < 0;
                no++;
                int len = lineEnd - start;
                if (len > 0 && buf[lineEnd - 1] == '\r') len--;
                if (!blank(buf, start, len) && (filter == null || filter.accept(buf, start, len))) {
                    parseLine(buf, start, len, name, no, last || atEnd(in, buf, lineEnd + 1, end), warnings, visitor,
                            light);
                }
                if (nl < 0) break;
                start = nl + 1;
            }
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot read journal: " + e.getMessage(), e);
        }
    }

    private static boolean atEnd(InputStream in, byte[] buf, int from, int end) throws IOException {
        for (int i = from; i < end; i++) if (!Character.isWhitespace(buf[i])) return false;
        return in.available() == 0 && from >= end;
    }

    private static boolean blank(byte[] b, int off, int len) {
        for (int i = off; i < off + len; i++) {
            byte c = b[i];
            if (c != ' ' && c != '\t' && c != '\r') return false;
        }
        return true;
    }

    private static void parseLine(byte[] buf, int off, int len, String name, long no, boolean last, Warnings warnings,
                                  Visitor visitor, boolean light) {
        ObjectNode node;
        try {
            if (light) {
                node = LightJson.parseObject(buf, off, len, BULKY);
            } else {
                try (JsonParser p = FACTORY.createParser(buf, off, len)) {
                    JsonToken t = p.nextToken();
                    if (t != JsonToken.START_OBJECT) throw new LightJson.Malformed("expected a JSON object");
                    node = (ObjectNode) MAPPER.readTree(p);
                    if (p.nextToken() != null) throw new LightJson.Malformed("extra text after the JSON object");
                }
            }
        } catch (IOException e) {
            String msg = e instanceof JsonProcessingException jpe ? jpe.getOriginalMessage() : e.getMessage();
            if (last) {
                warnings.add(name + " line " + no + ": torn last line ignored (" + len
                        + " bytes; the run was probably interrupted while writing it)");
            } else {
                warnings.add(name + " line " + no + ": not valid JSON, line skipped ("
                        + TurnRow.clip(msg == null ? "" : msg.lines().findFirst().orElse(""), 200) + ")");
            }
            return;
        }
        visitor.record(node, name, no);
    }

    /** The value of {@code "scenario_id":"…"} in a raw line, or null when not found cheaply (no escapes). */
    static String quickScenarioId(byte[] b, int off, int len) {
        byte[] key = SCENARIO_KEY;
        int end = off + len;
        outer:
        for (int i = off; i + key.length <= end; i++) {
            for (int k = 0; k < key.length; k++) if (b[i + k] != key[k]) continue outer;
            int j = i + key.length;
            while (j < end && (b[j] == ' ' || b[j] == ':')) j++;
            if (j >= end || b[j] != '"') return null;
            int s = ++j;
            while (j < end && b[j] != '"') {
                if (b[j] == '\\') return null;
                j++;
            }
            return j >= end ? null : new String(b, s, j - s, StandardCharsets.UTF_8);
        }
        return null;
    }

    private static final byte[] SCENARIO_KEY = "\"scenario_id\"".getBytes(StandardCharsets.UTF_8);
}
