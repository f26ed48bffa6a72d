package dev.harmonica.endpoint.sim;

import com.fasterxml.jackson.databind.JsonNode;
import dev.harmonica.harmony.Message;
import dev.harmonica.harmony.MessageJson;
import dev.harmonica.scenario.ExpectedCall;
import dev.harmonica.scenario.MultiTurnScenario;
import dev.harmonica.testing.SharedData;
import dev.harmonica.tools.bfcl.BfclPrompts;
import dev.harmonica.tools.bfcl.BfclScenarios;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The recogniser: how a request without a hint is placed in a loaded scenario, or told why it is none. */
class ScriptBookTest {
    static final Path BFCL = SharedData.projectRoot().resolve("datasets/bfcl");
    static List<MultiTurnScenario> bundled;
    static ScriptBook book;

    @BeforeAll
    static void load() {
        bundled = BfclScenarios.load(BFCL, null);
        book = ScriptBook.of(bundled);
    }

    static MultiTurnScenario scenario(List<MultiTurnScenario> all, String id) {
        return all.stream().filter(s -> s.id().equals(id)).findFirst().orElseThrow();
    }

    /** A transcript with the tool names offered at a turn. */
    static Transcript said(MultiTurnScenario s, int turn, Utterance... items) {
        Set<String> tools = new LinkedHashSet<>(Transcript.toolNames(s.tools()));
        for (int t = 0; t <= turn; t++) for (JsonNode added : s.turns().get(t).addedTools()) tools.add(added.path("function").path("name").asText());
        return new Transcript(List.of(items), tools);
    }

    static Utterance.User user(String text) {
        return new Utterance.User(text, 0);
    }

    static Utterance.Call call(String name, String args) {
        return new Utterance.Call(name, args, 0);
    }

    static Utterance.ToolResult result() {
        return new Utterance.ToolResult("ok", 0);
    }

    static Recognition.Found found(Transcript t) {
        Recognition r = book.recognise(t);
        assertThat(r).as(String.valueOf(r)).isInstanceOf(Recognition.Found.class);
        return (Recognition.Found) r;
    }

    /** The scripted calls left, in order. */
    static List<ExpectedCall> callsLeft(Recognition.Found f) {
        List<ExpectedCall> out = new ArrayList<>();
        for (Message c : MessageJson.readConversation(f.at().expected())) {
            if (c.recipient() != null) out.add(new ExpectedCall(c.recipient().substring("functions.".length()), c.text()));
        }
        return out;
    }

    /** The next scripted call (what a server stopping at {@code <|call|>} answers), or null for a text answer. */
    static ExpectedCall nextCall(Recognition.Found f) {
        List<ExpectedCall> left = callsLeft(f);
        return left.isEmpty() ? null : left.get(0);
    }

    @Test
    void theFirstRequestIsAnsweredWithTheFirstGroundTruthCall() {
        MultiTurnScenario s = scenario(bundled, "harmonica_multi_turn_base_0");
        Recognition.Found f = found(said(s, 0, user("Go into my notes folder and make a new folder called archive there.")));
        assertThat(f.at().scenarioId()).isEqualTo(s.id());
        assertThat(f.at().turn()).isZero();
        assertThat(nextCall(f)).isEqualTo(new ExpectedCall("cd", "{\"folder\":\"notes\"}"));
        assertThat(f.ambiguousWith()).isEmpty();
    }

    @Test
    void whitespaceInUserMessagesDoesNotMatter() {
        MultiTurnScenario s = scenario(bundled, "harmonica_multi_turn_base_0");
        Recognition.Found f = found(said(s, 0, user("  Go into my notes\n folder and make a new   folder called archive there.\n")));
        assertThat(f.at().scenarioId()).isEqualTo(s.id());
    }

    @Test
    void callsMatchGroundTruthByValueInAnyOrderAndTheTurnEndsWithAShortAnswer() {
        MultiTurnScenario s = scenario(bundled, "harmonica_multi_turn_base_3");
        String u0 = s.turns().get(0).userMessages().get(0);
        String u1 = s.turns().get(1).userMessages().get(0);
        String u2 = s.turns().get(2).userMessages().get(0);
        // turn 2's ground truth: cd(..), cd(notes), touch(total.txt), echo(6.5 → total.txt); key order and spacing differ
        Recognition.Found f = found(said(s, 2, user(u0), call("cd", "{\"folder\": \"tmp\"}"), result(),
                call("rm", "{\"file_name\":\"old.log\"}"), result(), new Utterance.Reply("done", 0), user(u1),
                call("add", "{\"b\": 4, \"a\": 2.5}"), result(), user(u2), call("cd", "{\"folder\":\"..\"}"), result()));
        assertThat(f.at().turn()).isEqualTo(2);
        assertThat(f.at().callsMade()).isEqualTo(1);
        assertThat(f.at().matched()).isEqualTo(1);
        assertThat(f.at().toolResults()).isEqualTo(1);
        assertThat(f.at().depth()).isEqualTo(5);
        assertThat(nextCall(f)).isEqualTo(new ExpectedCall("cd", "{\"folder\":\"notes\"}"));
        assertThat(callsLeft(f)).extracting(ExpectedCall::name).containsExactly("cd", "touch", "echo");
        // 4.0 is 4: numbers compare by value, as Python compares them
        Recognition.Found done = found(said(s, 1, user(u0), user(u1), call("add", "{\"a\": 2.5, \"b\": 4.0}"), result()));
        assertThat(nextCall(done)).isNull();
        assertThat(MessageJson.readConversation(done.at().expected()).get(0).text()).isEqualTo(TurnScript.FINAL_ANSWER);
    }

