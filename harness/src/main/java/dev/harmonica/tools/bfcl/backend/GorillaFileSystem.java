package dev.harmonica.tools.bfcl.backend;

import dev.harmonica.tools.bfcl.py.Py;
import dev.harmonica.tools.bfcl.py.PyException;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.harmonica.tools.bfcl.backend.Method.opt;
import static dev.harmonica.tools.bfcl.backend.Method.req;

/**
 * Port of {@code GorillaFileSystem} (gorilla_file_system.py). The working directory ({@code _current_dir}) is
 * private and not part of the compared state. Reproduced quirks (ShishirPatil/gorilla bfcl_eval func_source_code (Python semantics)): {@code pwd} includes the
 * root's name, {@code cd('..')} returns {@code {}}, {@code cp} into a directory that already holds the name raises
 * ValueError, directory {@code cp} copies contents shallowly, directory {@code mv} shares contents and leaves the
 * children's parent pointers on the old object.
 */
public final class GorillaFileSystem implements BfclClass {
    private static final String INVALID_CHARS = "|/\\?%*:\"><";

    private final BfclModules modules;
    private final List<PyMethod> methods;
    private boolean longContext;
    private FsDirectory root = new FsDirectory("/", null);
    private FsDirectory currentDir = root;

    GorillaFileSystem(BfclModules modules) {
        this.modules = modules;
        this.methods = List.of(
                new Method("pwd", a -> pwd()),
                new Method("ls", a -> ls(a[0]), opt("a", false)),
                new Method("cd", a -> cd(a[0]), req("folder")),
                new Method("mkdir", a -> mkdir(a[0]), req("dir_name")),
                new Method("touch", a -> touch(a[0]), req("file_name")),
                new Method("echo", a -> echo(a[0], a[1]), req("content"), opt("file_name", null)),
                new Method("cat", a -> cat(a[0]), req("file_name")),
                new Method("find", a -> find(a[0], a[1]), opt("path", "."), opt("name", null)),
                new Method("wc", a -> wc(a[0], a[1]), req("file_name"), opt("mode", "l")),
                new Method("sort", a -> sort(a[0]), req("file_name")),
                new Method("grep", a -> grep(a[0], a[1]), req("file_name"), req("pattern")),
                new Method("du", a -> du(a[0]), opt("human_readable", false)),
                new Method("tail", a -> tail(a[0], a[1]), req("file_name"), opt("lines", 10L)),
                new Method("diff", a -> diff(a[0], a[1]), req("file_name1"), req("file_name2")),
                new Method("mv", a -> mv(a[0], a[1]), req("source"), req("destination")),
                new Method("rm", a -> rm(a[0]), req("file_name")),
                new Method("rmdir", a -> rmdir(a[0]), req("dir_name")),
                new Method("cp", a -> cp(a[0], a[1]), req("source"), req("destination")));
    }

    @Override
    public String className() {
        return "GorillaFileSystem";
    }

    @Override
    public List<PyMethod> methods() {
        return methods;
    }

    /** Attribute order of {@code vars()}: {@code long_context} is assigned before {@code root}. */
    @Override
    public LinkedHashMap<String, Object> publicState() {
        LinkedHashMap<String, Object> s = new LinkedHashMap<>();
        s.put("long_context", longContext);
        s.put("root", root);
        return s;
    }

    /** The current working directory (private in Python; exposed for diagnostics). */
    public FsDirectory currentDirectory() {
        return currentDir;
    }

    // ------------------------------------------------------------------ _load_scenario

    @Override
    public void loadScenario(Map<String, Object> config, boolean longContext) {
        try {
            load(config, longContext);
        } catch (PyException e) {
            throw new IllegalArgumentException("GorillaFileSystem initial_config: " + e.getMessage(), e);
        }
    }

    private void load(Map<String, Object> scenario, boolean lc) throws PyException {
        this.longContext = lc;
        if (lc) modules.requireLongContext();
        this.root = new FsDirectory("/", null);
        if (scenario.containsKey("root")) {
            Map<Object, Object> rootSpec = PyOps.asDict(scenario.get("root"), "keys");
            if (rootSpec.isEmpty()) throw new PyException("IndexError", "list index out of range");
            Object rootName = rootSpec.keySet().iterator().next();
            FsDirectory rootDir = new FsDirectory(rootName, null);
            this.root = loadDirectory(PyOps.getItem(PyOps.getItem(rootSpec, rootName), "contents"), rootDir);
        }
        this.currentDir = root;
    }

