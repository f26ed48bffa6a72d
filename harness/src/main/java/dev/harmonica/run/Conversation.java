package dev.harmonica.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.harmonica.endpoint.ModelRequest;
import dev.harmonica.harmony.Message;
import dev.harmonica.harmony.Rendering;
import dev.harmonica.harmony.render.IncrementalRenderer;
import dev.harmonica.tools.ToolSet;

import java.util.ArrayList;
import java.util.List;

/**
 * One scenario's growing conversation in the wire form of its variant: harmony messages rendered by Harmonica
 * (completions) or OpenAI chat messages (chat). Not thread-safe.
 */
abstract class Conversation {
    static final ObjectMapper MAPPER = new ObjectMapper();

    /** Sets (or replaces) the declared tools and the developer instructions. */
    abstract void setup(ToolSet tools, String instructions);

    abstract void user(String text);

    /** The model's turn as it drives the conversation: harmony messages (completions) or the chat message. */
    abstract void assistant(List<Message> harmonyMessages, JsonNode chatMessage);

    /** A recorded assistant step (replay): optional reasoning, optional text, and calls. */
    abstract void recordedAssistant(String reasoning, String text, List<CallForHistory> calls);

    /** A tool result for the call (chat needs its id). */
    abstract void toolResult(CallForHistory call, String result);

    /** The request for the next model turn. */
    abstract ModelRequest request(String model, Variant variant, ModelRequest.Sampling sampling, ModelRequest.SimHint hint);

    /** Prompt length of the last request in tokens, or -1 when unknown (chat: the server reports it). */
    abstract int lastPromptTokens();

    /** A call as it goes into the history. */
    record CallForHistory(String id, String name, String argumentsJson) {
    }

    static Conversation create(Variant variant, RendererFactory renderers, RunSpec.SystemSetup system) {
        if (!variant.mode().isChat()) return new Completions(renderers, variant, system);
        return new Chat(variant.bfclCompat());
    }

    /** Completions: Harmonica renders with the variant's renderer, incrementally. */
    static final class Completions extends Conversation {
        private final RendererFactory renderers;
        private final Variant variant;
        private final RunSpec.SystemSetup system;
        private final List<Message> history = new ArrayList<>();
        private IncrementalRenderer renderer;
        private int lastPromptTokens = -1;

        Completions(RendererFactory renderers, Variant variant, RunSpec.SystemSetup system) {
            this.renderers = renderers;
            this.variant = variant;
            this.system = system;
        }

        @Override
        void setup(ToolSet tools, String instructions) {
            // tools live in the developer message at the start: a change re-renders the whole conversation
            renderer = renderers.create(variant.rendererOptions(), variant.dropAnalysis());
            for (Message m : HarmonySetup.messages(tools.json(), instructions, system)) renderer.append(m);
            for (Message m : history) renderer.append(m);
        }

        private void add(Message m) {
            history.add(m);
            renderer.append(m);
        }

        @Override
        void user(String text) {
            add(Message.text("user", text));
        }

        @Override
        void assistant(List<Message> harmonyMessages, JsonNode chatMessage) {
            for (Message m : harmonyMessages) add(m);
        }

        @Override
        void recordedAssistant(String reasoning, String text, List<CallForHistory> calls) {
            boolean hasReasoning = reasoning != null && !reasoning.isBlank();
            if (hasReasoning) add(Message.text("assistant", reasoning).withChannel("analysis"));
            if (calls.isEmpty()) {
                add(Message.text("assistant", text == null ? "" : text).withChannel("final"));
                return;
            }
            // text besides the calls: the thought (analysis), or a commentary preamble when reasoning was recorded
            if (text != null && !text.isBlank()) {
                add(Message.text("assistant", text).withChannel(hasReasoning ? "commentary" : "analysis"));
            }
            for (CallForHistory c : calls) add(Message.toolCall(c.name(), c.argumentsJson()));
        }

        @Override
        void toolResult(CallForHistory call, String result) {
            add(Message.toolResult(call.name(), result));
        }

