package dev.harmonica.it;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link RealServerContract} against llama.cpp's {@code llama-server} b11434 serving the tiny gpt-oss. */
@TinyServerExtension.ServedBy(TinyServer.Kind.LLAMA)
class LlamaCppServerTest extends RealServerContract {
    /**
     * Seed 7 (and 7 for SWE): accepted answers, HTTP 500 and in-stream rejections of both kinds ("does not match the
     * expected peg-native format" and "Unexpected empty grammar stack after accepting piece") and one answer with
     * leaked markup.
     */
    @Override
    long bfclSeed() {
        return 7;
    }
    /**
     * llama.cpp rejects many of the tiny model's turns (HTTP 500, or an error event inside the stream): with these
     * seeds both chat modes see rejections, so the judged-format-error path above is exercised, not vacuous.
     */
    @Test
    void llamaCppRejectsSomeTurnsInBothChatModes() {
        for (String mode : List.of("chat", "chat-stream")) {
            long rejected = runs().stream().flatMap(r -> r.turns(mode).stream())
                    .filter(RealServerContract::serverFormatError).count();
            assertThat(rejected).as("%s turns llama.cpp rejected (seeded runs)", mode).isPositive();
        }
    }
}
