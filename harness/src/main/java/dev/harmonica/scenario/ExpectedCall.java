package dev.harmonica.scenario;

/**
 * A tool call by name and JSON arguments (ground truth, a recorded action, or what the model made).
 *
 * @param name          tool name without a {@code functions.} prefix
 * @param argumentsJson arguments as JSON text (an object)
 */
public record ExpectedCall(String name, String argumentsJson) {
}
