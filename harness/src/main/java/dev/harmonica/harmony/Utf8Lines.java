package dev.harmonica.harmony;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * The lines of a JSON Lines input, for the engines that answer every input line with one output line
 * ({@code render --batch}, {@code parse --batch}, {@code parse --stream}).
 *
 * <p>Read from bytes, each line is decoded on its own and strictly: a line holding bytes that are not UTF-8 (a stray
 * byte, a truncated or overlong sequence, an encoded surrogate) comes back as a {@link Line} with an {@code error}
 * naming the byte offset, instead of ending the whole input with an exception (a {@code Reader} that reports) or
 * being silently changed to U+FFFD (one that replaces). The engine answers it like any other malformed line and
 * goes on. Lines end as {@link BufferedReader#readLine()} ends them: {@code \n}, {@code \r} or {@code \r\n}.
 *
 * <p>Read from a {@link BufferedReader} (text already decoded, as in tests), every line is valid.
 */
public final class Utf8Lines {
    /**
     * One input line.
     *
     * @param number 1-based line number
     * @param text   the decoded line (without its terminator); null when the line is not UTF-8
     * @param error  null, or why the line is not UTF-8 ({@code not valid UTF-8 at byte offset 3 (0xFF)})
     */
    public record Line(long number, String text, String error) {
        public boolean isValid() {
            return error == null;
        }

        /** Blank lines carry no request and get no answer. */
        public boolean isBlank() {
            return error == null && text.isBlank();
        }
    }

    private final InputStream in;
    private final BufferedReader reader;
    private final byte[] buffer = new byte[1 << 16];
    private int pos;
    private int limit;
    private byte[] line = new byte[256];
    private long number;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    private CharBuffer chars = CharBuffer.allocate(256);

    private Utf8Lines(InputStream in, BufferedReader reader) {
        this.in = in;
        this.reader = reader;
    }

    /** Lines of a UTF-8 byte stream, each checked. */
    public static Utf8Lines of(InputStream in) {
        return new Utf8Lines(in, null);
    }

    /** Lines of text that is already decoded. */
    public static Utf8Lines of(BufferedReader reader) {
        return new Utf8Lines(null, reader);
    }

    /** The next line, or null at the end of the input. */
    public Line next() throws IOException {
        if (reader != null) {
            String text = reader.readLine();
            return text == null ? null : new Line(++number, text, null);
        }
        int length = readLineBytes();
        if (length < 0) return null;
        return decode(++number, length);
    }

    /** Whether a line can be read without blocking (engines flush their output when it cannot). */
    public boolean ready() throws IOException {
        return reader != null ? reader.ready() : pos < limit || in.available() > 0;
    }

    /** Copies the next line's bytes into {@code line}; returns its length, or -1 at the end of the input. */
    private int readLineBytes() throws IOException {
        int length = 0;
        boolean any = false;
        while (true) {
            if (pos == limit && !fill()) return any ? length : -1;
            any = true;
            byte b = buffer[pos++];
            if (b == '\n') return length;
            if (b == '\r') {
                if (pos < limit || fill()) {
                    if (buffer[pos] == '\n') pos++;
                }
                return length;
            }
            if (length == line.length) line = Arrays.copyOf(line, length * 2);
            line[length++] = b;
        }
    }

    private boolean fill() throws IOException {
        int n = in.read(buffer, 0, buffer.length);
        if (n <= 0) return false;
        pos = 0;
        limit = n;
        return true;
    }

    private Line decode(long lineNumber, int length) {
        ByteBuffer bytes = ByteBuffer.wrap(line, 0, length);
        if (chars.capacity() < length) chars = CharBuffer.allocate(Math.max(length, chars.capacity() * 2));
        chars.clear();
        decoder.reset();
        CoderResult result = decoder.decode(bytes, chars, true);
        if (!result.isError()) result = decoder.flush(chars);
        if (result.isError()) {
            int at = bytes.position();
            return new Line(lineNumber, null, String.format(Locale.ROOT, "not valid UTF-8 at byte offset %d (0x%02X)",
                    at, line[at] & 0xFF));
        }
        chars.flip();
        return new Line(lineNumber, chars.toString(), null);
    }
}
