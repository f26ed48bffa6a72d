package dev.harmonica.endpoint;

import java.util.function.Function;

/**
 * An API key read from the environment variable whose NAME is configured. The value is only ever put into the
 * {@code Authorization} header; {@link #toString()} shows the variable name, never the value.
 */
final class ApiKey {
    private final String envName;
    private final String value;

    private ApiKey(String envName, String value) {
        this.envName = envName;
        this.value = value;
    }

    /** Reads the key; null when no variable is configured. Fails with a message naming the variable when unset. */
    static ApiKey fromEnv(String envName, Function<String, String> env) {
        if (envName == null || envName.isBlank()) return null;
        String v = env.apply(envName);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException("API key: environment variable " + envName
                    + " (configured as apiKeyEnv) is not set; export it or drop the api-key setting");
        }
        return new ApiKey(envName, v.strip());
    }

    String authorizationHeader() {
        return "Bearer " + value;
    }

    /** {@code text} with every occurrence of the key replaced by {@code ***} (a server may echo what it was sent). */
    String redact(String text) {
        return text == null || !text.contains(value) ? text : text.replace(value, "***");
    }

    @Override
    public String toString() {
        return "ApiKey[env=" + envName + ", value=***]";
    }
}
