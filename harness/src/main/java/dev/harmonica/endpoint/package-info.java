/**
 * Model endpoints: HTTP clients for OpenAI-compatible servers and the simulated gpt-oss endpoint.
 *
 * <p>Entry point: {@link dev.harmonica.endpoint.Endpoints#create(EndpointConfig)} with an
 * {@link dev.harmonica.endpoint.EndpointConfig} ({@code EndpointConfig.http(url, model)} for a server,
 * {@code endpoint.sim.SimulatedEndpoint} for the in-process simulator). Each
 * {@link dev.harmonica.endpoint.ModelRequest} is either COMPLETIONS (Harmonica's rendered harmony prompt sent to
 * {@code /v1/completions} with the vLLM options that keep special tokens, text and token ids back) or CHAT
 * ({@code /v1/chat/completions} with tools, optionally streamed). A {@link dev.harmonica.endpoint.RawTurn} carries
 * a server-side format error (harmony parse error in a 400/500 body, in a 200 body, or as a mid-stream SSE error
 * event) as {@code serverError}: a result, never retried. Transport failures are retried per
 * {@link dev.harmonica.endpoint.EndpointConfig} and end in an {@link dev.harmonica.endpoint.EndpointException}.
 * Reference: endpoints.md §1, §2, §4, §6.
 *
 * <p>The simulator lives in {@code dev.harmonica.endpoint.sim}; its fault model is documented on
 * {@code SimModel}.
 */
package dev.harmonica.endpoint;

