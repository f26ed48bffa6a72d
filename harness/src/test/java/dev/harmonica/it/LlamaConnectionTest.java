package dev.harmonica.it;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.harmonica.endpoint.Endpoint;
import dev.harmonica.endpoint.EndpointConfig;
import dev.harmonica.endpoint.Endpoints;
import dev.harmonica.endpoint.ModelRequest;
import dev.harmonica.endpoint.RawTurn;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * llama-server b11434's connection behaviour, replayed byte for byte on a local socket (no model needed): it answers
 * with {@code Keep-Alive: timeout=5, max=100} and no {@code Connection: close}, yet closes the connection after every
 * streamed response (measured: the next request on it reads end-of-stream), and it reports the model's malformed
 * output inside the 200 stream as an error event without {@code [DONE]}. With one attempt per request, every request
 * must still be judged: a connection that carried a stream is never reused, and the stream's rejection is a judged
 * format error (not a retried {@code truncated_stream}).
 */
class LlamaConnectionTest {
    private static final String ERROR_EVENT = "data: {\"error\":{\"code\":500,\"message\":\"The model produced output that"
            + " does not match the expected peg-native format\",\"type\":\"server_error\"}}\n\n";
    private static final String FIRST_CHUNK = "data: {\"choices\":[{\"finish_reason\":null,\"index\":0,\"delta\":"
            + "{\"role\":\"assistant\",\"content\":null}}],\"object\":\"chat.completion.chunk\"}\n\n";
    private static final String ANSWER = "{\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":"
            + "\"hi\"},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":1}}";

    /** Serves like llama-server: streams end the connection, plain answers keep it. Counts connections. */
    static final class LlamaLikeServer implements AutoCloseable {
        final ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        final List<Integer> requestsPerConnection = new ArrayList<>();
        final Thread thread = new Thread(this::serve, "llama-like");

        LlamaLikeServer() throws IOException {
            thread.setDaemon(true);
            thread.start();
        }

        String baseUrl() {
            return "http://127.0.0.1:" + socket.getLocalPort() + "/v1";
        }

        private void serve() {
            while (!socket.isClosed()) {
                try (Socket c = socket.accept()) {
                    int index;
                    synchronized (this) {
                        requestsPerConnection.add(0);
                        index = requestsPerConnection.size() - 1;
                    }
                    InputStream in = c.getInputStream();
                    OutputStream out = c.getOutputStream();
                    for (String body = readRequest(in); body != null; body = readRequest(in)) {
                        synchronized (this) {
                            requestsPerConnection.set(index, requestsPerConnection.get(index) + 1);
                        }
                        if (body.contains("\"stream\":true")) {
                            out.write(streamWithError());
                            out.flush();
                            break; // llama.cpp closes the connection after a stream
                        }
                        out.write(plain());
                        out.flush();
                    }
                } catch (IOException e) {
                    // the client went away, or the server is closing
                }
            }
        }

        synchronized List<Integer> requestsPerConnection() {
            return List.copyOf(requestsPerConnection);
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    /** The body of the next request on a connection, or null at its end. */
    static String readRequest(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int state = 0;
        for (int b = in.read(); b >= 0; b = in.read()) {
            head.write(b);
            state = (b == '\r' || b == '\n') ? state + 1 : 0;
            if (state == 4) break;
        }
        if (head.size() == 0 || state != 4) return null;
        int length = 0;
        for (String line : head.toString(StandardCharsets.ISO_8859_1).split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) length = Integer.parseInt(line.substring(15).strip());
        }
        return new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }

    static byte[] streamWithError() {
        StringBuilder sb = new StringBuilder("HTTP/1.1 200 OK\r\nServer: llama.cpp\r\nContent-Type: text/event-stream\r\n"
                + "Transfer-Encoding: chunked\r\nKeep-Alive: timeout=5, max=100\r\n\r\n");
        for (String chunk : List.of(FIRST_CHUNK, ERROR_EVENT)) {
            sb.append(Integer.toHexString(chunk.getBytes(StandardCharsets.UTF_8).length)).append("\r\n").append(chunk)
                    .append("\r\n");
        }
        return sb.append("0\r\n\r\n").toString().getBytes(StandardCharsets.UTF_8);
    }

    static byte[] plain() {
        byte[] body = ANSWER.getBytes(StandardCharsets.UTF_8);
        String head = "HTTP/1.1 200 OK\r\nServer: llama.cpp\r\nContent-Type: application/json; charset=utf-8\r\n"
                + "Content-Length: " + body.length + "\r\nKeep-Alive: timeout=5, max=100\r\n\r\n";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(head.getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes(body);
        return out.toByteArray();
    }

    static ModelRequest chat(boolean stream) {
        ArrayNode messages = JsonNodeFactory.instance.arrayNode();
        messages.addObject().put("role", "user").put("content", "hi");
        return new ModelRequest(ModelRequest.Mode.CHAT, "tiny-gpt-oss", null, null, messages, null, null, null, stream,
                new ModelRequest.Sampling(16, 1.0, 1.0, 5L), null);
    }

    @Test
    void everyRequestIsJudgedInOneAttemptAfterStreamsThatEndTheirConnection() throws Exception {
        try (LlamaLikeServer server = new LlamaLikeServer();
             Endpoint ep = Endpoints.create(EndpointConfig.http(server.baseUrl(), "tiny-gpt-oss")
                     .withServer(EndpointConfig.ServerKind.GENERIC)
                     .withRetries(1, Duration.ofMillis(1), Duration.ofMillis(1)))) {
            List<RawTurn> turns = new ArrayList<>();
            for (boolean stream : new boolean[] {false, true, true, false, false, true, false}) {
                turns.add(ep.complete(chat(stream)));
            }
            assertThat(turns).allSatisfy(t -> assertThat(t.attempts()).isEqualTo(1));
            assertThat(turns.get(1).serverError()).contains("does not match the expected peg-native format");
            assertThat(turns.get(0).serverError()).isNull();
            assertThat(turns.get(0).chatMessage().path("content").asText()).isEqualTo("hi");
            assertThat(server.requestsPerConnection().stream().mapToInt(Integer::intValue).sum()).isEqualTo(7);
        }
    }
}
