#!/usr/bin/env python3
"""Writes the ZIP fixtures of ArchiveTests and expected.json, once.

The zips are committed; this script documents how they were made. Run it from this
folder with python3 (standard library only). Output is deterministic: fixed seeds,
fixed timestamps.
"""

import hashlib
import io
import json
import random
import struct
import zipfile
import zlib

DATE = (2024, 1, 2, 3, 4, 6)
WORDS = ("movie rating user the of and a to in is it you that he was for on are with as "
         "his they be at one have this from drama comedy action thriller romance 1995 "
         "(1999) Toy Story Jumanji Heat Sabrina Casino Sense Sensibility").split()


def text(seed, size):
    rng = random.Random(seed)
    out = []
    total = 0
    line = 0
    while total < size:
        line += 1
        row = f"{line}::{rng.randint(1, 6040)}::{' '.join(rng.choice(WORDS) for _ in range(rng.randint(3, 9)))}::{rng.randint(1, 5)}\n"
        out.append(row)
        total += len(row)
    return "".join(out).encode()[:size]


def random_bytes(seed, size):
    rng = random.Random(seed)
    return bytes(rng.getrandbits(8) for _ in range(size))


def raw_deflate(data, level=6, strategy=zlib.Z_DEFAULT_STRATEGY, flush_every=None):
    c = zlib.compressobj(level, zlib.DEFLATED, -15, 8, strategy)
    if flush_every is None:
        return c.compress(data) + c.flush()
    out = b""
    for i in range(0, len(data), flush_every):
        out += c.compress(data[i:i + flush_every]) + c.flush(zlib.Z_FULL_FLUSH)
    return out + c.flush()


def dos_time():
    y, mo, d, h, mi, s = DATE
    return ((h << 11) | (mi << 5) | (s // 2)), (((y - 1980) << 9) | (mo << 5) | d)


def build_zip(entries, comment=b"", zip64=False, descriptor=False):
    """A hand-written ZIP writer, for layouts zipfile will not produce.

    entries: list of dicts with name (bytes), data (bytes), method (0 or 8),
    optional comp (compressed bytes), flags, crc (override).
    """
    t, d = dos_time()
    out = bytearray()
    central = bytearray()
    for e in entries:
        data = e["data"]
        method = e.get("method", 8)
        comp = e.get("comp")
        if comp is None:
            comp = data if method == 0 else raw_deflate(data)
        crc = e.get("crc", zlib.crc32(data))
        flags = e.get("flags", 0) | (0x08 if descriptor else 0)
        name = e["name"]
        offset = len(out)
        if zip64:
            local_extra = struct.pack("<HHQQ", 1, 16, len(data), len(comp))
            local_sizes = (0xFFFFFFFF, 0xFFFFFFFF)
            version = 45
        else:
            local_extra = b""
            local_sizes = (len(comp), len(data))
            version = 20
        if descriptor:
            local_crc, local_sizes = 0, (0, 0) if not zip64 else (0xFFFFFFFF, 0xFFFFFFFF)
            if zip64:
                local_extra = struct.pack("<HHQQ", 1, 16, 0, 0)
        else:
            local_crc = crc
        out += struct.pack("<IHHHHHIIIHH", 0x04034B50, version, flags, method, t, d,
                           local_crc, local_sizes[0], local_sizes[1], len(name), len(local_extra))
        out += name + local_extra + comp
        if descriptor:
            if zip64:
                out += struct.pack("<IIQQ", 0x08074B50, crc, len(comp), len(data))
            else:
                out += struct.pack("<IIII", 0x08074B50, crc, len(comp), len(data))
        if zip64:
            cd_extra = struct.pack("<HHQQQ", 1, 24, len(data), len(comp), offset)
            cd_sizes = (0xFFFFFFFF, 0xFFFFFFFF, 0xFFFFFFFF)
        else:
            cd_extra = b""
            cd_sizes = (len(comp), len(data), offset)
        central += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, (3 << 8) | version, version,
                               flags, method, t, d, crc, cd_sizes[0], cd_sizes[1], len(name),
                               len(cd_extra), 0, 0, 0, 0o100644 << 16, cd_sizes[2])
        central += name + cd_extra
    cd_offset = len(out)
    out += central
    count = len(entries)
    if zip64:
        z64 = len(out)
        out += struct.pack("<IQHHIIQQQQ", 0x06064B50, 44, 45, 45, 0, 0, count, count,
                           len(central), cd_offset)
        out += struct.pack("<IIQI", 0x07064B50, 0, z64, 1)
        out += struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, 0xFFFF, 0xFFFF, 0xFFFFFFFF,
                           0xFFFFFFFF, len(comment))
    else:
        out += struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, count, count, len(central),
                           cd_offset, len(comment))
    return bytes(out + comment)


