package dev.harmonica.tools.bfcl;

import dev.harmonica.scenario.bfcl.BfclCategory;
import dev.harmonica.tools.bfcl.py.Py;
import dev.harmonica.tools.bfcl.py.PyException;
import dev.harmonica.tools.bfcl.py.PyObject;
import dev.harmonica.tools.bfcl.py.PyReprObject;
import dev.harmonica.tools.bfcl.py.PyTuple;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * BFCL's multi-turn accuracy: all-or-nothing per entry, accuracy = correct / total per category, and the overall
 * value as the unweighted mean of the four categories with a missing category counted as 0
 * ({@code data_multi_turn.csv}, ShishirPatil/gorilla bfcl_eval eval_checker/eval_runner_helper.py). Not thread-safe.
 */
public final class BfclScores {
    /** The header of BFCL's {@code data_multi_turn.csv}. */
    public static final List<String> MULTI_TURN_COLUMNS = List.of("Rank", "Model", "Multi Turn Overall Acc", "Base",
            "Miss Func", "Miss Param", "Long Context");

    private final Map<BfclCategory, int[]> counts = new EnumMap<>(BfclCategory.class);

    /** Records one verdict. */
    public void add(BfclCategory category, boolean valid) {
        int[] c = counts.computeIfAbsent(category, k -> new int[2]);
        if (valid) c[0]++;
        c[1]++;
    }

    public int correct(BfclCategory c) {
        return counts.getOrDefault(c, new int[2])[0];
    }

    public int total(BfclCategory c) {
        return counts.getOrDefault(c, new int[2])[1];
    }

    /** Accuracy of a category, or null when it has no entries. */
    public Double accuracy(BfclCategory c) {
        int t = total(c);
        return t == 0 ? null : (double) correct(c) / t;
    }

    /** BFCL's multi-turn overall accuracy: mean of the four categories, a missing one counting 0. */
    public double overall() {
        double sum = 0;
        for (BfclCategory c : BfclCategory.values()) {
            Double a = accuracy(c);
            if (a != null) sum += a;
        }
        return sum / BfclCategory.values().length;
    }

    /** {@code "{:.2f}%"} of an accuracy in [0, 1], or {@code N/A}. */
    public static String percent(Double accuracy) {
        return accuracy == null ? "N/A" : Py.formatFixed(accuracy * 100, 2) + "%";
    }

    /** The CSV row for this model: Rank 1, model, overall, the four categories. */
    public List<String> multiTurnRow(String model) {
        List<String> row = new ArrayList<>();
        row.add("1");
        row.add(model);
        row.add(percent(overall()));
        for (BfclCategory c : BfclCategory.values()) row.add(percent(accuracy(c)));
        return row;
    }

    /** Writes BFCL's {@code data_multi_turn.csv} with one row. */
    public void writeMultiTurnCsv(Path file, String model) throws IOException {
        if (file.toAbsolutePath().getParent() != null) Files.createDirectories(file.toAbsolutePath().getParent());
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
             CSVPrinter p = new CSVPrinter(w, CSVFormat.DEFAULT.builder().setRecordSeparator("\n").get())) {
            p.printRecord(MULTI_TURN_COLUMNS);
            p.printRecord(multiTurnRow(model));
        }
    }

    /**
     * JSON text of a Python value where values JSON cannot encode become {@code str(value)} (BFCL writes score files
     * with {@code default=str}-like conversion).
     */
    public static String jsonLenient(Object v) {
        try {
            return Py.jsonDumps(lenient(v));
        } catch (PyException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Object lenient(Object v) {
        if (v == null || v instanceof String || v instanceof Boolean || Py.isNumber(v)) return v;
        if (v instanceof Map<?, ?> m) {
            LinkedHashMap<Object, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                Object k = e.getKey();
                boolean okKey = k == null || k instanceof String || k instanceof Boolean || Py.isNumber(k);
                out.put(okKey ? k : Py.str(k), lenient(e.getValue()));
            }
            return out;
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            for (Object o : l) out.add(lenient(o));
            return out;
        }
        if (v instanceof PyTuple t) return lenient(t.items());
        if (v instanceof PyObject || v instanceof PyReprObject || v instanceof Collection) return Py.str(v);
        return Py.str(v);
    }
}
