package dev.harmonica.turn;

import dev.harmonica.harmony.FailureMode;
import dev.harmonica.harmony.Message;
import dev.harmonica.scenario.schema.ToolValidator;
import dev.harmonica.tools.ToolSet;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * One reading of a turn's tool calls. STRICT reads names exactly as written ({@code functions.} prefix removed,
 * nothing else); LENIENT cuts leaked special-token text, trailing header words and the prefix
 * ({@link ToolValidator#sanitizedName}). A name undeclared as written but declared after cutting gives
 * {@code tool_name_leak} (and {@code unknown_tool}) in the strict reading only.
 *
 * @param calls     every call in message order
 * @param toolModes the tool-level failure modes of this reading (incl. tool_choice / parallel checks in chat)
 */
public record CallView(List<ReadCall> calls, Set<FailureMode> toolModes) {
    public CallView {
        calls = List.copyOf(calls);
        toolModes = toolModes.isEmpty() ? EnumSet.noneOf(FailureMode.class) : EnumSet.copyOf(toolModes);
    }

    /**
     * One call as this reading sees it.
     *
     * @param recipient         the recipient as written
     * @param validation        the call validated under this reading's name
     * @param declaredAsWritten the exact name (as written) is a declared tool
     */
    public record ReadCall(String recipient, ToolValidator.Validation validation, boolean declaredAsWritten) {
        /** The tool this reading calls. */
        public String name() {
            return validation.name();
        }

        public String arguments() {
            return validation.arguments();
        }
    }

    static CallView read(List<Message> messages, TurnRules rules, boolean lenient) {
        ToolValidator tools = rules.tools().validator();
        List<ReadCall> calls = new ArrayList<>();
        Set<FailureMode> modes = EnumSet.noneOf(FailureMode.class);
        List<String> names = new ArrayList<>();
        for (Message m : messages) {
            if (!isCall(m, rules.chat())) continue;
            String exact = ToolValidator.exactName(m.recipient());
            boolean declared = tools.declares(exact);
            String name = exact;
            if (!declared && tools.declares(ToolValidator.sanitizedName(m.recipient()))) {
                if (lenient) name = ToolValidator.sanitizedName(m.recipient());
                else modes.add(FailureMode.TOOL_NAME_LEAK);
            }
            ToolValidator.Validation v = tools.validate(name, m.text());
            for (String code : v.failureModes()) modes.add(FailureModes.of(code));
            calls.add(new ReadCall(m.recipient(), v, declared));
            names.add(name);
        }
        if (rules.chat()) {
            for (String code : ToolSet.toolChoiceModes(rules.toolChoice(), rules.parallelToolCalls(), names)) {
                modes.add(FailureModes.of(code));
            }
        }
        return new CallView(calls, modes);
    }

    private static boolean isCall(Message m, boolean chat) {
        if (!chat && !"assistant".equals(m.role())) return false;
        String r = m.recipient();
        return r != null && !r.equals("assistant") && !r.equals("user");
    }
}
