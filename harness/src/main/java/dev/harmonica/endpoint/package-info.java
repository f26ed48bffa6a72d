/**
 * Model endpoints: one {@link dev.harmonica.endpoint.Endpoint} interface, built from policies as layers.
 *
 * <p>Entry points: {@link dev.harmonica.endpoint.Endpoints#create(EndpointConfig)} for an OpenAI-compatible server
 * ({@code EndpointConfig.http(url, model)}), {@code endpoint.sim.SimulatedEndpoint} for the in-process simulator.
 * Both are {@link dev.harmonica.endpoint.Endpoints#layered assembled in one place}, outermost first: concurrency limit
 * → response cache → retry → (rate limit, transport faults) → transport (HTTP or the simulator). Each layer is an
 * {@link dev.harmonica.endpoint.EndpointLayer} (okhttp's interceptor chain); the transport sends one attempt
 * and {@link dev.harmonica.endpoint.ResponseInterpreter} (pure) decides what its answer means.
 *
 * <p>Each {@link dev.harmonica.endpoint.ModelRequest} is either COMPLETIONS (Harmonica's rendered harmony prompt sent to
 * {@code /v1/completions} with the vLLM options that keep special tokens, text and token ids back) or CHAT
 * ({@code /v1/chat/completions} with tools, optionally streamed), and may carry an absolute deadline. A
 * {@link dev.harmonica.endpoint.RawTurn} carries a server-side FORMAT error (a harmony parse error in a 400/500 body,
 * in a 200 body, or as a mid-stream SSE error event) as {@code serverError}: a result, never retried. Everything
 * else that keeps the model's output from arriving ends, after the retry policy, in an
 * {@link dev.harmonica.endpoint.EndpointException} with a {@link dev.harmonica.endpoint.EndpointException.Cause} and
 * the history of its attempts: the turn is then not judged (docs/journal.md). Reference: the OpenAI Chat Completions API reference; vLLM's OpenAI-compatible server docs (extra parameters); docs/endpoint.md; docs/endpoint.md, Client policy.
 *
 * <p>The simulator lives in {@code dev.harmonica.endpoint.sim}; this package never imports it.
 */
package dev.harmonica.endpoint;
