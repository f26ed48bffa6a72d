package dev.harmonica.scenario.swe;

import com.fasterxml.jackson.databind.JsonNode;
import dev.harmonica.scenario.swe.SweScenario.Step;

import java.util.List;
import java.util.Map;

/**
 * A scenario as one importer read it, before tool completion and validation ({@code TrajectoryImporter.finish}).
 *
 * @param source   where it came from: file label, JSON Lines line, source format
 * @param content  what it holds
 * @param warnings importer findings so far
 */
record Draft(String id, Source source, Content content, Map<String, String> meta, List<String> warnings) {

    /** The file, the JSON Lines line (or null) and the importer. */
    record Source(String label, Integer line, SweFormat format) {
    }

    /** The action format, the tools as recorded (or defaults), the prompt and the steps. */
    record Content(ActionFormat actionFormat, List<JsonNode> tools, List<JsonNode> prompt, List<Step> steps) {
    }

    Draft withId(String newId) {
        return new Draft(newId, source, content, meta, warnings);
    }
}
