package dev.harmonica.tools.bfcl.backend;

import dev.harmonica.tools.bfcl.py.Py;
import dev.harmonica.tools.bfcl.py.PyException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.harmonica.tools.bfcl.backend.Method.opt;
import static dev.harmonica.tools.bfcl.backend.Method.req;

/** Port of {@code TicketAPI} (ticket_api.py). */
public final class TicketAPI extends Backend {
    private Object ticketQueue;
    private Object ticketCounter;
    private Object currentUser;

    TicketAPI(BfclModules modules) {
        super(modules);
        define(
                new Method("create_ticket", a -> createTicket(a[0], a[1], a[2]), req("title"), opt("description", ""),
                        opt("priority", 1L)),
                new Method("get_ticket", a -> getTicket(a[0]), req("ticket_id")),
                new Method("close_ticket", a -> closeTicket(a[0]), req("ticket_id")),
                new Method("resolve_ticket", a -> resolveTicket(a[0], a[1]), req("ticket_id"), req("resolution")),
                new Method("edit_ticket", a -> editTicket(a[0], a[1]), req("ticket_id"), req("updates")),
                new Method("ticket_login", a -> ticketLogin(a[0], a[1]), req("username"), req("password")),
                new Method("ticket_get_login_status", a -> dict("login_status", Py.truthy(currentUser))),
                new Method("logout", a -> logout()),
                new Method("get_user_tickets", a -> getUserTickets(a[0]), opt("status", null)));
    }

    @Override
    public String className() {
        return "TicketAPI";
    }

    @Override
    protected void load(Map<String, Object> scenario, boolean longContext) {
        ticketQueue = get(scenario, "ticket_queue", new ArrayList<>());
        ticketCounter = get(scenario, "ticket_counter", 1L);
        currentUser = get(scenario, "current_user", null);
    }

    @Override
    public LinkedHashMap<String, Object> publicState() {
        LinkedHashMap<String, Object> s = new LinkedHashMap<>();
        s.put("ticket_queue", ticketQueue);
        s.put("ticket_counter", ticketCounter);
        s.put("current_user", currentUser);
        return s;
    }

    private static String notFound(Object id) {
        return "Ticket with ID " + Py.str(id) + " not found.";
    }

    /** {@code _find_ticket}: the first ticket whose {@code ["id"]} equals; KeyError for tickets without an id. */
    private Object findTicket(Object ticketId) throws PyException {
        for (Object ticket : Py.iterate(ticketQueue)) {
            if (Py.eq(PyOps.getItem(ticket, "id"), ticketId)) return ticket;
        }
        return null;
    }

    Object createTicket(Object title, Object description, Object priority) throws PyException {
        if (!Py.truthy(currentUser)) return error("User not authenticated. Please log in to create a ticket.");
        if (Py.lt(priority, 1L) || Py.gt(priority, 5L)) {
            return error("Invalid priority. Priority must be between 1 and 5.");
        }
        LinkedHashMap<Object, Object> ticket = dict("id", ticketCounter, "title", title, "description", description,
                "status", "Open", "priority", priority, "created_by", currentUser);
        append(ticketQueue, ticket);
        ticketCounter = Py.add(ticketCounter, 1L);
        return ticket;
    }

    Object getTicket(Object ticketId) throws PyException {
        Object ticket = findTicket(ticketId);
        if (!Py.truthy(ticket)) return error(notFound(ticketId));
        return ticket;
    }

    Object closeTicket(Object ticketId) throws PyException {
        Object ticket = findTicket(ticketId);
        if (!Py.truthy(ticket)) return error(notFound(ticketId));
        if (Py.eq(PyOps.getItem(ticket, "status"), "Closed")) {
            return error("Ticket with ID " + Py.str(ticketId) + " is already closed.");
        }
        PyOps.setItem(ticket, "status", "Closed");
        return dict("status", "Ticket " + Py.str(ticketId) + " has been closed successfully.");
    }

    Object resolveTicket(Object ticketId, Object resolution) throws PyException {
        Object ticket = findTicket(ticketId);
        if (!Py.truthy(ticket)) return error(notFound(ticketId));
        if (Py.eq(PyOps.getItem(ticket, "status"), "Resolved")) {
            return error("Ticket with ID " + Py.str(ticketId) + " is already resolved.");
        }
        PyOps.setItem(ticket, "status", "Resolved");
        PyOps.setItem(ticket, "resolution", resolution);
        return dict("status", "Ticket " + Py.str(ticketId) + " has been resolved successfully.");
    }

    private static final Set<String> VALID_FIELDS = Set.of("title", "description", "status", "priority");

    Object editTicket(Object ticketId, Object updates) throws PyException {
        Object ticket = findTicket(ticketId);
        if (!Py.truthy(ticket)) return error(notFound(ticketId));
        Map<Object, Object> u = PyOps.asDict(updates, "keys");
        // set(updates.keys()) - valid_fields, joined in CPython's set iteration order (PYTHONHASHSEED=0); keys that
        // are not all str keep insertion order (their hash order is not reproduced)
        LinkedHashSet<Object> invalid = new LinkedHashSet<>();
        boolean allStr = true;
        for (Object k : u.keySet()) {
            if (!(k instanceof String s && VALID_FIELDS.contains(s))) invalid.add(k);
            if (!(k instanceof String)) allStr = false;
        }
        if (!invalid.isEmpty()) {
            List<Object> ordered;
            if (allStr) {
                List<String> ks = new ArrayList<>();
                for (Object k : u.keySet()) ks.add((String) k);
                ordered = new ArrayList<>(CPythonStrSet.difference(ks, VALID_FIELDS));
            } else {
                ordered = new ArrayList<>(invalid);
            }
            return error("Invalid fields for update: " + Py.join(", ", ordered));
        }
        for (Map.Entry<Object, Object> e : new ArrayList<>(u.entrySet())) {
            if (e.getValue() != null) PyOps.setItem(ticket, e.getKey(), e.getValue());
        }
        return dict("status", "Ticket " + Py.str(ticketId) + " has been updated successfully.");
    }

    Object ticketLogin(Object username, Object password) {
        if (Py.truthy(username) && Py.truthy(password)) {
            currentUser = username;
            return dict("success", true);
        }
        return dict("success", false);
    }

    Object logout() {
        if (Py.truthy(currentUser)) {
            currentUser = null;
            return dict("success", true);
        }
        return dict("success", false);
    }

    Object getUserTickets(Object status) throws PyException {
        if (!Py.truthy(currentUser)) {
            return new ArrayList<>(List.of(error("User not authenticated. Please log in to view tickets.")));
        }
        List<Object> mine = new ArrayList<>();
        for (Object t : Py.iterate(ticketQueue)) {
            if (Py.eq(PyOps.getItem(t, "created_by"), currentUser)) mine.add(t);
        }
        if (Py.truthy(status)) {
            List<Object> filtered = new ArrayList<>();
            for (Object t : mine) {
                if (PyOps.lower(PyOps.getItem(t, "status")).equals(PyOps.lower(status))) filtered.add(t);
            }
            mine = filtered;
        }
        return mine;
    }
}
