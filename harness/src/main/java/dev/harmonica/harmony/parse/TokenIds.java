package dev.harmonica.harmony.parse;

import com.fasterxml.jackson.databind.JsonNode;

/** Token ids read from JSON input (the {@code parse} contracts): a JSON array of non-negative integers. */
public final class TokenIds {
    private TokenIds() {
    }

    /**
     * The ids of {@code arr}; a bad value throws {@link IllegalArgumentException} whose message starts with
     * {@code where} and names the index, e.g. {@code line 6: field input_token_ids[1]: expected a token id …}.
     */
    public static int[] read(JsonNode arr, String where) {
        if (arr == null || !arr.isArray()) {
            throw new IllegalArgumentException(where + (where.endsWith(": ") ? "" : ": ") + "expected a JSON array of token ids");
        }
        int[] ids = new int[arr.size()];
        for (int i = 0; i < ids.length; i++) {
            JsonNode v = arr.get(i);
            if (!v.isIntegralNumber() || !v.canConvertToInt() || v.intValue() < 0) {
                throw new IllegalArgumentException(where + "[" + i + "]: expected a token id (a non-negative integer), got " + v);
            }
            ids[i] = v.intValue();
        }
        return ids;
    }
}
