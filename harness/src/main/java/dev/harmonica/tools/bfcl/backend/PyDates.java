package dev.harmonica.tools.bfcl.backend;

import dev.harmonica.tools.bfcl.py.Py;
import dev.harmonica.tools.bfcl.py.PyException;

import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code datetime.strptime} for the two formats the backends use, with CPython's matching rules and messages. */
final class PyDates {
    private PyDates() {
    }

    static final String DATE = "%Y-%m-%d";
    static final String DATE_TIME = "%Y-%m-%d %H:%M:%S";

    // _strptime's directive regexes: %Y four digits, %m/%d one or two digits, %H/%M/%S likewise.
    private static final String Y = "(\\d\\d\\d\\d)";
    private static final String M = "(1[0-2]|0[1-9]|[1-9])";
    private static final String D = "(3[01]|[12]\\d|0[1-9]|[1-9]| [1-9])";
    private static final Pattern DATE_RE = Pattern.compile(Y + "-" + M + "-" + D, Pattern.CASE_INSENSITIVE);
    private static final Pattern DATE_TIME_RE = Pattern.compile(Y + "-" + M + "-" + D
            + "\\s+(2[0-3]|[0-1]\\d|\\d):([0-5]\\d|\\d):(6[0-1]|[0-5]\\d|\\d)", Pattern.CASE_INSENSITIVE);

    /** {@code datetime.strptime(value, format)} for {@link #DATE} or {@link #DATE_TIME}. */
    static LocalDateTime strptime(Object value, String format) throws PyException {
        if (!(value instanceof String s)) {
            // CPython's _PyArg_BadArgument names None as "None", other types by name
            throw PyException.typeError("strptime() argument 1 must be str, not "
                    + (value == null ? "None" : Py.typeName(value)));
        }
        boolean withTime = format.equals(DATE_TIME);
        Matcher m = (withTime ? DATE_TIME_RE : DATE_RE).matcher(s);
        if (!m.lookingAt()) {
            throw PyException.valueError("time data " + Py.repr(s) + " does not match format " + Py.repr(format));
        }
        if (m.end() != s.length()) throw PyException.valueError("unconverted data remains: " + s.substring(m.end()));
        int year = Integer.parseInt(m.group(1));
        int month = Integer.parseInt(m.group(2));
        int day = Integer.parseInt(m.group(3).strip());
        int hour = withTime ? Integer.parseInt(m.group(4)) : 0;
        int minute = withTime ? Integer.parseInt(m.group(5)) : 0;
        int second = withTime ? Integer.parseInt(m.group(6)) : 0;
        if (second > 59) second = 59; // CPython clamps leap seconds 60/61 to 59
        if (year < 1) throw PyException.valueError("year 0 is out of range");
        try {
            return LocalDateTime.of(year, month, day, hour, minute, second);
        } catch (DateTimeException e) {
            throw PyException.valueError("day is out of range for month");
        }
    }
}
