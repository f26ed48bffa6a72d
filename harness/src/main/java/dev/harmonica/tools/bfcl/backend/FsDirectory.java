package dev.harmonica.tools.bfcl.backend;

import dev.harmonica.tools.bfcl.py.Py;
import dev.harmonica.tools.bfcl.py.PyException;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * {@code Directory} of gorilla_file_system.py: a name, a parent pointer and a contents dict (name → node). The
 * contents map may be shared between directories, as {@code mv} shares it in Python.
 */
public final class FsDirectory implements FsNode {
    final Object name;
    final FsDirectory parent;
    LinkedHashMap<Object, Object> contents = new LinkedHashMap<>();

    FsDirectory(Object name, FsDirectory parent) {
        this.name = name;
        this.parent = parent;
    }

    @Override
    public Object name() {
        return name;
    }

    public FsDirectory parent() {
        return parent;
    }

    /** The live contents (child name → {@link FsNode}). */
    public Map<Object, Object> contents() {
        return contents;
    }

    @Override
    public String pyTypeName() {
        return "Directory";
    }

    /** {@code Directory._add_file}. */
    void addFile(Object fileName, Object content) throws PyException {
        if (PyOps.contains(contents, fileName)) {
            throw PyException.valueError("File '" + Py.str(fileName) + "' already exists in directory '"
                    + Py.str(name) + "'.");
        }
        contents.put(fileName, new FsFile(fileName, content));
    }

    /** {@code Directory._add_directory}. */
    void addDirectory(Object dirName) throws PyException {
        if (PyOps.contains(contents, dirName)) {
            throw PyException.valueError("Directory '" + Py.str(dirName) + "' already exists in directory '"
                    + Py.str(name) + "'.");
        }
        contents.put(dirName, new FsDirectory(dirName, this));
    }

    /** {@code Directory._get_item}: {@code "."} is the directory itself, else {@code contents.get(name)}. */
    Object getItem(Object itemName) throws PyException {
        if (".".equals(itemName)) return this;
        Object k = PyOps.findKey(contents, itemName);
        return k == PyOps.NOT_FOUND ? null : contents.get(k);
    }

    @Override
    public LinkedHashMap<String, Object> stateEncoding() {
        LinkedHashMap<String, Object> m = new LinkedHashMap<>();
        m.put("type", "directory");
        m.put("name", name);
        LinkedHashMap<Object, Object> c = new LinkedHashMap<>();
        for (Map.Entry<Object, Object> e : contents.entrySet()) {
            c.put(e.getKey(), e.getValue() instanceof FsNode n ? n.stateEncoding() : e.getValue());
        }
        m.put("contents", c);
        return m;
    }

    /** {@code Directory.__eq__}: same name and equal contents dicts (order-insensitive, like dict ==). */
    @Override
    public boolean equals(Object o) {
        if (this == o) return true;
        if (!(o instanceof FsDirectory d) || !Py.eq(name, d.name)) return false;
        if (contents.size() != d.contents.size()) return false;
        for (Map.Entry<Object, Object> e : contents.entrySet()) {
            Object k;
            try {
                k = PyOps.findKey(d.contents, e.getKey());
            } catch (PyException ex) {
                return false;
            }
            if (k == PyOps.NOT_FOUND) return false;
            Object a = e.getValue(), b = d.contents.get(k);
            if (a instanceof FsNode || b instanceof FsNode ? !Objects.equals(a, b) : !Py.eq(a, b)) return false;
        }
        return true;
    }

    @Override
    public int hashCode() {
        return Objects.hashCode(name);
    }

    /** {@code Directory.__repr__}: {@code <Directory: name, Parent: parent-name-or-None, Contents: {…}>}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("<Directory: ").append(Py.str(name)).append(", Parent: ")
                .append(parent != null ? Py.str(parent.name) : "None").append(", Contents: {");
        boolean first = true;
        for (Map.Entry<Object, Object> e : contents.entrySet()) {
            if (!first) sb.append(", ");
            first = false;
            sb.append(Py.repr(e.getKey())).append(": ").append(Py.repr(e.getValue()));
        }
        return sb.append("}>").toString();
    }
}
