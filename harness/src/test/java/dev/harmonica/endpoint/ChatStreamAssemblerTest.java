package dev.harmonica.endpoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class ChatStreamAssemblerTest {
    static ObjectNode toolDelta(int index, String id, String name, String args) {
        ObjectNode chunk = Json.object();
        ObjectNode tc = chunk.putArray("choices").addObject().put("index", 0).putObject("delta").putArray("tool_calls").addObject();
        tc.put("index", index);
        if (id != null) tc.put("id", id).put("type", "function");
        ObjectNode fn = tc.putObject("function");
        if (name != null) fn.put("name", name);
        fn.put("arguments", args);
        return chunk;
    }

    /** Arguments cut anywhere and interleaved across indexes reassemble exactly, by index not id. */
    @Property(tries = 200)
    void splitAndInterleavedArgumentsReassemble(@ForAll @StringLength(max = 40) String a, @ForAll @StringLength(max = 40) String b,
                                                @ForAll @IntRange(min = 0, max = 1000) int seed) throws Exception {
        String argsA = Json.write(Json.object().put("q", a));
        String argsB = Json.write(Json.object().put("r", b));
        List<ObjectNode> chunks = new ArrayList<>();
        chunks.add(toolDelta(0, "call_a", "search", ""));
        chunks.add(toolDelta(1, "call_b", "lookup", ""));
        Random rnd = new Random(seed);
        List<ObjectNode> pa = pieces(0, argsA, rnd);
        List<ObjectNode> pb = pieces(1, argsB, rnd);
        while (!pa.isEmpty() || !pb.isEmpty()) {
            List<ObjectNode> from = pa.isEmpty() ? pb : pb.isEmpty() ? pa : rnd.nextBoolean() ? pa : pb;
            chunks.add(from.remove(0));
        }
        ChatStreamAssembler asm = new ChatStreamAssembler();
        for (ObjectNode c : chunks) assertThat(asm.acceptData(Json.write(c))).isTrue();
        assertThat(asm.acceptData("[DONE]")).isFalse();
        JsonNode calls = asm.message().get("tool_calls");
        assertThat(calls.get(0).get("function").get("arguments").asText()).isEqualTo(argsA);
        assertThat(calls.get(1).get("function").get("arguments").asText()).isEqualTo(argsB);
        assertThat(calls.get(0).get("id").asText()).isEqualTo("call_a");
        assertThat(calls.get(1).get("function").get("name").asText()).isEqualTo("lookup");
    }

    private static List<ObjectNode> pieces(int index, String s, Random rnd) {
        List<ObjectNode> out = new ArrayList<>();
        int i = 0;
        while (i < s.length()) {
            int j = Math.min(s.length(), i + 1 + rnd.nextInt(6));
            if (j < s.length() && Character.isHighSurrogate(s.charAt(j - 1))) j++;
            out.add(toolDelta(index, null, null, s.substring(i, j)));
            i = j;
        }
        return out;
    }

    @Test
    void errorPayloadInEitherShapeIsKept() throws Exception {
        ChatStreamAssembler a = new ChatStreamAssembler();
        a.acceptData("{\"object\":\"error\",\"message\":\"Unknown role: final\",\"code\":400}");
        assertThat(a.error()).isEqualTo("Unknown role: final");
    }

    @Test
    void nonJsonChunkIsMalformed() {
        ChatStreamAssembler a = new ChatStreamAssembler();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> a.acceptData("{oops"))
                .isInstanceOf(Wire.MalformedResponseException.class);
    }
}
