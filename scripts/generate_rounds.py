#!/usr/bin/env python3
"""Writes the fully unrolled round code of SHA256+Compression.swift and MD5+Compression.swift.

Run after editing (python3 Scripts/generate_rounds.py); the generated Swift is committed,
so builds never need Python. Unrolling by hand keeps the working variables in registers
and renames them per round instead of shuffling them, which the optimizer does not do
for a 64-iteration loop. Check speed with bench/hash.sh after any change here.
"""
import math, pathlib

root = pathlib.Path(__file__).resolve().parent.parent / "Sources" / "Hashing"

K = [
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]

def hex_literal(value):
  return f"0x{value >> 16:04x}_{value & 0xffff:04x}"

def sha256_rounds():
  lines = []
  names = "abcdefgh"
  for i in range(64):
    r = [names[(j - i) % 8] for j in range(8)]
    w = f"w{i % 16}"
    if i < 16:
      lines.append(f"      var {w} = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: {4 * i}, as: UInt32.self))")
    else:
      lines.append(
        f"      {w} = {w} &+ smallSigma1(w{(i - 2) % 16}) &+ w{(i - 7) % 16} &+ smallSigma0(w{(i - 15) % 16})")
    lines.append(
      f"      round({r[0]}, {r[1]}, {r[2]}, &{r[3]}, {r[4]}, {r[5]}, {r[6]}, &{r[7]}, &bc, {hex_literal(K[i])} &+ {w})")
  return "\n".join(lines)

T = [int(abs(math.sin(i + 1)) * 2**32) & 0xffffffff for i in range(64)]
S = [7, 12, 17, 22] * 4 + [5, 9, 14, 20] * 4 + [4, 11, 16, 23] * 4 + [6, 10, 15, 21] * 4

def md5_rounds():
  lines = []
  funcs = ["roundF", "roundG", "roundH", "roundI"]
  for i in range(64):
    stage = i // 16
    if stage == 0: k = i
    elif stage == 1: k = (5 * i + 1) % 16
    elif stage == 2: k = (3 * i + 5) % 16
    else: k = (7 * i) % 16
    # Slot order (a, b, c, d) shifts right by one each round: abcd, dabc, cdab, bcda.
    o = ["a", "b", "c", "d"]
    s = i % 4
    r = o[-s:] + o[:-s] if s else o
    lines.append(
      f"      {funcs[stage]}(&{r[0]}, {r[1]}, {r[2]}, {r[3]}, x{k} &+ sine(t, {i}), {S[i]})")
  return "\n".join(lines)

def fill(name, marker, body):
  path = root / name
  text = path.read_text()
  begin = f"      // BEGIN GENERATED {marker}\n"
  end = f"      // END GENERATED {marker}\n"
  head, rest = text.split(begin)
  _, tail = rest.split(end)
  path.write_text(head + begin + body + "\n" + end + tail)

fill("SHA256+Compression.swift", "ROUNDS", sha256_rounds())
fill("MD5+Compression.swift", "ROUNDS", md5_rounds())
