#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Checks po/POTFILES.in: sorted, every file in it exists, and every source,
UI or data file with a translatable string is in it.

Usage: check-potfiles.py SOURCE_ROOT
"""

import os
import re
import sys

# By file name ending, longest first: what marks a translatable string.
MARKS = {
    ".desktop.in.in": re.compile(r"^(?:Name|GenericName|Comment|Keywords)=", re.M),
    ".metainfo.xml.in.in": re.compile(r"<(?:summary|p|li|caption)>"),
    ".mime.xml.in": re.compile(r"<comment>"),
    ".gschema.xml": re.compile(r"<(?:summary|description)>"),
    ".c": re.compile(r'\b(?:_|N_|C_|NC_|g_dngettext|g_dpgettext2?|ngettext)\s*\('),
    ".ui": re.compile(r'translatable="yes"'),
}
SEARCHED = ("src", "data")


def needs_translation(path):
    for suffix, mark in MARKS.items():
        if path.endswith(suffix):
            with open(path, encoding="utf-8") as f:
                return mark.search(f.read()) is not None
    return False


def main():
    root = sys.argv[1]
    with open(os.path.join(root, "po", "POTFILES.in"), encoding="utf-8") as f:
        listed = [line.strip() for line in f if line.strip() and not line.startswith("#")]

    errors = []
    if listed != sorted(listed):
        errors.append("po/POTFILES.in is not sorted")
    for path in listed:
        if not os.path.exists(os.path.join(root, path)):
            errors.append(f"po/POTFILES.in lists {path}, which does not exist")

    for top in SEARCHED:
        for directory, _, files in os.walk(os.path.join(root, top)):
            for name in files:
                path = os.path.relpath(os.path.join(directory, name), root)
                if needs_translation(os.path.join(root, path)) and path not in listed:
                    errors.append(f"{path} has translatable strings but is not in po/POTFILES.in")

    for error in errors:
        print(error, file=sys.stderr)
    if errors:
        sys.exit(1)
    print(f"po/POTFILES.in: {len(listed)} files, complete and sorted")


if __name__ == "__main__":
    main()
