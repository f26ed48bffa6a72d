package dev.harmonica.cli;

import dev.harmonica.endpoint.sim.HistoryStyle;
import dev.harmonica.endpoint.sim.ScriptBook;
import dev.harmonica.endpoint.sim.SimConfig;
import dev.harmonica.endpoint.sim.SimModel;
import dev.harmonica.endpoint.sim.SimServer;
import dev.harmonica.endpoint.sim.TransportScript;
import dev.harmonica.run.ScenarioSets;
import dev.harmonica.scenario.BadInputException;
import dev.harmonica.scenario.Scenario;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.BindException;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** {@code harmonica sim}: Serve the simulated gpt-oss endpoint over HTTP. */
@Command(name = "sim", mixinStandardHelpOptions = true,
        description = {
                "Serve the simulated gpt-oss endpoint over HTTP, on 127.0.0.1 unless --host says otherwise"
                        + " (OpenAI-compatible: GET /v1/models, POST /v1/completions, POST /v1/chat/completions incl."
                        + " streaming, POST /v1/responses with function tools incl. streaming; POST /harmonica/reset"
                        + " returns the simulator to its start state).",
                "",
                "The simulator answers with the expected next action the client passes in the request field"
                        + " \"harmonica_sim\": {\"scenario_id\", \"depth\", \"expected\": [harmony messages]}, written as"
                        + " gpt-oss emits it (analysis, optional preamble, tool calls channel-first with <|constrain|>json,"
                        + " final). Without a hint it answers a short final message, unless --scenarios loads scenario"
                        + " sets: then any OpenAI client can drive it (see below). All output is SIMULATED: every"
                        + " response, on every route and for every error, carries the headers x-harmonica-simulated: 1"
                        + " and x-harmonica-fault-plan: <id> (a stable id of the fault configuration and seed);"
                        + " generation responses also carry x-harmonica-sim-faults and the body field"
                        + " harmonica_sim.injected_faults.",
                "",
                "Scenarios (--scenarios, repeatable): a request without a hint is recognised by its content alone:"
                        + " its first user message (whitespace aside) names the candidate scenarios, its history says where"
                        + " it stands. BFCL (as bfcl-eval's FC handlers send it: no system prompt, the turn's user"
                        + " messages, on a miss_func holdout turn \"I have updated some more functions you can choose from."
                        + " What about now?\", the tool results; the tools offered must be the turn's): the answer is the"
                        + " next ground-truth call of the user turn not yet made (history calls match by name and"
                        + " arguments as JSON values; with --ignore-stop every call left, in one answer), or \"The request"
                        + " is complete.\" once all are made. SWE: the"
                        + " recorded reply of the step the history has reached. Faults apply as configured, seeded by"
                        + " (seed, scenario, position). An unknown conversation is answered 404 (no scenario starts with"
                        + " that user message) or 422 (no user message; or the history diverges: the message index, what"
                        + " was expected and what came), code conversation_not_found / conversation_diverged /"
                        + " no_user_message. Recognised answers carry x-harmonica-sim-scenario (and"
                        + " x-harmonica-sim-ambiguous when another scenario fits as well but scripts another answer; the"
                        + " first loaded answers) and harmonica_sim.recognised in the body. At start the simulator walks"
                        + " every scenario's scripted conversation and prints how many cannot be told apart by content"
                        + " (BFCL long_context repeats base's questions): serve one category per simulator to avoid them.",
                "",
                "Fault model (a stated hypothesis, not a measurement): at model-turn depth d, each catalogued fault f"
                        + " (docs/endpoint.md F1-F23) that can apply fires with probability"
                        + " min(1, base_f x (1 + slope x d) x m x scale), where for the history-sensitive drift faults"
                        + " (F1 F2 F3 F4 F5 F7 F10 F13 F14 F22) m = recipient-first multiplier (history rendered"
                        + " '<|start|>assistant to=functions.x<|channel|>commentary', harmony v0.0.8) x bare-json multiplier"
                        + " (history content type 'json' without <|constrain|>), and m = 1 otherwise. Defaults: slope 0.08,"
                        + " recipient-first 3.0, bare-json 1.5. Completions requests: the style is detected from the"
                        + " prompt; chat requests: the server renders, so --chat-history is assumed. Draws are seeded by"
                        + " (seed, scenario id, depth, fault): identical requests get identical faults. At most one"
                        + " structural fault per turn; F20/F21/F23 (arguments) and F12 (truncation) may add to it.",
                "",
                "Stops, as on vLLM: a completion ends at the first stop of the request: its stop_token_ids merged with"
                        + " gpt-oss's generation-config stops <|return|> <|call|> <|endoftext|> (these are dropped when"
                        + " the request sets ignore_eos), and its stop strings; the stop token stays in token_ids and,"
                        + " with include_stop_str_in_output, in the text. So a completion holds at most one tool call"
                        + " (gpt-oss emits one call per message and the server stops at <|call|>): the client runs it"
                        + " and asks again with the remaining calls in the next hint. Chat requests stop the same way,"
                        + " so a chat response carries at most one tool call. Faults that need text after a stop token"
                        + " can only occur when the request does not stop there: F11 (text after <|return|>) fires"
                        + " whenever a request sets ignore_eos and names no <|return|> stop itself; --ignore-stop"
                        + " writes every expected message into one completion (several calls, F11 at its rate).",
                "",
                "usage.prompt_tokens: the prompt's token count for completions; for chat an ESTIMATE (characters of the"
                        + " JSON messages and tools / 4), as the simulator does not render chat history to harmony.",
                ""},
        footer = {"",
                "Examples:",
                "  harmonica sim --port 8000",
                "  harmonica sim --port 8000 --faults off --latency-ms 200",
                "  harmonica sim --port 8000 --faults off --scenarios bfcl:datasets/bfcl     # any OpenAI client",
                "  harmonica sim --scenarios bfcl:../shared/data/bfcl/v4:base --scenarios swe:datasets/swe",
                "  harmonica sim --faults default,F1=0.2,slope=0.1 --server vllm-strict --error-status 500",
                "  harmonica sim --transport 503x2,429x1:retry-after=2",
                "  harmonica sim --host 0.0.0.0 --port 8000 --timeout 120",
                "  curl -X POST http://127.0.0.1:8000/harmonica/reset    # start the transport script again",
                "",
                "A request may also carry its own transport faults in harmonica_sim.transport (same syntax);",
                "they apply to the successive attempts of that identical request."})