        @Override
        ModelRequest request(String model, Variant v, ModelRequest.Sampling sampling, ModelRequest.SimHint hint) {
            Rendering r = renderer.promptFor("assistant");
            lastPromptTokens = r.tokenCount();
            return new ModelRequest(ModelRequest.Mode.COMPLETIONS, model, r.tokenIds(), r.text(), null, null, null,
                    null, false, sampling, hint);
        }

        @Override
        int lastPromptTokens() {
            return lastPromptTokens;
        }
    }

    /**
     * Chat: OpenAI messages; the server renders and parses. Under BFCL's protocol the server's assistant message goes
     * back exactly as it came (the openai SDK sends the parsed message with the fields the server set) and the body
     * is BFCL's ({@link ModelRequest.Body#BFCL_FC}).
     */
    static final class Chat extends Conversation {
        private final ArrayNode messages = MAPPER.createArrayNode();
        private final boolean bfcl;
        private JsonNode tools;
        private boolean hasSystem;

        Chat(boolean bfcl) {
            this.bfcl = bfcl;
        }

        @Override
        void setup(ToolSet toolSet, String instructions) {
            tools = toolSet.isEmpty() ? null : toolSet.json();
            if (instructions != null && !hasSystem) {
                messages.insertObject(0).put("role", "system").put("content", instructions);
                hasSystem = true;
            }
        }

        @Override
        void user(String text) {
            messages.addObject().put("role", "user").put("content", text);
        }

        @Override
        void assistant(List<Message> harmonyMessages, JsonNode chatMessage) {
            if (bfcl) {
                messages.add(chatMessage == null ? MAPPER.createObjectNode().put("role", "assistant").putNull("content")
                        : chatMessage.deepCopy());
                return;
            }
            ObjectNode m = chatMessage != null && chatMessage.isObject() ? ((ObjectNode) chatMessage).deepCopy()
                    : MAPPER.createObjectNode();
            m.put("role", "assistant");
            if (!m.has("content")) m.putNull("content");
            // gpt-oss needs its reasoning back: vLLM reads "reasoning", llama.cpp (b11434) only "reasoning_content"
            // (ggml-org/llama.cpp common/chat.cpp); send both, with the same text
            if (!m.hasNonNull("reasoning") && m.hasNonNull("reasoning_content")) m.set("reasoning", m.get("reasoning_content"));
            if (m.hasNonNull("reasoning")) m.set("reasoning_content", m.get("reasoning"));
            messages.add(m);
        }

        @Override
        void recordedAssistant(String reasoning, String text, List<CallForHistory> calls) {
            ObjectNode m = messages.addObject();
            m.put("role", "assistant");
            boolean hasReasoning = reasoning != null && !reasoning.isBlank();
            // text beside calls with no recorded reasoning is the thought, as in completions mode (analysis), not a
            // commentary preamble: both modes replay the same prompt
            if (!hasReasoning && !calls.isEmpty() && text != null && !text.isBlank()) {
                reasoning = text;
                text = null;
                hasReasoning = true;
            }
            if (hasReasoning) {
                m.put("reasoning", reasoning);
                m.put("reasoning_content", reasoning);
            }
            if (text == null) m.putNull("content");
            else m.put("content", text);
            if (!calls.isEmpty()) {
                ArrayNode tc = m.putArray("tool_calls");
                for (CallForHistory c : calls) {
                    ObjectNode o = tc.addObject();
                    o.put("id", c.id());
                    o.put("type", "function");
                    o.putObject("function").put("name", c.name()).put("arguments", c.argumentsJson());
                }
            }
        }

        @Override
        void toolResult(CallForHistory call, String result) {
            messages.addObject().put("role", "tool").put("tool_call_id", call.id()).put("content", result);
        }

        @Override
        ModelRequest request(String model, Variant v, ModelRequest.Sampling sampling, ModelRequest.SimHint hint) {
            ModelRequest r = new ModelRequest(ModelRequest.Mode.CHAT, model, null, null, messages, tools,
                    tools == null ? null : v.toolChoice(), tools == null ? null : v.parallelToolCalls(),
                    v.mode() == Variant.Mode.CHAT_STREAM, sampling, hint);
            return bfcl ? r.withBody(ModelRequest.Body.BFCL_FC) : r;
        }

        @Override
        int lastPromptTokens() {
            return -1;
        }
    }

}
