package dev.harmonica.scenario.bfcl;

/** One chat message of a BFCL question turn (multi-turn data only has {@code user} messages). */
public record BfclMessage(String role, String content) {
}
