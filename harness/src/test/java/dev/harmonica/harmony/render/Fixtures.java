package dev.harmonica.harmony.render;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.harmonica.harmony.Content.ToolDescription;
import dev.harmonica.harmony.Content.ToolNamespaceConfig;
import dev.harmonica.harmony.Content;
import dev.harmonica.harmony.Utf8Order;
import dev.harmonica.testing.SharedData;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Builders mirroring openai/harmony's SystemContent/DeveloperContent builders for the upstream test files
 * (openai/harmony v0.0.8 src/chat.rs; openai/harmony test_data/). The built-in browser/python namespace texts are read from the shared test files
 * (never copied into the project); their schemas are the ones listed in openai/harmony test_data/.
 */
final class Fixtures {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String IDENTITY = "You are ChatGPT, a large language model trained by OpenAI.";

    static final String BROWSER_SEARCH_SCHEMA = "{\"type\":\"object\",\"properties\":{\"query\":{\"type\":\"string\"},"
            + "\"topn\":{\"type\":\"number\",\"default\":10},\"source\":{\"type\":\"string\"}},\"required\":[\"query\"]}";
    static final String BROWSER_OPEN_SCHEMA = "{\"type\":\"object\",\"properties\":{\"id\":{\"type\":[\"number\",\"string\"],"
            + "\"default\":-1},\"cursor\":{\"type\":\"number\",\"default\":-1},\"loc\":{\"type\":\"number\",\"default\":-1},"
            + "\"num_lines\":{\"type\":\"number\",\"default\":-1},\"view_source\":{\"type\":\"boolean\",\"default\":false},"
            + "\"source\":{\"type\":\"string\"}}}";
    static final String BROWSER_FIND_SCHEMA = "{\"type\":\"object\",\"properties\":{\"pattern\":{\"type\":\"string\"},"
            + "\"cursor\":{\"type\":\"number\",\"default\":-1}},\"required\":[\"pattern\"]}";

    private Fixtures() {
    }

    static JsonNode json(String s) {
        try {
            return JSON.readTree(s);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The upstream comparison convention: CRLF → LF, trailing whitespace stripped. */
    static String expectedText(Path p) {
        return read(p).replace("\r\n", "\n").stripTrailing();
    }

    static Content.SystemContent system(String identity, Content.ReasoningEffort effort, String date, String cutoff,
                                        Content.ChannelConfig channels, SortedMap<String, ToolNamespaceConfig> tools) {
        return new Content.SystemContent(identity, effort, tools, date, cutoff, channels);
    }

    /** {@code SystemContent.new()} with a date and tools. */
    static Content.SystemContent defaultsWith(Content.ReasoningEffort effort, String date,
                                              SortedMap<String, ToolNamespaceConfig> tools) {
        Content.SystemContent d = Content.SystemContent.defaults();
        return new Content.SystemContent(d.modelIdentity(), effort, tools, date, d.knowledgeCutoff(), d.channelConfig());
    }

    static SortedMap<String, ToolNamespaceConfig> namespaces(ToolNamespaceConfig... configs) {
        SortedMap<String, ToolNamespaceConfig> map = new TreeMap<>(Utf8Order.COMPARATOR);
        for (ToolNamespaceConfig c : configs) map.put(c.name(), c);
        return map;
    }

    /** {@code DeveloperContent.new().with_function_tools(tools)}. */
    static Content.DeveloperContent functions(String instructions, List<ToolDescription> tools) {
        return new Content.DeveloperContent(instructions, namespaces(new ToolNamespaceConfig("functions", null, tools)));
    }

    /** {@code ToolNamespaceConfig::browser()}: description texts from {@code test_browser_tool_only.txt}. */
    static ToolNamespaceConfig browser() {
        String file = read(SharedData.require("harmony/test_data/test_browser_tool_only.txt"));
        int start = file.indexOf("## browser\n\n") + "## browser\n\n".length();
        int end = file.indexOf("namespace browser {", start);
        String nsDescription = stripCommentPrefix(file.substring(start, end));
        List<ToolDescription> tools = new ArrayList<>();
        String[][] toolSpecs = {{"search", BROWSER_SEARCH_SCHEMA}, {"open", BROWSER_OPEN_SCHEMA}, {"find", BROWSER_FIND_SCHEMA}};
        int pos = end;
        for (String[] spec : toolSpecs) {
            int typeLine = file.indexOf("type " + spec[0] + " = ", pos);
            int descStart = file.lastIndexOf("\n\n", typeLine) + 2;
            tools.add(new ToolDescription(spec[0], stripCommentPrefix(file.substring(descStart, typeLine)), json(spec[1])));
            pos = typeLine;
        }
        return new ToolNamespaceConfig("browser", nsDescription, tools);
    }

    /** {@code ToolNamespaceConfig::python()}: the raw description from {@code test_browser_and_python_tool.txt}. */
    static ToolNamespaceConfig python() {
        String file = read(SharedData.require("harmony/test_data/test_browser_and_python_tool.txt"));
        int start = file.indexOf("## python\n\n") + "## python\n\n".length();
        int end = file.indexOf("\n\n# Valid channels", start);
        return new ToolNamespaceConfig("python", file.substring(start, end), List.of());
    }

    private static String stripCommentPrefix(String block) {
        StringBuilder sb = new StringBuilder();
        for (String line : block.split("\n")) {
            if (line.isEmpty()) continue;
            if (!line.startsWith("// ")) throw new IllegalStateException("unexpected line in test file: " + line);
            if (sb.length() > 0) sb.append('\n');
            sb.append(line.substring(3));
        }
        return sb.toString();
    }
}
