package dev.harmonica.endpoint.sim;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.harmonica.endpoint.Json;
import dev.harmonica.harmony.HarmonyEncoding;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Plausible log-probabilities for a simulated completion (vLLM's legacy COMPLETIONS shape), with margins a test can
 * know: every token is chosen with log-probability {@value #SURE}; at the first token where the output leaves the
 * clean (fault-free) answer, the chosen token gets {@value #TORN} and the clean token is the first alternative,
 * {@link #divergenceMargin} nats lower. The other alternatives are harmony's header tokens, much less likely.
 */
public final class SimLogprobs {
    static final double SURE = -0.05;
    static final double TORN = -0.7;
    private static final String[] OTHERS = {"<|channel|>", "<|message|>", "<|end|>", "<|call|>", "<|start|>",
            "<|constrain|>", "commentary", "final", "analysis", " to", "json"};

    private SimLogprobs() {
    }

    /**
     * The margin (nats) between the faulty token and the clean one at the first divergence of a scenario's turn:
     * seeded, between 0.05 ("by a hair") and 5 ("confidently malformed").
     */
    public static double divergenceMargin(long seed, String scenarioId, int depth) {
        SplittableRandom r = new SplittableRandom(seed ^ (31L * String.valueOf(scenarioId).hashCode()) ^ (1_000_003L * depth));
        return Math.round((0.05 + 4.95 * r.nextDouble()) * 1000) / 1000.0;
    }

    /** The {@code logprobs} object of a choice: {@code k} alternatives per position. */
    static ObjectNode of(int[] tokens, int[] clean, int k, boolean ids, double margin) {
        HarmonyEncoding enc = HarmonyEncoding.get();
        int d = 0;
        while (d < tokens.length && d < clean.length && tokens[d] == clean[d]) d++;
        ObjectNode lp = Json.object();
        ArrayNode toks = lp.putArray("tokens");
        ArrayNode lps = lp.putArray("token_logprobs");
        ArrayNode top = lp.putArray("top_logprobs");
        for (int i = 0; i < tokens.length; i++) {
            boolean torn = i == d;
            double chosen = torn ? TORN : SURE;
            Map<Integer, Double> alts = new LinkedHashMap<>();
            alts.put(tokens[i], chosen);
            if (torn && i < clean.length) alts.putIfAbsent(clean[i], chosen - margin);
            for (int j = 0; alts.size() < k && j < OTHERS.length; j++) {
                alts.putIfAbsent(enc.specialId(OTHERS[j]) != null ? enc.specialId(OTHERS[j]) : enc.encodeOrdinary(OTHERS[j])[0],
                        -6.0 - j);
            }
            toks.add(name(tokens[i], ids));
            lps.add(chosen);
            ObjectNode t = top.addObject();
            int n = 0;
            for (Map.Entry<Integer, Double> e : alts.entrySet()) {
                if (n++ == k) break;
                t.put(name(e.getKey(), ids), e.getValue());
            }
        }
        return lp;
    }

    private static String name(int id, boolean ids) {
        return ids ? "token_id:" + id : HarmonyEncoding.get().decode(new int[]{id});
    }
}
