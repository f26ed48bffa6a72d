package dev.harmonica.tools.bfcl.call;

import dev.harmonica.tools.bfcl.py.Py;
import dev.harmonica.tools.bfcl.py.PyException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The methods of str that call strings use, with CPython 3.11's results and argument errors. */
final class PyStrMethods {
    private PyStrMethods() {
    }

    static Object call(String s, String name, List<Object> args, Map<String, Object> kw) throws PyException {
        switch (name) {
            case "upper", "lower", "title", "capitalize", "swapcase", "casefold", "isdigit", "isalpha", "isalnum",
                    "isspace", "islower", "isupper", "isnumeric", "isdecimal", "isidentifier", "istitle":
                PyMethods.noArgs("str." + name, args, kw);
                return noArgMethod(s, name);
            case "strip", "lstrip", "rstrip":
                if (!kw.isEmpty()) throw PyException.typeError("str." + name + "() takes no keyword arguments");
                if (args.size() > 1) throw PyException.typeError(name + " expected at most 1 argument, got " + args.size());
                String chars = args.isEmpty() || args.get(0) == null ? null : str(args.get(0), name, "arg must be None or str");
                return name.equals("strip") ? Py.strip(s, chars) : name.equals("lstrip") ? Py.lstrip(s, chars)
                        : Py.rstrip(s, chars);
            case "split", "rsplit":
                return split(s, name, args, kw);
            case "join":
                PyMethods.exactlyOne("str.join", args, kw);
                return Py.join(s, args.get(0));
            case "replace":
                if (!kw.isEmpty()) throw PyException.typeError("str.replace() takes no keyword arguments");
                if (args.size() < 2 || args.size() > 3) {
                    throw PyException.typeError("replace expected " + (args.size() < 2 ? "at least 2" : "at most 3")
                            + " arguments, got " + args.size());
                }
                if (args.size() == 3) throw PyLimits.bound("str.replace() with a count");
                return s.replace(str(args.get(0), "replace", "replace() argument 1 must be str"),
                        str(args.get(1), "replace", "replace() argument 2 must be str"));
            case "startswith", "endswith":
                if (!kw.isEmpty()) throw PyException.typeError("str." + name + "() takes no keyword arguments");
                if (args.size() != 1) throw PyLimits.bound("str." + name + "() with bounds");
                return affix(s, name, args.get(0));
            case "find", "rfind", "index", "rindex", "count":
                return search(s, name, args, kw);
            case "zfill":
                PyMethods.exactlyOne("str.zfill", args, kw);
                return zfill(s, args.get(0));
            case "splitlines":
                if (!args.isEmpty() || !kw.isEmpty()) throw PyLimits.bound("str.splitlines() with keepends");
                return Py.splitlines(s);
            case "format":
                return PyStrFormat.format(s, args, kw);
            default:
                throw PyMethods.notEvaluated(s, name);
        }
    }

    private static String str(Object v, String method, String message) throws PyException {
        if (v instanceof String s) return s;
        throw PyException.typeError(message.startsWith(method) ? message + ", not " + Py.typeName(v)
                : message.replace("arg must", method + " arg must"));
    }

    private static Object noArgMethod(String s, String name) {
        return switch (name) {
            case "upper" -> Py.upper(s);
            case "lower", "casefold" -> Py.lower(s);
            case "capitalize" -> Py.capitalize(s);
            case "title" -> title(s);
            case "swapcase" -> swapcase(s);
            case "isdigit", "isnumeric", "isdecimal" -> !s.isEmpty() && s.codePoints().allMatch(Character::isDigit);
            case "isalpha" -> !s.isEmpty() && s.codePoints().allMatch(Character::isLetter);
            case "isalnum" -> !s.isEmpty() && s.codePoints().allMatch(Character::isLetterOrDigit);
            case "isspace" -> !s.isEmpty() && s.codePoints().allMatch(Py::isPyWhitespace);
            case "islower" -> s.codePoints().anyMatch(Character::isLowerCase)
                    && s.codePoints().noneMatch(c -> Character.isUpperCase(c) || Character.isTitleCase(c));
            case "isupper" -> s.codePoints().anyMatch(Character::isUpperCase)
                    && s.codePoints().noneMatch(c -> Character.isLowerCase(c) || Character.isTitleCase(c));
            case "isidentifier" -> dev.harmonica.tools.bfcl.py.PyChars.isIdentifier(s);
            default -> title(s).equals(s) && s.codePoints().anyMatch(Character::isLetter);
        };
    }

