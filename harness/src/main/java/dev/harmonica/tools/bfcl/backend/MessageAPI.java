package dev.harmonica.tools.bfcl.backend;

import dev.harmonica.tools.bfcl.py.Py;
import dev.harmonica.tools.bfcl.py.PyException;
import dev.harmonica.tools.bfcl.py.PyRandom;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

import static dev.harmonica.tools.bfcl.backend.Method.req;

/** Port of {@code MessageAPI} (message_api.py). Message ids come from {@code random.Random(200191)} by default. */
public final class MessageAPI extends Backend {
    private PyRandom random;
    private Object generatedIds;
    private Object userCount;
    private Object userMap;
    private Object inbox;
    private Object messageCount;
    private Object currentUser;

    MessageAPI(BfclModules modules) {
        super(modules);
        define(
                new Method("list_users", a -> listUsers()),
                new Method("get_user_id", a -> getUserId(a[0]), req("user")),
                new Method("message_login", a -> messageLogin(a[0]), req("user_id")),
                new Method("message_get_login_status", a -> dict("login_status", Py.truthy(currentUser))),
                new Method("send_message", a -> sendMessage(a[0], a[1]), req("receiver_id"), req("message")),
                new Method("delete_message", a -> deleteMessage(a[0]), req("receiver_id")),
                new Method("view_messages_sent", a -> viewMessagesSent()),
                new Method("add_contact", a -> addContact(a[0]), req("user_name")),
                new Method("search_messages", a -> searchMessages(a[0]), req("keyword")),
                new Method("get_message_stats", a -> getMessageStats()));
    }

    @Override
    public String className() {
        return "MessageAPI";
    }

