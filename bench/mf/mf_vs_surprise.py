"""Fit Surprise's SVD on train.csv, score test.csv: the Python side of `mfbench fit`.

Usage: python bench/mf_vs_surprise.py TRAIN.csv TEST.csv [--seed N] [--factors N]
       [--epochs N] [--lr X] [--reg X]

Both files are `userId,movieId,rating,timestamp` with a header. Prints fit seconds,
test RMSE (predictions clipped to [1,5], Surprise's default) and peak RSS, in the same
key=value form as `mfbench fit`.
"""

import argparse
import resource
import time

from surprise import SVD, Dataset, Reader, accuracy


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("train")
    ap.add_argument("test")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--factors", type=int, default=100)
    ap.add_argument("--epochs", type=int, default=20)
    ap.add_argument("--lr", type=float, default=0.005)
    ap.add_argument("--reg", type=float, default=0.02)
    args = ap.parse_args()

    t0 = time.perf_counter()
    reader = Reader(line_format="user item rating timestamp", sep=",", skip_lines=1,
                    rating_scale=(1, 5))
    trainset = Dataset.load_from_file(args.train, reader=reader).build_full_trainset()
    testset = []
    with open(args.test) as f:
        next(f)
        for line in f:
            u, i, r, _ = line.rstrip("\n").split(",")
            testset.append((u, i, float(r)))
    t1 = time.perf_counter()

    algo = SVD(n_factors=args.factors, n_epochs=args.epochs, lr_all=args.lr,
               reg_all=args.reg, random_state=args.seed)
    algo.fit(trainset)
    t2 = time.perf_counter()

    predictions = algo.test(testset)
    rmse = accuracy.rmse(predictions, verbose=False)
    t3 = time.perf_counter()

    updates = trainset.n_ratings * args.epochs
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"impl=surprise factors={args.factors} epochs={args.epochs} seed={args.seed}")
    print(f"train_ratings={trainset.n_ratings} test_ratings={len(testset)} "
          f"users={trainset.n_users} items={trainset.n_items}")
    print(f"load_seconds={t1 - t0:.3f}")
    print(f"fit_seconds={t2 - t1:.3f}")
    print(f"updates_per_second={updates / (t2 - t1) / 1e6:.3f}M")
    print(f"test_rmse={rmse:.5f}")
    print(f"predict_seconds={t3 - t2:.3f}")
    print(f"peak_rss_mb={peak:.1f}")


if __name__ == "__main__":
    main()
