package dev.harmonica.tools.bfcl.backend;

import dev.harmonica.tools.bfcl.py.Py;

import java.util.LinkedHashMap;
import java.util.Objects;

/** {@code File} of gorilla_file_system.py: a name and a content (normally a str; Python does not check). */
public final class FsFile implements FsNode {
    final Object name;
    Object content;

    FsFile(Object name, Object content) {
        this.name = name;
        this.content = content;
    }

    @Override
    public Object name() {
        return name;
    }

    public Object content() {
        return content;
    }

    @Override
    public String pyTypeName() {
        return "File";
    }

    @Override
    public LinkedHashMap<String, Object> stateEncoding() {
        LinkedHashMap<String, Object> m = new LinkedHashMap<>();
        m.put("type", "file");
        m.put("name", name);
        m.put("content", content);
        return m;
    }

    /** {@code File.__eq__}: same name and content. */
    @Override
    public boolean equals(Object o) {
        return o instanceof FsFile f && Py.eq(name, f.name) && Py.eq(content, f.content);
    }

    @Override
    public int hashCode() {
        return Objects.hashCode(name);
    }

    /** {@code File.__repr__}: {@code <<File: name, Content: content>>} (f-string, so str() of both). */
    @Override
    public String toString() {
        return "<<File: " + Py.str(name) + ", Content: " + Py.str(content) + ">>";
    }
}
