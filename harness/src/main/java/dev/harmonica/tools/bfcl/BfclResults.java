package dev.harmonica.tools.bfcl;

import dev.harmonica.scenario.bfcl.BfclEntry;
import dev.harmonica.tools.bfcl.py.Py;
import dev.harmonica.tools.bfcl.py.PyException;
import dev.harmonica.tools.bfcl.py.PyJson;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * BFCL result files ({@code BFCL_v4_multi_turn_<category>_result.json}) read and checked as bfcl-eval 2026.3.23 does:
 * every line decoded by Python's {@code json.loads} ({@code utils.load_file}; a line BFCL cannot decode stops BFCL,
 * so it is bad input here, with Python's message), then each entry evaluated like
 * {@code eval_runner._evaluate_single_multi_turn_entry}: a result that is not a list is an inference error, a wrong
 * number of turns is force-terminated, every step is decoded by the handler's {@code decode_execute} (steps that
 * fail to decode or decode to nothing are dropped), then {@link BfclChecker}. Where BFCL's evaluation itself raises
 * (a turn that is a number is not iterable), the verdict is {@link #CRASH}.
 */
public final class BfclResults {
    /** Not a BFCL error type: bfcl-eval raises on this entry and stops (the message names the Python exception). */
    public static final String CRASH = "harmonica:bfcl_crash";

    private BfclResults() {
    }

    /** One decoded line: its 1-based number and the Python value {@code json.loads} gave. */
    public record Line(int number, Object value) {
    }

    /** A line BFCL's {@code json.loads} refuses: the file, the line and Python's message. */
    public static final class BadLine extends Exception {
        public BadLine(String message) {
            super(message, null, false, false);
        }
    }

    /** How steps are decoded. */
    public enum Mode {
        /** BFCL's FC handlers ({@code convert_to_function_call}): a text step is dropped. */
        FC,
        /** BFCL's prompting handlers ({@code default_decode_execute_prompting}): a text step is parsed as Python. */
        PROMPTING,
        /** Not BFCL's: a step that is a list of call strings is taken as it is (Harmonica's own files), else FC. */
        CALLS
    }

    /**
     * Reads a result file as {@code load_file} does: text mode (UTF-8, universal newlines), {@code readlines()} (each
     * line with its newline, the last one perhaps without), {@code json.loads} of each line; a blank line stops BFCL
     * too ({@code Expecting value: line 2 column 1 (char 1)}).
     */
    public static List<Line> read(Path file) throws IOException, BadLine {
        String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        if (text.indexOf('\uFFFD') >= 0 && !validUtf8(file)) {
            throw new BadLine(file + ": not UTF-8 (BFCL's open() raises UnicodeDecodeError)");
        }
        text = text.replace("\r\n", "\n").replace('\r', '\n');
        List<Line> out = new ArrayList<>();
        int n = 0;
        int start = 0;
        while (start < text.length()) {
            int nl = text.indexOf('\n', start);
            int end = nl < 0 ? text.length() : nl + 1;
            n++;
            try {
                out.add(new Line(n, PyJson.loads(text.substring(start, end))));
            } catch (PyException e) {
                throw new BadLine(file + ":" + n + ": BFCL's json.loads refuses this line (" + e.pyType() + ": "
                        + e.pyStr() + ")");
            }
            start = end;
        }
        return out;
    }

    private static boolean validUtf8(Path file) throws IOException {
        try {
            StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(Files.readAllBytes(file)));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    /** The value of a field of a result line, or null when the line is not a dict or lacks it. */
    public static Object field(Object row, String name) {
        return row instanceof Map<?, ?> m ? m.get(name) : null;
    }

    /** Whether the line has the field. */
    public static boolean hasField(Object row, String name) {
        return row instanceof Map<?, ?> m && m.containsKey(name);
    }

    /**
     * {@code _evaluate_single_multi_turn_entry} for one entry.
     *
     * @param result      the line's {@code result} value
     * @param modelFolder BFCL's checker model name (the result folder, {@link BfclNames#resultFolder})
     */
    public static BfclVerdict check(BfclEntry entry, Object result, Mode mode, String modelFolder,
                                    BfclInstanceFactory factory) {
        if (!(result instanceof List<?> turns)) return BfclChecker.inferenceError(entry.id());
        if (turns.size() != entry.groundTruth().size()) {
            return BfclChecker.check(entry, emptyTurns(turns.size()), modelFolder, factory);
        }
        List<List<List<String>>> decoded = new ArrayList<>();
        for (Object turn : turns) {
            List<?> items = iterate(turn);
            if (items == null) {
                return new BfclVerdict(entry.id(), false, CRASH, "TypeError: '" + Py.typeName(turn)
                        + "' object is not iterable", null, Map.of());
            }
            List<List<String>> steps = new ArrayList<>();
            for (Object item : items) {
                try {
                    List<String> d = decode(item, mode);
                    if (!BfclChecker.isEmptyStep(d)) steps.add(d);
                } catch (BfclCalls.DecodeException e) {
                    // BFCL drops steps that fail to decode
                }
            }
            decoded.add(steps);
        }
        return BfclChecker.check(entry, decoded, modelFolder, factory);
    }

    private static List<List<List<String>>> emptyTurns(int n) {
        List<List<List<String>>> out = new ArrayList<>();
        for (int i = 0; i < n; i++) out.add(List.of());
        return out;
    }

    /** Python's iteration of a JSON value: list items, str characters, dict keys; null for what is not iterable. */
    private static List<?> iterate(Object v) {
        if (v instanceof List<?> l) return l;
        if (v instanceof String s) return s.codePoints().mapToObj(Character::toString).toList();
        if (v instanceof Map<?, ?> m) return new ArrayList<>(m.keySet());
        return null;
    }

    private static List<String> decode(Object item, Mode mode) throws BfclCalls.DecodeException {
        if (mode == Mode.CALLS && item instanceof List<?> l && l.stream().allMatch(String.class::isInstance)) {
            List<String> calls = new ArrayList<>();
            for (Object o : l) calls.add((String) o);
            return calls;
        }
        if (mode != Mode.PROMPTING) return BfclCalls.decodeFcStep(item);
        if (!(item instanceof String s)) {
            throw new BfclCalls.DecodeException("'" + Py.typeName(item) + "' object has no attribute 'strip'");
        }
        return BfclCalls.decodePrompting(s);
    }
}
