/**
 * The simulated gpt-oss endpoint: {@link dev.harmonica.endpoint.sim.SimGenerator} writes what gpt-oss would emit for
 * the expected next action and injects catalogued faults per {@link dev.harmonica.endpoint.sim.SimModel};
 * {@link dev.harmonica.endpoint.sim.SimEngine} plays an OpenAI-compatible server (vLLM behaviour, STRICT parsing of its
 * own output in chat mode); {@link dev.harmonica.endpoint.sim.SimulatedEndpoint} runs it in process behind the same
 * layers as an HTTP endpoint and {@link dev.harmonica.endpoint.sim.SimServer} over HTTP (127.0.0.1 unless told
 * otherwise); both inject scripted transport faults ({@link dev.harmonica.endpoint.sim.TransportScript},
 * {@link dev.harmonica.endpoint.sim.TransportFaults}) and can be reset to their start state. All output is marked as
 * simulated ({@code x-harmonica-simulated: 1}, {@code x-harmonica-fault-plan}). Like vLLM serving gpt-oss,
 * a completion ends at the request's first stop ({@code <|call|>}, {@code <|return|>} unless {@code ignore_eos}), so
 * every answer holds at most one tool call; {@link dev.harmonica.endpoint.sim.SimConfig#honourStops()} turns that off.
 *
 * <p>A request without the {@code harmonica_sim} hint is answered from the loaded scenarios
 * ({@link dev.harmonica.endpoint.sim.ScriptBook}, {@code harmonica sim --scenarios}): its conversation is recognised
 * from its content (chat messages, Responses items or a rendered harmony prompt, read into one
 * {@code Transcript}), placed in a BFCL scenario ({@code TurnScript}) or a SWE trajectory ({@code TrajectoryScript}),
 * and answered with the scripted next step; an unknown conversation gets a 4xx naming why.
 */
package dev.harmonica.endpoint.sim;