    /** {@code _load_directory}: builds the tree; in long-context mode pads files and bottom-most directories. */
    private FsDirectory loadDirectory(Object current, FsDirectory parent) throws PyException {
        boolean bottommost = true;
        for (Map.Entry<Object, Object> e : PyOps.asDict(current, "items").entrySet()) {
            Object name = e.getKey();
            Object data = e.getValue();
            Object type = PyOps.getItem(data, "type");
            if (Py.eq(type, "directory")) {
                bottommost = false;
                FsDirectory dir = loadDirectory(PyOps.getItem(data, "contents"), new FsDirectory(name, parent));
                parent.contents.put(name, dir);
            } else if (Py.eq(type, "file")) {
                Object content = PyOps.getItem(data, "content");
                if (longContext && !PyOps.contains(modules.constant("FILES_TAIL_USED"), name)) {
                    content = Py.add(content, modules.constant("FILE_CONTENT_EXTENSION"));
                }
                parent.contents.put(name, new FsFile(name, content));
            }
        }
        if (bottommost && longContext) {
            for (Object fileName : Py.iterate(modules.constant("POPULATE_FILE_EXTENSION"))) {
                parent.addFile(Py.str(fileName), "");
            }
        }
        return parent;
    }

    // ------------------------------------------------------------------ helpers

    private static Map<Object, Object> dict(Object... kv) {
        LinkedHashMap<Object, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put(kv[i], kv[i + 1]);
        return m;
    }

    /** {@code _validate_file_or_directory_name}: {@code any(c in name for c in '|/\\?%*:"><')}. */
    private static boolean validName(Object name) throws PyException {
        for (int i = 0; i < INVALID_CHARS.length(); i++) {
            if (PyOps.contains(name, String.valueOf(INVALID_CHARS.charAt(i)))) return false;
        }
        return true;
    }