def zipfile_bytes(members, compression, comment=b"", level=None, unseekable=False):
    buffer = io.BytesIO()

    class Unseekable(io.RawIOBase):
        def writable(self):
            return True

        def write(self, b):
            return buffer.write(b)

    target = Unseekable() if unseekable else buffer
    with zipfile.ZipFile(target, "w", compression, compresslevel=level) as z:
        for name, data in members:
            info = zipfile.ZipInfo(name, DATE)
            info.compress_type = compression
            info.external_attr = (0o40755 << 16) | 0x10 if name.endswith("/") else 0o100644 << 16
            z.writestr(info, data)
        z.comment = comment
    return buffer.getvalue()


def main():
    hello = b"hello, zip\n"
    story = text(1, 5000)
    big = text(2, 120_000) + random_bytes(3, 70_000) + b"abc" * 20_000 + text(4, 30_000)
    fixtures = {}

    fixtures["stored.zip"] = zipfile_bytes(
        [("hello.txt", hello), ("story.txt", story), ("bytes.bin", bytes(range(256)) * 4)],
        zipfile.ZIP_STORED)
    fixtures["deflated.zip"] = zipfile_bytes(
        [("data/", b""), ("data/empty.txt", b""), ("data/hello.txt", hello),
         ("data/nested/deeper/story.txt", story), ("data/big.bin", big)],
        zipfile.ZIP_DEFLATED)
    fixtures["small.zip"] = zipfile_bytes(
        [("small/a.txt", text(5, 3000)), ("small/b.txt", hello), ("small/c.dat", text(6, 800)),
         ("small/raw.bin", text(7, 500))], zipfile.ZIP_DEFLATED)
    fixtures["comment.zip"] = zipfile_bytes(
        [("note.txt", story[:700])], zipfile.ZIP_DEFLATED,
        comment=b"MovieLens fixture comment, long enough to push the record back. " * 8)
    # The comment holds fake end-of-central-directory signatures: python's zipfile and
    # unzip take the last one and fail; a reader that checks the comment length does not.
    fixtures["comment-tricky.zip"] = zipfile_bytes(
        [("note.txt", story[:700])], zipfile.ZIP_DEFLATED,
        comment=b"MovieLens fixture comment PK\x05\x06 with a fake signature " * 8)
    fixtures["descriptor.zip"] = zipfile_bytes(
        [("streamed/one.txt", story), ("streamed/two.txt", hello)], zipfile.ZIP_DEFLATED,
        unseekable=True)
    fixtures["prefixed.zip"] = b"#!/bin/sh\necho self-extractor stub\nexit 0\n" * 3 + fixtures["stored.zip"]

    methods_data = [
        ("fixed.txt", text(8, 20_000), raw_deflate(text(8, 20_000), 6, zlib.Z_FIXED)),
        ("stored-blocks.bin", big[:150_000], raw_deflate(big[:150_000], 0)),
        ("best.txt", text(9, 40_000), raw_deflate(text(9, 40_000), 9)),
        ("huffman-only.txt", text(10, 10_000), raw_deflate(text(10, 10_000), 6, zlib.Z_HUFFMAN_ONLY)),
        ("rle.bin", b"\x00" * 30_000 + b"xy" * 5_000, raw_deflate(b"\x00" * 30_000 + b"xy" * 5_000, 6, zlib.Z_RLE)),
        ("period3.bin", b"abc" * 9_000 + b"abcdefg" * 3_000, raw_deflate(b"abc" * 9_000 + b"abcdefg" * 3_000, 9)),
        ("flushed.txt", text(11, 30_000), raw_deflate(text(11, 30_000), 6, flush_every=7_000)),
        ("empty-deflate.txt", b"", raw_deflate(b"")),
    ]
    fixtures["methods.zip"] = build_zip(
        [{"name": n.encode(), "data": d, "comp": c} for n, d, c in methods_data])
    fixtures["zip64.zip"] = build_zip(
        [{"name": b"z64/hello.txt", "data": hello}, {"name": b"z64/story.txt", "data": story},
         {"name": b"z64/stored.bin", "data": bytes(range(256)), "method": 0}],
        comment=b"zip64 fixture", zip64=True)
    fixtures["zip64-descriptor.zip"] = build_zip(
        [{"name": b"z64d/story.txt", "data": story}], zip64=True, descriptor=True)
    fixtures["utf8.zip"] = zipfile_bytes([("caf\u00e9/na\u00efve.txt", hello)], zipfile.ZIP_DEFLATED)

    bad = bytearray(zipfile_bytes([("bad/story.txt", story), ("bad/hello.txt", hello)], zipfile.ZIP_DEFLATED))
    # Corrupt the recorded CRC of bad/story.txt in both the local and central headers.
    wrong = (zlib.crc32(story) ^ 0xDEADBEEF) & 0xFFFFFFFF
    struct.pack_into("<I", bad, 14, wrong)
    cd = bad.rfind(b"PK\x01\x02", 0, bad.rfind(b"PK\x01\x02"))
    struct.pack_into("<I", bad, cd + 16, wrong)
    fixtures["badcrc.zip"] = bytes(bad)

    fixtures["bzip2.zip"] = zipfile_bytes([("packed/story.txt", story)], zipfile.ZIP_BZIP2)
    fixtures["encrypted.zip"] = build_zip([{"name": b"secret.txt", "data": hello, "method": 0, "flags": 1}])
    fixtures["slip-dotdot.zip"] = build_zip([{"name": b"ok.txt", "data": hello}, {"name": b"../evil.txt", "data": hello}])
    fixtures["slip-absolute.zip"] = build_zip([{"name": b"/tmp/evil.txt", "data": hello}])
    fixtures["slip-backslash.zip"] = build_zip([{"name": b"dir\\..\\..\\evil.txt", "data": hello}])
    fixtures["slip-nested.zip"] = build_zip([{"name": b"a/b/../../../evil.txt", "data": hello}])
    fixtures["duplicate.zip"] = build_zip([{"name": b"same.txt", "data": hello}, {"name": b"./same.txt", "data": story}])

    expected = {}
    for name in sorted(fixtures):
        with open(name, "wb") as f:
            f.write(fixtures[name])
        try:
            with zipfile.ZipFile(io.BytesIO(fixtures[name])) as z:
                rows = []
                for info in z.infolist():
                    row = {"name": info.filename, "size": info.file_size,
                           "compressed": info.compress_size, "crc32": info.CRC,
                           "method": info.compress_type}
                    try:
                        row["sha256"] = hashlib.sha256(z.read(info)).hexdigest()
                    except Exception as error:  # bad CRC, bzip2 is fine, encrypted fails
                        row["error"] = type(error).__name__
                    rows.append(row)
                expected[name] = {"comment": z.comment.decode("latin-1"), "entries": rows}
        except zipfile.BadZipFile as error:
            expected[name] = {"error": str(error)}
    with open("expected.json", "w") as f:
        json.dump(expected, f, indent=1, sort_keys=True)
        f.write("\n")


if __name__ == "__main__":
    main()
