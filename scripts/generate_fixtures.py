#!/usr/bin/env python3
"""Writes Tests/HashingTests/Fixtures/prefix-digests.txt with Python's hashlib.

Run once; the fixture is committed. The message is the tests' pattern(n):
byte i = (i * 31 + 7) & 0xff.
"""
import hashlib, pathlib

out = pathlib.Path(__file__).resolve().parent.parent / "Tests" / "HashingTests" / "Fixtures" / "prefix-digests.txt"

def pattern(n):
  return bytes(((i * 31 + 7) & 0xff) for i in range(n))

with open(out, "w") as f:
  f.write("# length sha256 md5 of the first LENGTH bytes of pattern(i) = (i * 31 + 7) & 0xff\n")
  f.write("# written by Scripts/generate_fixtures.py (python3 hashlib); read by StreamingTests.swift\n")
  for n in list(range(0, 131)) + [1000, 4096, 65536 + 3]:
    m = pattern(n)
    f.write(f"{n} {hashlib.sha256(m).hexdigest()} {hashlib.md5(m).hexdigest()}\n")
