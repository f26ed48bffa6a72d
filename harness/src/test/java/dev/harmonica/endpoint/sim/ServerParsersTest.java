package dev.harmonica.endpoint.sim;

import dev.harmonica.endpoint.Endpoint;
import dev.harmonica.endpoint.EndpointConfig;
import dev.harmonica.endpoint.Endpoints;
import dev.harmonica.endpoint.Json;
import dev.harmonica.endpoint.RawTurn;
import dev.harmonica.harmony.HarmonyParsers;
import dev.harmonica.harmony.ParseOutcome;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ServerParsersTest {
    @Test
    void theSimulatorUsesTheProjectStrictParser() {
        assertThat(ServerParsers.usingProjectStrictParser()).isTrue();
        assertThat(ServerParsers.lenientOrNull()).isNotNull();
    }

    /** The stand-in port agrees with the project's conformance-tested strict parser on every injected fault. */
    @Test
    void fallbackAgreesWithTheProjectStrictParserOnAllInjectedFaults() {
        FallbackStrictParser fallback = new FallbackStrictParser();
        for (SimFault f : SimFault.values()) {
            for (String expected : new String[]{SimFaultInjectionTest.CALL, SimFaultInjectionTest.FINAL}) {
                for (int depth = 0; depth < 3; depth++) {
                    SimGenerator.Output out = SimGenerator.generate(new SimGenerator.Input(Json.tryParse(expected), "x", depth, depth,
                            HistoryStyle.NONE, SimModel.parse(f.code() + "=1"), null, false));
                    ParseOutcome a = HarmonyParsers.strict().parse(out.tokens(), "assistant");
                    ParseOutcome b = fallback.parse(out.tokens(), "assistant");
                    assertThat(b.error()).as("%s on %s", f, out.text()).isEqualTo(a.error());
                    assertThat(b.messages()).as("%s on %s", f, out.text()).isEqualTo(a.messages());
                }
            }
        }
    }

    @Test
    void lenientServerModeRecoversWhatStrictRejects() throws Exception {
        SimConfig cfg = SimConfig.CLEAN.withFaults(SimModel.parse("F3=1")).withServer(SimConfig.ServerMode.LENIENT);
        try (Endpoint ep = Endpoints.create(EndpointConfig.sim(cfg))) {
            RawTurn t = ep.complete(SimEndpointTest.chat(SimEndpointTest.CALL, false, null, null));
            assertThat(t.serverError()).isNull();
            assertThat(t.injectedFaults()).containsExactly("F3");
            assertThat(t.chatMessage().get("tool_calls").get(0).get("function").get("name").asText()).isEqualTo("get_weather");
            assertThat(t.finishReason()).isEqualTo("tool_calls");
        }
    }
}
