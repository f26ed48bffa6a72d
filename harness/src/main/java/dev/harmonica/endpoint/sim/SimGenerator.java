package dev.harmonica.endpoint.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.harmonica.endpoint.Json;
import dev.harmonica.harmony.HarmonyEncoding;
import dev.harmonica.harmony.Message;
import dev.harmonica.harmony.MessageJson;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Writes the completion a gpt-oss model would emit for the expected next action (openai/harmony v0.0.8 src/encoding.rs (rendering), "what the
 * model itself emits"): {@code analysis}, optional {@code commentary} preamble, tool calls channel-first
 * ({@code <|channel|>commentary to=functions.x <|constrain|>json<|message|>{…}<|call|>}) in the given order, and/or a
 * {@code final} answer ending in {@code <|return|>}; the first message follows the prompt's {@code <|start|>assistant}
 * directly. Then injects faults drawn from the {@link SimModel}. Deterministic given (seed, scenario id, depth).
 *
 * <p><b>Stops.</b> Generation ends at the first stop of {@link Input#stops()}, as on vLLM: a stop token id ends the
 * completion with that token included in the token ids (the text keeps it only with
 * {@code include_stop_str_in_output}, which the server side decides), a stop string ends it once the decoded text
 * contains it. The server passes the request's {@code stop_token_ids} merged with gpt-oss's generation-config stops
 * {@code <|return|>}, {@code <|call|>}, {@code <|endoftext|>} (dropped with {@code ignore_eos}), so a completion holds
 * at most one tool call: a client makes the call and asks again for the next one. The expected messages after the
 * first stop are not written, and faults are drawn only for what is written. With {@link Stops#NONE} (no stops:
 * {@code harmonica sim --ignore-stop}, or unit tests) every expected message is written into one completion, which
 * is the only way to see text after a stop token (F11, several calls in one completion).
 */
public final class SimGenerator {
    private static final String START = "<|start|>assistant";
    private static final String[] REASONING_PHRASES = {
            "We should list files first", "Need to check the arguments before calling", "Let me call the tool now"};

    private SimGenerator() {
    }

    /**
     * What the simulated model wrote. {@code stopToken} / {@code stopString}: the stop that ended the completion
     * (at most one is set; both null when it ran out of expected messages or was truncated). {@code text} includes
     * the stop token's name or the stop string.
     */
    public record Output(String text, int[] tokens, List<String> faults, String finishReason, boolean truncated,
                         Integer stopToken, String stopString, int[] clean) {
        public Output {
            faults = List.copyOf(faults);
        }

        public Output(String text, int[] tokens, List<String> faults, String finishReason, boolean truncated,
                      Integer stopToken, String stopString) {
            this(text, tokens, faults, finishReason, truncated, stopToken, stopString, tokens);
        }
    }

    /**
     * Where generation stops: token ids and strings (vLLM's {@code stop_token_ids} and {@code stop}).
     * {@link #NONE}: nowhere, every expected message is written.
     */
    public record Stops(Set<Integer> tokenIds, List<String> strings) {
        public static final Stops NONE = new Stops(Set.of(), List.of());
        /** gpt-oss's generation config {@code eos_token_id}: {@code <|return|>}, {@code <|call|>}, {@code <|endoftext|>}. */
        public static final Set<Integer> GPT_OSS_EOS = Set.of(HarmonyEncoding.RETURN, HarmonyEncoding.CALL, HarmonyEncoding.END_OF_TEXT);
        /** What a vLLM gpt-oss server stops at for a request without stops of its own. */
        public static final Stops GPT_OSS = new Stops(GPT_OSS_EOS, List.of());

        public Stops {
            tokenIds = Set.copyOf(tokenIds);
            strings = List.copyOf(strings);
            for (String x : strings) if (x.isEmpty()) throw new IllegalArgumentException("a stop string must not be empty");
        }

        public boolean isNone() {
            return tokenIds.isEmpty() && strings.isEmpty();
        }
    }

    /** Inputs of one generation. {@code maxTokens} null for no limit. */
    public record Input(JsonNode expected, String scenarioId, int depth, long seed, HistoryStyle history,
                        SimModel model, Integer maxTokens, boolean ignoreEos, Stops stops) {
        public Input {
            if (stops == null) stops = Stops.NONE;
        }

        /** Without stops: every expected message in one completion. */
        public Input(JsonNode expected, String scenarioId, int depth, long seed, HistoryStyle history,
                     SimModel model, Integer maxTokens, boolean ignoreEos) {
            this(expected, scenarioId, depth, seed, history, model, maxTokens, ignoreEos, Stops.NONE);
        }
    }

    enum Kind { ANALYSIS, PREAMBLE, CALL, FINAL, OTHER }

    /** One emitted message, as mutable pieces: {@code start + header + "<|message|>" + content + stop + trailing}. */
    static final class Piece {
        Kind kind;
        String start;
        String header;
        boolean messageToken = true;
        String content;
        String stop;
        String trailing = "";
        String recipient;

        String text() {
            return start + header + (messageToken ? "<|message|>" : " ") + content + stop + trailing;
        }
    }

    public static Output generate(Input in) {
        Stops stops = in.stops();
        List<Piece> pieces = cleanPieces(in.expected());
        cutAfterFirstStop(pieces, stops);
        StringBuilder cleanText = new StringBuilder();
        for (Piece p : pieces) cleanText.append(p.text());
        int[] clean = HarmonyEncoding.get().encodeWithSpecials(cleanText.toString());
        List<String> faults = new ArrayList<>();
        Integer cut = null;
        if (!in.model().isOff() || in.ignoreEos()) {
            cut = inject(pieces, in, faults);
        }
        StringBuilder sb = new StringBuilder();
        for (Piece p : pieces) sb.append(p.text());
        String text = sb.toString();
        if (cut != null) text = text.substring(0, Math.max(1, Math.min(cut, text.length())));
        HarmonyEncoding enc = HarmonyEncoding.get();
        int[] tokens = enc.encodeWithSpecials(text);
        boolean truncated = cut != null;
        Integer stopToken = null;
        String stopString = null;
        if (!stops.isNone()) {
            // a stop the written text reaches before its end (e.g. a stop string inside the analysis) ends it there
            int end = tokens.length;
            for (int i = 0; i < tokens.length; i++) {
                if (stops.tokenIds().contains(tokens[i])) {
                    end = i + 1;
                    stopToken = tokens[i];
                    break;
                }
            }
            int stringEnd = -1;
            for (String s : stops.strings()) {
                int at = text.indexOf(s);
                if (at >= 0 && (stringEnd < 0 || at + s.length() < stringEnd)) {
                    stringEnd = at + s.length();
                    stopString = s;
                }
            }
            if (stopString != null) {
                int k = tokensToReach(tokens, stringEnd);
                if (k <= end) {
                    end = k;
                    stopToken = null;
                    text = text.substring(0, stringEnd);
                } else {
                    stopString = null;
                }
            }
            if (end < tokens.length || stopString != null) {
                tokens = Arrays.copyOf(tokens, end);
                if (stopString == null) text = enc.decode(tokens);
                if (truncated) {
                    truncated = false; // the stop came before the F12 cut: nothing was truncated
                    faults.remove(SimFault.F12.code());
                }
            }
        }
        if (in.maxTokens() != null && in.maxTokens() >= 0 && tokens.length > in.maxTokens()) {
            tokens = Arrays.copyOf(tokens, in.maxTokens());
            text = enc.decode(tokens);
            truncated = true;
        }
        if (truncated) {
            stopToken = null;
            stopString = null;
        }
        return new Output(text, tokens, faults, truncated ? "length" : "stop", truncated, stopToken, stopString, clean);
    }

    /** The number of leading tokens whose decoded text is at least {@code chars} long (vLLM checks stop strings per token). */
    private static int tokensToReach(int[] tokens, int chars) {
        HarmonyEncoding enc = HarmonyEncoding.get();
        int len = 0;
        for (int k = 0; k < tokens.length; k++) {
            len += enc.decode(tokens, k, k + 1).length();
            if (len >= chars) return k + 1;
        }
        return tokens.length;
    }

    /** Drops the expected messages after the first one that ends in a stop token: the completion ends there. */
    static void cutAfterFirstStop(List<Piece> pieces, Stops stops) {
        if (stops.tokenIds().isEmpty()) return;
        for (int i = 0; i < pieces.size(); i++) {
            Integer id = HarmonyEncoding.get().specialId(pieces.get(i).stop);
            if (id != null && stops.tokenIds().contains(id)) {
                pieces.subList(i + 1, pieces.size()).clear();
                return;
            }
        }
    }

    /** The clean emission of the expected messages (an analysis message is added first when missing). */
    static List<Piece> cleanPieces(JsonNode expected) {
        List<Message> msgs = new ArrayList<>();
        if (expected != null && !expected.isNull()) {
            for (Message m : MessageJson.readConversation(expected)) if ("assistant".equals(m.role())) msgs.add(m);
        }
        if (msgs.isEmpty()) {
            msgs.add(Message.text("assistant", "This is a simulated answer from the Harmonica gpt-oss simulator.").withChannel("final"));
        }
        List<Piece> out = new ArrayList<>();
        if (!"analysis".equals(msgs.get(0).channel())) {
            Message firstCall = msgs.stream().filter(m -> m.recipient() != null).findFirst().orElse(null);
            String reasoning = firstCall != null
                    ? "The user needs " + shortName(firstCall.recipient()) + ". I should call " + firstCall.recipient() + "."
                    : "I can answer this directly.";
            out.add(piece(Message.text("assistant", reasoning).withChannel("analysis")));
        }
        for (Message m : msgs) out.add(piece(m));
        for (int i = 0; i < out.size(); i++) out.get(i).start = i == 0 ? "" : START;
        return out;
    }

    private static Piece piece(Message m) {
        Piece p = new Piece();
        String channel = m.channel();
        String recipient = m.recipient() == null || m.recipient().equals("all") ? null : m.recipient();
        p.content = m.text();
        p.recipient = recipient;
        if (recipient != null) {
            if (channel == null) channel = "commentary";
            String ct = m.contentType() == null ? "<|constrain|>json"
                    : m.contentType().startsWith("<|constrain|>") ? m.contentType() : "<|constrain|>" + m.contentType();
            p.header = "<|channel|>" + channel + " to=" + recipient + " " + ct;
            p.stop = "<|call|>";
            p.kind = Kind.CALL;
        } else {
            if (channel == null) channel = "final";
            p.header = "<|channel|>" + channel + (m.contentType() == null ? "" : " " + m.contentType());
            p.stop = "final".equals(channel) ? "<|return|>" : "<|end|>";
            p.kind = switch (channel) {
                case "analysis" -> Kind.ANALYSIS;
                case "commentary" -> Kind.PREAMBLE;
                case "final" -> Kind.FINAL;
                default -> Kind.OTHER;
            };
        }
        return p;
    }

    static String shortName(String recipient) {
        return recipient.startsWith("functions.") ? recipient.substring("functions.".length()) : recipient;
    }

    /** Draws and applies faults; returns a character cut position for F12, or null. */
    private static Integer inject(List<Piece> pieces, Input in, List<String> faults) {
        boolean structuralDone = false;
        boolean truncate = false;
        long turnKey = turnKey(in.seed(), in.scenarioId(), in.depth());
        for (SimFault f : SimFault.values()) {
            // F11 is text after <|return|>: only when the request does not stop there
            if (f == SimFault.F11 && in.stops().tokenIds().contains(HarmonyEncoding.RETURN)) continue;
            boolean forced = f == SimFault.F11 && in.ignoreEos();
            double rate = forced ? 1.0 : in.model().rate(f, in.depth(), in.history());
            if (rate <= 0) continue;
            if (f.structural() && structuralDone) continue;
            if (!applicable(f, pieces)) continue;
            SplittableRandom rng = new SplittableRandom(turnKey ^ (0x9E3779B97F4A7C15L * (f.ordinal() + 1)));
            if (rng.nextDouble() >= rate) continue;
            if (f == SimFault.F12) {
                truncate = true;
            } else {
                apply(f, pieces, rng);
            }
            faults.add(f.code());
            if (f.structural()) structuralDone = true;
        }
        return truncate ? truncationPoint(pieces) : null;
    }

    /** A 64-bit key of (seed, scenario id, depth): the first 8 bytes of a SHA-256; each fault's stream derives from it. */
    static long turnKey(long seed, String scenarioId, int depth) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] d = md.digest((seed + "\u0000" + scenarioId + "\u0000" + depth).getBytes(StandardCharsets.UTF_8));
            long v = 0;
            for (int i = 0; i < 8; i++) v = (v << 8) | (d[i] & 0xff);
            return v;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Piece firstCall(List<Piece> ps) {
        for (Piece p : ps) if (p.kind == Kind.CALL) return p;
        return null;
    }

    private static Piece laterCall(List<Piece> ps) {
        for (int i = 1; i < ps.size(); i++) if (ps.get(i).kind == Kind.CALL) return ps.get(i);
        return null;
    }

    private static Piece laterFinal(List<Piece> ps) {
        for (int i = 1; i < ps.size(); i++) if (ps.get(i).kind == Kind.FINAL) return ps.get(i);
        return null;
    }

    private static Piece lastFinal(List<Piece> ps) {
        Piece last = ps.get(ps.size() - 1);
        return last.kind == Kind.FINAL ? last : null;
    }

    static boolean applicable(SimFault f, List<Piece> ps) {
        return switch (f) {
            case F1, F3, F4, F5, F13, F14, F15, F16, F21, F22 -> firstCall(ps) != null;
            case F2 -> laterCall(ps) != null;
            case F7, F18 -> laterFinal(ps) != null;
            case F8 -> ps.size() > 1;
            case F9 -> ps.get(0).kind == Kind.ANALYSIS;
            case F10 -> ps.size() > 1;
            case F11, F17 -> lastFinal(ps) != null;
            case F12 -> true;
            case F20 -> firstCall(ps) != null && firstCall(ps).content.strip().endsWith("}");
            case F23 -> firstCall(ps) != null && firstStringField(firstCall(ps).content) != null;
        };
    }

    static void apply(SimFault f, List<Piece> ps, SplittableRandom rng) {
        Piece call = firstCall(ps);
        switch (f) {
            case F1 -> call.header = "<|channel|>commentary to=" + call.recipient + "<|channel|>commentary <|constrain|>json";
            case F2 -> {
                // PR #114 census: "Unknown role: assistant<|channel|>commentary" (122x) and
                // "Unknown role: assistant<|channel|>bash<|channel|>commentary" (25x)
                Piece c = laterCall(ps);
                c.header = rng.nextInt(4) == 0
                        ? "<|channel|>commentary<|channel|>" + shortName(c.recipient) + "<|channel|>commentary"
                        : "<|channel|>" + shortName(c.recipient) + "<|channel|>commentary";
            }
            case F3 -> call.header = " to=" + call.recipient + "<|channel|>commentary to=" + call.recipient + " <|constrain|>json";
            case F4 -> call.header = "<|channel|>commentary to=" + call.recipient + " <|constrain|>"
                    + REASONING_PHRASES[rng.nextInt(REASONING_PHRASES.length)];
            case F5 -> call.header = "<|channel|>commentary to=<|constrain|>" + call.recipient;
            case F7 -> {
                // "Unknown role: final" | "Unknown role: assistantassistant" | "Unknown role: <|start|>assistant"
                Piece fin = laterFinal(ps);
                switch (rng.nextInt(3)) {
                    case 0 -> {
                        fin.start = "<|start|>final";
                        fin.header = "";
                    }
                    case 1 -> fin.start = "<|start|>assistantassistant";
                    default -> fin.start = "<|start|><|start|>assistant";
                }
            }
            case F8 -> ps.get(ps.size() - 1).messageToken = false;
            case F9 -> ps.get(0).header = "<|channel|>";
            case F10 -> {
                Piece p = ps.get(1);
                p.start = "";
                if (p.header.startsWith("<|channel|>")) p.header = p.header.substring("<|channel|>".length());
            }
            case F11 -> lastFinal(ps).trailing = "<|return|>";
            case F13 -> call.header = "<|channel|>commentary to=" + call.recipient + "json";
            case F14 -> call.header = "<|channel|>commentary to=" + call.recipient + " json";
            case F15 -> call.header = "<|channel|>analysis to=" + call.recipient + " <|constrain|>json";
            case F16 -> {
                call.content = "<|channel|>commentary to=" + call.recipient + " <|constrain|>json<|message|>" + call.content;
                call.header = "<|channel|>final";
                call.stop = "<|return|>";
                call.kind = Kind.FINAL;
                call.recipient = null;
            }
            case F17 -> lastFinal(ps).header = "<|channel|>final <|constrain|>json";
            case F18 -> laterFinal(ps).header = "";
            case F20 -> {
                String a = call.content.strip();
                call.content = switch (rng.nextInt(3)) {
                    case 0 -> a + "]";
                    case 1 -> a + "\n}";
                    default -> a.substring(0, a.length() - 1);
                };
            }
            case F21 -> {
                String name = shortName(call.recipient) + "_v2";
                String old = call.recipient;
                call.recipient = "functions." + name;
                call.header = call.header.replace("to=" + old, "to=" + call.recipient);
            }
            case F22 -> call.header = "<|channel|>commentary ––commentary to=" + call.recipient + " <|constrain|>json";
            case F23 -> {
                ObjectNode args = (ObjectNode) Json.tryParse(call.content);
                String field = firstStringField(call.content);
                args.put(field, args.get(field).textValue() + "??");
                call.content = Json.write(args);
            }
            case F12 -> throw new IllegalArgumentException("F12 is a cut, not an edit");
        }
    }

    private static String firstStringField(String json) {
        JsonNode n = Json.tryParse(json);
        if (n == null || !n.isObject()) return null;
        Iterator<Map.Entry<String, JsonNode>> it = n.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getValue().isTextual()) return e.getKey();
        }
        return null;
    }

    /** F12: a character position inside the last call's arguments, else inside the last message's header. */
    private static int truncationPoint(List<Piece> ps) {
        int pos = 0;
        int callArgsAt = -1;
        int callArgsLen = 0;
        int lastHeaderAt = 0;
        int lastHeaderLen = 0;
        for (Piece p : ps) {
            lastHeaderAt = pos + p.start.length();
            lastHeaderLen = p.header.length();
            int contentAt = lastHeaderAt + p.header.length() + (p.messageToken ? "<|message|>".length() : 1);
            if (p.kind == Kind.CALL && p.content.length() > 1) {
                callArgsAt = contentAt;
                callArgsLen = p.content.length();
            }
            pos += p.text().length();
        }
        if (callArgsAt >= 0) return callArgsAt + Math.max(1, callArgsLen / 2);
        // inside the last header, after "<|channel|>" and two characters: "<|start|>assistant<|channel|>fi"
        return lastHeaderAt + Math.min(lastHeaderLen, "<|channel|>".length() + 2);
    }
}
