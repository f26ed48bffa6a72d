package dev.harmonica.harmony;

import java.util.List;
import java.util.Objects;

/**
 * A harmony message (openai/harmony {@code src/chat.rs} {@code Message}): author role and optional name,
 * optional recipient, channel and content type, and a list of content items.
 * JSON form (one shape everywhere): see {@link MessageJson}.
 *
 * @param role        exact lower-case role string ({@code user|assistant|system|developer|tool}); the strict
 *                    parser only produces these, the lenient parser may keep others it recovered
 * @param name        author name (tool authors, e.g. {@code functions.get_weather}); null when absent
 * @param recipient   e.g. {@code functions.get_weather}; null when absent
 * @param channel     e.g. {@code commentary}; null when absent
 * @param contentType e.g. {@code <|constrain|>json} or {@code json}; null when absent
 * @param content     content items, never null
 */
public record Message(String role, String name, String recipient, String channel, String contentType,
                      List<Content> content) {
    public Message {
        Objects.requireNonNull(role, "role");
        content = List.copyOf(content);
    }

    /** A message whose content is one text item. */
    public static Message text(String role, String text) {
        return new Message(role, null, null, null, null, List.of(new Content.Text(text)));
    }

    /**
     * An assistant tool call as gpt-oss writes it: commentary channel, recipient {@code functions.NAME},
     * content type {@code <|constrain|>json}, the arguments as text.
     */
    public static Message toolCall(String name, String argumentsJson) {
        return new Message("assistant", null, "functions." + name, "commentary", "<|constrain|>json",
                List.of(new Content.Text(argumentsJson)));
    }

    /** A tool's result for a {@link #toolCall}: author {@code functions.NAME}, to the assistant, on commentary. */
    public static Message toolResult(String name, String result) {
        return new Message("tool", "functions." + name, "assistant", "commentary", null,
                List.of(new Content.Text(result)));
    }

    public Message withChannel(String newChannel) {
        return new Message(role, name, recipient, newChannel, contentType, content);
    }

    public Message withRecipient(String newRecipient) {
        return new Message(role, name, newRecipient, channel, contentType, content);
    }

    public Message withContentType(String newContentType) {
        return new Message(role, name, recipient, channel, newContentType, content);
    }

    public Message withName(String newName) {
        return new Message(role, newName, recipient, channel, contentType, content);
    }

    /** The concatenated text of all {@link Content.Text} items. */
    public String text() {
        StringBuilder sb = new StringBuilder();
        for (Content c : content) {
            if (c instanceof Content.Text t) sb.append(t.text());
        }
        return sb.toString();
    }
}
