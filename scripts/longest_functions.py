#!/usr/bin/env python3
"""The longest functions of C++ sources, by brace counting (lines from the signature to the
closing brace). Good enough for this code base's style (clang-format, Google): a function body is
a '{' at the end of a line that is not a class, struct, enum, namespace or initializer, at the
top level or inside a class; lambdas are counted inside their function.

  scripts/longest_functions.py [--min N] [--top N] DIR...   (default: searcher shared indexer)
"""
import argparse
import pathlib
import re

NOT_FUNCTION = re.compile(r'^\s*(template\s*<.*>\s*)?(class|struct|union|enum|namespace|extern)\b|=\s*\{$|^\s*(try|do|else)\b')
CONTROL = re.compile(r'^\s*(\}\s*)?(if|for|while|switch|catch|else|do|try)\b')


def strip(line):
    line = re.sub(r'"(\\.|[^"\\])*"', '""', line)
    line = re.sub(r"'(\\.|[^'\\])*'", "''", line)
    return line.split('//')[0]


def functions(path):
    lines = path.read_text(errors='replace').splitlines()
    out = []
    depth = 0
    scopes = []  # (kind, depth at open, start line, name)
    in_comment = False
    for i, raw in enumerate(lines):
        line = raw
        if in_comment:
            if '*/' not in line:
                continue
            line = line.split('*/', 1)[1]
            in_comment = False
        if '/*' in line and '*/' not in line.split('/*', 1)[1]:
            line, in_comment = line.split('/*', 1)[0], True
        code = strip(line)
        for ch in code:
            if ch == '{':
                inside_function = any(k == 'f' for k, *_ in scopes)
                kind = 'b'
                if not inside_function:
                    # the signature: this line and the ones before it back to a ';', '}' or '{'
                    sig = code.split('{')[0]
                    j = i
                    while j > 0 and not sig.strip().endswith(')') and ')' not in sig and j > i - 6:
                        j -= 1
                        prev = strip(lines[j])
                        if prev.rstrip().endswith((';', '}', '{')):
                            break
                        sig = prev + ' ' + sig
                    if ')' in sig and not NOT_FUNCTION.search(sig) and not CONTROL.search(sig):
                        kind = 'f'
                        start = i
                        while start > 0 and ')' not in strip(lines[start]).split('{')[0] and start > i - 6:
                            start -= 1
                        while start > 0 and '(' not in strip(lines[start]):
                            start -= 1
                        m = re.search(r'([~\w:<>]+(?:operator\W+)?)\s*\(', strip(lines[start]))
                        name = m.group(1) if m else strip(lines[start]).strip()[:40]
                        scopes.append(('f', depth, start, name))
                    else:
                        scopes.append(('b', depth, i, ''))
                else:
                    scopes.append(('b', depth, i, ''))
                depth += 1
            elif ch == '}':
                depth -= 1
                if scopes:
                    kind, d, start, name = scopes.pop()
                    if kind == 'f':
                        out.append((i - start + 1, name, f'{path}:{start + 1}'))
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('dirs', nargs='*', default=['searcher', 'shared', 'indexer'])
    ap.add_argument('--min', type=int, default=0)
    ap.add_argument('--top', type=int, default=20)
    a = ap.parse_args()
    found = []
    for d in a.dirs:
        for p in sorted(pathlib.Path(d).rglob('*')):
            if p.suffix in ('.cpp', '.h', '.cc'):
                found += functions(p)
    found.sort(reverse=True)
    for n, name, where in found[:a.top]:
        if n >= a.min:
            print(f'{n:5d}  {name:40s} {where}')


if __name__ == '__main__':
    main()