    /** {@code DEFAULT_STATE} of message_api.py. */
    private static Map<String, Object> defaults() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("generated_ids", new LinkedHashSet<>());
        d.put("user_count", 4L);
        d.put("user_map", dict("Alice", "USR001", "Bob", "USR002", "Catherine", "USR003", "Daniel", "USR004"));
        d.put("inbox", new ArrayList<>(List.of(dict("USR002", "My name is Alice. I want to connect."),
                dict("USR003", "Could you upload the file?"), dict("USR004", "Could you upload the file?"))));
        d.put("message_count", 3L);
        d.put("current_user", null);
        return d;
    }

    @Override
    protected void load(Map<String, Object> scenario, boolean longContext) throws PyException {
        Map<String, Object> d = defaults();
        random = rng(get(scenario, "random_seed", 200191L));
        generatedIds = get(scenario, "generated_ids", d.get("generated_ids"));
        userCount = get(scenario, "user_count", d.get("user_count"));
        userMap = get(scenario, "user_map", d.get("user_map"));
        inbox = get(scenario, "inbox", d.get("inbox"));
        messageCount = get(scenario, "message_count", d.get("message_count"));
        currentUser = get(scenario, "current_user", d.get("current_user"));
    }

    @Override
    public LinkedHashMap<String, Object> publicState() {
        LinkedHashMap<String, Object> s = new LinkedHashMap<>();
        s.put("generated_ids", generatedIds);
        s.put("user_count", userCount);
        s.put("user_map", userMap);
        s.put("inbox", inbox);
        s.put("message_count", messageCount);
        s.put("current_user", currentUser);
        return s;
    }

    /** {@code _generate_id}: {@code randint(10000, 99999)} until unused; returns {@code {"new_id": id}}. */
    private Object generateId() throws PyException {
        long id = random.randint(10000, 99999);
        while (PyOps.contains(generatedIds, id)) id = random.randint(10000, 99999);
        setAdd(generatedIds, id);
        return dict("new_id", id);
    }

    private List<Object> userMapValues() throws PyException {
        return new ArrayList<>(PyOps.asDict(userMap, "values").values());
    }

    Object listUsers() throws PyException {
        return dict("user_list", new ArrayList<>(PyOps.asDict(userMap, "keys").keySet()));
    }

    Object getUserId(Object user) throws PyException {
        if (!PyOps.contains(userMap, user)) return error("User '" + Py.str(user) + "' not found in the workspace.");
        return dict("user_id", PyOps.dictGet(userMap, user, null));
    }

    Object messageLogin(Object userId) throws PyException {
        if (!PyOps.contains(userMapValues(), userId)) {
            return dict("login_status", false, "message", "User ID '" + Py.str(userId) + "' not found.");
        }
        currentUser = userId;
        return dict("login_status", true, "message", "User '" + Py.str(userId) + "' logged in successfully.");
    }

    Object sendMessage(Object receiverId, Object message) throws PyException {
        if (!Py.truthy(currentUser)) return error("No user is currently logged in.");
        if (!PyOps.contains(userMapValues(), receiverId)) {
            return error("Receiver ID '" + Py.str(receiverId) + "' not found.");
        }
        Object messageId = generateId();
        PyOps.requireHashable(receiverId);
        append(inbox, dict(receiverId, message));
        messageCount = Py.add(messageCount, 1L);
        return dict("sent_status", true, "message_id", messageId,
                "message", "Message sent to '" + Py.str(receiverId) + "' successfully.");
    }

    Object deleteMessage(Object receiverId) throws PyException {
        if (!Py.truthy(currentUser)) return error("No user is currently logged in.");
        List<Object> reversed = Py.iterate(PyOps.asList(inbox, "__getitem__"));
        Collections.reverse(reversed);
        for (Object message : reversed) {
            Object receiver = firstItem(message)[0];
            if (Py.eq(receiver, receiverId)) {
                PyOps.listRemove(PyOps.asList(inbox, "remove"), message);
                return dict("deleted_status", true, "receiver_id", receiver,
                        "message", "Receiver " + Py.str(receiverId) + "'s latest message deleted successfully.");
            }
        }
        return error("Receiver ID " + Py.str(receiverId) + " not found.");
    }

    Object viewMessagesSent() throws PyException {
        if (!Py.truthy(currentUser)) return error("No user is currently logged in.");
        LinkedHashMap<Object, Object> sent = new LinkedHashMap<>();
        for (Object message : Py.iterate(inbox)) {
            Object[] item = firstItem(message);
            if (!PyOps.contains(sent, item[0])) {
                ArrayList<Object> list = new ArrayList<>();
                list.add(item[1]);
                PyOps.requireHashable(item[0]);
                sent.put(item[0], list);
            } else {
                PyOps.asList(PyOps.getItem(sent, item[0]), "append").add(item[1]);
            }
        }
        return dict("messages", sent);
    }

    Object addContact(Object userName) throws PyException {
        if (PyOps.contains(userMap, userName)) return error("User name '" + Py.str(userName) + "' already exists.");
        userCount = Py.add(userCount, 1L);
        String userId = "USR" + zfill(Py.str(userCount), 3);
        if (PyOps.contains(userMapValues(), userId)) return error("User ID '" + userId + "' already exists.");
        PyOps.setItem(PyOps.asDict(userMap, "__setitem__"), userName, userId);
        return dict("added_status", true, "user_id", userId,
                "message", "Contact '" + Py.str(userName) + "' added successfully.");
    }

    Object searchMessages(Object keyword) throws PyException {
        if (!Py.truthy(currentUser)) return error("No user is currently logged in.");
        String kw = PyOps.lower(keyword);
        List<Object> results = new ArrayList<>();
        for (Object messageData : Py.iterate(inbox)) {
            Object[] item = firstItem(messageData);
            if (PyOps.lower(item[1]).contains(kw)) {
                results.add(dict("receiver_id", item[0], "message", item[1]));
            }
        }
        return dict("results", results);
    }

    Object getMessageStats() throws PyException {
        if (!Py.truthy(currentUser)) return error("No user is currently logged in.");
        long received = 0;
        LinkedHashSet<Object> contacts = new LinkedHashSet<>();
        for (Object messageData : Py.iterate(inbox)) {
            Object[] item = firstItem(messageData);
            received++;
            setAdd(contacts, item[0]);
        }
        return dict("stats", dict("received_count", received, "total_contacts", (long) contacts.size()));
    }
}
