"""Convert an ML-1M style ratings.dat into train.csv/test.csv (random 80/20, seeded).

Usage: python bench/split_dat.py RATINGS.dat OUTDIR [--seed N]
"""

import argparse
import os
import random

ap = argparse.ArgumentParser()
ap.add_argument("ratings")
ap.add_argument("out")
ap.add_argument("--seed", type=int, default=42)
args = ap.parse_args()
rng = random.Random(args.seed)
os.makedirs(args.out, exist_ok=True)
header = "userId,movieId,rating,timestamp\n"
with open(args.ratings, encoding="latin-1") as src, \
        open(os.path.join(args.out, "train.csv"), "w") as train, \
        open(os.path.join(args.out, "test.csv"), "w") as test:
    train.write(header)
    test.write(header)
    for line in src:
        u, i, r, t = line.rstrip("\n").split("::")
        (test if rng.random() < 0.2 else train).write(f"{u},{i},{r},{t}\n")
