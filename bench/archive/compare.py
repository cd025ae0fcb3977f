#!/usr/bin/env python3
"""Peer timings for the inflate benchmark: python's zlib (raw inflate of each entry's
stream, best of 3) and zipfile.read (inflate + CRC). Usage: compare.py ARCHIVE.zip"""
import sys
import time
import zipfile
import zlib

path = sys.argv[1]
with zipfile.ZipFile(path) as z, open(path, "rb") as f:
    raw = f.read()
    for info in z.infolist():
        if info.is_dir():
            continue
        off = info.header_offset
        n = int.from_bytes(raw[off + 26:off + 28], "little")
        m = int.from_bytes(raw[off + 28:off + 30], "little")
        stream = raw[off + 30 + n + m: off + 30 + n + m + info.compress_size]
        best_zlib = best_zip = float("inf")
        for _ in range(3):
            t = time.perf_counter()
            zlib.decompress(stream, -15)
            best_zlib = min(best_zlib, time.perf_counter() - t)
            t = time.perf_counter()
            z.read(info)
            best_zip = min(best_zip, time.perf_counter() - t)
        mb = info.file_size / 1e6
        print(f"{info.filename}  {mb:.1f} MB  zlib.decompress {best_zlib:.3f} s = {mb / best_zlib:.0f} MB/s"
              f"  zipfile.read {best_zip:.3f} s = {mb / best_zip:.0f} MB/s")
