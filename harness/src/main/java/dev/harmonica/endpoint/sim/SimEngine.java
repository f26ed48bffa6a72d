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
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The simulated gpt-oss server's protocol logic, independent of transport: answers {@code /v1/models},
 * {@code /v1/completions} (raw harmony text with the vLLM flags of endpoints.md §2.2 honoured, token ids on
 * {@code return_token_ids}) and {@code /v1/chat/completions} (the simulator parses its own output with the STRICT
 * parser as vLLM does and answers per {@link SimConfig.ServerMode}; streaming as SSE). Every response says it is
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

    private final SimConfig config;
    private final String faultPlan;

    /** Creates the engine and loads the tokenizer and parser now, so that the first request is not slow. */
    public SimEngine(SimConfig config) {
        this.config = config;
        this.faultPlan = config.faultPlanId();
        HarmonyEncoding.get();
        HarmonyParsers.strict();
    }

    public SimConfig config() {
        return config;
    }

    /** A protocol answer. {@code sse}: the body is an event stream. */
    public record Reply(int status, Map<String, String> headers, String body, boolean sse, List<String> faults) {
    }

    /** Answers one request; {@code body} may be null for GET. Never throws on bad input (answers 400/404). */
    public Reply handle(String method, String path, String body) {
        String p = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
        if (p.equals(Wire.MODELS_PATH) && method.equals("GET")) return models();
        if (!p.equals(Wire.COMPLETIONS_PATH) && !p.equals(Wire.CHAT_PATH)) {
            return error(404, "NotFoundError", "no route " + method + " " + p + "; the simulator serves "
                    + Wire.MODELS_PATH + ", " + Wire.COMPLETIONS_PATH + " and " + Wire.CHAT_PATH, List.of());
        }
        if (!method.equals("POST")) return error(405, "BadRequestError", "use POST for " + p, List.of());
        JsonNode json = Json.tryParse(body);
        if (json == null || !json.isObject()) return error(400, "BadRequestError", "request body is not a JSON object", List.of());
        try {
            return p.equals(Wire.CHAT_PATH) ? chat((ObjectNode) json) : completions((ObjectNode) json, prompt((ObjectNode) json));
        } catch (BadRequest e) {
            return error(400, "BadRequestError", e.getMessage(), List.of());
        }
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
        }
    }

    private static final class BadRequest extends Exception {
        BadRequest(String m) {
            super(m);
        }
    }

    private Reply models() {
        ObjectNode o = Json.object();
        o.put("object", "list");
        ObjectNode m = o.putArray("data").addObject();
        m.put("id", "gpt-oss-sim");
        m.put("object", "model");
        m.put("created", CREATED);
        m.put("owned_by", "harmonica-sim");
        return new Reply(200, headers(List.of(), "application/json"), Json.write(o), false, List.of());
    }

    private record Hint(String scenarioId, int depth, JsonNode expected, boolean present) {
    }

    private Hint hint(ObjectNode req, int fallbackDepth) throws BadRequest {
        JsonNode h = req.get(Wire.SIM_FIELD);
        if (h == null || !h.isObject()) return new Hint("", fallbackDepth, null, false);
        JsonNode expected = h.get("expected");
        if (expected != null && !expected.isNull()) {
            try {
                MessageJson.readConversation(expected);
            } catch (IllegalArgumentException e) {
                throw new BadRequest(Wire.SIM_FIELD + ".expected: " + e.getMessage());
            }
        }
        return new Hint(h.path("scenario_id").asText(""), h.path("depth").asInt(fallbackDepth), expected, true);
    }

    private long seed(ObjectNode req) {
        JsonNode s = req.get("seed");
        return s != null && s.isIntegralNumber() ? s.longValue() : config.seed();
    }

    private static Integer maxTokens(ObjectNode req) {
        JsonNode m = req.get("max_completion_tokens");
        if (m == null || !m.isIntegralNumber()) m = req.get("max_tokens");
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

    private Reply completions(ObjectNode req, Prompt prompt) throws BadRequest {
        int promptTokens = prompt.ids().length;
        HistoryStyle.Scan scan = HistoryStyle.scan(prompt.ids());
        HistoryStyle history = scan.style();
        Hint hint = hint(req, Math.max(0, scan.assistantStarts() - 1));
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
        choice.putNull("logprobs");
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
        simField(o, out.faults(), history);
        return new Reply(200, headers(out.faults(), "application/json"), Json.write(o), false, out.faults());
    }

    // ---------------------------------------------------------------- chat

    private Reply chat(ObjectNode req) throws BadRequest {
        JsonNode messages = req.get("messages");
        if (messages == null || !messages.isArray()) throw new BadRequest("messages: expected an array");
        JsonNode tools = req.get("tools");
        if (tools != null && tools.isArray() && tools.isEmpty()) throw new BadRequest("`tools` must not be an empty array.");
        JsonNode toolChoice = req.get("tool_choice");
        boolean hasTools = tools != null && tools.isArray();
        if (toolChoice != null && !toolChoice.isNull() && !hasTools && !"none".equals(toolChoice.asText())) {
            throw new BadRequest("When using `tool_choice`, `tools` must be set.");
        }
        boolean named = toolChoice != null && toolChoice.isObject();
        boolean toolsAllowed = hasTools && !(toolChoice != null && "none".equals(toolChoice.asText()));
        boolean parallel = req.path("parallel_tool_calls").asBoolean(true);
        int assistantTurns = 0;
        for (JsonNode m : messages) if ("assistant".equals(m.path("role").asText())) assistantTurns++;
        HistoryStyle history = HistoryStyle.forChat(config.chatHistory(), messages);
        Hint hint = hint(req, assistantTurns);
        SimGenerator.Output out = generate(req, hint, history);
        // an ESTIMATE, not a token count: the simulator does not render the chat history to harmony as vLLM does
        // (rendering and tokenizing ~20k tokens per turn would cost milliseconds); characters of the JSON / 4
        int promptTokens = Math.max(1, Json.write(messages).length() / 4) + (hasTools ? Json.write(tools).length() / 4 : 0);
        boolean stream = req.path("stream").asBoolean(false);
        boolean includeUsage = req.path("stream_options").path("include_usage").asBoolean(false);
        String model = req.path("model").asText("gpt-oss-sim");
        String idSeed = hint.scenarioId() + "/" + hint.depth() + "/" + seed(req);

        HarmonyParser strict = HarmonyParsers.strict();
        ParseOutcome parsed = strict.parse(out.tokens(), "assistant");
        ObjectNode message;
        int calls = 0;
        if (!parsed.isOk()) {
            if (config.server() == SimConfig.ServerMode.VLLM_STRICT) {
                return harmonyError(parsed.error(), out.faults(), stream, model, idSeed);
            }
            if (config.server() == SimConfig.ServerMode.SGLANG) {
                ObjectNode err = Json.object();
                err.put("object", "error");
                err.put("message", "Internal server error: " + parsed.error());
                err.put("type", "InternalServerError");
                err.putNull("param");
                err.put("code", 500);
                err.set(Wire.SIM_FIELD, simInfo(out.faults(), history));
                return new Reply(500, headers(out.faults(), "application/json"), Json.write(err), false, out.faults());
            }
            if (config.server() == SimConfig.ServerMode.LLAMACPP) {
                ObjectNode err = Json.object();
                ObjectNode e = err.putObject("error");
                e.put("code", 500);
                e.put("message", "The model produced output that does not match the expected peg-native format");
                e.put("type", "server_error");
                err.set(Wire.SIM_FIELD, simInfo(out.faults(), history));
                return new Reply(500, headers(out.faults(), "application/json"), Json.write(err), false, out.faults());
            }
            HarmonyParser lenient = config.server() == SimConfig.ServerMode.LENIENT ? HarmonyParsers.lenient() : null;
            ParseOutcome recovered = lenient == null ? null : lenient.parse(out.tokens(), "assistant");
            if (recovered != null && !recovered.messages().isEmpty()) {
                ChatView.View v = ChatView.of(recovered.messages(), parallel, toolsAllowed, idSeed);
                message = v.message();
                calls = v.toolCalls();
            } else {
                message = Json.object(); // vLLM after PR #47062: the raw output as content
                message.put("role", "assistant");
                message.put("content", out.text());
            }
        } else {
            List<Message> msgs = parsed.messages();
            if (config.server() == SimConfig.ServerMode.SGLANG) msgs = sglangKeep(msgs, tools);
            ChatView.View v = ChatView.of(msgs, parallel, toolsAllowed, idSeed);
            message = v.message();
            calls = v.toolCalls();
        }
        if (config.server() == SimConfig.ServerMode.LLAMACPP && message.has("reasoning")) {
            message.set("reasoning_content", message.remove("reasoning"));
        }
        String finish = calls > 0 ? (named ? "stop" : "tool_calls") : out.truncated() ? "length" : "stop";
        List<String> faults = out.faults();
        if (stream) return streamReply(message, finish, model, idSeed, includeUsage, promptTokens, out.tokens().length, faults, history);
        ObjectNode o = Json.object();
        o.put("id", "chatcmpl-sim-" + ChatView.id(idSeed, 0));
        o.put("object", "chat.completion");
        o.put("created", CREATED);
        o.put("model", model);
        ObjectNode choice = o.putArray("choices").addObject();
        choice.put("index", 0);
        choice.set("message", message);
        choice.putNull("logprobs");
        choice.put("finish_reason", finish);
        usage(o, promptTokens, out.tokens().length);
        simField(o, faults, history);
        return new Reply(200, headers(faults, "application/json"), Json.write(o), false, faults);
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

    private Reply harmonyError(String message, List<String> faults, boolean stream, String model, String idSeed) {
        int status = config.errorStatus();
        String type = status >= 500 ? "InternalServerError" : "BadRequestError";
        ObjectNode err = errorBody(status, type, message);
        err.set(Wire.SIM_FIELD, simInfo(faults, null));
        if (!stream) return new Reply(status, headers(faults, "application/json"), Json.write(err), false, faults);
        // vLLM: HTTP 200, then an error event, then [DONE] (create_streaming_error_response)
        StringBuilder sse = new StringBuilder();
        ObjectNode first = chunk(model, idSeed);
        ObjectNode d = ((ObjectNode) first.get("choices").get(0)).putObject("delta");
        d.put("role", "assistant");
        d.put("content", "");
        event(sse, first);
        event(sse, err);
        sse.append("data: [DONE]\n\n");
        return new Reply(200, headers(faults, "text/event-stream"), sse.toString(), true, faults);
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
        return new Reply(status, headers(faults, "application/json"), Json.write(errorBody(status, type, message)), false, faults);
    }

    private Reply streamReply(ObjectNode message, String finish, String model, String idSeed, boolean includeUsage,
                              int promptTokens, int completionTokens, List<String> faults, HistoryStyle history) {
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
            simField(u, faults, history);
            event(sse, u);
        }
        sse.append("data: [DONE]\n\n");
        return new Reply(200, headers(faults, "text/event-stream"), sse.toString(), true, faults);
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

    private static ObjectNode simInfo(List<String> faults, HistoryStyle history) {
        ObjectNode s = Json.object();
        s.put("simulated", true);
        ArrayNode f = s.putArray("injected_faults");
        faults.forEach(f::add);
        if (history != null) s.put("history_style", history.toString());
        return s;
    }

    private static void simField(ObjectNode o, List<String> faults, HistoryStyle history) {
        o.set(Wire.SIM_FIELD, simInfo(faults, history));
    }

    private Map<String, String> headers(List<String> faults, String contentType) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Content-Type", contentType.equals("text/event-stream") ? contentType : contentType + "; charset=utf-8");
        h.putAll(markHeaders());
        h.put(Wire.SIM_FAULTS_HEADER, String.join(",", faults));
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
