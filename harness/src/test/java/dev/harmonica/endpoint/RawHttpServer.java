package dev.harmonica.endpoint;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A tiny HTTP/1.1 server on a raw {@link ServerSocket} (127.0.0.1, a free port), for tests that need real keep-alive
 * connections and exact control over when a connection is cut: every connection is served by its own thread, request
 * after request, until the handler says to close or drop it. Test-only.
 */
final class RawHttpServer implements AutoCloseable {
    /** One request as it arrived: which connection (0-based, in accept order), its index on that connection. */
    record Request(int connection, int indexOnConnection, String method, String path, Map<String, String> headers,
                   String body) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    /**
     * What to do with a request: send {@code bytes} (a whole HTTP response, or part of one), then close the connection,
     * or hold it open without a word until the client goes away, or serve the next request on it.
     */
    record Action(byte[] bytes, boolean closeAfter, boolean hold) {
        /** Close the connection without answering. */
        static Action drop() {
            return new Action(new byte[0], true, false);
        }

        static Action respond(int status, String contentType, String body, String... extraHeaders) {
            return new Action(response(status, contentType, body, extraHeaders), false, false);
        }

        /** Send {@code partial} (possibly nothing), then say nothing more and keep the connection open. */
        static Action stall(String partial) {
            return new Action(partial.getBytes(StandardCharsets.UTF_8), false, true);
        }

        /** Headers and {@code body} declared as {@code declaredLength} bytes, then the connection is cut. */
        static Action cutAfter(int status, String contentType, String body, int declaredLength) {
            String head = "HTTP/1.1 " + status + " X\r\nContent-Type: " + contentType + "\r\nContent-Length: "
                    + declaredLength + "\r\n\r\n";
            return new Action((head + body).getBytes(StandardCharsets.UTF_8), true, false);
        }

        /** A chunked {@code text/event-stream} body with {@code body} as one chunk; the stream ends cleanly. */
        static Action sse(String body) {
            byte[] b = body.getBytes(StandardCharsets.UTF_8);
            String head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + Integer.toHexString(b.length) + "\r\n";
            return new Action((head + body + "\r\n0\r\n\r\n").getBytes(StandardCharsets.UTF_8), false, false);
        }

        /** The headers and first chunk of a {@code text/event-stream} body; the stream goes on (use with {@link #stall}). */
        static String sseHead(String firstChunk) {
            byte[] b = firstChunk.getBytes(StandardCharsets.UTF_8);
            return "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + Integer.toHexString(b.length) + "\r\n" + firstChunk + "\r\n";
        }
    }

    @FunctionalInterface
    interface Handler {
        Action handle(Request r);
    }

    static byte[] response(int status, String contentType, String body, String... extraHeaders) {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        StringBuilder h = new StringBuilder("HTTP/1.1 ").append(status).append(" X\r\n");
        h.append("Content-Type: ").append(contentType).append("\r\n");
        h.append("Content-Length: ").append(b.length).append("\r\n");
        for (String x : extraHeaders) h.append(x).append("\r\n");
        h.append("\r\n");
        byte[] head = h.toString().getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[head.length + b.length];
        System.arraycopy(head, 0, out, 0, head.length);
        System.arraycopy(b, 0, out, head.length, b.length);
        return out;
    }

    private final ServerSocket socket;
    private final Handler handler;
    private final AtomicInteger connections = new AtomicInteger();
    private final List<Request> requests = Collections.synchronizedList(new ArrayList<>());
    private final List<Socket> open = Collections.synchronizedList(new ArrayList<>());
    private final Thread acceptor;

    RawHttpServer(Handler handler) throws IOException {
        this.socket = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        this.handler = handler;
        this.acceptor = new Thread(this::acceptLoop, "raw-http-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + socket.getLocalPort();
    }

    int connections() {
        return connections.get();
    }

    List<Request> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    private void acceptLoop() {
        while (!socket.isClosed()) {
            try {
                Socket s = socket.accept();
                int id = connections.getAndIncrement();
                open.add(s);
                Thread t = new Thread(() -> serve(s, id), "raw-http-conn-" + id);
                t.setDaemon(true);
                t.start();
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(Socket s, int id) {
        try (s; InputStream in = new BufferedInputStream(s.getInputStream()); OutputStream out = s.getOutputStream()) {
            for (int n = 0; ; n++) {
                Request r = read(in, id, n);
                if (r == null) return;
                requests.add(r);
                Action a = handler.handle(r);
                out.write(a.bytes());
                out.flush();
                if (a.hold()) {
                    while (in.read() != -1) {
                        // silent until the client gives up and closes
                    }
                    return;
                }
                if (a.closeAfter()) return;
            }
        } catch (IOException ignored) {
            // the client went away
        }
    }

    private static Request read(InputStream in, int conn, int n) throws IOException {
        String requestLine = line(in);
        if (requestLine == null || requestLine.isEmpty()) return null;
        Map<String, String> headers = new LinkedHashMap<>();
        for (String l = line(in); l != null && !l.isEmpty(); l = line(in)) {
            int colon = l.indexOf(':');
            headers.put(l.substring(0, colon).strip().toLowerCase(Locale.ROOT), l.substring(colon + 1).strip());
        }
        int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
        byte[] body = in.readNBytes(length);
        String[] parts = requestLine.split(" ");
        return new Request(conn, n, parts[0], parts[1], headers, new String(body, StandardCharsets.UTF_8));
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != -1) {
            if (c == '\n') break;
            if (c != '\r') b.write(c);
        }
        if (c == -1 && b.size() == 0) return null;
        return b.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException {
        socket.close();
        synchronized (open) {
            for (Socket s : open) s.close();
        }
        try {
            acceptor.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
