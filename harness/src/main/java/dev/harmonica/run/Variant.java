package dev.harmonica.run;

import com.fasterxml.jackson.databind.JsonNode;
import dev.harmonica.endpoint.ModelRequest;
import dev.harmonica.harmony.RendererOptions;
import dev.harmonica.turn.Driving;

import java.util.Objects;

/**
 * A named combination under test: renderer, endpoint mode, driving parser, sampling and chat tool options.
 *
 * @param name              variant name (journal key)
 * @param renderer          renderer preset or custom spec ({@code harmony-v0.0.8}, {@code pr114}, {@code recipient=...})
 * @param mode              how the endpoint is spoken to
 * @param driving           which parse drives the conversation after a strict failure
 * @param resamples         {@link Driving#RESAMPLE}: how many new samples to draw at most
 * @param sampling          sampling options
 * @param toolChoice        chat modes: {@code "auto"|"required"|"none"} or {@code {"type":"function",...}}, or null
 * @param parallelToolCalls chat modes: null to omit
 * @param dropAnalysis      completions mode: harmony's {@code auto_drop_analysis} when rendering history
 * @param rendererOptions   {@code renderer} parsed, once
 */
public record Variant(String name, String renderer, Mode mode, Driving driving, int resamples,
                      ModelRequest.Sampling sampling, JsonNode toolChoice, Boolean parallelToolCalls,
                      boolean dropAnalysis, RendererOptions rendererOptions) {
    /**
     * @throws IllegalArgumentException when the combination is not valid (the message says which part and why;
     *                                  callers add where it came from: a run-file field or a flag)
     */
    public Variant {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(renderer, "renderer");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(driving, "driving");
        Objects.requireNonNull(sampling, "sampling");
        if (!name.matches("[A-Za-z0-9._+-]{1,64}")) {
            throw new IllegalArgumentException("name: letters, digits, '.', '_', '+' and '-' only, got '" + name + "'");
        }
        if (rendererOptions == null) rendererOptions = parseRenderer(renderer);
        if (resamples < 0) throw new IllegalArgumentException("resamples: cannot be negative, got " + resamples);
        if (!mode.isChat() && toolChoice != null) {
            throw new IllegalArgumentException("tool_choice: only applies to chat modes (mode is completions)");
        }
        if (!mode.isChat() && parallelToolCalls != null) {
            throw new IllegalArgumentException("parallel_tool_calls: only applies to chat modes (mode is completions)");
        }
    }

    public Variant(String name, String renderer, Mode mode, Driving driving, int resamples,
                   ModelRequest.Sampling sampling, JsonNode toolChoice, Boolean parallelToolCalls, boolean dropAnalysis) {
        this(name, renderer, mode, driving, resamples, sampling, toolChoice, parallelToolCalls, dropAnalysis, null);
    }

    private static RendererOptions parseRenderer(String spec) {
        try {
            return RendererOptions.parse(spec);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("renderer: unknown renderer '" + spec + "' (" + e.getMessage()
                    + "); use harmony-v0.0.8, pr114 or recipient=...,content-type=...,tool-result=...", e);
        }
    }

    /** A completions-mode variant with the default (lenient) driving parser and default sampling. */
    public static Variant of(String name, String renderer, Mode mode) {
        return new Variant(name, renderer, mode, Driving.LENIENT, 0, ModelRequest.Sampling.DEFAULT, null, null, true);
    }

    public Variant withDriving(Driving newDriving, int newResamples) {
        return new Variant(name, renderer, mode, newDriving, newResamples, sampling, toolChoice, parallelToolCalls,
                dropAnalysis, rendererOptions);
    }

    public Variant withToolChoice(JsonNode newToolChoice, Boolean newParallel) {
        return new Variant(name, renderer, mode, driving, resamples, sampling, newToolChoice, newParallel,
                dropAnalysis, rendererOptions);
    }

    public Variant withMode(Mode newMode) {
        return new Variant(name, renderer, newMode, driving, resamples, sampling, toolChoice, parallelToolCalls,
                dropAnalysis, rendererOptions);
    }

    /** Endpoint mode. */
    public enum Mode {
        /** Harmonica renders the harmony prompt and sends token ids to {@code /v1/completions}. */
        COMPLETIONS("completions"),
        /** {@code /v1/chat/completions}: the server renders and parses. */
        CHAT("chat"),
        /** {@code /v1/chat/completions} with SSE streaming. */
        CHAT_STREAM("chat-stream");

        private final String jsonName;

        Mode(String jsonName) {
            this.jsonName = jsonName;
        }

        public String jsonName() {
            return jsonName;
        }

        public boolean isChat() {
            return this != COMPLETIONS;
        }

        public static Mode byName(String s) {
            for (Mode m : values()) if (m.jsonName.equals(s)) return m;
            return null;
        }
    }
}
