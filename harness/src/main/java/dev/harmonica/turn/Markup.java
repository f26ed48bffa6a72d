package dev.harmonica.turn;

import dev.harmonica.harmony.HarmonyEncoding;

import java.util.regex.Pattern;

/**
 * Harmony markup in text a chat server returned as plain text: a harmony special token written out
 * ({@code <|channel|>}, {@code <|start|>}, {@code <|message|>}, {@code <|constrain|>}, {@code <|call|>},
 * {@code <|end|>}, {@code <|return|>}, …) or a header fragment addressing a tool ({@code to=functions.x}). A server
 * that parsed the model's output correctly never leaves either in {@code content} or {@code reasoning}.
 */
final class Markup {
    private static final Pattern HEADER = Pattern.compile("(?:^|[\\s>])to=functions\\.[\\w.-]+");

    private Markup() {
    }

    static boolean in(String text) {
        if (text == null || text.isEmpty()) return false;
        if (text.contains("<|") && hasSpecialToken(text)) return true;
        return text.contains("to=functions.") && HEADER.matcher(text).find();
    }

    private static boolean hasSpecialToken(String text) {
        HarmonyEncoding enc = HarmonyEncoding.get();
        for (int i = text.indexOf("<|"); i >= 0; i = text.indexOf("<|", i + 2)) {
            int end = text.indexOf("|>", i + 2);
            if (end < 0) return false;
            if (end - i <= 40 && enc.specialId(text.substring(i, end + 2)) != null) return true;
        }
        return false;
    }
}
