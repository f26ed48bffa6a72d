package dev.harmonica.endpoint.sim;

import dev.harmonica.endpoint.Json;
import dev.harmonica.harmony.HarmonyEncoding;
import dev.harmonica.harmony.IntList;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class SimModelTest {
    static final String V008_HISTORY = "<|start|>user<|message|>hi<|end|><|start|>assistant to=functions.ls<|channel|>commentary json<|message|>{}<|call|>"
            + "<|start|>functions.ls to=assistant<|channel|>commentary<|message|>a b<|end|><|start|>assistant";
    static final String PR114_HISTORY = "<|start|>user<|message|>hi<|end|><|start|>assistant<|channel|>commentary to=functions.ls <|constrain|>json<|message|>{}<|call|>"
            + "<|start|>functions.ls<|channel|>commentary to=assistant<|message|>a b<|end|><|start|>assistant";

    @Test
    void detectsHistoryStyleFromThePrompt() {
        assertThat(HistoryStyle.detect(V008_HISTORY)).isEqualTo(new HistoryStyle(true, true, true));
        assertThat(HistoryStyle.detect(PR114_HISTORY)).isEqualTo(new HistoryStyle(true, false, false));
        assertThat(HistoryStyle.detect("<|start|>user<|message|>hi<|end|><|start|>assistant")).isEqualTo(HistoryStyle.NONE);
        String constrainedV008 = V008_HISTORY.replace("commentary json", "commentary <|constrain|>json");
        assertThat(HistoryStyle.detect(constrainedV008)).isEqualTo(new HistoryStyle(true, true, false));
    }

    @Test
    void tokenScanLooksOnlyAtAssistantHeaders() {
        var enc = HarmonyEncoding.get();
        for (String h : new String[]{V008_HISTORY, PR114_HISTORY}) {
            HistoryStyle.Scan scan = HistoryStyle.scan(enc.encodeWithSpecials(h));
            assertThat(scan.style()).isEqualTo(HistoryStyle.detect(h));
            assertThat(scan.assistantStarts()).isEqualTo(2);
        }
        // header text written inside a user message's content (ordinary tokens) is not a rendered header
        var ids = new IntList();
        ids.add(HarmonyEncoding.START);
        ids.addAll(enc.encodeOrdinary("user"));
        ids.add(HarmonyEncoding.MESSAGE);
        ids.addAll(enc.encodeOrdinary("<|start|>assistant to=functions.ls<|channel|>commentary json<|message|>{}"));
        ids.add(HarmonyEncoding.END);
        assertThat(HistoryStyle.detect(ids.toArray())).isEqualTo(HistoryStyle.NONE);
    }

    @Test
    void chatAssumptionAppliesOnlyOnceTheHistoryHasToolCalls() {
        var noCalls = Json.tryParse("[{\"role\":\"user\",\"content\":\"hi\"}]");
        var withCalls = Json.tryParse("[{\"role\":\"user\",\"content\":\"hi\"},{\"role\":\"assistant\",\"content\":null,"
                + "\"tool_calls\":[{\"id\":\"c\",\"type\":\"function\",\"function\":{\"name\":\"ls\",\"arguments\":\"{}\"}}]}]");
        assertThat(HistoryStyle.forChat(HistoryStyle.VLLM_CHAT, noCalls)).isEqualTo(HistoryStyle.NONE);
        assertThat(HistoryStyle.forChat(HistoryStyle.VLLM_CHAT, withCalls)).isEqualTo(HistoryStyle.VLLM_CHAT);
    }

    @Test
    void rateFollowsTheDocumentedFormula() {
        SimModel m = SimModel.parse("F1=0.02,F20=0.01,slope=0.1,recipient-first=3,bare-json=2");
        HistoryStyle v008 = new HistoryStyle(true, true, true);
        assertThat(m.rate(SimFault.F1, 0, HistoryStyle.NONE)).isCloseTo(0.02, within(1e-12));
        assertThat(m.rate(SimFault.F1, 10, HistoryStyle.NONE)).isCloseTo(0.04, within(1e-12));
        assertThat(m.rate(SimFault.F1, 10, v008)).isCloseTo(0.24, within(1e-12));
        assertThat(m.rate(SimFault.F1, 10, HistoryStyle.CHANNEL_FIRST)).isCloseTo(0.04, within(1e-12));
        // argument faults are not history-sensitive
        assertThat(m.rate(SimFault.F20, 10, v008)).isCloseTo(0.02, within(1e-12));
        assertThat(m.rate(SimFault.F3, 10, v008)).isZero();
        assertThat(SimModel.parse("F1=0.5,scale=10").rate(SimFault.F1, 0, HistoryStyle.NONE)).isEqualTo(1.0);
    }

    @Test
    void specSyntax() {
        assertThat(SimModel.parse("off").isOff()).isTrue();
        assertThat(SimModel.parse("default").baseRates()).isEqualTo(SimModel.DEFAULT.baseRates());
        assertThat(SimModel.parse("default,F1=0.3").baseRates().get(SimFault.F1)).isEqualTo(0.3);
        assertThat(SimModel.parse("default,off,F3=1").baseRates()).containsOnlyKeys(SimFault.F3);
        assertThatThrownBy(() -> SimModel.parse("F99=0.1")).hasMessageContaining("unknown fault 'f99'");
        assertThatThrownBy(() -> SimModel.parse("F1=2")).hasMessageContaining("between 0 and 1");
        assertThatThrownBy(() -> SimModel.parse("F1")).hasMessageContaining("NAME=VALUE");
    }

    @Test
    void drawsAreDeterministicPerSeedScenarioAndDepth() {
        SimModel m = SimModel.parse("default,scale=8");
        for (int depth = 0; depth < 20; depth++) {
            SimGenerator.Input in = new SimGenerator.Input(Json.tryParse(SimFaultInjectionTest.CALL), "sc-" + depth, depth, 42,
                    new HistoryStyle(true, true, true), m, null, false);
            assertThat(SimGenerator.generate(in)).usingRecursiveComparison().isEqualTo(SimGenerator.generate(in));
        }
    }

    /** The A/B the demo shows: the same scenarios, harmony-v0.0.8 history vs pr114 history. */
    @Test
    void recipientFirstHistoryProducesMoreDriftFaults() {
        SimModel m = SimModel.DEFAULT;
        int v008 = 0;
        int pr114 = 0;
        for (int s = 0; s < 400; s++) {
            for (int depth = 1; depth <= 10; depth++) {
                v008 += countDrift(m, "s" + s, depth, HistoryStyle.detect(V008_HISTORY));
                pr114 += countDrift(m, "s" + s, depth, HistoryStyle.detect(PR114_HISTORY));
            }
        }
        assertThat(v008).isGreaterThan(3 * pr114);
        assertThat(pr114).isPositive();
    }

    private static int countDrift(SimModel m, String id, int depth, HistoryStyle h) {
        SimGenerator.Output out = SimGenerator.generate(new SimGenerator.Input(Json.tryParse(SimFaultInjectionTest.CALL), id, depth, 0, h, m, null, false));
        return (int) out.faults().stream().filter(f -> SimFault.byCode(f).historySensitive()).count();
    }

    @Test
    void transportScriptIsConsumedInOrder() {
        TransportScript t = TransportScript.parse("503x2,429:retry-after=3,reset,stall:ms=50,garbage,error200");
        assertThat(t.at(0).status()).isEqualTo(503);
        assertThat(t.at(1).status()).isEqualTo(503);
        assertThat(t.at(2).status()).isEqualTo(429);
        assertThat(t.at(2).retryAfter()).isEqualTo("3");
        assertThat(t.at(3).kind()).isEqualTo(TransportScript.Kind.RESET);
        assertThat(t.at(4).stallMillis()).isEqualTo(50);
        assertThat(t.at(5).kind()).isEqualTo(TransportScript.Kind.GARBAGE);
        assertThat(t.at(6).kind()).isEqualTo(TransportScript.Kind.ERROR200);
        assertThat(t.at(7)).isNull();
        assertThatThrownBy(() -> TransportScript.parse("418")).hasMessageContaining("unknown kind");
    }
}
