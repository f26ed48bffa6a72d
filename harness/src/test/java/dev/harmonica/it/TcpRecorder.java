package dev.harmonica.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * A transparent TCP relay between Harmonica and a real server that records every byte in both directions, connection
 * by connection. Being below HTTP it changes nothing Harmonica could notice: when the server closes a connection the
 * relay closes Harmonica's side too, so keep-alive behaviour (llama.cpp closing a connection after a stream error) is
 * seen exactly as without it. {@link #exchanges()} reads the recorded bytes back as HTTP/1.1 request/response pairs.
 * Test-only; threads are daemons and {@link #close()} ends them all.
 */
final class TcpRecorder implements AutoCloseable {
    /** The bytes of one client connection: what the client sent, what the server answered. */
    static final class Connection {
        private final ByteArrayOutputStream sent = new ByteArrayOutputStream();
        private final ByteArrayOutputStream received = new ByteArrayOutputStream();

        synchronized byte[] sent() {
            return sent.toByteArray();
        }

        synchronized byte[] received() {
            return received.toByteArray();
        }

        synchronized void append(boolean fromClient, byte[] b, int n) {
            (fromClient ? sent : received).write(b, 0, n);
        }
    }

    private final InetSocketAddress upstream;
    private final ServerSocket listener;
    private final List<Connection> connections = new ArrayList<>();
    private final List<Socket> sockets = new ArrayList<>();
    private final Thread acceptor;

    TcpRecorder(URI server) throws IOException {
        this.upstream = new InetSocketAddress(server.getHost(), server.getPort());
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.acceptor = new Thread(this::acceptLoop, "tcp-recorder-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** The relay's address, to be used instead of the server's ({@code http://127.0.0.1:PORT}). */
    URI base() {
        return URI.create("http://127.0.0.1:" + listener.getLocalPort());
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket(upstream.getAddress(), upstream.getPort());
                Connection c = new Connection();
                synchronized (this) {
                    connections.add(c);
                    sockets.add(client);
                    sockets.add(server);
                }
                pump(client, server, c, true);
                pump(server, client, c, false);
            } catch (IOException e) {
                if (!listener.isClosed()) System.err.println("tcp-recorder: " + e);
            }
        }
    }

    /** Copies {@code from} to {@code to}, recording; at the end of {@code from} both sockets are closed. */
    private static void pump(Socket from, Socket to, Connection c, boolean fromClient) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[65536];
            try (InputStream in = from.getInputStream()) {
                OutputStream out = to.getOutputStream();
                for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
                    c.append(fromClient, buf, n);
                    out.write(buf, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // the other side went away: close both below
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "tcp-recorder-" + (fromClient ? "up" : "down"));
        t.setDaemon(true);
        t.start();
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // closing
        }
    }

    /** The connections so far, in accept order. */
    synchronized List<Connection> connections() {
        return List.copyOf(connections);
    }

    /** Every HTTP exchange recorded so far, connection by connection, in order. */
    List<HttpExchange> exchanges() {
        List<HttpExchange> out = new ArrayList<>();
        List<Connection> cs = connections();
        for (int i = 0; i < cs.size(); i++) out.addAll(HttpExchange.parse(i, cs.get(i).sent(), cs.get(i).received()));
        return out;
    }

    @Override
    public void close() throws IOException {
        listener.close();
        synchronized (this) {
            for (Socket s : sockets) closeQuietly(s);
        }
    }
}
