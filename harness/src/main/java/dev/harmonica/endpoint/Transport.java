package dev.harmonica.endpoint;

/**
 * The end of the chain: sends ONE attempt and brings back the answer, judged ({@link Exchange#of}). A failure before
 * any answer arrived (connection refused, timeout, connection cut) is an {@link EndpointException} describing that
 * one attempt; the retry layer above decides whether to try again. Implementations: HTTP (okhttp) and the in-process
 * simulator ({@code endpoint.sim}).
 */
public interface Transport extends AutoCloseable {
    Exchange send(ModelRequest request) throws EndpointException;

    /** What it talks to, without secrets; see {@link Endpoint#describe()}. */
    String describe();

    /** Whether this is the in-process simulator. */
    default boolean inProcessSimulator() {
        return false;
    }

    @Override
    default void close() {
    }
}
