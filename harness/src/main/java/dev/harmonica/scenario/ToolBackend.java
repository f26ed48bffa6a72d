package dev.harmonica.scenario;

/**
 * Executes tool calls for one scenario (one instance per scenario × side; not shared across threads).
 * BFCL: the simulated backend classes; SWE replay: the recorded observation. Never runs a shell.
 */
public interface ToolBackend {
    /**
     * Executes one call and returns the exact result string the model sees. Bad model input (unknown tool,
     * invalid JSON, wrong argument types) yields an error string, never an exception.
     *
     * @param name          tool name as declared (without a {@code functions.} prefix)
     * @param argumentsJson the call's arguments as JSON text
     */
    String execute(String name, String argumentsJson);
}
