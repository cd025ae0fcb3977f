"""Small hyperparameter sweep with `mfbench fit --curve` on a validation split.

Usage: python bench/sweep.py DATADIR 'factors=100 lr=0.01 reg=0.05' ...
Each argument is one configuration (mfbench option=value pairs); prints the validation
RMSE after the last epoch and the best epoch.
"""

import subprocess
import sys

data = sys.argv[1]
for spec in sys.argv[2:]:
    args = ["bench/.build/release/mfbench", "fit", "--train", f"{data}/train.csv",
            "--test", f"{data}/test.csv", "--curve"]
    for pair in spec.split():
        k, v = pair.split("=")
        args += [f"--{k}", v]
    out = subprocess.run(args, capture_output=True, text=True, check=True).stdout
    curve = []
    for line in out.splitlines():
        if line.startswith("epoch "):
            fields = dict(p.split("=") for p in line.split(": ")[1].split())
            curve.append(float(fields["test_rmse"]))
    best = min(range(len(curve)), key=lambda k: curve[k])
    picks = " ".join(f"e{e}={curve[e-1]:.4f}" for e in (20, 30, 40, 60) if e <= len(curve))
    print(f"{spec:60s} last={curve[-1]:.4f} best={curve[best]:.4f}@{best+1} {picks}", flush=True)
