package dev.harmonica.scenario.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ToolValidatorTest {
    static final ObjectMapper M = new ObjectMapper();

    static JsonNode tools(String json) {
        try {
            return M.readTree(json);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    final ToolValidator v = ToolValidator.of(tools("""
            [{"type":"function","function":{"name":"get","parameters":{"type":"object",
               "properties":{"key":{"type":"string"}},"required":["key"]}}},
             {"name":"ping"},
             {"type":"function","function":{"name":"odd","parameters":{"type":"object","properties":{"x":{"$ref":"#/nope"}}}}}]"""));

    @Test
    void namesAreExact() {
        assertThat(v.names()).containsExactly("get", "ping", "odd");
        assertThat(v.validate("get", "{\"key\":\"a\"}").ok()).isTrue();
        ToolValidator.Validation unknown = v.validate("get<|channel|>commentary", "{\"key\":\"a\"}");
        assertThat(unknown.validName()).isFalse();
        assertThat(unknown.failureModes()).containsExactly("unknown_tool");
        assertThat(unknown.schemaErrors()).isEmpty();
    }

    @Test
    void argumentsMustBeOneWholeJsonObjectMatchingTheSchema() {
        assertThat(v.validate("get", "{\"key\":\"a\"}}").failureModes()).as("trailing tokens").containsExactly("invalid_json_arguments");
        assertThat(v.validate("get", "").failureModes()).as("empty text is not JSON").containsExactly("invalid_json_arguments");
        assertThat(v.validate("get", "[1]").failureModes()).as("not an object").containsExactly("schema_mismatch");
        ToolValidator.Validation missing = v.validate("get", "{}");
        assertThat(missing.failureModes()).containsExactly("schema_mismatch");
        assertThat(missing.schemaErrors()).singleElement().asString().contains("required property 'key' not found");
        assertThat(v.validate("ping", "{\"anything\":1}").ok()).as("no parameters = any object").isTrue();
        assertThat(v.validate("nope", "{").failureModes()).containsExactly("unknown_tool", "invalid_json_arguments");
    }

    @Test
    void anUncompilableSchemaIsReportedNotFatal() {
        ToolValidator.Validation r = v.validate("odd", "{\"x\":1}");
        assertThat(r.validName()).isTrue();
        assertThat(r.schemaChecked()).isFalse();
        assertThat(r.failureModes()).isEmpty();
        assertThat(r.errors()).singleElement().asString().contains("schema of tool 'odd'").contains("not checked");
    }

    @Test
    void sanitizedNamesCutLeakedTokensHeaderWordsAndTheNamespace() {
        assertThat(ToolValidator.sanitizedName("functions.submit<|channel|>commentary")).isEqualTo("submit");
        assertThat(ToolValidator.sanitizedName(" functions.bash json")).isEqualTo("bash");
        assertThat(ToolValidator.sanitizedName("get")).isEqualTo("get");
        assertThat(ToolValidator.exactName("functions.submit<|channel|>commentary")).isEqualTo("submit<|channel|>commentary");
        assertThat(ToolValidator.exactName("browser.search")).isEqualTo("browser.search");
        assertThat(ToolValidator.of(List.of()).isEmpty()).isTrue();
    }
}
