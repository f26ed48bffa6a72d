package dev.harmonica.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.harmonica.journal.JournalReader;
import dev.harmonica.journal.JournalSession;
import dev.harmonica.scenario.BadInputException;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * The reports' side of the one journal reader ({@link JournalReader}, strictness {@code REPORT}): streams the journal
 * of a run directory — {@code journal.jsonl}, then every {@code journal-<shard>.jsonl} in name order — line by line,
 * parsing on a second thread while the caller's thread aggregates. Duplicated lines count once, another run's lines
 * are refused and a torn line in the middle is an error (each naming file and line); a torn last line is skipped with
 * a warning. The aggregating pass parses "light" ({@link JournalReader#BULKY} fields are skipped undecoded).
 */
public final class JournalScanner {
    static final ObjectMapper MAPPER = new ObjectMapper();
    /** Fields the aggregating pass never reads. */
    static final Set<String> BULKY = JournalReader.BULKY;

    private JournalScanner() {
    }

    /** The journal files of a run directory, in reading order; empty when there are none. */
    public static List<Path> journalFiles(Path runDir) {
        return JournalReader.files(runDir);
    }

    /**
     * Reads every journal file of {@code runDir} (light parse). Throws {@link BadInputException} when the directory
     * has no journal, or a line breaks a reading rule.
     */
    public static void read(Path runDir, Warnings warnings, JournalReader.Visitor visitor) {
        readPipelined(requireJournal(runDir), null, warnings, (node, file, line, w) -> node,
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

    /** Like {@link #read} for the run {@code runId} (run.json's; null: the first line's), {@code preparer} on the reading thread. */
    static void readPrepared(Path runDir, String runId, Warnings warnings, Preparer preparer, PreparedVisitor visitor) {
        readPipelined(requireJournal(runDir), runId, warnings, preparer, visitor);
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
    private static void readPipelined(List<Path> files, String runId, Warnings warnings, Preparer preparer,
                                      PreparedVisitor visitor) {
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
                JournalSession session = JournalReader.session(JournalReader.Options.REPORT.withRunId(runId)
                        .withLight(true), inOrder::add);
                for (Path f : files) {
                    session.read(f, (node, file, line) -> {
                        Object prepared = preparer.prepare(node, file, line, inOrder);
                        if (prepared != null) {
                            ref.get(0).add(new Object[]{prepared, file, line});
                            flushIfFull.run();
                        }
                    });
                }
                if (session.duplicates() > 0) {
                    inOrder.add(session.duplicates() + " duplicated journal line(s) (the same record twice) counted once");
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
