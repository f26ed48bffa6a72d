package dev.harmonica.endpoint;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LogprobsTest {
    static final ObjectMapper M = new ObjectMapper();

    @Test
    void vllmLegacyShapeWithTokenIds() throws Exception {
        List<TokenLogprob> lp = Logprobs.read(M.readTree("""
                {"tokens": ["token_id:200005", "token_id:17196"], "token_logprobs": [-0.1, -0.7],
                 "top_logprobs": [{"token_id:200005": -0.1}, {"token_id:12606": -0.5, "token_id:17196": -0.7}]}"""));
        assertThat(lp).hasSize(2);
        assertThat(lp.get(1).token()).isEqualTo(17196);
        assertThat(lp.get(1).alternatives()).extracting(TokenLogprob.Alternative::token).containsExactly(12606, 17196);
    }

    @Test
    void textTokensAreLookedUpAndLlamaCppsPerTokenShapeIsRead() throws Exception {
        List<TokenLogprob> legacy = Logprobs.read(M.readTree("""
                {"tokens": ["<|channel|>", "not one token at all"], "token_logprobs": [-0.1, -0.2], "top_logprobs": [{}, {}]}"""));
        assertThat(legacy.get(0).token()).isEqualTo(200005);
        assertThat(legacy.get(1).token()).isEqualTo(-1);
        List<TokenLogprob> llama = Logprobs.read(M.readTree("""
                {"content": [{"id": 200005, "token": "<|channel|>", "logprob": -0.01,
                  "top_logprobs": [{"id": 200005, "token": "<|channel|>", "logprob": -0.01},
                                   {"id": 200008, "token": "<|message|>", "logprob": -4.6}]}]}"""));
        assertThat(llama.get(0).alternatives()).extracting(TokenLogprob.Alternative::token).containsExactly(200005, 200008);
        assertThat(Logprobs.read(M.readTree("null"))).isNull();
    }
}
