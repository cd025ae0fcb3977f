"""Writes Tests/FactorizationTests/Fixtures/surprise_tiny.{csv,json}: a tiny rating file and
what Surprise's SVD learns from it with a deterministic init (init_std_dev=0), so the
Swift test can compare every parameter. Run once with scikit-surprise installed."""

import json
import random

from surprise import SVD, Dataset, Reader

random.seed(7)
rows = []
for u in range(25):
    for i in random.sample(range(18), 8):
        rows.append((u * 3 + 1, i * 5 + 2, random.randint(1, 5)))
random.shuffle(rows)
base = "Tests/FactorizationTests/Fixtures/surprise_tiny"
with open(base + ".csv", "w") as f:
    f.write("userId,movieId,rating,timestamp\n")
    for k, (u, i, r) in enumerate(rows):
        f.write(f"{u},{i},{r},{1000 + k}\n")

reader = Reader(line_format="user item rating timestamp", sep=",", skip_lines=1,
                rating_scale=(1, 5))
trainset = Dataset.load_from_file(base + ".csv", reader=reader).build_full_trainset()
algo = SVD(n_factors=5, n_epochs=12, init_mean=0.1, init_std_dev=0.0, lr_all=0.01,
           reg_all=0.05, random_state=0)
algo.fit(trainset)
users = [trainset.to_raw_uid(u) for u in range(trainset.n_users)]
items = [trainset.to_raw_iid(i) for i in range(trainset.n_items)]
probes = [("1", "2"), ("4", "87"), ("999", "2"), ("1", "999"), ("999", "999")]
out = {
    "config": {"factors": 5, "epochs": 12, "init_mean": 0.1, "init_std": 0.0, "lr": 0.01,
               "reg": 0.05},
    "global_mean": trainset.global_mean,
    "users": users,
    "items": items,
    "bu": list(algo.bu),
    "bi": list(algo.bi),
    "pu": [list(r) for r in algo.pu],
    "qi": [list(r) for r in algo.qi],
    "probes": [{"user": u, "item": i, "est": algo.predict(u, i, clip=False).est}
               for u, i in probes],
}
with open(base + ".json", "w") as f:
    json.dump(out, f, indent=1, sort_keys=True)
    f.write("\n")
