"""Writes the Unicode character classes CPython 3.11 uses where BFCL's executor meets call strings.

Java 17 knows Unicode 13.0; CPython 3.11 ships Unicode 14.0, so the classes below are measured from the running
interpreter instead of derived from java.lang.Character:

  word          str.isalnum() or '_'    re's \\w and \\b (BFCL's function-name rewrite), the tokenizer's identifiers
  space         str.isspace()           re's \\s, str.split() and str.strip()
  xid_start     'c'.isidentifier()      first character of an identifier (XID_Start and '_')
  xid_continue  ('a' + c).isidentifier()  later characters of an identifier (XID_Continue)
  printable     str.isprintable()       the tokenizer's "invalid character" vs "invalid non-printable character"

Usage (CPython 3.11, the version BFCL runs on here):
  python python_unicode_tables.py > harness/src/main/resources/dev/harmonica/tools/bfcl/call/python311-unicode.txt
"""

import sys
import unicodedata


def ranges(pred):
    out = []
    start = None
    for cp in range(0x110000 + 1):
        inside = cp <= 0x10FFFF and pred(chr(cp))
        if inside and start is None:
            start = cp
        elif not inside and start is not None:
            out.append((start, cp - 1))
            start = None
    return out


CLASSES = [
    ("word", lambda c: c.isalnum() or c == "_"),
    ("space", lambda c: c.isspace()),
    ("xid_start", lambda c: c.isidentifier()),
    ("xid_continue", lambda c: ("a" + c).isidentifier()),
    ("printable", lambda c: c.isprintable()),
]


def main():
    if sys.version_info[:2] != (3, 11):
        sys.exit("CPython 3.11 is required (found %s)" % sys.version.split()[0])
    w = sys.stdout.write
    w("# Character classes of CPython %s (Unicode %s), measured by\n" % (sys.version.split()[0], unicodedata.unidata_version))
    w("# harness/src/test/python/differential/bfcl/python_unicode_tables.py: one class per line,\n")
    w("# 'name: ' then inclusive hex ranges separated by spaces (a single code point stands alone).\n")
    for name, pred in CLASSES:
        parts = ["%X" % a if a == b else "%X-%X" % (a, b) for a, b in ranges(pred)]
        w(name + ": " + " ".join(parts) + "\n")


if __name__ == "__main__":
    main()
