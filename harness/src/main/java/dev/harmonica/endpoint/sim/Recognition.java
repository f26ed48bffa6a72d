package dev.harmonica.endpoint.sim;

import java.util.List;

/** What the simulator made of a request without a hint: a scenario position, or why none. */
sealed interface Recognition {
    /**
     * Recognised. {@code candidates}: scenarios that start with the same user message; {@code ambiguousWith}: other
     * scenarios that fit the request as well but script a different answer there (the first loaded one answers).
     */
    record Found(Located.At at, int candidates, List<String> ambiguousWith) implements Recognition {
        public Found {
            ambiguousWith = List.copyOf(ambiguousWith);
        }
    }

    /** Not recognised: an HTTP status (4xx), a stable reason code and a message naming why. */
    record Unknown(int status, Reason reason, String message) implements Recognition {
    }

    /** Why a request was not recognised. */
    enum Reason {
        /** The request has no user message to recognise it by. */
        NO_USER_MESSAGE("no_user_message"),
        /** No loaded scenario starts with the request's first user message. */
        NOT_FOUND("conversation_not_found"),
        /** Scenarios start that way, but the history leaves every one of them. */
        DIVERGED("conversation_diverged");

        private final String code;

        Reason(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }
    }
}
