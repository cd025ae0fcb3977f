#!/usr/bin/env python3
"""Fuzz `recommend serve` over 127.0.0.1 only: seeded random and mutated requests, each
on its own connection (half-closed after sending, so nothing waits out a timeout), with
a well-formed request after every batch. Prints the status counts and the server's
memory before and after. Nothing is asserted here; the run fails (exit 1) if the server
dies or a well-formed request after a batch fails.

Usage: python3 bench/serve_fuzz.py --bundle PATH [--cases 20000] [--seed 7]
       (build first: swift build -c release)
"""
import argparse, os, random, socket, subprocess, sys, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
parser = argparse.ArgumentParser()
parser.add_argument("--bundle", required=True)
parser.add_argument("--cases", type=int, default=20000)
parser.add_argument("--seed", type=int, default=7)
parser.add_argument("--binary", default=os.path.join(ROOT, ".build/release/recommend"))
args = parser.parse_args()

SEEDS = [
    b"GET /recommend/user/1?n=10&alpha=0.5 HTTP/1.1\r\nHost: t\r\n\r\n",
    b"GET /similar?title=toy+story HTTP/1.1\r\nHost: t\r\n\r\n",
    b"GET /popular?genre=Comedy&min_ratings=5 HTTP/1.1\r\nHost: t\r\n\r\n",
    b"POST /recommend HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\nContent-Length: 44\r\n\r\n{\"ratings\": [{\"movie_id\": 1, \"rating\": 5}]}",
    b"GET /movies?q=%C3%A9t%C3%A9 HTTP/1.1\r\nHost: t\r\n\r\n",
    b"OPTIONS /popular HTTP/1.1\r\nHost: t\r\n\r\n",
    b"HEAD /openapi.json HTTP/1.0\r\n\r\n",
]
JUNK = [b"\r\n", b"\n", b"\x00", b":", b" ", b"%", b"%zz", b"?&=&", b"Content-Length: 99999999\r\n",
        b"Transfer-Encoding: chunked\r\n", b"\xff\xfe", b"{", b"/..", b"{id}"]


def mutate(rng):
    data = bytearray(rng.choice(SEEDS))
    kind = rng.randrange(7)
    if kind == 0:
        return bytes(rng.getrandbits(8) for _ in range(rng.randrange(400)))
    if kind == 1:
        for _ in range(1 + rng.randrange(8)):
            data[rng.randrange(len(data))] = rng.getrandbits(8)
    elif kind == 2:
        data = data[: rng.randrange(len(data) + 1)]
    elif kind == 3:
        for _ in range(1 + rng.randrange(6)):
            at = rng.randrange(len(data) + 1)
            data[at:at] = rng.choice(JUNK)
    elif kind == 4:
        at = rng.randrange(len(data))
        chunk = data[at : at + 1 + rng.randrange(20)]
        data[at:at] = chunk * rng.randrange(3000)
    elif kind == 5:
        data += rng.choice(SEEDS)[::-1]
    else:
        words = data.split(b" ")
        rng.shuffle(words)
        data = bytearray(b" ".join(words))
    return bytes(data)


def exchange(port, payload):
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        try:
            s.sendall(payload)
            s.shutdown(socket.SHUT_WR)
        except OSError:
            pass
        chunks = []
        try:
            while True:
                chunk = s.recv(65536)
                if not chunk:
                    break
                chunks.append(chunk)
        except OSError:
            pass
    reply = b"".join(chunks)
    if reply.startswith(b"HTTP/1.1 "):
        return int(reply[9:12])
    return None


def memory(pid):
    fields = {}
    with open(f"/proc/{pid}/status") as handle:
        for line in handle:
            if line.startswith(("VmRSS", "VmHWM")):
                key, value = line.split(":")
                fields[key] = int(value.split()[0]) // 1024
    return fields


server = subprocess.Popen([args.binary, "serve", "--bundle", args.bundle, "--port", "0", "--quiet", "--read-timeout", "2"],
                          stderr=subprocess.PIPE, text=True)
line = server.stderr.readline()
port = int(line.split("127.0.0.1:")[1].split()[0])
good = b"GET /health HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n"
assert exchange(port, good) == 200
before = memory(server.pid)
rng = random.Random(args.seed)
counts = {}
start = time.time()
for index in range(args.cases):
    status = exchange(port, mutate(rng))
    counts[status] = counts.get(status, 0) + 1
    if index % 1000 == 999:
        if server.poll() is not None or exchange(port, good) != 200:
            print(f"FAILED: the server stopped answering after case {index}", file=sys.stderr)
            sys.exit(1)
after = memory(server.pid)
ok = exchange(port, good) == 200
server.terminate()
code = server.wait(timeout=30)
summary = ", ".join(f"{k if k is not None else 'closed without answer'}: {v}" for k, v in sorted(counts.items(), key=lambda kv: (kv[0] is None, kv[0] or 0)))
print(f"{args.cases} cases in {time.time() - start:.1f} s (seed {args.seed}): {summary}")
print(f"memory: RSS {before['VmRSS']} MiB before, {after['VmRSS']} MiB after, peak {after['VmHWM']} MiB")
print(f"well-formed request after: {'200' if ok else 'FAILED'}; exit status after SIGTERM: {code}")
sys.exit(0 if ok and code == 0 else 1)
