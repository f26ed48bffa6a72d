package dev.harmonica.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The three outcomes of a set of turns in one phrase, shown beside every rate: {@code 412 turns judged, 38 not judged
 * (endpoint errors: 31 connection refused, 7 read timeout), 0 harness errors}; when nothing was judged, no rate is
 * shown at all and the phrase says so: {@code no turn judged: endpoint unreachable (…)}.
 *
 * @param judged    judged turns (the denominator of every rate)
 * @param notJudged turns the endpoint gave no output for
 * @param harness   turns Harmonica failed on
 * @param causes    not-judged turns by cause, in cause order
 * @param notAttempted scenario × variants never sent (no turn at all: the run's deadline had passed, or the endpoint
 *                  was refusing every connection), by cause
 */
record JudgedLine(long judged, long notJudged, long harness, Map<String, Long> causes, Map<String, Long> notAttempted) {
    /** Causes that mean the endpoint could not be reached at all. */
    private static final List<String> UNREACHABLE = List.of("connection_refused", "connect_timeout");

    JudgedLine {
        causes = Map.copyOf(causes);
        notAttempted = Map.copyOf(notAttempted);
    }

    static JudgedLine of(VariantStats v) {
        return new JudgedLine(v.judged(), v.endpointFailures(), v.harnessErrors(), v.notJudgedCauses(),
                v.notAttempted());
    }

    /** The run's totals over every variant. */
    static JudgedLine of(List<VariantStats> variants) {
        long j = 0, n = 0, h = 0;
        Map<String, Long> causes = new TreeMap<>(), notAttempted = new TreeMap<>();
        for (VariantStats v : variants) {
            j += v.judged();
            n += v.endpointFailures();
            h += v.harnessErrors();
            v.notJudgedCauses().forEach((k, c) -> causes.merge(k, c, Long::sum));
            v.notAttempted().forEach((k, c) -> notAttempted.merge(k, c, Long::sum));
        }
        return new JudgedLine(j, n, h, causes, notAttempted);
    }

    long notAttemptedTotal() {
        return notAttempted.values().stream().mapToLong(Long::longValue).sum();
    }

    boolean nothingJudged() {
        return judged == 0;
    }

    /** Every not-judged turn and not-attempted scenario failed to reach the endpoint (refused or connect timeout). */
    boolean unreachable() {
        return notJudged + notAttemptedTotal() > 0 && causes.keySet().stream().allMatch(UNREACHABLE::contains)
                && notAttempted.keySet().stream().allMatch(UNREACHABLE::contains);
    }

    /** {@code 31 connection refused, 7 read timeout}, most frequent first. */
    String causeList() {
        return causeList(causes);
    }

    /** {@code 31 connection refused, 7 read timeout}, most frequent first (then by cause). */
    static String causeList(Map<String, Long> causes) {
        List<Map.Entry<String, Long>> es = new ArrayList<>(new TreeMap<>(causes).entrySet());
        es.sort((a, b) -> Long.compare(b.getValue(), a.getValue()));
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, Long> e : es) parts.add(e.getValue() + " " + causeLabel(e.getKey()));
        return String.join(", ", parts);
    }

    /** Why nothing was judged, or null when something was. */
    String nothingJudgedReason() {
        if (!nothingJudged()) return null;
        if (notJudged == 0 && harness == 0 && notAttempted.isEmpty()) return "no turns in the journal";
        if (notJudged == 0 && notAttempted.isEmpty()) return "harness errors only";
        return unreachable() ? "endpoint unreachable" : "the endpoint gave no output";
    }

    /** The phrase; see the class comment. */
    String text() {
        String nj = notJudged + " not judged" + (notJudged == 0 ? "" : " (endpoint errors: " + causeList() + ")");
        String he = harness + " harness error" + (harness == 1 ? "" : "s");
        long na = notAttemptedTotal();
        String notSent = na == 0 ? "" : "; " + na + " scenario × variant(s) not attempted (" + causeList(notAttempted) + ")";
        if (nothingJudged()) return "no turn judged: " + nothingJudgedReason() + " (" + nj + ", " + he + notSent + ")";
        return judged + " turn" + (judged == 1 ? "" : "s") + " judged, " + nj + ", " + he + notSent;
    }

    /** {@code connection_refused} → {@code connection refused}, {@code http_5xx} → {@code HTTP 5xx}. */
    static String causeLabel(String cause) {
        if (cause == null) return "unknown";
        if (cause.startsWith("http_")) return "HTTP " + cause.substring(5);
        return cause.replace('_', ' ');
    }
}
