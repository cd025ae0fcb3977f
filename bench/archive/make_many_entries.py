#!/usr/bin/env python3
"""Writes a zip with many small deflated entries (the shape that exposed a quadratic
step in extraction). Usage: make_many_entries.py OUT.zip [ENTRIES] [FOLDERS]
Entries are spread over FOLDERS folders (default 40: a thousand files per folder)."""
import random
import sys
import zipfile

out = sys.argv[1]
count = int(sys.argv[2]) if len(sys.argv) > 2 else 40_000
folders = int(sys.argv[3]) if len(sys.argv) > 3 else 40
rng = random.Random(1)
with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as z:
    for i in range(count):
        lines = "".join(f"{rng.randint(1, 6040)}::{rng.randint(1, 3952)}::{rng.randint(1, 5)}\n" for _ in range(8))
        z.writestr(f"many/d{i % folders:03d}/entry-{i:06d}.dat", lines)