    private static String title(String s) {
        StringBuilder sb = new StringBuilder();
        boolean prevCased = false;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            sb.appendCodePoint(prevCased ? Character.toLowerCase(cp) : Character.toTitleCase(cp));
            prevCased = Character.isLetter(cp);
        }
        return sb.toString();
    }

    private static String swapcase(String s) {
        StringBuilder sb = new StringBuilder();
        s.codePoints().forEach(cp -> sb.appendCodePoint(Character.isUpperCase(cp) ? Character.toLowerCase(cp)
                : Character.isLowerCase(cp) ? Character.toUpperCase(cp) : cp));
        return sb.toString();
    }

    private static Object split(String s, String name, List<Object> args, Map<String, Object> kw) throws PyException {
        Object[] a = PyBuiltins.clinicArgs(name, args, kw, new String[]{"sep", "maxsplit"}, 0, 0);
        String sep = a[0] == null ? null : str(a[0], name, "must be str or None");
        int max = a[1] == null ? -1 : (int) Math.max(-1, Math.min(Integer.MAX_VALUE, Py.bigOf(a[1]).longValue()));
        if (name.equals("split")) return Py.split(s, sep, max);
        if (max < 0) return Py.split(s, sep, -1);
        if (sep == null) throw PyLimits.bound("str.rsplit() of whitespace with a maxsplit");
        if (sep.isEmpty()) throw PyException.valueError("empty separator");
        List<Object> out = new ArrayList<>();
        int end = s.length();
        while (out.size() < max) {
            int at = s.lastIndexOf(sep, end - sep.length());
            if (at < 0) break;
            out.add(0, s.substring(at + sep.length(), end));
            end = at;
        }
        out.add(0, s.substring(0, end));
        return new ArrayList<>(out);
    }

    private static Object affix(String s, String name, Object arg) throws PyException {
        List<Object> options = new ArrayList<>();
        if (arg instanceof dev.harmonica.tools.bfcl.py.PyTuple t) options.addAll(t.items());
        else options.add(arg);
        for (Object o : options) {
            if (!(o instanceof String a)) {
                throw PyException.typeError(name + " first arg must be str or a tuple of str, not " + Py.typeName(o));
            }
            if (name.equals("startswith") ? s.startsWith(a) : s.endsWith(a)) return true;
        }
        return false;
    }

    private static Object search(String s, String name, List<Object> args, Map<String, Object> kw) throws PyException {
        if (!kw.isEmpty()) throw PyException.typeError("str." + name + "() takes no keyword arguments");
        if (args.isEmpty()) throw PyException.typeError(name + " expected at least 1 argument, got 0");
        if (args.size() > 1) throw PyLimits.bound("str." + name + "() with bounds");
        if (!(args.get(0) instanceof String sub)) {
            throw PyException.typeError("must be str, not " + Py.typeName(args.get(0)));
        }
        if (name.equals("count")) {
            if (sub.isEmpty()) return (long) s.codePointCount(0, s.length()) + 1;
            long n = 0;
            for (int at = s.indexOf(sub); at >= 0; at = s.indexOf(sub, at + sub.length())) n++;
            return n;
        }
        int at = name.startsWith("r") ? s.lastIndexOf(sub) : s.indexOf(sub);
        if (at < 0 && name.contains("index")) throw PyException.valueError("substring not found");
        return at < 0 ? -1L : (long) s.codePointCount(0, at);
    }

    private static Object zfill(String s, Object width) throws PyException {
        if (!Py.isIntOrBool(width)) {
            throw PyException.typeError("'" + Py.typeName(width) + "' object cannot be interpreted as an integer");
        }
        long w = Py.bigOf(width).longValue();
        int len = s.codePointCount(0, s.length());
        if (w <= len) return s;
        String sign = !s.isEmpty() && (s.charAt(0) == '+' || s.charAt(0) == '-') ? s.substring(0, 1) : "";
        return sign + "0".repeat((int) Math.min(w - len, PyLimits.MAX_ITEMS)) + s.substring(sign.length());
    }
}
