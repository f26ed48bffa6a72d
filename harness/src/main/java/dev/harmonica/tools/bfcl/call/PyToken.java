package dev.harmonica.tools.bfcl.call;

/**
 * One token of CPython 3.11's tokenizer, as its PEG parser sees it.
 *
 * @param type  the token type ({@link Type#OP} for operators and brackets, {@link Type#KEYWORD} for reserved names)
 * @param text  the token's text (for STRING the whole literal with prefix and quotes)
 * @param line  1-based line of the token's start (0 for the end marker of an empty input)
 * @param endLine 1-based line of the token's end
 * @param level bracket nesting depth after the token (CPython's {@code token->level})
 */
public record PyToken(Type type, String text, int line, int endLine, int level) {
    /** Token types the parser distinguishes. */
    public enum Type {
        NAME, NUMBER, STRING, OP, KEYWORD, NEWLINE, INDENT, DEDENT, ENDMARKER
    }

    /** Whether this is the operator or keyword {@code s}. */
    public boolean is(String s) {
        return (type == Type.OP || type == Type.KEYWORD) && text.equals(s);
    }
}
