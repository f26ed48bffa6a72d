package dev.harmonica.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * How the server itself renders a chat request to prompt token ids.
 * <ul>
 *   <li>{@link #template}: the model's chat template as the server applies it — llama.cpp {@code POST /apply-template}
 *       then {@code POST /tokenize} (special tokens parsed); vLLM {@code POST /tokenize} with {@code messages}
 *       ({@code add_generation_prompt}, {@code chat_template_kwargs.current_date} = the pinned date);</li>
 *   <li>{@link #chatPrompt} (vLLM only): the ids vLLM's chat endpoint really fed the model, from a one-token chat
 *       request with {@code return_token_ids} ({@code prompt_token_ids}): vLLM renders gpt-oss chat requests with
 *       (oss-)harmony in its own code, not with the template.</li>
 * </ul>
 */
final class ServerRendering {
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final TinyServer.Kind kind;
    private final URI base;

    ServerRendering(TinyServer server) {
        this.kind = server.kind();
        this.base = server.base();
    }

    /** The chat template's rendering of a chat request body (its {@code messages} and {@code tools}). */
    int[] template(JsonNode chatRequest) throws IOException, InterruptedException {
        ObjectNode q = RealServerRun.JSON.createObjectNode();
        q.set("messages", chatRequest.get("messages"));
        if (chatRequest.has("tools")) q.set("tools", chatRequest.get("tools"));
        q.putObject("chat_template_kwargs").put("current_date", TinyServer.DATE);
        if (kind == TinyServer.Kind.VLLM) {
            q.put("model", TinyServer.MODEL);
            q.put("add_generation_prompt", true);
            return ids(post("/tokenize", q).get("tokens"));
        }
        String prompt = post("/apply-template", q).get("prompt").asText();
        ObjectNode t = RealServerRun.JSON.createObjectNode().put("content", prompt).put("add_special", false)
                .put("parse_special", true);
        return ids(post("/tokenize", t).get("tokens"));
    }

    /** vLLM: the prompt ids its chat endpoint builds for the request (one token generated, greedy). */
    int[] chatPrompt(JsonNode chatRequest) throws IOException, InterruptedException {
        if (kind != TinyServer.Kind.VLLM) throw new IllegalStateException("return_token_ids is vLLM's");
        ObjectNode q = chatRequest.deepCopy();
        q.put("stream", false);
        q.remove("stream_options");
        q.put("max_tokens", 1);
        q.put("temperature", 0.0);
        q.put("return_token_ids", true);
        return ids(post("/v1/chat/completions", q).get("prompt_token_ids"));
    }

    private JsonNode post(String path, JsonNode body) throws IOException, InterruptedException {
        HttpRequest r = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofMinutes(5))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(RealServerRun.JSON.writeValueAsString(body))).build();
        HttpResponse<String> a = http.send(r, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        if (a.statusCode() != 200) {
            throw new AssertionError(kind.description + " " + path + " answered " + a.statusCode() + ": " + a.body());
        }
        return RealServerRun.JSON.readTree(a.body());
    }

    private static int[] ids(JsonNode array) {
        if (array == null || !array.isArray()) throw new AssertionError("expected an array of token ids, got " + array);
        int[] out = new int[array.size()];
        for (int i = 0; i < out.length; i++) out[i] = array.get(i).asInt();
        return out;
    }
}
