package dev.harmonica.tools.bfcl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.harmonica.scenario.bfcl.BfclCategory;
import dev.harmonica.scenario.bfcl.BfclDataset;
import dev.harmonica.scenario.bfcl.BfclEntry;
import dev.harmonica.testing.SharedData;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The checker on deliberately wrong model results, one test per class of mistake, with BFCL's verdicts
 * (samples/checker_error_examples.json and ShishirPatil/gorilla bfcl_eval eval_checker/multi_turn_eval/multi_turn_checker.py; ShishirPatil/gorilla bfcl_eval eval_checker/multi_turn_eval/multi_turn_utils.py).
 */
class BfclCheckerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, BfclEntry> ENTRIES = new HashMap<>();
    private static BfclRuntime runtime;

    @BeforeAll
    static void load() {
        Path dir = SharedData.require("bfcl/v4");
        runtime = new BfclRuntime(dir);
        for (BfclCategory c : BfclCategory.values()) {
            for (BfclEntry e : BfclDataset.load(dir, c)) ENTRIES.put(e.id(), e);
        }
    }

    /** The ground truth as the model's answer (one step per turn), mutated. */
    private static BfclVerdict checkMutated(String id, Consumer<List<List<String>>> mutation) {
        BfclEntry e = ENTRIES.get(id);
        List<List<String>> turns = new ArrayList<>();
        for (List<String> t : e.groundTruth()) turns.add(new ArrayList<>(t));
        mutation.accept(turns);
        List<List<List<String>>> decoded = new ArrayList<>();
        for (List<String> t : turns) decoded.add(t.isEmpty() ? List.of() : List.of(t));
        return BfclChecker.check(e, decoded, "harmonica", runtime.factoryFor(e));
    }

    private static JsonNode sample(String key) throws Exception {
        return JSON.readTree(SharedData.require("bfcl/samples/checker_error_examples.json").toFile()).get(key);
    }

    private static JsonNode asJson(BfclVerdict v) throws Exception {
        return JSON.readTree(BfclScores.jsonLenient(v.bfclResult()));
    }

    @Test
    void stateMismatchReproducesBfclsOutputExactly() throws Exception {
        BfclVerdict v = checkMutated("multi_turn_base_0", t -> t.set(0, new ArrayList<>(List.of("cd(folder='document')"))));
        assertThat(v.errorType()).isEqualTo(BfclVerdict.STATE_MISMATCH);
        assertThat(v.turn()).isZero();
        assertThat(asJson(v)).isEqualTo(sample("state"));
    }

    @Test
    void droppedReadOnlyCallIsAResponseMismatchExactlyAsBfclReportsIt() throws Exception {
        BfclVerdict v = checkMutated("multi_turn_base_0", t -> t.get(1).remove(1));
        assertThat(v.errorType()).isEqualTo(BfclVerdict.RESPONSE_MISMATCH);
        assertThat(v.turn()).isEqualTo(1);
        assertThat(asJson(v)).isEqualTo(sample("resp"));
    }

    @Test
    void emptyTurnReproducesBfclsOutputExactly() throws Exception {
        BfclVerdict v = checkMutated("multi_turn_base_0", t -> t.get(2).clear());
        assertThat(v.errorType()).isEqualTo(BfclVerdict.EMPTY_TURN);
        assertThat(v.errorMessage()).isEqualTo("Model response list is empty for turn 2");
        assertThat(asJson(v)).isEqualTo(sample("empty"));
    }

    @Test
    void extraReadOnlyCallsAndUnknownFunctionsAreNotPenalised() throws Exception {
        BfclVerdict v = checkMutated("multi_turn_base_0", t -> {
            t.get(0).add(0, "ls(a=True)");
            t.get(1).add("foo(x=1)");
            t.get(1).add("this is not python");
            t.get(3).add("pwd()");
        });
        assertThat(asJson(v)).isEqualTo(sample("extra_ok"));
    }

    @Test
    void droppedStateChangingCallIsAStateMismatch() {
        BfclVerdict v = checkMutated("multi_turn_base_0", t -> t.get(0).remove(1));
        assertThat(v.errorType()).isEqualTo(BfclVerdict.STATE_MISMATCH);
        assertThat(v.errorMessage()).isEqualTo(
                "Model instance for GorillaFileSystem does not match the state with ground truth instance.");
        assertThat(v.turn()).isZero();
    }

    @Test
    void wrongArgumentIsAStateMismatch() {
        BfclVerdict v = checkMutated("multi_turn_base_0", t -> t.get(0).set(1, "mkdir(dir_name='tmp')"));
        assertThat(v.errorType()).isEqualTo(BfclVerdict.STATE_MISMATCH);
        assertThat(v.turn()).isZero();
    }

    @Test
    void wrongArgumentOfAReadOnlyCallIsAResponseMismatch() {
        BfclVerdict v = checkMutated("multi_turn_base_0",
                t -> t.get(1).set(1, "grep(file_name='final_report.pdf',pattern='quarterly')"));
        assertThat(v.errorType()).isEqualTo(BfclVerdict.RESPONSE_MISMATCH);
        assertThat(v.errorMessage()).isEqualTo("Model response execution results so far does not contain all the "
                + "ground truth response execution results for turn 1.");
    }

    @Test
    void extraStateChangingCallIsAStateMismatch() {
        BfclVerdict v = checkMutated("multi_turn_base_0", t -> t.get(0).add("touch(file_name='extra.txt')"));
        assertThat(v.errorType()).isEqualTo(BfclVerdict.STATE_MISMATCH);
        assertThat(v.turn()).isZero();
    }

    @Test
    void callsMovedToTheNextTurnLeaveAnEmptyTurn() {
        BfclVerdict v = checkMutated("multi_turn_base_0", t -> {
            t.get(1).addAll(0, t.get(0));
            t.get(0).clear();
        });
        assertThat(v.errorType()).isEqualTo(BfclVerdict.EMPTY_TURN);
        assertThat(v.turn()).isZero();
    }

    @Test
    void readOnlyResultsFromAnEarlierTurnCountLater() {
        // base_91: view_messages_sent() of turn 1 done early in turn 0, and again in turn 1 — results so far count.
        BfclVerdict v = checkMutated("multi_turn_base_91", t -> t.get(0).add("view_messages_sent()"));
        assertThat(v.valid()).isTrue();
    }

    @Test
    void heldOutFunctionUsedEarlyIsExecutedAndThenReadOnlyIsValid() {
        // miss_func_46: rm is held out in turn 0, but the executor exposes it; BFCL only fails an empty holdout turn.
        BfclVerdict early = checkMutated("multi_turn_miss_func_46", t -> {
            t.set(0, new ArrayList<>(t.get(1)));
            t.set(1, new ArrayList<>(List.of("ls()")));
        });
        assertThat(early.valid()).isTrue();
        BfclVerdict emptyHoldout = checkMutated("multi_turn_miss_func_46", t -> {
            t.set(0, new ArrayList<>(t.get(1)));
            t.get(1).clear();
        });
        assertThat(emptyHoldout.errorType()).isEqualTo(BfclVerdict.EMPTY_TURN);
        assertThat(emptyHoldout.turn()).isEqualTo(1);
    }

    @Test
    void extraRngConsumingCallShiftsLaterValues() {
        BfclVerdict v = checkMutated("multi_turn_base_91", t -> t.get(0).add(0, "get_current_speed()"));
        assertThat(v.errorType()).isEqualTo(BfclVerdict.RESPONSE_MISMATCH);
        assertThat(v.turn()).isZero();
    }

    @Test
    void rngDerivedIdsMatchBfcl() {
        BfclEntry e = ENTRIES.get("multi_turn_base_193");
        BfclExecutor ex = BfclExecutor.groundTruthSide(e, "harmonica", runtime.factoryFor(e));
        ex.execute(e.groundTruth().get(0));
        assertThat(ex.execute(e.groundTruth().get(1)).get(0)).isEqualTo("{\"booking_id\": \"5431449\", "
                + "\"transaction_id\": \"59784505\", \"booking_status\": true, \"booking_history\": {}}");
    }

    @Test
    void extraMentionInTheSameTurnLeaksThroughTwittersSharedDefaultList() {
        // post_tweet's mutable default mentions=[] is shared by both sides of an entry; the ground truth's
        // post_tweet runs after the model's calls and now shows the model's extra mention.
        BfclEntry e = ENTRIES.get("multi_turn_base_58");
        BfclExecutor probe = BfclExecutor.groundTruthSide(e, "harmonica", runtime.factoryFor(e));
        String posted = "";
        for (List<String> turn : e.groundTruth()) {
            List<String> r = probe.execute(turn);
            if (turn.contains("post_tweet(content='Excited for the trip!')")) posted = r.get(r.size() - 1);
        }
        String tweetId = posted.replaceAll(".*\\\"id\\\": (\\d+).*", "$1");
        BfclVerdict v = checkMutated("multi_turn_base_58",
                t -> t.get(3).add("mention(tweet_id=" + tweetId + ", mentioned_usernames=['@extra_user'])"));
        assertThat(v.errorType()).isEqualTo(BfclVerdict.RESPONSE_MISMATCH);
        assertThat(v.details().get("missing_items").toString()).contains("\"mentions\": [\"@extra_user\"]");
    }

    @Test
    void perTurnChecksAgreeWithTheVerdictAndContinuePastTheFirstFailure() {
        BfclEntry e = ENTRIES.get("multi_turn_base_0");
        List<List<List<String>>> decoded = new ArrayList<>();
        for (List<String> t : e.groundTruth()) decoded.add(List.of(t));
        decoded.set(1, List.of(List.of("cd(folder='temp')")));
        List<BfclTurnCheck> turns = BfclChecker.checkTurns(e, decoded, "harmonica", runtime.factoryFor(e));
        assertThat(turns).extracting(BfclTurnCheck::passed).containsExactly(true, false, true, true);
        assertThat(turns.get(1).missingResults()).hasSize(1);
        assertThat(turns.get(1).stateMatches()).isTrue();
        BfclVerdict v = BfclChecker.check(e, decoded, runtime);
        assertThat(v.turn()).isEqualTo(1);
    }

    @Test
    void fewerOrMoreTurnsAreForceTerminated() {
        BfclVerdict fewer = checkMutated("multi_turn_base_0", t -> t.remove(3));
        assertThat(fewer.errorType()).isEqualTo(BfclVerdict.FORCE_TERMINATED);
        assertThat(fewer.errorMessageValue()).isEqualTo(List.of("Model was force-terminated during inference phase. "
                + "The length of the model result turns (3) does not match the length of the ground truth turns (4)."));
        BfclVerdict more = checkMutated("multi_turn_base_0", t -> t.add(new ArrayList<>()));
        assertThat(more.errorType()).isEqualTo(BfclVerdict.FORCE_TERMINATED);
        assertThat(BfclChecker.inferenceError("x").errorMessageValue()).isEqualTo(
                List.of("Error during inference phase. Model did not output a list of model responses."));
    }

    @Test
    void emptyStepsAreDroppedLikeUndecodableOnes() {
        BfclEntry e = ENTRIES.get("multi_turn_base_0");
        List<List<List<String>>> decoded = new ArrayList<>();
        for (List<String> t : e.groundTruth()) decoded.add(List.of(List.of(), List.of(""), t));
        assertThat(BfclChecker.check(e, decoded, "harmonica", runtime.factoryFor(e)).valid()).isTrue();
        decoded.set(1, List.of(List.of(""), List.of()));
        assertThat(BfclChecker.check(e, decoded, "harmonica", runtime.factoryFor(e)).errorType())
                .isEqualTo(BfclVerdict.EMPTY_TURN);
    }

    @Test
    void executorErrorTextsArePythons() {
        BfclEntry e = ENTRIES.get("multi_turn_base_0");
        BfclExecutor ex = BfclExecutor.modelSide(e, "harmonica", runtime.factoryFor(e));
        assertThat(ex.execute("cd(path='x')"))
                .isEqualTo("Error during execution: GorillaFileSystem.cd() got an unexpected keyword argument 'path'");
        assertThat(ex.execute("cd()")).isEqualTo(
                "Error during execution: GorillaFileSystem.cd() missing 1 required positional argument: 'folder'");
        assertThat(ex.execute("cd('a', 'b')")).isEqualTo(
                "Error during execution: GorillaFileSystem.cd() takes 2 positional arguments but 3 were given");
        assertThat(ex.execute("cd('a', folder='b')")).isEqualTo(
                "Error during execution: GorillaFileSystem.cd() got multiple values for argument 'folder'");
        assertThat(ex.execute("foo()")).isEqualTo("Error during execution: name 'foo' is not defined");
        assertThat(ex.execute("get_user_id(user='x')")).isEqualTo("Error during execution: name 'get_user_id' is not defined");
        assertThat(ex.execute("kill(pid=1)")).isEqualTo("Error during execution: Function call kill is not allowed.");
        assertThat(ex.execute("GorillaFileSystem.ls()")).isEqualTo(
                "Error during execution: name 'GorillaFileSystem' is not defined");
        assertThat(ex.execute("1 + 1")).isEqualTo("2");
        assertThat(ex.execute("print('x')")).isEqualTo("None");
        assertThat(ex.execute("pwd()['current_working_directory']")).isEqualTo("/workspace");
        assertThat(ex.execute("mkdir(dir_name='x')")).isEqualTo("None");
        assertThat(ex.execute("sort('final_report.pdf')")).startsWith("{\"error\"");
    }

    @Test
    void stringLiteralsAreRewrittenLikeBfclsRegexDoes() {
        BfclEntry e = ENTRIES.get("multi_turn_base_0");
        BfclExecutor ex = BfclExecutor.modelSide(e, "harmonica", runtime.factoryFor(e));
        ex.execute("cd(folder='document')");
        ex.execute("touch(file_name='n.txt')");
        ex.execute("echo(content='run ls() now', file_name='n.txt')");
        assertThat(ex.execute("cat(file_name='n.txt')")).isEqualTo("{\"file_content\": \"run "
                + "harmonica_eval_multi_turn_base_0_GorillaFileSystem_instance.ls() now\"}");
    }
}
