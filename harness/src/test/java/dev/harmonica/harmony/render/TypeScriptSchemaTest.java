package dev.harmonica.harmony.render;

import org.junit.jupiter.api.Test;

import static dev.harmonica.harmony.render.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;

/** The JSON-Schema→TypeScript quirks of openai/harmony v0.0.8 (src/encoding.rs). */
class TypeScriptSchemaTest {
    private static String ts(String schema) {
        return TypeScriptSchema.render(json(schema));
    }

    @Test
    void nestedObjectDescriptionIsPrintedTwiceWithUnindentedOpeningBrace() {
        String schema = "{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"object\",\"description\":\"nested obj\","
                + "\"properties\":{\"b\":{\"type\":\"number\"},\"c\":{\"type\":\"array\"}},\"required\":[\"b\"]}},\"required\":[\"a\"]}";
        assertThat(ts(schema)).isEqualTo("{\n// nested obj\na:     // nested obj\n{\n    b: number,\n    c?: Array<any>,\n    },\n}");
    }

    @Test
    void arrayOfOneOfPutsBracketsAfterTheLastVariant() {
        String schema = "{\"type\":\"object\",\"properties\":{\"g\":{\"type\":\"array\",\"items\":{\"oneOf\":[{\"type\":\"string\"},{\"type\":\"number\"}]}}}}";
        assertThat(ts(schema)).isEqualTo("{\ng?: \n     | string\n     | number[],\n}");
    }

    @Test
    void objectWithoutPropertiesIsAnEmptyBlock() {
        assertThat(ts("{\"type\":\"object\"}")).isEqualTo("{\n}");
    }

    @Test
    void topLevelOneOfStartsEveryVariantOnANewLine() {
        String schema = "{\"oneOf\":[{\"type\":\"string\",\"description\":\"a name\",\"default\":\"x\"},"
                + "{\"type\":\"integer\",\"nullable\":true,\"default\":3},{\"type\":\"string\",\"enum\":[\"p\"],\"default\":\"p\"}]}";
        // non-enum string default quoted by hand; enum string default printed as JSON (quoted too); numbers as JSON
        assertThat(ts(schema)).isEqualTo("\n | string // a name default: \"x\"\n | number | null // default: 3\n | \"p\" // default: \"p\"");
    }

    @Test
    void propertyOneOfHasItsOwnDescriptionAndDefaultRules() {
        String schema = "{\"type\":\"object\",\"properties\":{\"v\":{\"description\":\"a oneof\",\"default\":20,"
                + "\"oneOf\":[{\"type\":\"string\",\"description\":\"first\",\"default\":\"d\"},{\"type\":\"number\",\"description\":\"a oneof\"},"
                + "{\"type\":\"string\",\"enum\":[\"e\"],\"default\":\"e\",\"nullable\":true}]}}}";
        assertThat(ts(schema)).isEqualTo("{\n// a oneof\n// default: 20\nv?:\n | string // default: \"d\"\n | number\n"
                + " | \"e\" | null // default: e\n,\n}");
    }

    @Test
    void propertyDescriptionEqualToFirstVariantsIsNotRepeatedAbove() {
        String schema = "{\"type\":\"object\",\"properties\":{\"v\":{\"description\":\"same\","
                + "\"oneOf\":[{\"type\":\"string\",\"description\":\"same\"},{\"type\":\"boolean\",\"description\":\"other\"}]}},\"required\":[\"v\"]}";
        assertThat(ts(schema)).isEqualTo("{\nv:\n | string\n | boolean // other\n,\n}");
    }

    @Test
    void defaultsCommentsDependOnEnumAndType() {
        String schema = "{\"type\":\"object\",\"properties\":{"
                + "\"s\":{\"type\":\"string\",\"default\":\"q\\\"uote\"},"
                + "\"e\":{\"type\":\"string\",\"enum\":[\"x\",1,\"y\"],\"default\":\"x\"},"
                + "\"f\":{\"type\":\"number\",\"default\":1.0},"
                + "\"i\":{\"type\":\"integer\",\"default\":-1},"
                + "\"big\":{\"type\":\"number\",\"default\":1e16},"
                + "\"tiny\":{\"type\":\"number\",\"default\":0.00001},"
                + "\"o\":{\"type\":\"object\",\"default\":{\"a\":[1,2],\"b\":\"c\\n\"}},"
                + "\"n\":{\"type\":\"string\",\"default\":null}}}";
        assertThat(ts(schema)).isEqualTo("{\n"
                + "s?: string, // default: \"q\"uote\"\n"
                + "e?: \"x\" | \"y\", // default: x\n"
                + "f?: number, // default: 1.0\n"
                + "i?: number, // default: -1\n"
                + "big?: number, // default: 1e16\n"
                + "tiny?: number, // default: 0.00001\n"
                + "o?: {\n    }, // default: {\"a\":[1,2],\"b\":\"c\\n\"}\n"
                + "n?: string, // default: null\n"
                + "}");
    }

    @Test
    void titleExamplesAndMultiLineDescriptions() {
        String schema = "{\"type\":\"object\",\"properties\":{"
                + "\"t\":{\"type\":\"string\",\"title\":\"T\",\"description\":\"line1\\nline2\",\"examples\":[\"a\",3]},"
                + "\"x\":{\"type\":\"boolean\",\"examples\":[1,2]}},\"required\":[\"t\",\"x\"]}";
        assertThat(ts(schema)).isEqualTo("{\n// T\n//\n// line1\nline2\n// Examples:\n// - \"a\"\nt: string,\n"
                + "// Examples:\nx: boolean,\n}");
    }

    @Test
    void typeArraysUnsupportedKeywordsAndNullable() {
        String schema = "{\"type\":\"object\",\"properties\":{"
                + "\"a\":{\"type\":[\"integer\",\"string\",7,\"null\"]},"
                + "\"b\":{\"anyOf\":[{\"type\":\"string\"}]},"
                + "\"c\":{\"$ref\":\"#/defs/x\"},"
                + "\"d\":{\"enum\":[\"x\"]},"
                + "\"e\":{\"type\":\"string\",\"nullable\":true},"
                + "\"f\":{\"type\":[\"string\",\"null\"],\"nullable\":true},"
                + "\"g\":{\"type\":\"null\"},"
                + "\"h\":{\"type\":[]},"
                + "\"i\":true}}";
        assertThat(ts(schema)).isEqualTo("{\na?: number | string | null,\nb?: any,\nc?: any,\nd?: any,\ne?: string | null,\n"
                + "f?: string | null,\ng?: any,\nh?: any,\ni?: any,\n}");
    }

    @Test
    void stringsAreNeverEscaped() {
        assertThat(ts("{\"type\":\"string\",\"enum\":[\"a\\\"b\",\"<|end|>\"]}")).isEqualTo("\"a\"b\" | \"<|end|>\"");
    }

    @Test
    void nullMembersArePresent() {
        // serde's Value::get returns Some(Null): a null oneOf suppresses the description line and the default comment
        String schema = "{\"type\":\"object\",\"properties\":{\"p\":{\"type\":\"string\",\"oneOf\":null,\"description\":\"d\",\"default\":\"x\"},"
                + "\"q\":{\"type\":\"array\",\"items\":null}}}";
        assertThat(ts(schema)).isEqualTo("{\np?: string,\nq?: any[],\n}");
    }
}
