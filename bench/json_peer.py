"""Python's json.loads (C accelerated) on the files json-bench writes, for comparison.

    (cd bench && swift build -c release --product json-bench)
    bench/.build/release/json-bench bench/data && python3 bench/json_peer.py bench/data

Reports CPU time (time.process_time), best of 5, like json-bench.
"""
import json
import os
import sys
import time

directory = sys.argv[1] if len(sys.argv) > 1 else "bench/data"
for name in ["lock-like", "numbers"]:
    data = open(os.path.join(directory, name + ".json"), "rb").read()
    best = float("inf")
    for _ in range(5):
        t0 = time.process_time()
        json.loads(data)
        best = min(best, time.process_time() - t0)
    print(f"{name}: {len(data)} bytes  python json.loads {best * 1000:.1f} ms  {len(data) / 1e6 / best:.1f} MB/s")
