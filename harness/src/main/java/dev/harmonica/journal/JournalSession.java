package dev.harmonica.journal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.harmonica.scenario.BadInputException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * The one journal reading engine ({@link JournalReader}): reads the journal files of one run, line by line, with the
 * reading rules of docs/journal.md applied in one place:
 * <ul>
 *   <li>blank lines are skipped; a line ends at {@code \n} (a {@code \r} before it is dropped);</li>
 *   <li>a line that is not one JSON object is a <b>torn line</b>. The last line of a file without a final newline
 *       is what a killed writer leaves: under {@link JournalReader.Strictness#REPORT} it is skipped with a warning,
 *       under {@link JournalReader.Strictness#RESUME} it is remembered so that {@code --resume} cuts it off. A torn
 *       line anywhere else is an error naming the file and line, for every command;</li>
 *   <li>a line whose {@code run_id} is not the run's (the one given, or else the first line's) is refused: an error
 *       naming the file and line;</li>
 *   <li>a line that repeats an earlier one — same key ({@code type}, {@code scenario_id}, {@code variant},
 *       {@code attempt}, {@code turn}, {@code step}, {@code driven_by}), same {@code record_digest}, latency and
 *       length (or, without a digest, the same bytes) — is a duplicate: counted once, across every file of the
 *       session. The same record written again with different content or latency (a scenario played again) is not a
 *       duplicate: the attempt rules decide which counts.</li>
 * </ul>
 * Lines are split on bytes ({@link Swar}) and parsed straight from UTF-8, either fully (Jackson) or "light"
 * ({@link LightJson}: the bulky fields only the drill-down shows are skipped without being decoded). Never holds more
 * than one line. Not thread-safe: one session per reading thread.
 */
public final class JournalSession {
    private static final JsonFactory FACTORY = Journal.MAPPER.getFactory();

    /** Receives each record with the raw bytes of its line ({@code buf[off, off + len)}, valid during the call). */
    interface RawVisitor {
        void record(ObjectNode node, String file, long line, byte[] buf, int off, int len);
    }

    private final JournalReader.Options options;
    private final Consumer<String> warnings;
    private final LongSet seen = new LongSet();
    private String runId;
    private Path runIdFile;
    private long runIdLine;
    private long duplicates;
    private Path tornFile;
    private long tornOffset = -1;

    JournalSession(JournalReader.Options options, Consumer<String> warnings) {
        this.options = options;
        this.warnings = warnings;
        this.runId = options.runId();
    }

    /** Lines skipped because they repeat an earlier line. */
    public long duplicates() {
        return duplicates;
    }

    /** The run id every line must carry (the given one, or the first line's), or null when no line had one. */
    public String runId() {
        return runId;
    }

    /** Under RESUME: the byte offset of a torn last line in {@code file} (where the file must be cut), else -1. */
    long tornOffset(Path file) {
        return file.equals(tornFile) ? tornOffset : -1;
    }

    /** Reads one journal file; see the class comment for the rules. */
    public void read(Path file, JournalReader.Visitor visitor) {
        read(file, (node, name, line, buf, off, len) -> visitor.record(node, name, line));
    }

    void read(Path file, RawVisitor visitor) {
        String name = file.getFileName().toString();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 20];
            int start = 0, end = 0, scanned = 0; // valid bytes are buf[start, end); no '\n' in [start, scanned)
            long no = 0, consumed = 0; // lines seen; bytes before buf[0]
            boolean eof = false;
            while (true) {
                int nl = Swar.indexOfNewline(buf, Math.max(start, scanned), end);
                scanned = nl < 0 ? end : nl;
                if (nl < 0 && !eof) {
                    if (start > 0) { // compact, grow if a single line fills the buffer, then read more
                        System.arraycopy(buf, start, buf, 0, end - start);
                        consumed += start;
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
                no++;
                int len = (nl < 0 ? end : nl) - start;
                if (len > 0 && buf[start + len - 1] == '\r') len--;
                if (!blank(buf, start, len) && (options.filter() == null || options.filter().accept(buf, start, len))) {
                    ObjectNode node = parse(buf, start, len, file, no, nl < 0, consumed + start);
                    if (node != null && admit(node, buf, start, len, file, no)) {
                        visitor.record(node, name, no, buf, start, len);
                    }
                }
                if (nl < 0) break;
                start = nl + 1;
            }
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot read the journal: " + e.getMessage(), e);
        }
    }

    private static boolean blank(byte[] b, int off, int len) {
        for (int i = off; i < off + len; i++) {
            byte c = b[i];
            if (c != ' ' && c != '\t' && c != '\r') return false;
        }
        return true;
    }

    /** The line's object; null for a torn last line (skipped); an error for any other line that is not an object. */
    private ObjectNode parse(byte[] buf, int off, int len, Path file, long no, boolean last, long fileOffset) {
        try {
            if (options.light()) return LightJson.parseObject(buf, off, len, JournalReader.BULKY);
            try (JsonParser p = FACTORY.createParser(buf, off, len)) {
                if (p.nextToken() != JsonToken.START_OBJECT) throw new LightJson.Malformed("expected a JSON object");
                ObjectNode node = Journal.MAPPER.readTree(p);
                if (p.nextToken() != null) throw new LightJson.Malformed("extra text after the JSON object");
                return node;
            }
        } catch (IOException e) {
            String msg = e instanceof JsonProcessingException jpe ? jpe.getOriginalMessage() : e.getMessage();
            msg = msg == null ? "" : msg.lines().findFirst().orElse("");
            if (!last) {
                throw new BadInputException(file + ", line " + no + ": not a journal record, a torn line in the middle "
                        + "of the journal (" + clip(msg) + "); only the last line may be torn (a killed run); repair or"
                        + " remove this line");
            }
            if (options.strictness() == JournalReader.Strictness.RESUME) {
                tornFile = file;
                tornOffset = fileOffset;
            } else {
                warnings.accept(file.getFileName() + " line " + no + ": torn last line ignored (" + len
                        + " bytes; the run was probably interrupted while writing it)");
            }
            return null;
        }
    }

    /** The run-id check and duplicate detection; false for a duplicate. */
    private boolean admit(ObjectNode node, byte[] buf, int off, int len, Path file, long no) {
        JsonNode id = node.get("run_id");
        if (id != null && id.isTextual()) {
            String s = id.textValue();
            if (runId == null) {
                runId = s;
                runIdFile = file;
                runIdLine = no;
            } else if (!runId.equals(s)) {
                throw new BadInputException(file + ", line " + no + ": run_id \"" + clip(s) + "\" is not this run's (\""
                        + clip(runId) + "\"" + (runIdFile == null ? ", run.json" : ", " + runIdFile.getFileName()
                        + " line " + runIdLine) + "); a journal holds one run: move the lines of the other run to"
                        + " its own run directory");
            }
        }
        if (seen.add(fingerprint(node, buf, off, len))) return true;
        duplicates++;
        return false;
    }

    /**
     * 64 bits naming a line: its key, {@code record_digest} (which covers everything but the latency),
     * {@code latency_ms} and length — so the same record played twice (another latency) is no duplicate, a copied
     * line is — or, without a digest, its key and bytes.
     */
    static long fingerprint(ObjectNode n, byte[] buf, int off, int len) {
        long h = 0x9E3779B97F4A7C15L;
        for (String f : KEY) h = mix(h, hash(n.get(f)));
        JsonNode digest = n.get("record_digest");
        if (digest != null && digest.isTextual()) {
            return mix(mix(mix(h, hash(digest.textValue())), hash(n.get("latency_ms"))), len);
        }
        long b = 0xcbf29ce484222325L;
        for (int i = off; i < off + len; i++) b = (b ^ (buf[i] & 0xff)) * 0x100000001b3L;
        return mix(mix(h, b), len);
    }

    private static final String[] KEY = {"type", "scenario_id", "variant", "attempt", "turn", "step", "driven_by"};

    private static long hash(JsonNode v) {
        if (v == null || v.isNull()) return 0x51ED27L;
        return v.isTextual() ? hash(v.textValue()) : hash(v.toString()) * 31 + 7;
    }

    private static long hash(String s) {
        long h = 1125899906842597L;
        for (int i = 0; i < s.length(); i++) h = 31 * h + s.charAt(i);
        return h;
    }

    private static long mix(long h, long v) {
        long x = (h ^ v) * 0xff51afd7ed558ccdL;
        x ^= x >>> 33;
        x *= 0xc4ceb9fe1a85ec53L;
        return x ^ (x >>> 33);
    }

    private static String clip(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200) + "…";
    }

    /** An open-addressing set of longs (0 is stored as a flag), doubling at half load. */
    static final class LongSet {
        private long[] slots = new long[1 << 12];
        private int size;
        private boolean zero;

        /** Adds {@code v}; false when it was there. */
        boolean add(long v) {
            if (v == 0) {
                boolean was = zero;
                zero = true;
                return !was;
            }
            if (size * 2 >= slots.length) grow();
            if (!insert(slots, v)) return false;
            size++;
            return true;
        }

        private static boolean insert(long[] t, long v) {
            int mask = t.length - 1;
            int i = (int) (v ^ (v >>> 32)) & mask;
            while (t[i] != 0) {
                if (t[i] == v) return false;
                i = (i + 1) & mask;
            }
            t[i] = v;
            return true;
        }

        private void grow() {
            long[] t = new long[slots.length * 2];
            for (long v : slots) if (v != 0) insert(t, v);
            slots = t;
        }
    }
}
