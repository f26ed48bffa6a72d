package dev.harmonica.endpoint.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.harmonica.endpoint.EndpointConfig;
import dev.harmonica.endpoint.Json;
import dev.harmonica.endpoint.ModelRequest;
import dev.harmonica.endpoint.Wire;
import dev.harmonica.harmony.HarmonyEncoding;
import dev.harmonica.harmony.HarmonyParser;
import dev.harmonica.harmony.Message;
import dev.harmonica.harmony.MessageJson;
import dev.harmonica.harmony.ParseOutcome;
import dev.harmonica.harmony.parse.HarmonyParsers;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The simulated gpt-oss server's protocol logic, independent of transport: answers {@code /v1/models},
 * {@code /v1/completions} (raw harmony text with the vLLM flags of vLLM's OpenAI-compatible server docs (extra parameters) honoured, token ids on
 * {@code return_token_ids}), {@code /v1/chat/completions} (the simulator parses its own output with the STRICT
 * parser as vLLM does and answers per {@link SimConfig.ServerMode}; streaming as SSE) and {@code /v1/responses}
 * (the same, as Responses output items, see {@link ResponsesView}). What it answers: the request's
 * {@code harmonica_sim} hint; without one, the scripted next step of the conversation recognised among its
 * {@link ScriptBook} (a 4xx naming why when it is none of them); with no scripts, a short final answer. Every response says it is
 * simulated: headers {@value Wire#SIMULATED_HEADER} ({@code 1}), {@value Wire#FAULT_PLAN_HEADER} and
 * {@value Wire#SIM_FAULTS_HEADER}, and the body field
 * {@code harmonica_sim} ({@code simulated}, {@code injected_faults}, {@code history_style}). Thread-safe, stateless.
 *
 * <p>Generation ends at the request's stops as on vLLM (see {@link SimGenerator}): chat and completions answers hold
 * at most one tool call unless {@link SimConfig#honourStops()} is off. {@code usage.prompt_tokens} is the prompt's
 * token count in completions mode, but an estimate in chat mode (characters of the JSON messages and tools / 4),
 * since the simulator does not render chat history to harmony.
 */
public final class SimEngine {
    private static final Pattern SPECIAL = Pattern.compile("<\\|(?:startoftext|endoftext|return|constrain|channel|start|end|message|call|reserved_\\d{6})\\|>");
    private static final long CREATED = 1_750_000_000L;

    /** The Responses API route (OpenAI {@code POST /v1/responses}). */
    public static final String RESPONSES_PATH = "/v1/responses";
    /** Header of a recognised answer: the scenario id whose script answered. */
    public static final String SCENARIO_HEADER = "x-harmonica-sim-scenario";
    /** Header of a recognised answer: other scenarios that fit the request as well but script another answer. */
    public static final String AMBIGUOUS_HEADER = "x-harmonica-sim-ambiguous";

    private final SimConfig config;
    private final String faultPlan;
    private final ScriptBook scripts;

    /** Creates the engine and loads the tokenizer and parser now, so that the first request is not slow. */
    public SimEngine(SimConfig config) {
        this(config, ScriptBook.EMPTY);
    }

    /**
     * An engine that also answers requests without a hint, by recognising their conversation among {@code scripts}
     * ({@link ScriptBook}); a request with a hint is answered from its hint as always.
     */
    public SimEngine(SimConfig config, ScriptBook scripts) {
        this.config = config;
        this.faultPlan = config.faultPlanId();
        this.scripts = scripts;
        HarmonyEncoding.get();
        HarmonyParsers.strict();
    }

    public SimConfig config() {
        return config;
    }

    /** The scenarios requests without a hint are recognised among (empty: such requests get a short final answer). */
    public ScriptBook scripts() {
        return scripts;
    }

    /** A protocol answer. {@code sse}: the body is an event stream. */
    public record Reply(int status, Map<String, String> headers, String body, boolean sse, List<String> faults) {
    }

    /** Answers one request; {@code body} may be null for GET. Never throws on bad input (answers 400/404). */
    public Reply handle(String method, String path, String body) {
        String p = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
        if (p.equals(Wire.MODELS_PATH) && method.equals("GET")) return models();
        if (!p.equals(Wire.COMPLETIONS_PATH) && !p.equals(Wire.CHAT_PATH) && !p.equals(RESPONSES_PATH)) {
            return error(404, "NotFoundError", "no route " + method + " " + p + "; the simulator serves "
                    + Wire.MODELS_PATH + ", " + Wire.COMPLETIONS_PATH + ", " + Wire.CHAT_PATH + " and " + RESPONSES_PATH,
                    List.of());
        }
        if (!method.equals("POST")) return error(405, "BadRequestError", "use POST for " + p, List.of());
        JsonNode json = Json.tryParse(body);
        if (json == null || !json.isObject()) return error(400, "BadRequestError", "request body is not a JSON object", List.of());
        try {
            ObjectNode req = (ObjectNode) json;
            if (p.equals(Wire.CHAT_PATH)) return chat(req);
            if (p.equals(RESPONSES_PATH)) return responses(req);
            return completions(req, prompt(req));
        } catch (BadRequest e) {
            return error(400, "BadRequestError", e.getMessage(), List.of());
        } catch (Unrecognised e) {
            return unrecognised(e.unknown);
        }
    }

    /**
     * Routes a generation request (completions, chat or responses) to this engine: the paths {@link SimServer}
     * applies transport faults and latency to.
     */
    public static boolean isGeneration(String path) {
        return path.equals(Wire.COMPLETIONS_PATH) || path.equals(Wire.CHAT_PATH) || path.equals(RESPONSES_PATH);
    }

    /**
     * Answers a request in process, exactly as {@link #handle} answers the body {@code Wire.requestBody(request,
     * endpoint, true)}, without writing and re-reading that body: the request fields are read from the body tree and
     * a COMPLETIONS prompt is taken as it is (token ids are not copied into JSON). Never throws on bad input.
     */
    public Reply handle(ModelRequest request, EndpointConfig endpoint) {
        if (endpoint.extraBody() != null) { // extra fields may change anything: take the wire path
            return handle("POST", Wire.path(request.mode()), Json.write(Wire.requestBody(request, endpoint, true)));
        }
        try {
            if (request.mode() == ModelRequest.Mode.CHAT) return chat(Wire.requestBody(request, endpoint, true, true));
            ObjectNode body = Wire.requestBody(request, endpoint, true, false);
            Prompt prompt = Wire.sendsTokenIds(request, endpoint) ? promptOfIds(request.promptTokens())
                    : promptOfText(request.promptText());
            return completions(body, prompt);
        } catch (BadRequest e) {
            return error(400, "BadRequestError", e.getMessage(), List.of());
        } catch (Unrecognised e) {
            return unrecognised(e.unknown);
        }
    }

    private static final class BadRequest extends Exception {
        BadRequest(String m) {
            super(m);
        }
    }

    /** A request without a hint whose conversation is none of the loaded scenarios'. */
    private static final class Unrecognised extends Exception {
        final transient Recognition.Unknown unknown;

        Unrecognised(Recognition.Unknown unknown) {
            super(unknown.message(), null, false, false);
            this.unknown = unknown;
        }
    }

    /** How a request's conversation is read, when recognition needs it. */
    @FunctionalInterface
    private interface TranscriptSource {
        Transcript read() throws BadRequest;
    }

    private Reply models() {
        ObjectNode o = Json.object();
        o.put("object", "list");
        ObjectNode m = o.putArray("data").addObject();
        m.put("id", "gpt-oss-sim");
        m.put("object", "model");
        m.put("created", CREATED);
        m.put("owned_by", "harmonica-sim");
        return new Reply(200, headers(List.of(), "application/json", null), Json.write(o), false, List.of());
    }

    /** What to answer: the request's hint, or the recognised scenario position ({@code found} set). */
    private record Hint(String scenarioId, int depth, JsonNode expected, boolean present, Recognition.Found found) {
    }

    /**
     * The request's {@code harmonica_sim} hint when it has one; else, with scenarios loaded, the scripted next step
     * of the conversation recognised from {@code transcript}; else no hint (a short final answer).
     */
    private Hint hint(ObjectNode req, int fallbackDepth, TranscriptSource transcript) throws BadRequest, Unrecognised {
        JsonNode h = req.get(Wire.SIM_FIELD);
        if (h == null || !h.isObject()) {
            if (scripts.isEmpty()) return new Hint("", fallbackDepth, null, false, null);
            Recognition r = scripts.recognise(transcript.read(), config.honourStops());
            if (r instanceof Recognition.Unknown u) throw new Unrecognised(u);
            Recognition.Found f = (Recognition.Found) r;
            return new Hint(f.at().scenarioId(), f.at().depth(), f.at().expected(), true, f);
        }
        JsonNode expected = h.get("expected");
        if (expected != null && !expected.isNull()) {
            try {
                MessageJson.readConversation(expected);
            } catch (IllegalArgumentException e) {
                throw new BadRequest(Wire.SIM_FIELD + ".expected: " + e.getMessage());
            }
        }
        return new Hint(h.path("scenario_id").asText(""), h.path("depth").asInt(fallbackDepth), expected, true, null);
    }

    private long seed(ObjectNode req) {
        JsonNode s = req.get("seed");
        return s != null && s.isIntegralNumber() ? s.longValue() : config.seed();
    }

    private static Integer maxTokens(ObjectNode req) {
        JsonNode m = req.get("max_completion_tokens");
        if (m == null || !m.isIntegralNumber()) m = req.get("max_tokens");
        if (m == null || !m.isIntegralNumber()) m = req.get("max_output_tokens");
        return m != null && m.isIntegralNumber() ? m.intValue() : null;
    }

    // ---------------------------------------------------------------- completions

    /** A completions prompt as token ids (a text prompt is tokenized with its special tokens, as vLLM does). */
    private record Prompt(int[] ids) {
    }

    private static Prompt prompt(ObjectNode req) throws BadRequest {
        JsonNode prompt = req.get("prompt");
        if (prompt != null && prompt.isTextual()) return promptOfText(prompt.textValue());
        if (prompt != null && prompt.isArray()) {
            int[] ids = new int[prompt.size()];
            for (int i = 0; i < ids.length; i++) {
                JsonNode t = prompt.get(i);
                if (!t.isIntegralNumber()) throw new BadRequest("prompt[" + i + "]: not a token id of o200k_harmony");
                ids[i] = t.intValue();
            }
            return promptOfIds(ids);
        }
        throw new BadRequest("prompt: expected a string or an array of token ids");
    }

    private static Prompt promptOfText(String text) {
        return new Prompt(HarmonyEncoding.get().encodeWithSpecials(text));
    }

    private static Prompt promptOfIds(int[] ids) throws BadRequest {
        for (int i = 0; i < ids.length; i++) {
            if (!HarmonyEncoding.isValidId(ids[i])) throw new BadRequest("prompt[" + i + "]: not a token id of o200k_harmony");
        }
        return new Prompt(ids);
    }

    /**
     * The stops of a request, as vLLM applies them: {@code stop_token_ids} merged with gpt-oss's generation-config
     * stops (not with {@code ignore_eos}), and {@code stop} strings; none when the simulator ignores stops.
     */
    private SimGenerator.Stops stops(ObjectNode req) throws BadRequest {
        if (!config.honourStops()) return SimGenerator.Stops.NONE;
        Set<Integer> ids = new HashSet<>();
        if (!req.path("ignore_eos").asBoolean(false)) ids.addAll(SimGenerator.Stops.GPT_OSS_EOS);
        JsonNode st = req.get("stop_token_ids");
        if (st != null && !st.isNull()) {
            if (!st.isArray()) throw new BadRequest("stop_token_ids: expected an array of token ids");
            for (int i = 0; i < st.size(); i++) {
                JsonNode t = st.get(i);
                if (!t.isIntegralNumber() || !HarmonyEncoding.isValidId(t.intValue())) {
                    throw new BadRequest("stop_token_ids[" + i + "]: not a token id of o200k_harmony");
                }
                ids.add(t.intValue());
            }
        }
        List<String> strings = new ArrayList<>();
        JsonNode stop = req.get("stop");
        if (stop != null && stop.isTextual()) {
            if (!stop.textValue().isEmpty()) strings.add(stop.textValue());
        } else if (stop != null && stop.isArray()) {
            for (int i = 0; i < stop.size(); i++) {
                if (!stop.get(i).isTextual()) throw new BadRequest("stop[" + i + "]: expected a string");
                if (!stop.get(i).textValue().isEmpty()) strings.add(stop.get(i).textValue());
            }
        } else if (stop != null && !stop.isNull()) {
            throw new BadRequest("stop: expected a string or an array of strings");
        }
        return new SimGenerator.Stops(ids, strings);
    }

    private SimGenerator.Output generate(ObjectNode req, Hint hint, HistoryStyle history) throws BadRequest {
        return SimGenerator.generate(new SimGenerator.Input(hint.expected(), hint.scenarioId(), hint.depth(), seed(req),
                history, config.faults(), maxTokens(req), req.path("ignore_eos").asBoolean(false), stops(req)));
    }

    /**
     * The conversation of a rendered harmony prompt: everything before the generation prompt (the last
     * {@code <|start|>}, e.g. {@code <|start|>assistant}) parsed as harmony messages.
     */
    private static Transcript promptTranscript(int[] ids) throws BadRequest {
        int end = ids.length;
        int last = ids.length == 0 ? -1 : ids[ids.length - 1];
        if (last != HarmonyEncoding.END && last != HarmonyEncoding.CALL && last != HarmonyEncoding.RETURN) {
            for (int i = ids.length - 1; i >= 0; i--) {
                if (ids[i] == HarmonyEncoding.START) {
                    end = i;
                    break;
                }
            }
        }
        ParseOutcome o = HarmonyParsers.harmonyNonStrict().parse(Arrays.copyOf(ids, end), null);
        if (!o.isOk()) {
            throw new BadRequest("prompt: not a harmony conversation the simulator can recognise (" + o.error()
                    + "); send the rendered conversation ending in <|start|>assistant, or a harmonica_sim hint");
        }
        return Transcript.fromHarmony(o.messages());
    }

    private Reply completions(ObjectNode req, Prompt prompt) throws BadRequest, Unrecognised {
        int promptTokens = prompt.ids().length;
        HistoryStyle.Scan scan = HistoryStyle.scan(prompt.ids());
        HistoryStyle history = scan.style();
        Hint hint = hint(req, Math.max(0, scan.assistantStarts() - 1), () -> promptTranscript(prompt.ids()));
        SimGenerator.Output out = generate(req, hint, history);
        String text = out.text();
        if (!req.path("include_stop_str_in_output").asBoolean(false) && !out.truncated()) {
            // vLLM drops the stop string or stop token from the text unless asked to keep it
            String stopText = out.stopString() != null ? out.stopString()
                    : out.stopToken() != null ? HarmonyEncoding.get().specialName(out.stopToken())
                    : text.endsWith("<|call|>") ? "<|call|>" : text.endsWith("<|return|>") ? "<|return|>" : null;
            if (stopText != null && text.endsWith(stopText)) text = text.substring(0, text.length() - stopText.length());
        }
        if (req.path("skip_special_tokens").asBoolean(true)) {
            text = SPECIAL.matcher(text).replaceAll(""); // vLLM default: special tokens vanish (F19)
        }
        ObjectNode o = Json.object();
        o.put("id", "cmpl-sim-" + ChatView.id(hint.scenarioId() + "/" + hint.depth(), 0));
        o.put("object", "text_completion");
        o.put("created", CREATED);
        o.put("model", req.path("model").asText("gpt-oss-sim"));
        ObjectNode choice = o.putArray("choices").addObject();
        choice.put("index", 0);
        choice.put("text", text);
        int k = req.path("logprobs").asInt(0);
        if (k > 0) {
            choice.set("logprobs", SimLogprobs.of(out.tokens(), out.clean(), Math.min(k, 20),
                    req.path("return_tokens_as_token_ids").asBoolean(false),
                    SimLogprobs.divergenceMargin(seed(req), hint.scenarioId(), hint.depth())));
        } else {
            choice.putNull("logprobs");
        }
        choice.put("finish_reason", out.finishReason());
        int lastToken = out.tokens().length == 0 ? -1 : out.tokens()[out.tokens().length - 1];
        if (out.stopString() != null) choice.put("stop_reason", out.stopString());
        else if (out.stopToken() != null) choice.put("stop_reason", out.stopToken());
        else if (!out.truncated() && (lastToken == HarmonyEncoding.CALL || lastToken == HarmonyEncoding.RETURN)) choice.put("stop_reason", lastToken);
        else choice.putNull("stop_reason");
        if (req.path("return_token_ids").asBoolean(false)) {
            ArrayNode ids = choice.putArray("token_ids");
            for (int t : out.tokens()) ids.add(t);
        }
        usage(o, promptTokens, out.tokens().length);
        simField(o, out.faults(), history, hint);
        return new Reply(200, headers(out.faults(), "application/json", hint), Json.write(o), false, out.faults());
    }

    // ---------------------------------------------------------------- chat

    /** The tools and tool choice of a chat or responses request, checked as vLLM checks them. */
    private record ToolUse(JsonNode tools, boolean named, boolean allowed, boolean parallel) {
        static ToolUse of(ObjectNode req) throws BadRequest {
            JsonNode tools = req.get("tools");
            if (tools != null && tools.isArray() && tools.isEmpty()) throw new BadRequest("`tools` must not be an empty array.");
            JsonNode toolChoice = req.get("tool_choice");
            boolean hasTools = tools != null && tools.isArray();
            if (toolChoice != null && !toolChoice.isNull() && !hasTools && !"none".equals(toolChoice.asText())) {
                throw new BadRequest("When using `tool_choice`, `tools` must be set.");
            }
            boolean named = toolChoice != null && toolChoice.isObject();
            boolean allowed = hasTools && !(toolChoice != null && "none".equals(toolChoice.asText()));
            return new ToolUse(hasTools ? tools : null, named, allowed, req.path("parallel_tool_calls").asBoolean(true));
        }
    }

    /** The generation as the server shows it: an assistant chat message with its tool-call count, or an error reply. */
    private record Served(ObjectNode message, int calls, Reply error) {
    }

    /**
     * Parses the generation with the STRICT parser as vLLM does and answers per {@link SimConfig.ServerMode}: the
     * chat message (reasoning, content, tool calls), or the personality's error reply.
     */
    private Served serve(SimGenerator.Output out, ToolUse use, Answer answer) {
        ParseOutcome parsed = HarmonyParsers.strict().parse(out.tokens(), "assistant");
        ChatView.View v;
        if (parsed.isOk()) {
            List<Message> msgs = parsed.messages();
            if (config.server() == SimConfig.ServerMode.SGLANG) msgs = sglangKeep(msgs, use.tools());
            v = ChatView.of(msgs, use.parallel(), use.allowed(), answer.idSeed());
        } else {
            Reply error = personalityError(parsed.error(), out.faults(), answer);
            if (error != null) return new Served(null, 0, error);
            HarmonyParser lenient = config.server() == SimConfig.ServerMode.LENIENT ? HarmonyParsers.lenient() : null;
            ParseOutcome recovered = lenient == null ? null : lenient.parse(out.tokens(), "assistant");
            if (recovered != null && !recovered.messages().isEmpty()) {
                v = ChatView.of(recovered.messages(), use.parallel(), use.allowed(), answer.idSeed());
            } else {
                ObjectNode raw = Json.object(); // vLLM after PR #47062: the raw output as content
                raw.put("role", "assistant");
                raw.put("content", out.text());
                v = new ChatView.View(raw, 0);
            }
        }
        ObjectNode message = v.message();
        if (config.server() == SimConfig.ServerMode.LLAMACPP && message.has("reasoning")) {
            message.set("reasoning_content", message.remove("reasoning"));
        }
        return new Served(message, v.toolCalls(), null);
    }

    /** The error a server personality answers for output its parser rejects; null when it answers with a message. */
    private Reply personalityError(String parseError, List<String> faults, Answer answer) {
        switch (config.server()) {
            case VLLM_STRICT:
                return harmonyError(parseError, faults, answer);
            case SGLANG: {
                ObjectNode err = Json.object();
                err.put("object", "error");
                err.put("message", "Internal server error: " + parseError);
                err.put("type", "InternalServerError");
                err.putNull("param");
                err.put("code", 500);
                err.set(Wire.SIM_FIELD, simInfo(faults, answer.history(), answer.hint()));
                return new Reply(500, headers(faults, "application/json", answer.hint()), Json.write(err), false, faults);
            }
            case LLAMACPP: {
                ObjectNode err = Json.object();
                ObjectNode e = err.putObject("error");
                e.put("code", 500);
                e.put("message", "The model produced output that does not match the expected peg-native format");
                e.put("type", "server_error");
                err.set(Wire.SIM_FIELD, simInfo(faults, answer.history(), answer.hint()));
                return new Reply(500, headers(faults, "application/json", answer.hint()), Json.write(err), false, faults);
            }
            default:
                return null;
        }
    }

    /** What every part of one answer shares: the hint, the history style, the model name, ids, streaming. */
    private record Answer(Hint hint, HistoryStyle history, String model, String idSeed, boolean stream) {
    }

    private Answer answer(ObjectNode req, Hint hint, HistoryStyle history) {
        return new Answer(hint, history, req.path("model").asText("gpt-oss-sim"),
                hint.scenarioId() + "/" + hint.depth() + "/" + seed(req), req.path("stream").asBoolean(false));
    }

    private Reply chat(ObjectNode req) throws BadRequest, Unrecognised {
        JsonNode messages = req.get("messages");
        if (messages == null || !messages.isArray()) throw new BadRequest("messages: expected an array");
        ToolUse use = ToolUse.of(req);
        int assistantTurns = 0;
        for (JsonNode m : messages) if ("assistant".equals(m.path("role").asText())) assistantTurns++;
        HistoryStyle history = HistoryStyle.forChat(config.chatHistory(), messages);
        Hint hint = hint(req, assistantTurns, () -> Transcript.fromChat(messages, use.tools()));
        SimGenerator.Output out = generate(req, hint, history);
        // an ESTIMATE, not a token count: the simulator does not render the chat history to harmony as vLLM does
        // (rendering and tokenizing ~20k tokens per turn would cost milliseconds); characters of the JSON / 4
        int promptTokens = Math.max(1, Json.write(messages).length() / 4) + (use.tools() != null ? Json.write(use.tools()).length() / 4 : 0);
        boolean includeUsage = req.path("stream_options").path("include_usage").asBoolean(false);
        Answer answer = answer(req, hint, history);
        Served served = serve(out, use, answer);
        if (served.error() != null) return served.error();
        ObjectNode message = served.message();
        int calls = served.calls();
        String finish = calls > 0 ? (use.named() ? "stop" : "tool_calls") : out.truncated() ? "length" : "stop";
        List<String> faults = out.faults();
        if (answer.stream()) return streamReply(message, finish, answer, includeUsage, promptTokens, out.tokens().length, faults);
        ObjectNode o = Json.object();
        o.put("id", "chatcmpl-sim-" + ChatView.id(answer.idSeed(), 0));
        o.put("object", "chat.completion");
        o.put("created", CREATED);
        o.put("model", answer.model());
        ObjectNode choice = o.putArray("choices").addObject();
        choice.put("index", 0);
        choice.set("message", message);
        choice.putNull("logprobs");
        choice.put("finish_reason", finish);
        usage(o, promptTokens, out.tokens().length);
        simField(o, faults, history, hint);
        return new Reply(200, headers(faults, "application/json", hint), Json.write(o), false, faults);
    }

    // ---------------------------------------------------------------- responses

    /**
     * {@code POST /v1/responses} with function tools, as vLLM serves gpt-oss there: the same generation and server
     * personality as chat, the message shown as output items (reasoning with {@code reasoning_text} content, message
     * with {@code output_text}, {@code function_call} with {@code call_id}); streamed as Responses events when asked.
     * A harmony error is an HTTP error even when streaming.
     */
    private Reply responses(ObjectNode req) throws BadRequest, Unrecognised {
        JsonNode input = req.get("input");
        if (input == null || !(input.isTextual() || input.isArray())) throw new BadRequest("input: expected a string or an array of items");
        JsonNode tools = req.get("tools");
        if (tools != null && !tools.isNull() && !tools.isArray()) throw new BadRequest("tools: expected an array");
        ToolUse use = ToolUse.of(req);
        Transcript transcript = Transcript.fromResponses(input, use.tools());
        int answers = 0;
        for (Utterance u : transcript.items()) if (u instanceof Utterance.Call || u instanceof Utterance.Reply) answers++;
        HistoryStyle history = transcript.hasCalls() ? config.chatHistory() : HistoryStyle.NONE;
        Hint hint = hint(req, answers, () -> transcript);
        SimGenerator.Output out = generate(req, hint, history);
        Answer answer = answer(req, hint, history);
        Served served = serve(out, use, new Answer(hint, history, answer.model(), answer.idSeed(), false));
        if (served.error() != null) return served.error();
        int promptTokens = Math.max(1, Json.write(input).length() / 4) + (use.tools() != null ? Json.write(use.tools()).length() / 4 : 0);
        ObjectNode body = ResponsesView.body(new ResponsesView.Parts(req, served.message(), answer.idSeed(), answer.model(),
                out.truncated(), promptTokens, out.tokens().length));
        simField(body, out.faults(), history, hint);
        if (!answer.stream()) {
            return new Reply(200, headers(out.faults(), "application/json", hint), Json.write(body), false, out.faults());
        }
        return new Reply(200, headers(out.faults(), "text/event-stream", hint), ResponsesView.stream(body), true, out.faults());
    }

    /** A request whose conversation is not one of the loaded scenarios': its 4xx, in the configured error shape. */
    private Reply unrecognised(Recognition.Unknown u) {
        ObjectNode o = errorBody(u.status(), u.status() == 404 ? "NotFoundError" : "UnprocessableEntityError", u.message());
        ObjectNode e = config.errorShape() == SimConfig.ErrorShape.FLAT ? o : (ObjectNode) o.get("error");
        e.put("code", u.reason().code());
        ObjectNode info = simInfo(List.of(), null, null);
        info.put("unrecognised", u.reason().code());
        o.set(Wire.SIM_FIELD, info);
        return new Reply(u.status(), headers(List.of(), "application/json", null), Json.write(o), false, List.of());
    }

    /** SGLang drops calls it cannot match (gpt_oss_detector.py): no {@code <|constrain|>json}, unknown name, bad JSON. */
    private static List<Message> sglangKeep(List<Message> msgs, JsonNode tools) {
        Set<String> names = new HashSet<>();
        if (tools != null) for (JsonNode t : tools) names.add(t.path("function").path("name").asText());
        List<Message> out = new ArrayList<>();
        for (Message m : msgs) {
            String r = m.recipient();
            if (r != null && r.startsWith("functions.") && !"analysis".equals(m.channel())) {
                boolean ok = "<|constrain|>json".equals(m.contentType()) && names.contains(r.substring("functions.".length()))
                        && Json.tryParse(m.text()) != null;
                if (!ok) continue;
            }
            out.add(m);
        }
        return out;
    }

    private Reply harmonyError(String message, List<String> faults, Answer answer) {
        boolean stream = answer.stream();
        String model = answer.model();
        String idSeed = answer.idSeed();
        int status = config.errorStatus();
        String type = status >= 500 ? "InternalServerError" : "BadRequestError";
        ObjectNode err = errorBody(status, type, message);
        err.set(Wire.SIM_FIELD, simInfo(faults, null, answer.hint()));
        if (!stream) return new Reply(status, headers(faults, "application/json", answer.hint()), Json.write(err), false, faults);
        // vLLM: HTTP 200, then an error event, then [DONE] (create_streaming_error_response)
        StringBuilder sse = new StringBuilder();
        ObjectNode first = chunk(model, idSeed);
        ObjectNode d = ((ObjectNode) first.get("choices").get(0)).putObject("delta");
        d.put("role", "assistant");
        d.put("content", "");
        event(sse, first);
        event(sse, err);
        sse.append("data: [DONE]\n\n");
        return new Reply(200, headers(faults, "text/event-stream", answer.hint()), sse.toString(), true, faults);
    }

    private ObjectNode errorBody(int status, String type, String message) {
        ObjectNode o = Json.object();
        if (config.errorShape() == SimConfig.ErrorShape.FLAT) {
            o.put("object", "error");
            o.put("message", message);
            o.put("type", type);
            o.putNull("param");
            o.put("code", status);
        } else {
            ObjectNode e = o.putObject("error");
            e.put("message", message);
            e.put("type", type);
            e.putNull("param");
            e.put("code", status);
        }
        return o;
    }

    private Reply error(int status, String type, String message, List<String> faults) {
        return new Reply(status, headers(faults, "application/json", null), Json.write(errorBody(status, type, message)), false, faults);
    }

    private Reply streamReply(ObjectNode message, String finish, Answer answer, boolean includeUsage,
                              int promptTokens, int completionTokens, List<String> faults) {
        String model = answer.model();
        String idSeed = answer.idSeed();
        StringBuilder sse = new StringBuilder();
        ObjectNode first = chunk(model, idSeed);
        ObjectNode d0 = ((ObjectNode) first.get("choices").get(0)).putObject("delta");
        d0.put("role", "assistant");
        d0.put("content", "");
        event(sse, first);
        String reasoning = Json.text(message, "reasoning");
        if (reasoning != null) for (String part : split(reasoning, 2)) event(sse, delta(model, idSeed, "reasoning", part));
        String content = Json.text(message, "content");
        if (content != null) for (String part : split(content, 2)) event(sse, delta(model, idSeed, "content", part));
        JsonNode calls = message.get("tool_calls");
        if (calls != null) {
            for (int i = 0; i < calls.size(); i++) {
                JsonNode c = calls.get(i);
                ObjectNode head = chunk(model, idSeed);
                ObjectNode tc = ((ObjectNode) head.get("choices").get(0)).putObject("delta").putArray("tool_calls").addObject();
                tc.put("index", i);
                tc.put("id", c.get("id").asText());
                tc.put("type", "function");
                ObjectNode fn = tc.putObject("function");
                fn.put("name", c.path("function").path("name").asText());
                fn.put("arguments", "");
                event(sse, head);
                for (String part : split(c.path("function").path("arguments").asText(), 3)) {
                    ObjectNode more = chunk(model, idSeed);
                    ObjectNode t2 = ((ObjectNode) more.get("choices").get(0)).putObject("delta").putArray("tool_calls").addObject();
                    t2.put("index", i);
                    t2.putObject("function").put("arguments", part);
                    event(sse, more);
                }
            }
        }
        ObjectNode last = chunk(model, idSeed);
        ((ObjectNode) last.get("choices").get(0)).putObject("delta");
        ((ObjectNode) last.get("choices").get(0)).put("finish_reason", finish);
        event(sse, last);
        if (includeUsage) {
            ObjectNode u = Json.object();
            u.put("id", "chatcmpl-sim-" + ChatView.id(idSeed, 0));
            u.put("object", "chat.completion.chunk");
            u.put("created", CREATED);
            u.put("model", model);
            u.putArray("choices");
            usage(u, promptTokens, completionTokens);
            simField(u, faults, answer.history(), answer.hint());
            event(sse, u);
        }
        sse.append("data: [DONE]\n\n");
        return new Reply(200, headers(faults, "text/event-stream", answer.hint()), sse.toString(), true, faults);
    }

    private static List<String> split(String s, int parts) {
        if (s.length() < parts * 2) return s.isEmpty() ? List.of() : List.of(s);
        ArrayList<String> out = new ArrayList<>();
        int step = s.length() / parts;
        for (int i = 0; i < parts; i++) {
            int a = i * step;
            int b = i == parts - 1 ? s.length() : (i + 1) * step;
            if (b < s.length() && Character.isHighSurrogate(s.charAt(b - 1))) b++;
            if (a < s.length() && a > 0 && Character.isLowSurrogate(s.charAt(a))) a++;
            if (b > a) out.add(s.substring(a, b));
        }
        return out;
    }

    private static ObjectNode chunk(String model, String idSeed) {
        ObjectNode o = Json.object();
        o.put("id", "chatcmpl-sim-" + ChatView.id(idSeed, 0));
        o.put("object", "chat.completion.chunk");
        o.put("created", CREATED);
        o.put("model", model);
        ObjectNode c = o.putArray("choices").addObject();
        c.put("index", 0);
        c.putNull("logprobs");
        c.putNull("finish_reason");
        return o;
    }

    private static ObjectNode delta(String model, String idSeed, String field, String value) {
        ObjectNode o = chunk(model, idSeed);
        ((ObjectNode) o.get("choices").get(0)).putObject("delta").put(field, value);
        return o;
    }

    private static void event(StringBuilder sse, ObjectNode o) {
        sse.append("data: ").append(Json.write(o)).append("\n\n");
    }

    private static void usage(ObjectNode o, int prompt, int completion) {
        ObjectNode u = o.putObject("usage");
        u.put("prompt_tokens", prompt);
        u.put("completion_tokens", completion);
        u.put("total_tokens", prompt + completion);
    }

    /**
     * The body field {@code harmonica_sim}: {@code simulated}, {@code injected_faults}, {@code history_style}, and for a
     * recognised request {@code recognised}: the scenario, where in it ({@code turn}: user turn or SWE step,
     * {@code calls_made}, {@code calls_matched}, {@code tool_results} in it, {@code depth}), {@code unmatched} model
     * answers, how many scenarios start the same way and which of them would script another answer.
     */
    private static ObjectNode simInfo(List<String> faults, HistoryStyle history, Hint hint) {
        ObjectNode s = Json.object();
        s.put("simulated", true);
        ArrayNode f = s.putArray("injected_faults");
        faults.forEach(f::add);
        if (history != null) s.put("history_style", history.toString());
        if (hint != null && hint.found() != null) {
            Recognition.Found found = hint.found();
            Located.At at = found.at();
            ObjectNode r = s.putObject("recognised");
            r.put("scenario_id", at.scenarioId());
            r.put("turn", at.turn());
            r.put("calls_made", at.callsMade());
            r.put("calls_matched", at.matched());
            r.put("tool_results", at.toolResults());
            r.put("depth", at.depth());
            r.put("unmatched", at.unmatched());
            r.put("candidates", found.candidates());
            ArrayNode amb = r.putArray("ambiguous_with");
            found.ambiguousWith().forEach(amb::add);
        }
        return s;
    }

    private static void simField(ObjectNode o, List<String> faults, HistoryStyle history, Hint hint) {
        o.set(Wire.SIM_FIELD, simInfo(faults, history, hint));
    }

    private Map<String, String> headers(List<String> faults, String contentType, Hint hint) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Content-Type", contentType.equals("text/event-stream") ? contentType : contentType + "; charset=utf-8");
        h.putAll(markHeaders());
        h.put(Wire.SIM_FAULTS_HEADER, String.join(",", faults));
        if (hint != null && hint.found() != null) {
            h.put(SCENARIO_HEADER, hint.found().at().scenarioId());
            if (!hint.found().ambiguousWith().isEmpty()) h.put(AMBIGUOUS_HEADER, String.join(",", hint.found().ambiguousWith()));
        }
        return h;
    }

    /**
     * The headers every simulated answer carries, whatever its route or status: {@value Wire#SIMULATED_HEADER}
     * {@code 1} and {@value Wire#FAULT_PLAN_HEADER} (see {@link SimConfig#faultPlanId()}).
     */
    public Map<String, String> markHeaders() {
        return Map.of(Wire.SIMULATED_HEADER, "1", Wire.FAULT_PLAN_HEADER, faultPlan);
    }
}
