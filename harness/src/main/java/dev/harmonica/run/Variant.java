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
 * @param protocol          whose protocol BFCL entries are played under ({@link Protocol#BFCL}: run-file
 *                          {@code bfcl_compat}, flag {@code --bfcl-compat}; chat mode, BFCL's sampling, no tool options)
 */
public record Variant(String name, String renderer, Mode mode, Driving driving, int resamples,
                      ModelRequest.Sampling sampling, JsonNode toolChoice, Boolean parallelToolCalls,
                      boolean dropAnalysis, RendererOptions rendererOptions, Protocol protocol) {
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
        if (protocol == null) protocol = Protocol.HARMONICA;
        if (protocol == Protocol.BFCL) checkBfcl(mode, driving, resamples, toolChoice, parallelToolCalls);
    }

    public Variant(String name, String renderer, Mode mode, Driving driving, int resamples,
                   ModelRequest.Sampling sampling, JsonNode toolChoice, Boolean parallelToolCalls, boolean dropAnalysis) {
        this(name, renderer, mode, driving, resamples, sampling, toolChoice, parallelToolCalls, dropAnalysis, null,
                Protocol.HARMONICA);
    }

    public Variant(String name, String renderer, Mode mode, Driving driving, int resamples,
                   ModelRequest.Sampling sampling, JsonNode toolChoice, Boolean parallelToolCalls, boolean dropAnalysis,
                   RendererOptions rendererOptions) {
        this(name, renderer, mode, driving, resamples, sampling, toolChoice, parallelToolCalls, dropAnalysis,
                rendererOptions, Protocol.HARMONICA);
    }

    /** BFCL's OpenAI FC handler sends non-streamed chat completions without tool options and never resamples. */
    private static void checkBfcl(Mode mode, Driving driving, int resamples, JsonNode toolChoice, Boolean parallel) {
        if (mode != Mode.CHAT) {
            throw new IllegalArgumentException("mode: bfcl_compat plays BFCL's OpenAI FC handler, which sends "
                    + "non-streamed chat completions: use \"chat\", got '" + mode.jsonName() + "'");
        }
        if (driving == Driving.RESAMPLE || resamples > 0) {
            throw new IllegalArgumentException("driving: bfcl_compat never resamples (BFCL keeps the server's answer)");
        }
        if (toolChoice != null || parallel != null) {
            throw new IllegalArgumentException("tool_choice: bfcl_compat sends no tool_choice or parallel_tool_calls "
                    + "(BFCL's OpenAI FC handler sends neither)");
        }
    }

    /** BFCL's sampling for its OpenAI FC handler: {@code temperature} only (0.001 by default), nothing else sent. */
    public static ModelRequest.Sampling bfclSampling(Double temperature) {
        return new ModelRequest.Sampling(null, temperature == null ? Protocol.BFCL_TEMPERATURE : temperature, null,
                null, null);
    }

    /**
     * This variant under BFCL's protocol ({@code --bfcl-compat}): chat mode, BFCL's sampling (temperature 0.001 and
     * nothing else), no tool options, no resampling; the driving field reads {@code stop} (nothing is recovered).
     */
    public Variant withBfclCompat() {
        return new Variant(name, renderer, Mode.CHAT, Driving.STOP, 0, bfclSampling(null), null, null, dropAnalysis,
                rendererOptions, Protocol.BFCL);
    }

    /** Whether this variant plays BFCL entries under BFCL's own protocol. */
    public boolean bfclCompat() {
        return protocol == Protocol.BFCL;
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
                dropAnalysis, rendererOptions, protocol);
    }

    public Variant withToolChoice(JsonNode newToolChoice, Boolean newParallel) {
        return new Variant(name, renderer, mode, driving, resamples, sampling, newToolChoice, newParallel,
                dropAnalysis, rendererOptions, protocol);
    }

    public Variant withMode(Mode newMode) {
        return new Variant(name, renderer, newMode, driving, resamples, sampling, toolChoice, parallelToolCalls,
                dropAnalysis, rendererOptions, protocol);
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