    private boolean inCwd(Object name) throws PyException {
        return PyOps.contains(currentDir.contents, name);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static List<String> splitlines(Object content) throws PyException {
        return (List) Py.splitlines(PyOps.asStr(content, "splitlines"));
    }

    /** {@code _navigate_to_directory}: a directory, or an error dict. */
    private Object navigate(Object path) throws PyException {
        if (path == null || Py.eq(path, ".")) return currentDir;
        if (Py.eq(path, "/")) return root;
        String p = PyOps.asStr(path, "strip");
        String[] dirs = Py.strip(p, "/").split("/", -1);
        FsDirectory temp = p.startsWith("/") ? root : currentDir;
        for (String dirName : dirs) {
            Object next = temp.getItem(dirName);
            if (next instanceof FsDirectory d) {
                temp = d;
            } else {
                return dict("error", "cd: '" + p + "': No such file or directory");
            }
        }
        return temp;
    }

    // ------------------------------------------------------------------ public methods

    /** {@code pwd}: walks parent pointers to the root, root name included (the loop test is always true). */
    Object pwd() throws PyException {
        List<Object> path = new ArrayList<>();
        for (FsDirectory dir = currentDir; dir != null; dir = dir.parent) path.add(dir.name);
        Collections.reverse(path);
        return dict("current_working_directory", "/" + Py.join("/", path));
    }

    Object ls(Object a) throws PyException {
        List<Object> contents = new ArrayList<>(currentDir.contents.keySet());
        if (!Py.truthy(a)) {
            List<Object> visible = new ArrayList<>();
            for (Object item : contents) {
                if (!PyOps.asStr(item, "startswith").startsWith(".")) visible.add(item);
            }
            contents = visible;
        }
        return dict("current_directory_content", contents);
    }

    Object cd(Object folderArg) throws PyException {
        String folder = Py.rstrip(PyOps.asStr(folderArg, "rstrip"), "/");
        if (folder.isEmpty()) folder = "/";
        if (!folder.equals(".") && !folder.equals("..") && !folder.equals("/") && folder.contains("/")) {
            return dict("error", "cd: " + folder + ": Unsupported path. Only one folder level at a time is supported.");
        }
        if (folder.equals("..")) {
            if (currentDir.parent != null) {
                currentDir = currentDir.parent;
            } else if (root.equals(currentDir)) {
                return dict("error", "Current directory is already the root. Cannot go back.");
            } else {
                return dict("error", "cd: ..: No such directory");
            }
            return dict();
        }
        Object target = navigate(folder);
        if (target instanceof Map) return target;
        currentDir = (FsDirectory) target;
        return dict("current_working_directory", currentDir.name);
    }

    Object mkdir(Object dirName) throws PyException {
        if (!validName(dirName)) {
            return dict("error", "mkdir: cannot create directory '" + Py.str(dirName) + "': Invalid character");
        }
        if (inCwd(dirName)) {
            return dict("error", "mkdir: cannot create directory '" + Py.str(dirName) + "': File exists");
        }
        currentDir.addDirectory(dirName);
        return null;
    }

    Object touch(Object fileName) throws PyException {
        if (!validName(fileName)) {
            return dict("error", "touch: cannot touch '" + Py.str(fileName) + "': Invalid character");
        }
        if (inCwd(fileName)) return dict("error", "touch: cannot touch '" + Py.str(fileName) + "': File exists");
        currentDir.addFile(fileName, "");
        return null;
    }

    Object echo(Object content, Object fileName) throws PyException {
        if (fileName == null) return dict("terminal_output", content);
        if (!validName(fileName)) {
            return dict("error", "echo: cannot write to '" + Py.str(fileName) + "': Invalid character");
        }
        if (Py.truthy(fileName)) {
            if (inCwd(fileName)) {
                Object item = currentDir.getItem(fileName);
                if (item instanceof FsFile f) {
                    f.content = content;
                } else {
                    throw Py.attributeError(item, "_write");
                }
            } else {
                return dict("error", "echo: cannot write to '" + Py.str(fileName) + "': No such file");
            }
            return null;
        }
        return dict("terminal_output", content);
    }

    Object cat(Object fileName) throws PyException {
        if (!validName(fileName)) return dict("error", "cat: '" + Py.str(fileName) + "': Invalid character");
        if (inCwd(fileName)) {
            Object item = currentDir.getItem(fileName);
            if (item instanceof FsFile f) return dict("file_content", f.content);
            return dict("error", "cat: '" + Py.str(fileName) + "': Is a directory");
        }
        return dict("error", "cat: '" + Py.str(fileName) + "': No such file or directory");
    }

    Object find(Object path, Object name) throws PyException {
        Object target = navigate(path);
        if (target instanceof Map<?, ?> err) {
            Object msg = PyOps.dictGet(err, "error", "");
            String m = PyOps.asStr(msg, "startswith");
            if (m.startsWith("cd:")) return dict("error", "find:" + m.substring(3));
            return target;
        }
        List<Object> matches = new ArrayList<>();
        String base = Py.rstrip(PyOps.asStr(path, "rstrip"), "/");
        search((FsDirectory) target, base, name, matches);
        return dict("matches", matches);
    }

    private static void search(FsDirectory dir, String basePath, Object name, List<Object> matches)
            throws PyException {
        for (Map.Entry<Object, Object> e : new ArrayList<>(dir.contents.entrySet())) {
            String itemPath = basePath + "/" + Py.str(e.getKey());
            if (name == null || PyOps.contains(e.getKey(), name)) matches.add(itemPath);
            if (e.getValue() instanceof FsDirectory d) search(d, itemPath, name, matches);
        }
    }

    Object wc(Object fileName, Object mode) throws PyException {
        if (!PyOps.contains(List.of("l", "w", "c"), mode)) {
            return dict("error", "wc: invalid mode '" + Py.str(mode) + "'");
        }
        if (inCwd(fileName)) {
            Object item = currentDir.getItem(fileName);
            if (item instanceof FsFile f) {
                Object content = f.content;
                if (Py.eq(mode, "l")) return dict("count", (long) splitlines(content).size(), "type", "lines");
                if (Py.eq(mode, "w")) {
                    return dict("count", (long) Py.split(PyOps.asStr(content, "split")).size(),
                            "type", "words");
                }
                return dict("count", (long) Py.len(content), "type", "characters");
            }
        }
        return dict("error", "wc: " + Py.str(fileName) + ": No such file or directory");
    }

    Object sort(Object fileName) throws PyException {
        if (inCwd(fileName)) {
            Object item = currentDir.getItem(fileName);
            if (item instanceof FsFile f) {
                List<String> lines = new ArrayList<>(splitlines(f.content));
                lines.sort(Py::compareCodePoints);
                return dict("sorted_content", String.join("\n", lines));
            }
        }
        return dict("error", "sort: " + Py.str(fileName) + ": No such file or directory");
    }

    Object grep(Object fileName, Object pattern) throws PyException {
        if (inCwd(fileName)) {
            Object item = currentDir.getItem(fileName);
            if (item instanceof FsFile f) {
                List<Object> matching = new ArrayList<>();
                for (String line : splitlines(f.content)) {
                    if (PyOps.contains(line, pattern)) matching.add(line);
                }
                return dict("matching_lines", matching);
            }
        }
        return dict("error", "grep: " + Py.str(fileName) + ": No such file or directory");
    }

    private static long size(Object item) throws PyException {
        if (item instanceof FsFile f) {
            return PyOps.asStr(f.content, "encode").getBytes(StandardCharsets.UTF_8).length;
        }
        if (item instanceof FsDirectory d) {
            long total = 0;
            for (Object child : d.contents.values()) total += size(child);
            return total;
        }
        return 0;
    }

    Object du(Object humanReadable) throws PyException {
        long total = size(currentDir);
        String sizeStr;
        if (Py.truthy(humanReadable)) {
            // f"{total_size:.2f} {unit}", dividing by 1024 (true division) after each unit
            Object t = total;
            sizeStr = null;
            for (String unit : new String[] {"B", "KB", "MB", "GB", "TB"}) {
                if (Py.lt(t, 1024L)) {
                    sizeStr = format2f(PyOps.dbl(t)) + " " + unit;
                    break;
                }
                t = Py.truediv(t, 1024L);
            }
            if (sizeStr == null) sizeStr = format2f(PyOps.dbl(t)) + " PB";
        } else {
            sizeStr = total + " bytes";
        }
        return dict("disk_usage", sizeStr);
    }

    /** {@code f"{x:.2f}"}: the exact binary value rounded half-even. */
    static String format2f(double x) {
        if (Double.isNaN(x)) return "nan";
        if (Double.isInfinite(x)) return x > 0 ? "inf" : "-inf";
        String s = new BigDecimal(x).setScale(2, RoundingMode.HALF_EVEN).toPlainString();
        if (x < 0 || (x == 0.0 && 1 / x < 0)) {
            if (!s.startsWith("-")) s = "-" + s;
        }
        return s;
    }

    Object tail(Object fileName, Object lines) throws PyException {
        if (inCwd(fileName)) {
            Object item = currentDir.getItem(fileName);
            if (item instanceof FsFile f) {
                List<String> content = splitlines(f.content);
                long n = content.size();
                if (Py.gt(lines, n)) lines = n;
                Object start = Py.neg(lines);
                if (!Py.isIntOrBool(start)) {
                    throw PyException.typeError("slice indices must be integers or None or have an __index__ method");
                }
                long s = start instanceof Boolean b ? (b ? 1 : 0) : ((Number) start).longValue();
                if (s < 0) s = Math.max(0, s + n);
                if (s > n) s = n;
                return dict("last_lines", String.join("\n", content.subList((int) s, (int) n)));
            }
        }
        return dict("error", "tail: " + Py.str(fileName) + ": No such file or directory");
    }

    Object diff(Object fileName1, Object fileName2) throws PyException {
        if (inCwd(fileName1) && inCwd(fileName2)) {
            Object a = currentDir.getItem(fileName1);
            Object b = currentDir.getItem(fileName2);
            if (a instanceof FsFile f1 && b instanceof FsFile f2) {
                List<String> c1 = splitlines(f1.content);
                List<String> c2 = splitlines(f2.content);
                List<String> out = new ArrayList<>();
                for (int i = 0; i < Math.min(c1.size(), c2.size()); i++) {
                    if (!c1.get(i).equals(c2.get(i))) out.add("- " + c1.get(i) + "\n+ " + c2.get(i));
                }
                return dict("diff_lines", String.join("\n", out));
            }
        }
        return dict("error", "diff: " + Py.str(fileName1) + " or " + Py.str(fileName2)
                + ": No such file or directory");
    }

    private Object popFromCwd(Object name) throws PyException {
        Object k = PyOps.findKey(currentDir.contents, name);
        return currentDir.contents.remove(k);
    }

    /** The checks mv and cp share (in BFCL's Python each method spells them out): an error dict, or null. */
    private Object refuseMoveOrCopy(String cmd, String verb, Object source, Object destination) throws PyException {
        if (!inCwd(source)) {
            return dict("error", cmd + ": cannot " + verb + " '" + Py.str(source) + "': No such file or directory");
        }
        if (!(currentDir.getItem(source) instanceof FsNode)) {
            return dict("error", cmd + ": cannot " + verb + " '" + Py.str(source) + "': Not a file or directory");
        }
        if (PyOps.contains(destination, "/")) {
            return dict("error", cmd + ": path not allowed in destination. Provide only a file or directory name.");
        }
        return null;
    }

    Object mv(Object source, Object destination) throws PyException {
        Object refused = refuseMoveOrCopy("mv", "move", source, destination);
        if (refused != null) return refused;
        Object item = currentDir.getItem(source);
        if (inCwd(destination)) {
            Object dest = currentDir.getItem(destination);
            if (dest instanceof FsDirectory destDir) {
                String newDestination = Py.str(source);
                if (PyOps.contains(destDir.contents, newDestination)) {
                    return dict("error", "mv: cannot move '" + Py.str(source) + "' to '" + Py.str(destination)
                            + "/" + Py.str(source) + "': File exists");
                }
                popFromCwd(source);
                if (item instanceof FsFile f) {
                    destDir.addFile(source, f.content);
                } else {
                    destDir.addDirectory(source);
                    ((FsDirectory) PyOps.getItem(destDir.contents, source)).contents = ((FsDirectory) item).contents;
                }
                return dict("result", "'" + Py.str(source) + "' moved to '" + Py.str(destination) + "/"
                        + Py.str(source) + "'");
            }
            return dict("error", "mv: cannot move '" + Py.str(source) + "' to '" + Py.str(destination)
                    + "': Not a directory");
        }
        popFromCwd(source);
        if (item instanceof FsFile f) {
            currentDir.addFile(destination, f.content);
        } else {
            currentDir.addDirectory(destination);
            ((FsDirectory) PyOps.getItem(currentDir.contents, destination)).contents = ((FsDirectory) item).contents;
        }
        return dict("result", "'" + Py.str(source) + "' moved to '" + Py.str(destination) + "'");
    }

    Object rm(Object fileName) throws PyException {
        if (inCwd(fileName)) {
            popFromCwd(fileName);
            return dict("result", "'" + Py.str(fileName) + "' removed");
        }
        return dict("error", "rm: cannot remove '" + Py.str(fileName) + "': No such file or directory");
    }

    Object rmdir(Object dirName) throws PyException {
        if (inCwd(dirName)) {
            Object item = currentDir.getItem(dirName);
            if (item instanceof FsDirectory d) {
                if (!d.contents.isEmpty()) {
                    return dict("error", "rmdir: cannot remove '" + Py.str(dirName) + "': Directory not empty");
                }
                popFromCwd(dirName);
                return dict("result", "'" + Py.str(dirName) + "' removed");
            }
            return dict("error", "rmdir: cannot remove '" + Py.str(dirName) + "': Not a directory");
        }
        return dict("error", "rmdir: cannot remove '" + Py.str(dirName) + "': No such file or directory");
    }

    Object cp(Object source, Object destination) throws PyException {
        Object refused = refuseMoveOrCopy("cp", "copy", source, destination);
        if (refused != null) return refused;
        Object item = currentDir.getItem(source);
        if (inCwd(destination)) {
            Object dest = currentDir.getItem(destination);
            if (dest instanceof FsDirectory destDir) {
                // Python checks f"{destination}/{source}" in dest.contents, which never matches a plain name, so
                // an existing name falls through to _add_file/_add_directory and raises ValueError.
                String newDestination = Py.str(destination) + "/" + Py.str(source);
                if (PyOps.contains(destDir.contents, newDestination)) {
                    return dict("error", "cp: cannot copy '" + Py.str(source) + "' to '" + Py.str(destination)
                            + "/" + Py.str(source) + "': File exists");
                }
                if (item instanceof FsFile f) {
                    destDir.addFile(source, f.content);
                } else {
                    destDir.addDirectory(source);
                    ((FsDirectory) PyOps.getItem(destDir.contents, source)).contents =
                            new LinkedHashMap<>(((FsDirectory) item).contents);
                }
                return dict("result", "'" + Py.str(source) + "' copied to '" + Py.str(destination) + "/"
                        + Py.str(source) + "'");
            }
            return dict("error", "cp: cannot copy '" + Py.str(source) + "' to '" + Py.str(destination)
                    + "': Not a directory");
        }
        if (item instanceof FsFile f) {
            currentDir.addFile(destination, f.content);
        } else {
            currentDir.addDirectory(destination);
            ((FsDirectory) PyOps.getItem(currentDir.contents, destination)).contents =
                    new LinkedHashMap<>(((FsDirectory) item).contents);
        }
        return dict("result", "'" + Py.str(source) + "' copied to '" + Py.str(destination) + "'");
    }
}
