package dev.harmonica.harmony.parse;

/**
 * A parsed message header (openai/harmony {@code ParsedHeader}): author role and name, recipient, channel and
 * content type; absent values are null.
 */
public record ParsedHeader(String role, String name, String recipient, String channel, String contentType) {
}
