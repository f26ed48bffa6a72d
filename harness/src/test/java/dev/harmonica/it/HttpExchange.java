package dev.harmonica.it;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One HTTP/1.1 request and its response as recorded on the wire by {@link TcpRecorder}.
 *
 * @param connection   0-based connection index (accept order)
 * @param path         request path, e.g. {@code /v1/chat/completions}
 * @param requestBody  the request body (UTF-8)
 * @param status       response status, or -1 when the connection ended before a response
 * @param contentType  the response's {@code Content-Type} (lower case), or "" when absent
 * @param responseBody the response body with any chunked framing removed (UTF-8), or "" without a response
 * @param closedAfter  the connection carried nothing after this exchange
 */
record HttpExchange(int connection, String path, String requestBody, int status, String contentType,
                    String responseBody, boolean closedAfter) {

    boolean isStream() {
        return contentType.startsWith("text/event-stream");
    }

    /** The exchanges of one connection: requests in order, each paired with the response in the same position. */
    static List<HttpExchange> parse(int connection, byte[] sent, byte[] received) {
        List<Message> requests = messages(sent, false);
        List<Message> responses = messages(received, true);
        List<HttpExchange> out = new ArrayList<>();
        for (int i = 0; i < requests.size(); i++) {
            Message q = requests.get(i);
            String path = q.startLine().split(" ")[1];
            Message a = i < responses.size() ? responses.get(i) : null;
            int status = a == null ? -1 : Integer.parseInt(a.startLine().split(" ")[1]);
            out.add(new HttpExchange(connection, path, q.body(), status,
                    a == null ? "" : a.headers().getOrDefault("content-type", "").toLowerCase(Locale.ROOT),
                    a == null ? "" : a.body(), i == requests.size() - 1));
        }
        return out;
    }

    private record Message(String startLine, Map<String, String> headers, String body) {
    }

    /** HTTP/1.1 messages laid end to end (bodies by Content-Length, chunked, or, for responses, to the end). */
    private static List<Message> messages(byte[] b, boolean responses) {
        List<Message> out = new ArrayList<>();
        int pos = 0;
        while (pos < b.length) {
            int headEnd = indexOf(b, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII), pos);
            if (headEnd < 0) break;
            String[] lines = new String(b, pos, headEnd - pos, StandardCharsets.ISO_8859_1).split("\r\n");
            Map<String, String> headers = new LinkedHashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                if (colon > 0) headers.put(lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT),
                        lines[i].substring(colon + 1).strip());
            }
            pos = headEnd + 4;
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
                pos = dechunk(b, pos, body);
            } else if (headers.containsKey("content-length")) {
                int n = Math.min(Integer.parseInt(headers.get("content-length")), b.length - pos);
                body.write(b, pos, n);
                pos += n;
            } else if (responses) {
                body.write(b, pos, b.length - pos);
                pos = b.length;
            }
            out.add(new Message(lines[0], headers, body.toString(StandardCharsets.UTF_8)));
        }
        return out;
    }

    /** Copies a chunked body into {@code body}; returns the position after it (or the end of what arrived). */
    private static int dechunk(byte[] b, int pos, ByteArrayOutputStream body) {
        byte[] crlf = "\r\n".getBytes(StandardCharsets.US_ASCII);
        while (pos < b.length) {
            int lineEnd = indexOf(b, crlf, pos);
            if (lineEnd < 0) return b.length;
            String sizeText = new String(b, pos, lineEnd - pos, StandardCharsets.US_ASCII).split(";")[0].strip();
            int size = Integer.parseInt(sizeText, 16);
            pos = lineEnd + 2;
            if (size == 0) {
                int trailerEnd = indexOf(b, crlf, pos); // no trailers: the empty line
                return trailerEnd < 0 ? b.length : trailerEnd + 2;
            }
            int n = Math.min(size, b.length - pos);
            body.write(b, pos, n);
            pos += n + 2;
        }
        return Math.min(pos, b.length);
    }

    private static int indexOf(byte[] b, byte[] needle, int from) {
        outer:
        for (int i = from; i <= b.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) if (b[i + j] != needle[j]) continue outer;
            return i;
        }
        return -1;
    }
}
