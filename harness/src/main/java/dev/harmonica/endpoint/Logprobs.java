package dev.harmonica.endpoint;

import com.fasterxml.jackson.databind.JsonNode;
import dev.harmonica.harmony.HarmonyEncoding;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Reads the {@code logprobs} of a COMPLETIONS choice in either shape servers use: the legacy OpenAI one
 * ({@code {"tokens", "token_logprobs", "top_logprobs": [{token: logprob}]}}, vLLM; with
 * {@code return_tokens_as_token_ids} tokens are written {@code token_id:N}) or the per-token one
 * ({@code {"content": [{"id", "token", "logprob", "top_logprobs": [{"id", "token", "logprob"}]}]}}, llama.cpp).
 * A token named by text is looked up as one o200k_harmony token ({@code -1} when it is not one).
 */
final class Logprobs {
    private Logprobs() {
    }

    /** The per-token log-probabilities, or null when there are none. */
    static List<TokenLogprob> read(JsonNode lp) {
        if (lp == null || !lp.isObject()) return null;
        if (lp.path("content").isArray()) return perToken(lp.get("content"));
        JsonNode tokens = lp.get("tokens");
        JsonNode logprobs = lp.get("token_logprobs");
        if (tokens == null || !tokens.isArray() || logprobs == null || !logprobs.isArray()) return null;
        JsonNode top = lp.path("top_logprobs");
        List<TokenLogprob> out = new ArrayList<>(tokens.size());
        for (int i = 0; i < tokens.size(); i++) {
            List<TokenLogprob.Alternative> alts = new ArrayList<>();
            JsonNode t = top.path(i);
            if (t.isObject()) {
                Iterator<Map.Entry<String, JsonNode>> it = t.properties().iterator();
                while (it.hasNext()) {
                    Map.Entry<String, JsonNode> e = it.next();
                    alts.add(new TokenLogprob.Alternative(id(e.getKey(), null), e.getValue().asDouble()));
                }
            }
            alts.sort((a, b) -> Double.compare(b.logprob(), a.logprob()));
            out.add(new TokenLogprob(id(tokens.get(i).asText(), null), logprobs.path(i).asDouble(Double.NaN), alts));
        }
        return out;
    }

    private static List<TokenLogprob> perToken(JsonNode content) {
        List<TokenLogprob> out = new ArrayList<>(content.size());
        for (JsonNode c : content) {
            List<TokenLogprob.Alternative> alts = new ArrayList<>();
            for (JsonNode a : c.path("top_logprobs")) {
                alts.add(new TokenLogprob.Alternative(id(a.path("token").asText(), a.get("id")), a.path("logprob").asDouble()));
            }
            out.add(new TokenLogprob(id(c.path("token").asText(), c.get("id")), c.path("logprob").asDouble(Double.NaN), alts));
        }
        return out;
    }

    private static int id(String token, JsonNode explicit) {
        if (explicit != null && explicit.canConvertToInt()) return explicit.intValue();
        if (token.startsWith("token_id:")) {
            try {
                return Integer.parseInt(token.substring("token_id:".length()));
            } catch (NumberFormatException e) {
                return -1;
            }
        }
        int[] ids = HarmonyEncoding.get().encodeWithSpecials(token);
        return ids.length == 1 ? ids[0] : -1;
    }
}