public final class SimCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--port", defaultValue = "8000", description = "TCP port; 0 picks a free port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--host", defaultValue = "127.0.0.1", paramLabel = "ADDRESS",
            description = "Address to bind. The default serves this machine only; 0.0.0.0 serves every network"
                    + " interface, so anyone who can reach it can use and reset the simulator (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--timeout", defaultValue = "600", paramLabel = "SECONDS",
            description = "Longest time one request is handled: simulated latency and stalls are cut at it (a"
                    + " generation whose latency exceeds it is answered 503) and a connection still being handled"
                    + " then, e.g. a client that never finishes its request, is closed (default: ${DEFAULT-VALUE}).")
    double timeoutSeconds;

    @Option(names = "--faults", defaultValue = "default", paramLabel = "SPEC",
            description = "Fault rates: off | default | comma list of default, F<n>=<rate>, slope=<x>, recipient-first=<x>,"
                    + " bare-json=<x>, scale=<x>, applied left to right from no faults (default: ${DEFAULT-VALUE}).")
    String faults;

    @Option(names = "--server", defaultValue = "vllm-strict", paramLabel = "MODE",
            description = "Chat behaviour on output the strict parser rejects: vllm-strict (harmony error as HTTP"
                    + " error, or an SSE error event when streaming), vllm-lenient (raw text as content),"
                    + " lenient (Harmonica's lenient parse), sglang (flat 500; unmatchable calls dropped silently),"
                    + " llamacpp (500 peg-native format error; reasoning_content) (default: ${DEFAULT-VALUE}).")
    String server;

    @Option(names = "--error-status", defaultValue = "400", description = "HTTP status of a harmony error in vllm-strict mode: 400 or 500 (default: ${DEFAULT-VALUE}).")
    int errorStatus;

    @Option(names = "--error-shape", defaultValue = "nested", description = "Error body: nested {\"error\":{…}} or flat {\"object\":\"error\",…} (default: ${DEFAULT-VALUE}).")
    String errorShape;

    @Option(names = "--chat-history", defaultValue = "vllm", paramLabel = "STYLE",
            description = "Assumed style of the server-rendered chat history: vllm (= recipient-first+bare-json),"
                    + " recipient-first, channel-first, optionally +bare-json (default: ${DEFAULT-VALUE}).")
    String chatHistory;

    @Option(names = "--latency-ms", defaultValue = "0", description = "Simulated time per generation request, ms; 0 = instant (default: ${DEFAULT-VALUE}).")
    long latencyMs;

    @Option(names = "--seed", defaultValue = "0", description = "Seed of fault draws for requests without a seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--transport", paramLabel = "SPEC",
            description = "Transport faults for the first requests, in order, e.g. 503x2,429x1:retry-after=3,reset,"
                    + "stall:ms=5000,error200,garbage,500 (kinds 408 429 500 502 503 504 reset stall error200 garbage).")
    String transport;

    @Option(names = "--ignore-stop", description = "Ignore all stops (request and generation config): write every expected"
            + " message into one completion, e.g. parallel calls in one turn or text after a stop token; not what a real"
            + " server does.")
    boolean ignoreStop;

    @Option(names = "--threads", defaultValue = "256", description = "Worker threads (requests answered at once) (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--scenarios", paramLabel = "SET",
            description = "Scenario set to recognise requests without a hint by (repeatable): bfcl:DIR[:category] or"
                    + " swe:FILE_OR_DIR; relative paths resolve against the current directory.")
    List<String> scenarios = new ArrayList<>();

    @Option(names = "--serve-seconds", defaultValue = "0", hidden = true, description = "Stop after this many seconds (0: until interrupted).")
    long serveSeconds;

    @Override
    public Integer call() throws IOException, InterruptedException {
        SimConfig config = config();
        if (threads < 1) throw new BadInputException("--threads: must be >= 1, got " + threads);
        if (port < 0 || port > 65535) throw new BadInputException("--port: must be 0..65535, got " + port);
        if (!(timeoutSeconds > 0) || timeoutSeconds > 86_400) {
            throw new BadInputException("--timeout: must be more than 0 and at most 86400 seconds, got " + timeoutSeconds);
        }
        SimServer.Options options = SimServer.Options.loopback(port, threads).withHost(host)
                .withRequestTimeout(Duration.ofMillis(Math.round(timeoutSeconds * 1000)));
        PrintWriter out = spec.commandLine().getOut();
        ScriptBook book = scripts(out);
        try (SimServer s = SimServer.start(config, options, book)) {
            out.println("harmonica sim: serving SIMULATED gpt-oss on " + s.baseUrl() + " (faults: " + faults
                    + ", server: " + server + ", latency: " + latencyMs + " ms" + (ignoreStop ? ", stops ignored" : "")
                    + (transport == null ? "" : ", transport: " + transport) + ", fault plan " + config.faultPlanId()
                    + ", timeout " + options.requestTimeout().toMillis() + " ms); Ctrl-C to stop");
            out.flush();
            CountDownLatch stop = new CountDownLatch(1);
            Thread hook = new Thread(stop::countDown, "harmonica-sim-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            try {
                if (serveSeconds > 0) stop.await(serveSeconds, TimeUnit.SECONDS);
                else stop.await();
            } finally {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // the JVM is exiting anyway
                }
            }
            out.println("harmonica sim: served " + s.requestCount() + " requests");
        } catch (BindException e) {
            throw new BadInputException("--host " + host + " --port " + port + ": cannot bind (" + e.getMessage() + ")");
        } catch (UnknownHostException e) {
            throw new BadInputException("--host " + host + ": not an address of this machine (" + e.getMessage() + ")");
        }
        return Main.OK;
    }

    /** Loads the --scenarios sets and reports how many scenarios cannot be told apart by what clients send. */
    private ScriptBook scripts(PrintWriter out) {
        if (scenarios.isEmpty()) return ScriptBook.EMPTY;
        Path base = Path.of("").toAbsolutePath();
        List<Scenario> loaded = new ArrayList<>();
        for (String set : scenarios) loaded.addAll(ScenarioSets.load(set, base));
        long t0 = System.nanoTime();
        ScriptBook book = ScriptBook.of(loaded);
        List<ScriptBook.Ambiguity> ambiguous = book.ambiguities(!ignoreStop);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        out.println("harmonica sim: " + book.size() + " scenarios from " + String.join(", ", scenarios)
                + " recognisable by content (index and ambiguity check: " + ms + " ms)");
        if (!book.unrecognisable().isEmpty()) {
            out.println("harmonica sim: " + book.unrecognisable().size() + " scenarios have no user message and can never"
                    + " be recognised: " + String.join(", ", book.unrecognisable()));
        }
        if (!ambiguous.isEmpty()) {
            out.println("harmonica sim: " + ambiguous.size() + " scenarios cannot be told apart from another by what a"
                    + " client sends; there the first loaded answers (e.g. " + ambiguous.get(0).scenarioId() + " at "
                    + ambiguous.get(0).position() + " is answered as " + ambiguous.get(0).answeredAs()
                    + "). Serve one category per simulator to avoid this.");
        }
        out.flush();
        return book;
    }

    SimConfig config() {
        SimModel model;
        try {
            model = SimModel.parse(faults);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(e.getMessage());
        }
        SimConfig.ServerMode mode = switch (server.toLowerCase(Locale.ROOT)) {
            case "vllm-strict" -> SimConfig.ServerMode.VLLM_STRICT;
            case "vllm-lenient" -> SimConfig.ServerMode.VLLM_LENIENT;
            case "lenient" -> SimConfig.ServerMode.LENIENT;
            case "sglang" -> SimConfig.ServerMode.SGLANG;
            case "llamacpp" -> SimConfig.ServerMode.LLAMACPP;
            default -> throw new BadInputException("--server '" + server
                    + "': expected vllm-strict, vllm-lenient, lenient, sglang or llamacpp");
        };
        SimConfig.ErrorShape shape = switch (errorShape.toLowerCase(Locale.ROOT)) {
            case "nested" -> SimConfig.ErrorShape.NESTED;
            case "flat" -> SimConfig.ErrorShape.FLAT;
            default -> throw new BadInputException("--error-shape '" + errorShape + "': expected nested or flat");
        };
        if (errorStatus < 400 || errorStatus > 599) throw new BadInputException("--error-status: expected a 4xx or 5xx status, got " + errorStatus);
        if (latencyMs < 0) throw new BadInputException("--latency-ms: must be >= 0, got " + latencyMs);
        HistoryStyle history;
        TransportScript script;
        try {
            history = HistoryStyle.parse(chatHistory);
            script = TransportScript.parse(transport);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(e.getMessage());
        }
        return new SimConfig(model, mode, errorStatus, shape, history, Duration.ofMillis(latencyMs), seed, script, !ignoreStop);
    }
}
