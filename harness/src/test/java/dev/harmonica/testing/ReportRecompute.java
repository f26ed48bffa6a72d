package dev.harmonica.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import javax.xml.parsers.DocumentBuilderFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Recomputes every headline figure of a run's reports from the row-level files alone — turns.csv (one row per turn)
 * and failure_modes.csv, plus junit.xml for scenario × variants that have no turn at all (never sent) — and asserts
 * that summary.json, summary.csv, summary.md, the headline and failure_modes.csv say the same. Written independently
 * of the report code: only the documented column meanings (docs/reports.md) are used.
 */
public final class ReportRecompute {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ReportRecompute() {
    }

    /** What turns.csv says about one variant. */
    public static final class Figures {
        public long judged, notJudged, harness, strict, lenient, nonStrict;
        public final Map<String, Long> verdicts = new TreeMap<>();
        public final Map<String, Long> causes = new TreeMap<>();
        /** mode → {seen, strict, lenient} over judged turns. */
        public final Map<String, long[]> modes = new TreeMap<>();
        public long bfclCorrect, bfclScored, bfclNotScored;

        long verdict(String v) {
            return verdicts.getOrDefault(v, 0L);
        }
    }

    public static List<CSVRecord> csv(Path file) {
        try (Reader r = Files.newBufferedReader(file);
             CSVParser p = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(r)) {
            return p.getRecords();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Per variant, from turns.csv and junit.xml. */
    public static Map<String, Figures> fromRows(Path run) {
        Map<String, Figures> out = new LinkedHashMap<>();
        Map<String, String[]> scenarios = new LinkedHashMap<>(); // variant\0id → {source, bfcl_valid}
        for (CSVRecord r : csv(run.resolve("turns.csv"))) {
            if (r.get("driven_by").startsWith("resampled")) continue;
            Figures f = out.computeIfAbsent(r.get("variant"), k -> new Figures());
            scenarios.putIfAbsent(r.get("variant") + "\u0000" + unguard(r.get("scenario_id")),
                    new String[]{r.get("source"), r.get("bfcl_valid")});
            switch (r.get("outcome")) {
                case "judged" -> judged(f, r);
                case "not_judged" -> {
                    f.notJudged++;
                    f.causes.merge(r.get("not_judged_cause"), 1L, Long::sum);
                }
                case "harness_error" -> f.harness++;
                default -> throw new AssertionError("turns.csv: unknown outcome " + r.get("outcome"));
            }
        }
        for (Map.Entry<String, String[]> e : scenarios.entrySet()) {
            Figures f = out.get(e.getKey().substring(0, e.getKey().indexOf('\u0000')));
            if (!"bfcl".equals(e.getValue()[0])) continue;
            if (e.getValue()[1].isEmpty()) f.bfclNotScored++;
            else {
                f.bfclScored++;
                if (e.getValue()[1].equals("true")) f.bfclCorrect++;
            }
        }
        for (String[] c : junitCases(run)) { // scenario × variants without a single turn row: never sent
            if (scenarios.containsKey(c[0] + "\u0000" + c[1])) continue;
            Figures f = out.computeIfAbsent(c[0], k -> new Figures());
            if (c[2].endsWith(".bfcl")) f.bfclNotScored++;
        }
        return out;
    }

    private static void judged(Figures f, CSVRecord r) {
        f.judged++;
        String v = r.get("verdict");
        f.verdicts.merge(v, 1L, Long::sum);
        if (!v.equals("ok")) f.strict++;
        if (v.equals("failed")) f.lenient++;
        if (r.get("harmony_non_strict_ok").equals("false")) f.nonStrict++;
        Set<String> seen = new HashSet<>(split(r.get("failure_modes")));
        List<String> strict = split(r.get("strict_failure_modes")), lenient = split(r.get("lenient_failure_modes"));
        seen.addAll(strict);
        seen.addAll(lenient);
        for (String m : seen) {
            long[] c = f.modes.computeIfAbsent(m, k -> new long[3]);
            c[0]++;
            if (strict.contains(m)) c[1]++;
            if (lenient.contains(m)) c[2]++;
        }
    }

    private static List<String> split(String s) {
        return s.isEmpty() ? List.of() : List.of(s.split(";"));
    }

    /** The formula guard's quote taken off again (a leading apostrophe before = + - @ tab CR). */
    static String unguard(String s) {
        return s.length() > 1 && s.charAt(0) == '\'' && "=+-@\t\r".indexOf(s.charAt(1)) >= 0 ? s.substring(1) : s;
    }

    /** junit.xml test cases: {variant, scenario id, classname}. */
    static List<String[]> junitCases(Path run) {
        try {
            Document d = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(run.resolve("junit.xml").toFile());
            List<String[]> out = new ArrayList<>();
            NodeList suites = d.getElementsByTagName("testsuite");
            for (int i = 0; i < suites.getLength(); i++) {
                Element s = (Element) suites.item(i);
                NodeList cases = s.getElementsByTagName("testcase");
                for (int k = 0; k < cases.getLength(); k++) {
                    Element c = (Element) cases.item(k);
                    out.add(new String[]{s.getAttribute("name"), c.getAttribute("name"), c.getAttribute("classname")});
                }
            }
            return out;
        } catch (Exception e) {
            throw new AssertionError("junit.xml: " + e, e);
        }
    }

    static String rate(long x, long n) {
        return n == 0 ? "" : new BigDecimal((double) x / n).setScale(6, RoundingMode.HALF_EVEN).toPlainString();
    }

    static String pct(long x, long n) {
        return String.format(Locale.ROOT, "%.1f%%", 100.0 * x / n);
    }

    static String causeText(Map<String, Long> causes) {
        List<Map.Entry<String, Long>> es = new ArrayList<>(causes.entrySet());
        es.sort((a, b) -> Long.compare(b.getValue(), a.getValue()));
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, Long> e : es) {
            String k = e.getKey();
            parts.add(e.getValue() + " " + (k.startsWith("http_") ? "HTTP " + k.substring(5) : k.replace('_', ' ')));
        }
        return String.join(", ", parts);
    }

    /** Recomputes and asserts; returns the figures for further checks. */
    public static Map<String, Figures> assertReportsAgree(Path run) {
        Map<String, Figures> figs = fromRows(run);
        JsonNode summary = read(run.resolve("summary.json"));
        String md = text(run.resolve("summary.md")), html = text(run.resolve("index.html"));
        List<CSVRecord> summaryCsv = csv(run.resolve("summary.csv"));
        long judged = 0, notJudged = 0, harness = 0;
        Map<String, Long> causes = new TreeMap<>();
        for (JsonNode v : summary.path("variants")) {
            String name = v.path("name").asText();
            Figures f = figs.getOrDefault(name, new Figures());
            judged += f.judged;
            notJudged += f.notJudged;
            harness += f.harness;
            f.causes.forEach((k, c) -> causes.merge(k, c, Long::sum));
            assertVariantJson(name, v, f);
            CSVRecord row = summaryCsv.stream().filter(r -> r.get("variant").equals(name)).findFirst().orElseThrow();
            assertVariantCsv(name, row, f);
            assertThat(md).as("summary.md row of " + name).contains("| " + f.judged + " | " + f.notJudged + " | "
                    + f.harness + " | ");
            if (f.judged > 0) {
                assertThat(md).as("summary.md strict rate of " + name).contains(pct(f.strict, f.judged) + " (");
            }
        }
        JsonNode o = summary.path("outcomes");
        assertThat(o.path("judged_turns").asLong()).isEqualTo(judged);
        assertThat(o.path("not_judged_turns").asLong()).isEqualTo(notJudged);
        assertThat(o.path("harness_error_turns").asLong()).isEqualTo(harness);
        String phrase = judged == 0 ? "" : judged + " turn" + (judged == 1 ? "" : "s") + " judged, ";
        String line = notJudged + " not judged" + (notJudged == 0 ? "" : " (endpoint errors: " + causeText(causes) + ")")
                + ", " + harness + " harness error" + (harness == 1 ? "" : "s");
        String headline = summary.path("headline").asText();
        assertThat(headline).as("headline").contains(phrase + line);
        assertThat(md).contains(phrase + line);
        assertThat(html).contains(phrase + line);
        assertModesCsv(run, figs);
        return figs;
    }

    private static void assertVariantJson(String name, JsonNode v, Figures f) {
        String as = "summary.json variant " + name;
        assertThat(v.path("outcomes").path("judged_turns").asLong()).as(as).isEqualTo(f.judged);
        assertThat(v.path("outcomes").path("not_judged_turns").asLong()).as(as).isEqualTo(f.notJudged);
        assertThat(v.path("outcomes").path("harness_error_turns").asLong()).as(as).isEqualTo(f.harness);
        Map<String, Long> causes = new TreeMap<>();
        v.path("outcomes").path("not_judged_causes").properties().forEach(e -> causes.put(e.getKey(), e.getValue().asLong()));
        assertThat(causes).as(as).isEqualTo(f.causes);
        for (String verdict : new String[]{"ok", "rescued", "rescued_with_loss", "failed"}) {
            assertThat(v.path("verdicts").path(verdict).asLong()).as(as + " " + verdict).isEqualTo(f.verdict(verdict));
        }
        assertThat(v.path("strict").path("failures").asLong()).as(as).isEqualTo(f.strict);
        assertThat(v.path("strict").path("n").asLong()).as(as).isEqualTo(f.judged);
        assertThat(v.path("lenient").path("failures").asLong()).as(as).isEqualTo(f.lenient);
        assertThat(v.path("harmony_non_strict").path("failures").asLong()).as(as).isEqualTo(f.nonStrict);
        assertThat(v.path("strict").has("rate")).as(as + ": a rate only over judged turns").isEqualTo(f.judged > 0);
        JsonNode b = v.path("bfcl");
        assertThat(b.path("correct").asLong(0)).as(as + " bfcl").isEqualTo(f.bfclCorrect);
        assertThat(b.path("total").asLong(0)).as(as + " bfcl").isEqualTo(f.bfclScored);
        assertThat(b.path("not_scored").asLong(0)).as(as + " bfcl").isEqualTo(f.bfclNotScored);
    }

    private static void assertVariantCsv(String name, CSVRecord row, Figures f) {
        String as = "summary.csv variant " + name;
        assertThat(row.get("judged_turns")).as(as).isEqualTo(Long.toString(f.judged));
        assertThat(row.get("not_judged_turns")).as(as).isEqualTo(Long.toString(f.notJudged));
        assertThat(row.get("harness_error_turns")).as(as).isEqualTo(Long.toString(f.harness));
        assertThat(row.get("verdict_rescued_with_loss")).as(as).isEqualTo(Long.toString(f.verdict("rescued_with_loss")));
        assertThat(row.get("strict_rate")).as(as).isEqualTo(rate(f.strict, f.judged));
        assertThat(row.get("lenient_rate")).as(as).isEqualTo(rate(f.lenient, f.judged));
        assertThat(row.get("harmony_non_strict_rate")).as(as).isEqualTo(rate(f.nonStrict, f.judged));
        assertThat(row.get("rescued_with_loss_rate")).as(as).isEqualTo(rate(f.verdict("rescued_with_loss"), f.judged));
        assertThat(row.get("bfcl_accuracy_entries_run")).as(as).isEqualTo(rate(f.bfclCorrect, f.bfclScored));
        assertThat(row.get("bfcl_not_scored")).as(as).isEqualTo(Long.toString(f.bfclNotScored));
    }

    private static void assertModesCsv(Path run, Map<String, Figures> figs) {
        Map<String, Map<String, CSVRecord>> rows = new HashMap<>();
        for (CSVRecord r : csv(run.resolve("failure_modes.csv"))) {
            rows.computeIfAbsent(r.get("variant"), k -> new HashMap<>()).put(unguard(r.get("failure_mode")), r);
            Figures f = figs.getOrDefault(r.get("variant"), new Figures());
            assertThat(r.get("judged_turns")).isEqualTo(Long.toString(f.judged));
            assertThat(r.get("unjudged_turns")).isEqualTo(Long.toString(f.notJudged + f.harness));
        }
        for (Map.Entry<String, Figures> e : figs.entrySet()) {
            Figures f = e.getValue();
            for (Map.Entry<String, long[]> m : f.modes.entrySet()) {
                CSVRecord r = rows.getOrDefault(e.getKey(), Map.of()).get(m.getKey());
                assertThat(r).as("failure_modes.csv row " + e.getKey() + "/" + m.getKey()).isNotNull();
                long[] c = m.getValue();
                assertThat(r.get("seen")).isEqualTo(Long.toString(c[0]));
                assertThat(r.get("strict_count")).isEqualTo(Long.toString(c[1]));
                assertThat(r.get("lenient_count")).isEqualTo(Long.toString(c[2]));
                assertThat(r.get("strict_rate_of_judged")).isEqualTo(rate(c[1], f.judged));
                assertThat(r.get("seen_rate_of_judged")).isEqualTo(rate(c[0], f.judged));
                assertThat(r.get("lenient_rate_of_judged")).isEqualTo(rate(c[2], f.judged));
            }
        }
    }

    private static JsonNode read(Path f) {
        try {
            return MAPPER.readTree(f.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String text(Path f) {
        try {
            return Files.readString(f);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
