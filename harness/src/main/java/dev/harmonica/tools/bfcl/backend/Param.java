package dev.harmonica.tools.bfcl.backend;

/**
 * One parameter of a Python method, for argument binding.
 *
 * @param name         parameter name
 * @param hasDefault   whether it has a default
 * @param defaultValue the default value object; mutable defaults are shared like Python's (one object per
 *                     function definition, reused across calls and instances)
 */
public record Param(String name, boolean hasDefault, Object defaultValue) {
    public static Param required(String name) {
        return new Param(name, false, null);
    }

    public static Param optional(String name, Object defaultValue) {
        return new Param(name, true, defaultValue);
    }
}
