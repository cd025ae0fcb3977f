#!/usr/bin/env python3
"""Writes MovieLens-shaped text (ratings.dat-like, movies.dat-like) into a zip for
the inflate benchmark. Usage: make_bench_data.py OUT.zip [MEGABYTES]"""
import random
import sys
import zipfile

out = sys.argv[1]
megabytes = int(sys.argv[2]) if len(sys.argv) > 2 else 100
rng = random.Random(1)
lines = []
size = 0
t = 978000001
while size < megabytes * 1_000_000:
    t += rng.randint(0, 500)
    line = f"{rng.randint(1, 6040)}::{rng.randint(1, 3952)}::{rng.randint(1, 5)}::{t}\n"
    lines.append(line)
    size += len(line)
ratings = "".join(lines).encode()
words = "the of and a love man war story night day life time king girl dead last".split()
genres = "Action Adventure Animation Children's Comedy Crime Documentary Drama Fantasy".split()
movies = "".join(
    f"{i}::{' '.join(rng.choice(words).title() for _ in range(rng.randint(1, 5)))} ({rng.randint(1919, 2000)})::"
    f"{'|'.join(sorted(set(rng.choice(genres) for _ in range(rng.randint(1, 3)))))}\n"
    for i in range(1, 3953)).encode()
with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as z:
    z.writestr("bench/ratings.dat", ratings)
    z.writestr("bench/movies.dat", movies)
