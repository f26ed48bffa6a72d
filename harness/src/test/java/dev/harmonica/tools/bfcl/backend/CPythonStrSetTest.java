package dev.harmonica.tools.bfcl.backend;

import dev.harmonica.tools.bfcl.py.Py;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Values observed with CPython 3.11 under PYTHONHASHSEED=0 (the setting BFCL's fixtures were produced with). */
class CPythonStrSetTest {
    @Test
    void strHashesMatchCPython() {
        assertThat(CPythonStrSet.hash("")).isZero();
        assertThat(CPythonStrSet.hash("a")).isEqualTo(4644417185603328019L);
        assertThat(CPythonStrSet.hash("abc")).isEqualTo(-4594863902769663758L);
        assertThat(CPythonStrSet.hash("description")).isEqualTo(7879570129706684285L);
        assertThat(CPythonStrSet.hash("Ünï")).isEqualTo(-9061113341236945840L);
        assertThat(CPythonStrSet.hash("✓x")).isEqualTo(-6602584278570285164L);
        assertThat(CPythonStrSet.hash("😀")).isEqualTo(-3536540696076613844L);
    }

    private static final Set<String> VALID = Set.of("title", "description", "status", "priority");

    @Test
    void setDifferenceIteratesInCPythonOrder() {
        assertThat(CPythonStrSet.difference(List.of("bar", "title", "description", "bogus", "assignee"), VALID))
                .containsExactly("bar", "assignee", "bogus");
        assertThat(CPythonStrSet.difference(List.of("priority", "Ünï", "foo", "k", "due", "bogus",
                "long_key_name_here", "description", "assignee"), VALID))
                .containsExactly("assignee", "long_key_name_here", "bogus", "due", "k", "Ünï", "foo");
        assertThat(CPythonStrSet.difference(List.of("bar", "foo", "assignee", "x", "priority", "status", "a", "b"),
                VALID)).containsExactly("x", "assignee", "bar", "b", "a", "foo");
        assertThat(CPythonStrSet.difference(List.of("b", "bar", "z1", "a"), VALID)).containsExactly("a", "z1", "b", "bar");
        assertThat(CPythonStrSet.difference(List.of("long_key_name_here", "Ünï", "x", "title", "b", "a", "k", "bogus"),
                VALID)).containsExactly("x", "long_key_name_here", "bogus", "k", "b", "Ünï", "a");
    }

    @Test
    void editTicketJoinsInvalidFieldsInHashOrder() {
        Map<String, Object> cfg = new LinkedHashMap<>();
        cfg.put("ticket_queue", new ArrayList<>(List.of(Py.dict("id", 1L,
                "status", "Open"))));
        BfclClass t = BackendBehaviourTest.load("TicketAPI", cfg);
        assertThat(BackendBehaviourTest.call(t, "edit_ticket", 1L, Py.dict("b", 1L, "bar", 2L,
                "z1", 3L, "a", 4L))).isEqualTo("{\"error\": \"Invalid fields for update: a, z1, b, bar\"}");
    }
}
