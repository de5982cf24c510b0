#!/usr/bin/env python3
"""Prints the length in lines of every HTTP handler of the given files, one per line:
   FILE#METHOD:PATH N   for a handler written inline in router.add(...)
   FILE#NAME N          for a function returning Response (a named handler or a helper)
Used by scripts/check_shape.sh (handlers are at most 30 lines: parse, one service call, render)."""
import re
import sys


def code_of(line):
    """The line without string and character literals and without a // comment."""
    out, i, n = [], 0, len(line)
    while i < n:
        c = line[i]
        if c == "/" and i + 1 < n and line[i + 1] == "/":
            break
        if c in "\"'":
            i += 1
            while i < n and line[i] != c:
                i += 2 if line[i] == "\\" else 1
            i += 1
            out.append('""')
            continue
        out.append(c)
        i += 1
    return "".join(out)


for path in sys.argv[1:]:
    lines = open(path, encoding="utf-8").read().split("\n")
    i = 0
    while i < len(lines):
        route = re.search(r'router\.add\(\s*"([A-Z]+)",\s*"([^"]+)"', lines[i])
        named = re.match(r"(?:static )?(?:http::)?Response (\w+)\(", lines[i])
        if route:
            depth, j = 0, i
            while j < len(lines):
                c = code_of(lines[j])
                depth += c.count("(") - c.count(")")
                if depth <= 0:
                    break
                j += 1
            print(f"{path}#{route.group(1)}:{route.group(2)} {j - i + 1}")
            i = j + 1
        elif named:
            j = i
            while j < len(lines) and lines[j] != "}":
                j += 1
            print(f"{path}#{named.group(1)} {j - i + 1}")
            i = j + 1
        else:
            i += 1
