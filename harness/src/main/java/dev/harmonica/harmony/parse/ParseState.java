package dev.harmonica.harmony.parse;

import dev.harmonica.harmony.HarmonyEncoding;

/**
 * The states of the one parsing engine (openai/harmony v0.0.8 {@code StreamState} in src/encoding.rs), shared
 * by the strict, harmony-non-strict and lenient configurations. In the jsoup manner each state owns its transition:
 * {@link #read} decides what a token means here, and a deviation from harmony's format is handed to the engine's
 * decision points, which name this state ({@link HarmonyStreamParser#state()}).
 */
enum ParseState {
    /** Between messages: only {@code <|start|>} may come. */
    EXPECT_START("ExpectStart") {
        @Override
        void read(HarmonyStreamParser p, int i, int token) throws HarmonyError {
            if (token == HarmonyEncoding.START) {
                p.startMessage(i);
            } else {
                p.unexpectedToken(i, token);
            }
        }

        @Override
        void eos(HarmonyStreamParser p) {
            p.closeDiscard(p.size());
        }
    },
    /** Inside a header: everything up to {@code <|message|>} is header text. */
    HEADER("Header") {
        @Override
        void read(HarmonyStreamParser p, int i, int token) throws HarmonyError {
            if (token == HarmonyEncoding.MESSAGE) {
                p.endHeader(i);
            } else if (token == HarmonyEncoding.START) {
                p.startInHeader(i);
            } else if (isStop(token)) {
                p.stopInHeader(i, token);
            }
            // any other token stays in the header span
        }

        @Override
        void eos(HarmonyStreamParser p) throws HarmonyError {
            p.eosInHeader();
        }
    },
    /** Inside a message body: a stop token (or end of input) ends the message. */
    CONTENT("Content") {
        @Override
        void read(HarmonyStreamParser p, int i, int token) {
            if (isStop(token)) {
                p.endMessage(i);
            } else if (token == HarmonyEncoding.START) {
                p.startInContent(i);
            }
        }

        @Override
        void eos(HarmonyStreamParser p) {
            p.endMessageAtEos();
        }
    };

    private final String harmonyName;

    ParseState(String harmonyName) {
        this.harmonyName = harmonyName;
    }

    /** The name harmony's {@code state_json()} gives this state. */
    String harmonyName() {
        return harmonyName;
    }

    abstract void read(HarmonyStreamParser p, int i, int token) throws HarmonyError;

    abstract void eos(HarmonyStreamParser p) throws HarmonyError;

    /** harmony's stop tokens: {@code <|return|>}, {@code <|call|>}, {@code <|end|>}. */
    static boolean isStop(int token) {
        return token == HarmonyEncoding.END || token == HarmonyEncoding.CALL || token == HarmonyEncoding.RETURN;
    }
}
