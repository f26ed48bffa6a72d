package dev.harmonica.harmony;

import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.security.MessageDigest;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;

class HarmonyEncodingTest {
    private final HarmonyEncoding enc = HarmonyEncoding.get();

    @Test
    void bundledRankFileIsTheOfficialO200kBase() throws Exception {
        // harmony checks the same hash for o200k_base.tiktoken (the pom)
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        try (InputStream in = HarmonyEncoding.class.getResourceAsStream(HarmonyEncoding.RANKS_RESOURCE)) {
            sha.update(in.readAllBytes());
        }
        assertThat(HexFormat.of().formatHex(sha.digest()))
                .isEqualTo("446a9538cb6c348e3516120d7c08b09f57c36495e2acfffe59a5bf8b0cfb1a2d");
    }

    @Test
    void ordinaryIdsMatchHarmony() {
        assertThat(enc.encodeOrdinary("hello world")).containsExactly(24912, 2375);
        assertThat(enc.encodeOrdinary("commentary")).containsExactly(12606, 815);
        assertThat(enc.encodeOrdinary("assistant")).containsExactly(173781);
        assertThat(enc.encodeOrdinary("<|start|>")).containsExactly(27, 91, 5236, 91, 29);
    }

    @Test
    void specialTokensAreRecognisedOnlyWhenAllowed() {
        int[] ids = enc.encodeWithSpecials("<|start|>user<|message|>What is 2 + 2?<|end|><|start|>assistant");
        assertThat(ids).containsExactly(200006, 1428, 200008, 4827, 382, 220, 17, 659, 220, 17, 30, 200007, 200006, 173781);
        assertThat(enc.decode(ids)).isEqualTo("<|start|>user<|message|>What is 2 + 2?<|end|><|start|>assistant");
    }

    @Test
    void reservedIdsDecodeToTheirNames() {
        assertThat(enc.decode(new int[]{200014})).isEqualTo("<|reserved_200014|>");
        assertThat(enc.decode(new int[]{200018})).isEqualTo("<|reserved_200018|>");
        assertThat(enc.specialName(200012)).isEqualTo("<|call|>");
        assertThat(enc.encodeWithSpecials("<|reserved_200018|>")).containsExactly(200018);
    }
}