    @Test
    void aCallTheGroundTruthDoesNotHaveIsToleratedAndCounted() {
        MultiTurnScenario s = scenario(bundled, "harmonica_multi_turn_base_0");
        String u0 = s.turns().get(0).userMessages().get(0);
        // e.g. a faulted answer (F21: name_v2) the client executed anyway: the same ground-truth call is asked again
        Recognition.Found f = found(said(s, 0, user(u0), call("cd_v2", "{\"folder\":\"notes\"}"), result()));
        assertThat(f.at().unmatched()).isEqualTo(1);
        assertThat(f.at().callsMade()).isEqualTo(1);
        assertThat(f.at().matched()).isZero();
        assertThat(nextCall(f)).isEqualTo(new ExpectedCall("cd", "{\"folder\":\"notes\"}"));
    }

    @Test
    void theHoldoutTurnIsRecognisedByBfclsMessageAndItsReleasedTools() {
        MultiTurnScenario s = scenario(bundled, "harmonica_multi_turn_miss_func_0");
        String u0 = s.turns().get(0).userMessages().get(0);
        Recognition.Found first = found(said(s, 0, user(u0)));
        assertThat(nextCall(first)).as("turn 0 of miss_func has no ground truth: a short answer").isNull();
        Recognition.Found f = found(said(s, 1, user(u0), new Utterance.Reply("cannot", 0), user(BfclPrompts.HOLDOUT_MESSAGE_FC)));
        assertThat(f.at().turn()).isEqualTo(1);
        assertThat(nextCall(f)).isEqualTo(new ExpectedCall("cd", "{\"folder\":\"tmp\"}"));
        // prompting mode puts the released docs before the same sentence
        Recognition.Found p = found(said(s, 1, user(u0), new Utterance.Reply("cannot", 0),
                user("[{'name': 'rm', 'description': '…'}]\n" + BfclPrompts.HOLDOUT_MESSAGE_FC)));
        assertThat(p.at().turn()).isEqualTo(1);
        // without the released tool, turn 1 is not this scenario: the tools say so
        Recognition r = book.recognise(said(s, 0, user(u0), new Utterance.Reply("cannot", 0), user(BfclPrompts.HOLDOUT_MESSAGE_FC)));
        assertThat(r).isInstanceOf(Recognition.Unknown.class);
        assertThat(((Recognition.Unknown) r).message()).contains("missing: [rm]", "at turn 1");
    }

    @Test
    void anUnknownFirstMessageIs404NamingIt() {
        Recognition r = book.recognise(new Transcript(List.of(user("What is the weather in Paris?")), null));
        Recognition.Unknown u = (Recognition.Unknown) r;
        assertThat(u.status()).isEqualTo(404);
        assertThat(u.reason()).isEqualTo(Recognition.Reason.NOT_FOUND);
        assertThat(u.message()).contains("no loaded scenario starts with the user message 'What is the weather in Paris?'",
                "5 scenarios loaded");
        Recognition.Unknown none = (Recognition.Unknown) book.recognise(new Transcript(List.of(), null));
        assertThat(none.status()).isEqualTo(422);
        assertThat(none.reason()).isEqualTo(Recognition.Reason.NO_USER_MESSAGE);
    }

    @Test
    void aDivergingHistoryIs422NamingTheMessageWhatWasExpectedAndWhatCame() {
        MultiTurnScenario s = scenario(bundled, "harmonica_multi_turn_base_0");
        String u0 = s.turns().get(0).userMessages().get(0);
        Transcript t = new Transcript(List.of(new Utterance.User(u0, 1), new Utterance.Call("cd", "{\"folder\":\"notes\"}", 2),
                new Utterance.ToolResult("{}", 3), new Utterance.User("Now delete everything.", 4)), null);
        Recognition.Unknown u = (Recognition.Unknown) book.recognise(t);
        assertThat(u.status()).isEqualTo(422);
        assertThat(u.reason()).isEqualTo(Recognition.Reason.DIVERGED);
        assertThat(u.message()).contains("starts as scenario harmonica_multi_turn_base_0", "diverges at message 4",
                "expected the user message of turn 1: 'How many lines does todo.txt have?'", "got 'Now delete everything.'");
        Transcript tooLong = new Transcript(List.of(user(u0), user(s.turns().get(1).userMessages().get(0)),
                user(s.turns().get(2).userMessages().get(0)), user("and one more thing")), null);
        assertThat(((Recognition.Unknown) book.recognise(tooLong)).message()).contains("has 3 user turns, all given");
        Transcript callFirst = new Transcript(List.of(new Utterance.Call("ls", "{}", 0), new Utterance.User(u0, 1)), null);
        assertThat(((Recognition.Unknown) book.recognise(callFirst)).message()).contains("before the first user message");
    }

    @Test
    void everyScriptedPositionOfTheBundledScenariosIsRecognisedAsItself() {
        assertThat(book.ambiguities(true)).isEmpty();
        int probes = 0;
        for (MultiTurnScenario s : bundled) {
            for (Script.Probe p : TurnScript.of(s).probes()) {
                Recognition.Found f = found(p.transcript());
                assertThat(f.at().scenarioId()).isEqualTo(s.id());
                assertThat(f.at().expected()).as(p.position()).isEqualTo(p.expected());
                probes++;
            }
        }
        assertThat(probes).isEqualTo(26 + 16); // one request per ground-truth call, one final answer per user turn
    }
}
