"""Writes the attribute names of CPython 3.11's built-in types and the names of its builtins.

Harmonica evaluates only part of what BFCL's eval could reach; to say "no attribute" exactly where Python does (and
"not evaluated" where Python would go on), it needs Python's own lists (dir() of each type, dir(builtins)).

Usage (CPython 3.11):
  python python_names.py > harness/src/main/resources/dev/harmonica/tools/bfcl/call/python311-names.txt
"""

import builtins
import sys

TYPES = [str, list, dict, tuple, int, float, bool, type(None), set, frozenset, range, bytes, complex,
         type({}.keys()), type({}.values()), type({}.items())]


def main():
    if sys.version_info[:2] != (3, 11):
        sys.exit("CPython 3.11 is required (found %s)" % sys.version.split()[0])
    w = sys.stdout.write
    w("# dir() of CPython %s's built-in types and of builtins, written by\n" % sys.version.split()[0])
    w("# harness/src/test/python/differential/bfcl/python_names.py: 'type: names' per line.\n")
    for t in TYPES:
        w("%s: %s\n" % (t.__name__, " ".join(sorted(dir(t)))))
    w("builtins: %s\n" % " ".join(sorted(dir(builtins))))


if __name__ == "__main__":
    main()
