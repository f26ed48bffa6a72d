package dev.harmonica.journal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The journal reader's light parser and byte searches agree with Jackson and with plain loops. */
class LightJsonTest {
    static final ObjectMapper MAPPER = new ObjectMapper();

    static ObjectNode light(String json, Set<String> skip) throws IOException {
        byte[] b = ("xx" + json + "yy").getBytes(StandardCharsets.UTF_8);
        return LightJson.parseObject(b, 2, b.length - 4, skip);
    }

    @Test
    void lightParserAgreesWithJacksonOnTrickyText() throws IOException {
        String json = "{\"a\":\"tab\\t quote\\\" slash\\/ back\\\\ nl\\n \\u00e9 \\ud83d\\ude00 raw é 😀 <|start|>\","
                + "\"n\":[0,-1,2147483647,2147483648,-9223372036854775808,123456789012345678901234567890,1.5,-2.5e-3,1E3],"
                + "\"b\":[true,false,null],\"o\":{\"x\":{\"y\":[[],{}]}}, \"sp\" : \"v\" }";
        assertThat(light(json, Set.of())).isEqualTo(MAPPER.readTree(json));
    }

    @Test
    void lightParserAgreesWithJacksonOnRandomObjects() throws IOException {
        SplittableRandom r = new SplittableRandom(1);
        for (int i = 0; i < 300; i++) {
            JsonNode n = random(r, 0);
            ObjectNode o = JsonNodeFactory.instance.objectNode().set("v", n);
            String json = MAPPER.writeValueAsString(o);
            assertThat(light(json, Set.of())).as(json).isEqualTo(MAPPER.readTree(json));
        }
    }

    private static JsonNode random(SplittableRandom r, int depth) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        switch (depth > 3 ? r.nextInt(4) : r.nextInt(6)) {
            case 0:
                return f.numberNode(r.nextInt());
            case 1: {
                StringBuilder sb = new StringBuilder();
                int n = r.nextInt(12);
                for (int k = 0; k < n; k++) sb.appendCodePoint(switch (r.nextInt(5)) {
                    case 0 -> r.nextInt(32);
                    case 1 -> "\"\\/{}[],:".charAt(r.nextInt(9));
                    case 2 -> 0x1F600 + r.nextInt(50);
                    case 3 -> 0xE0 + r.nextInt(200);
                    default -> 'a' + r.nextInt(26);
                });
                return f.textNode(sb.toString());
            }
            case 2:
                return r.nextBoolean() ? f.booleanNode(r.nextBoolean()) : f.nullNode();
            case 3:
                return f.numberNode(r.nextDouble() * 1e6 - 5e5);
            case 4: {
                ArrayNode a = f.arrayNode();
                for (int k = r.nextInt(4); k > 0; k--) a.add(random(r, depth + 1));
                return a;
            }
            default: {
                ObjectNode o = f.objectNode();
                for (int k = r.nextInt(4); k > 0; k--) o.set("k" + r.nextInt(100), random(r, depth + 1));
                return o;
            }
        }
    }

    @Test
    void lightParserSkipsBulkyFieldsButKeepsTheirPresence() throws IOException {
        ObjectNode o = light("{\"raw\":{\"text\":\"x\\\"]}{\",\"token_ids\":[1,2,[3]],\"finish_reason\":\"stop\"},"
                + "\"messages\":[{\"a\":\"]\"}],\"k\":1}", JournalReader.BULKY);
        assertThat(o.path("raw").path("finish_reason").asText()).isEqualTo("stop");
        assertThat(o.path("raw").get("text").isNull()).isTrue();
        assertThat(o.get("messages").isNull()).isTrue();
        assertThat(o.path("k").asInt()).isEqualTo(1);
    }

    @Test
    void lightParserRejectsBrokenLines() {
        for (String bad : new String[]{"{\"a\":\"unterminated}", "{\"a\":1,}", "{\"a\" 1}", "{\"a\":1} x", "[1]",
                "{\"a\":tru}", "{\"a\":\"\\q\"}", "{\"text\":[1,2", "{\"a\":1", ""}) {
            assertThatThrownBy(() -> light(bad, JournalReader.BULKY)).as(bad).isInstanceOf(LightJson.Malformed.class);
        }
    }

    @Test
    void swarSearchesMatchByteLoops() {
        SplittableRandom r = new SplittableRandom(9);
        for (int i = 0; i < 2000; i++) {
            byte[] b = new byte[r.nextInt(40)];
            for (int k = 0; k < b.length; k++) { String alphabet = " 0123,\n\"\\[]{}a\u00e9"; b[k] = (byte) alphabet.charAt(r.nextInt(alphabet.length())); }
            int from = b.length == 0 ? 0 : r.nextInt(b.length);
            assertThat(Swar.indexOfNewline(b, from, b.length)).isEqualTo(naive(b, from, "\n"));
            assertThat(Swar.indexOfQuoteOrBackslash(b, from, b.length)).isEqualTo(naive(b, from, "\"\\"));
            assertThat(Swar.indexOfStructural(b, from, b.length)).isEqualTo(naive(b, from, "\"[]{}"));
        }
    }

    private static int naive(byte[] b, int from, String set) {
        for (int i = from; i < b.length; i++) if (set.indexOf((char) (b[i] & 0xFF)) >= 0) return i;
        return -1;
    }
}
