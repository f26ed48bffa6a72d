package dev.harmonica.endpoint;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Several servers of the same model behind one endpoint ({@code --endpoint URL --endpoint URL2 …}): each attempt goes
 * to the healthy replica with the fewest requests in flight (ties: in turn, round robin); a replica that refused or timed out a
 * connection is left out for {@link #COOLDOWN} (all down: the one that went down first is tried). The retry layer above
 * retries a failed attempt, so it lands on another replica. The exchange names the replica that answered, and the
 * journal records it. Thread-safe.
 */
public final class ReplicaTransport implements Transport {
    /** How long a replica that refused a connection is left out. */
    static final Duration COOLDOWN = Duration.ofSeconds(30);

    private final List<Replica> replicas;
    private final EndpointEnvironment environment;
    private int turn;

    private static final class Replica {
        final Transport transport;
        int inFlight;
        Instant downUntil = Instant.MIN;

        Replica(Transport transport) {
            this.transport = transport;
        }
    }

    public ReplicaTransport(List<Transport> transports, EndpointEnvironment environment) {
        if (transports.isEmpty()) throw new IllegalArgumentException("no replicas");
        this.replicas = new ArrayList<>();
        for (Transport t : transports) replicas.add(new Replica(t));
        this.environment = environment;
    }

    @Override
    public Exchange send(ModelRequest request) throws EndpointException {
        Replica r = take();
        try {
            return r.transport.send(request).via(r.transport.describe());
        } catch (EndpointException e) {
            if (e.cause() == EndpointException.Cause.CONNECTION_REFUSED
                    || e.cause() == EndpointException.Cause.CONNECT_TIMEOUT) {
                synchronized (this) {
                    r.downUntil = environment.clock().instant().plus(COOLDOWN);
                }
            }
            throw e;
        } finally {
            synchronized (this) {
                r.inFlight--;
            }
        }
    }

    private synchronized Replica take() {
        Instant now = environment.clock().instant();
        Replica best = null;
        int n = replicas.size();
        for (int i = 0; i < n; i++) {
            Replica r = replicas.get((turn + i) % n);
            if (r.downUntil.isAfter(now)) continue;
            if (best == null || r.inFlight < best.inFlight) best = r;
        }
        turn = (turn + 1) % n;
        if (best == null) {
            for (Replica r : replicas) if (best == null || r.downUntil.isBefore(best.downUntil)) best = r;
        }
        best.inFlight++;
        return best;
    }

    @Override
    public String describe() {
        return replicas.stream().map(r -> r.transport.describe()).collect(Collectors.joining(" + "));
    }

    @Override
    public void close() {
        for (Replica r : replicas) r.transport.close();
    }
}
