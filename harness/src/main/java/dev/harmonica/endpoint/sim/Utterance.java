package dev.harmonica.endpoint.sim;

import java.util.Objects;

/**
 * One thing said in a conversation as the simulator recognises it, whatever wire shape carried it (chat messages,
 * Responses input items, a rendered harmony prompt). System and developer messages and reasoning are not
 * utterances: a conversation is recognised by what its user said and what the model did.
 * {@link #at()} is the index of the request message (or input item) it came from, for error messages.
 */
sealed interface Utterance {
    int at();

    /** A user message's text. */
    record User(String text, int at) implements Utterance {
        public User {
            Objects.requireNonNull(text, "text");
        }
    }

    /** One tool call the model made: its name (no {@code functions.} prefix) and its arguments as sent. */
    record Call(String name, String arguments, int at) implements Utterance {
        public Call {
            Objects.requireNonNull(name, "name");
            arguments = arguments == null ? "" : arguments;
        }
    }

    /** A text answer of the model (no tool call): a final answer or a preamble. */
    record Reply(String text, int at) implements Utterance {
        public Reply {
            Objects.requireNonNull(text, "text");
        }
    }

    /** A tool's result. */
    record ToolResult(String text, int at) implements Utterance {
        public ToolResult {
            Objects.requireNonNull(text, "text");
        }
    }
}
