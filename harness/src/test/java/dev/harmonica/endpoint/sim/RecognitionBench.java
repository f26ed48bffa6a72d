package dev.harmonica.endpoint.sim;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.harmonica.endpoint.Json;
import dev.harmonica.endpoint.Wire;
import dev.harmonica.scenario.MultiTurnScenario;
import dev.harmonica.tools.bfcl.BfclScenarios;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Benchmark hook (not a test): what recognising the conversation costs per request. Records the chat requests
 * bfcl-eval's FC loop sends for every BFCL v4 multi-turn entry (all four categories in one simulator), then times
 * {@link SimEngine#handle} on them as sent (no hint: recognised) and with a {@code harmonica_sim} hint (the scripted
 * answer given), in process, interleaved rounds after a warm-up.
 *
 * <pre>
 * mvn -B -ntp -q test-compile dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt -pl harness
 * java -cp harness/target/test-classes:harness/target/classes:$(cat /tmp/cp.txt) \
 *     dev.harmonica.endpoint.sim.RecognitionBench ../shared/data/bfcl/v4 [rounds]
 * </pre>
 */
public final class RecognitionBench {
    public static void main(String[] args) {
        Path dir = Path.of(args.length > 0 ? args[0] : "../shared/data/bfcl/v4");
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        long t0 = System.nanoTime();
        List<MultiTurnScenario> all = BfclScenarios.load(dir, null);
        long t1 = System.nanoTime();
        ScriptBook book = ScriptBook.of(all);
        int ambiguous = book.ambiguities(true).size();
        long t2 = System.nanoTime();
        System.out.printf("%d scenarios: load %.0f ms, index + ambiguity check %.0f ms (%d ambiguous)%n", all.size(),
                (t1 - t0) / 1e6, (t2 - t1) / 1e6, ambiguous);
        SimEngine engine = new SimEngine(SimConfig.CLEAN, book);
        List<String> plain = new ArrayList<>();
        List<String> hinted = new ArrayList<>();
        for (MultiTurnScenario s : all) {
            BfclLoop.play((path, body) -> {
                SimEngine.Reply r = engine.handle("POST", path, body);
                plain.add(body);
                ObjectNode withHint = (ObjectNode) Json.tryParse(body);
                Recognition.Found f = (Recognition.Found) book.recognise(
                        Transcript.fromChat(withHint.get("messages"), withHint.get("tools")));
                ObjectNode h = withHint.putObject(Wire.SIM_FIELD).put("scenario_id", s.id()).put("depth", f.at().depth());
                h.set("expected", f.at().expected()); // the same answer, given instead of recognised
                hinted.add(Json.write(withHint));
                return r;
            }, s, BfclLoop.Api.CHAT, (t, k, c) -> "{}");
        }
        long bytes = plain.stream().mapToLong(String::length).sum();
        System.out.printf("%d chat requests, mean body %d bytes%n", plain.size(), bytes / plain.size());
        run(engine, plain, 1);
        run(engine, hinted, 1);
        double[] rec = new double[rounds];
        double[] hint = new double[rounds];
        for (int i = 0; i < rounds; i++) {
            rec[i] = run(engine, plain, 1);
            hint[i] = run(engine, hinted, 1);
        }
        Arrays.sort(rec);
        Arrays.sort(hint);
        System.out.printf("recognised: median %.1f µs/request; with a hint: %.1f µs/request (rounds %s / %s)%n",
                rec[rounds / 2], hint[rounds / 2], Arrays.toString(rec), Arrays.toString(hint));
    }

    private static double run(SimEngine engine, List<String> bodies, int times) {
        long t0 = System.nanoTime();
        int n = 0;
        for (int k = 0; k < times; k++) {
            for (String b : bodies) {
                SimEngine.Reply r = engine.handle("POST", Wire.CHAT_PATH, b);
                if (r.status() != 200) throw new IllegalStateException(r.body());
                n++;
            }
        }
        return Math.round((System.nanoTime() - t0) / 1e3 / n * 10) / 10.0;
    }
}
