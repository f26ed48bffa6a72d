package dev.harmonica.harmony.parse;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonEOFException;
import dev.harmonica.harmony.Message;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Extracts tool calls from parsed messages (rule L9, vLLM's {@code OpenAIToolParser}/{@code HarmonyParser}): every
 * assistant message with a recipient other than {@code assistant}/{@code user}/{@code system}/{@code developer}/
 * {@code all}, on any channel. Arguments are checked as strict JSON (one value, nothing after it) when the content
 * type is absent or contains {@code json}. Pure functions; thread-safe.
 */
public final class ToolCalls {
    private static final JsonFactory JSON = JsonFactory.builder().build();

    private ToolCalls() {
    }

    public static List<ToolCall> from(List<Message> messages) {
        List<ToolCall> out = new ArrayList<>(2);
        for (int i = 0; i < messages.size(); i++) {
            Message m = messages.get(i);
            String r = m.recipient();
            if (r == null || r.isEmpty() || !"assistant".equals(m.role())) continue;
            switch (r) {
                case "assistant", "user", "system", "developer", "all" -> {
                    continue;
                }
                default -> {
                }
            }
            int dot = r.indexOf('.');
            String namespace = dot > 0 ? r.substring(0, dot) : null;
            String name = dot > 0 ? r.substring(dot + 1) : r;
            String ct = m.contentType();
            boolean jsonExpected = ct == null || ct.contains("json");
            String args = m.text();
            String error = null;
            boolean incomplete = false;
            if (jsonExpected) {
                JsonCheck c = checkJson(args);
                error = c.error;
                incomplete = c.incomplete;
            }
            out.add(new ToolCall(i, r, namespace, name, m.channel(), ct, args, jsonExpected, error, incomplete));
        }
        return out;
    }

    private record JsonCheck(String error, boolean incomplete) {
    }

    /** Null error when {@code text} is exactly one JSON value (surrounding whitespace allowed). */
    private static JsonCheck checkJson(String text) {
        try (JsonParser p = JSON.createParser(text)) {
            JsonToken t = p.nextToken();
            if (t == null) return new JsonCheck("empty arguments (no JSON value)", true);
            p.skipChildren();
            JsonToken extra = p.nextToken();
            if (extra != null) {
                return new JsonCheck("trailing content after the JSON value at char " + p.currentLocation().getCharOffset(), false);
            }
            return new JsonCheck(null, false);
        } catch (JsonEOFException e) {
            return new JsonCheck(e.getOriginalMessage(), true);
        } catch (JsonProcessingException e) {
            return new JsonCheck(e.getOriginalMessage(), false);
        } catch (IOException e) {
            return new JsonCheck(String.valueOf(e.getMessage()), false);
        }
    }
}
