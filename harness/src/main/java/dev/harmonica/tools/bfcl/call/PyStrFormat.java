package dev.harmonica.tools.bfcl.call;

import dev.harmonica.tools.bfcl.py.Py;
import dev.harmonica.tools.bfcl.py.PyException;

import java.util.List;
import java.util.Map;

/** {@code str.format(*args, **kwargs)}: fields {@code {}}, {@code {0}}, {@code {name}} with conversion and spec. */
final class PyStrFormat {
    private PyStrFormat() {
    }

    static String format(String fmt, List<Object> args, Map<String, Object> kw) throws PyException {
        StringBuilder sb = new StringBuilder();
        int auto = 0;
        int i = 0;
        while (i < fmt.length()) {
            char c = fmt.charAt(i++);
            if (c == '}') {
                if (i < fmt.length() && fmt.charAt(i) == '}') {
                    sb.append('}');
                    i++;
                    continue;
                }
                throw PyException.valueError("Single '}' encountered in format string");
            }
            if (c != '{') {
                sb.append(c);
                continue;
            }
            if (i < fmt.length() && fmt.charAt(i) == '{') {
                sb.append('{');
                i++;
                continue;
            }
            int close = fmt.indexOf('}', i);
            if (close < 0) {
                throw PyException.valueError(i >= fmt.length() ? "Single '{' encountered in format string"
                        : "expected '}' before end of string");
            }
            String field = fmt.substring(i, close);
            i = close + 1;
            if (field.indexOf('{') >= 0) throw PyLimits.bound("str.format() with nested fields");
            int colon = field.indexOf(':');
            String spec = colon < 0 ? "" : field.substring(colon + 1);
            String head = colon < 0 ? field : field.substring(0, colon);
            char conv = 0;
            int bang = head.indexOf('!');
            if (bang >= 0) {
                if (bang + 2 != head.length()) throw PyException.valueError("expected ':' after conversion specifier");
                conv = head.charAt(bang + 1);
                head = head.substring(0, bang);
            }
            Object v;
            if (head.isEmpty()) {
                if (auto >= args.size()) {
                    throw new PyException("IndexError", "Replacement index " + auto + " out of range for positional "
                            + "args tuple");
                }
                v = args.get(auto++);
            } else if (head.chars().allMatch(Character::isDigit)) {
                int n = Integer.parseInt(head);
                if (n >= args.size()) {
                    throw new PyException("IndexError", "Replacement index " + n + " out of range for positional "
                            + "args tuple");
                }
                v = args.get(n);
            } else if (head.indexOf('.') >= 0 || head.indexOf('[') >= 0) {
                throw PyLimits.bound("str.format() with attribute or index fields");
            } else {
                if (!kw.containsKey(head)) throw Py.keyError(head);
                v = kw.get(head);
            }
            if (conv == 'r') v = PyFormat.repr(v);
            else if (conv == 's') v = PyFormat.str(v);
            else if (conv == 'a') v = PyFormat.ascii(PyFormat.repr(v));
            else if (conv != 0) {
                throw PyException.valueError("Unknown conversion specifier " + conv);
            }
            sb.append(PyFormat.format(v, spec));
        }
        return sb.toString();
    }
}
