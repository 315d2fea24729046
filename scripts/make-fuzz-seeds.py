#!/usr/bin/env python3
"""Writes the fuzz seed corpora, Fuzz/Corpus/<target>/, from real inputs (run once; the output is committed).

Images are small crops of real images from ../shared/data (an FVC2002 TIFF, a NIST example PNG and JPEG, an
ORL face, a face_recognition photo), re-encoded in every layout each decoder reads, so that each seed is a
few hundred bytes to a few KB and the fuzzer's runs stay fast. ISO records are copied as they are (a
commercial SDK's FVC records, SourceAFIS's padded ones) plus records with several views and extended data
built from them. ZFM packets and replies are the worked bytes of ../shared/docs/fingerprint-module-protocol.md
and replies built by its tables. WeCom frames follow ../shared/docs/wecom-device-protocol.md (one per push and
per response); photo frames its §3.3; configs the README's example. Seeds named reject-* must be refused
(FuzzCorpusTests checks both ways).

Usage: make-fuzz-seeds.py [SHARED_DATA] [OUT]   (defaults ../shared/data and Fuzz/Corpus). Needs only
Python's standard library and libturbojpeg (the JPEG seeds).
"""
import base64
import ctypes
import json
import os
import shutil
import struct
import sys
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


# ---------------------------------------------------------------- readers of the real files


def read_tiff_gray(path):
    """An uncompressed 8-bit grey TIFF (the FVC images): (width, height, rows)."""
    data = open(path, "rb").read()
    endian = "<" if data[:2] == b"II" else ">"
    (ifd,) = struct.unpack(endian + "I", data[4:8])
    (count,) = struct.unpack(endian + "H", data[ifd:ifd + 2])
    tags = {}
    for i in range(count):
        entry = data[ifd + 2 + 12 * i: ifd + 14 + 12 * i]
        tag, kind, n = struct.unpack(endian + "HHI", entry[:8])
        size = {3: 2, 4: 4}.get(kind, 1)
        raw = entry[8:12] if n * size <= 4 else data[struct.unpack(endian + "I", entry[8:12])[0]:][:n * size]
        fmt = {3: "H", 4: "I"}.get(kind, "B")
        tags[tag] = list(struct.unpack(endian + fmt * n, raw[:n * size]))
    width, height = tags[256][0], tags[257][0]
    pixels = b"".join(data[o:o + c] for o, c in zip(tags[273], tags[279]))
    return width, height, [pixels[y * width:(y + 1) * width] for y in range(height)]


def read_png(path):
    """A non-interlaced 8-bit PNG (the NIST examples): (width, height, channels, rows)."""
    data = open(path, "rb").read()
    pos, idat, width = 8, b"", 0
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos:pos + 4])
        kind, body = data[pos + 4:pos + 8], data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour = struct.unpack(">IIBB", body[:10])
            assert depth == 8 and body[12] == 0, "only 8-bit non-interlaced"
            channels = {0: 1, 2: 3, 4: 2, 6: 4}[colour]
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    raw = zlib.decompress(idat)
    stride = width * channels
    rows, previous = [], bytearray(stride)
    for y in range(height):
        kind, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for x in range(stride):
            a = line[x - channels] if x >= channels else 0
            b = previous[x]
            c = previous[x - channels] if x >= channels else 0
            if kind == 1:
                line[x] = (line[x] + a) & 0xFF
            elif kind == 2:
                line[x] = (line[x] + b) & 0xFF
            elif kind == 3:
                line[x] = (line[x] + (a + b) // 2) & 0xFF
            elif kind == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 0xFF
        rows.append(bytes(line))
        previous = line
    return width, height, channels, rows


def read_pgm(path):
    """A binary PGM (the ORL faces): (width, height, rows)."""
    data = open(path, "rb").read()
    fields, pos = [], 2
    while len(fields) < 3:
        while data[pos:pos + 1].isspace():
            pos += 1
        start = pos
        while not data[pos:pos + 1].isspace():
            pos += 1
        fields.append(int(data[start:pos]))
    width, height, _ = fields
    pixels = data[pos + 1:]
    return width, height, [pixels[y * width:(y + 1) * width] for y in range(height)]


def crop(rows, x, y, width, height, channels=1):
    return [row[x * channels:(x + width) * channels] for row in rows[y:y + height]]


# ---------------------------------------------------------------- writers


def png_chunk(kind, body):
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def png(width, height, depth, colour, rows, interlaced=False, palette=None, transparency=None, text=False):
    """rows: packed scanlines at this depth. Filters cycle through 0-4 so every unfilter path is seeded."""
    channels = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}[colour]
    bpp = max(1, depth * channels // 8)

    def filtered(lines):
        out, previous = b"", bytes(len(lines[0])) if lines else b""
        for index, line in enumerate(lines):
            kind = index % 5
            encoded = bytearray()
            for x, value in enumerate(line):
                a = line[x - bpp] if x >= bpp else 0
                b = previous[x]
                c = previous[x - bpp] if x >= bpp else 0
                if kind == 1:
                    value -= a
                elif kind == 2:
                    value -= b
                elif kind == 3:
                    value -= (a + b) // 2
                elif kind == 4:
                    p = a + b - c
                    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                    value -= a if pa <= pb and pa <= pc else b if pb <= pc else c
                encoded.append(value & 0xFF)
            out += bytes([kind]) + bytes(encoded)
            previous = line
        return out

    if interlaced:
        assert depth == 8
        passes = [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)]
        raw = b""
        for x0, y0, dx, dy in passes:
            lines = [b"".join(rows[y][x * channels:(x + 1) * channels] for x in range(x0, width, dx))
                     for y in range(y0, height, dy)]
            lines = [line for line in lines if line]
            if lines:
                raw += filtered(lines)
    else:
        raw = filtered(rows)
    out = b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, depth, colour, 0, 0,
                                                                     1 if interlaced else 0))
    if text:
        out += png_chunk(b"tEXt", b"Comment\x00fuzz seed cropped from a NIST example print")
    if palette is not None:
        out += png_chunk(b"PLTE", palette)
    if transparency is not None:
        out += png_chunk(b"tRNS", transparency)
    compressed = zlib.compress(raw, 9)
    half = len(compressed) // 2
    # Two IDAT chunks: the decoder must join them.
    out += png_chunk(b"IDAT", compressed[:half]) + png_chunk(b"IDAT", compressed[half:])
    return out + png_chunk(b"IEND", b"")


def pack_bits(values, depth):
    out, acc, bits = bytearray(), 0, 0
    for value in values:
        acc = (acc << depth) | value
        bits += depth
        if bits == 8:
            out.append(acc)
            acc, bits = 0, 0
    if bits:
        out.append(acc << (8 - bits))
    return bytes(out)


def tiff(width, height, samples, rows, big_endian=False, rows_per_strip=None, photometric=None, extra=0):
    e = ">" if big_endian else "<"
    spp = samples + extra
    photometric = photometric if photometric is not None else (2 if samples == 3 else 1)
    rows_per_strip = rows_per_strip or height
    strips = [b"".join(rows[y:y + rows_per_strip]) for y in range(0, height, rows_per_strip)]
    entries = [(256, 3, [width]), (257, 3, [height]), (258, 3, [8] * spp), (259, 3, [1]), (262, 3, [photometric]),
               (273, 4, [0] * len(strips)), (277, 3, [spp]), (278, 3, [rows_per_strip]),
               (279, 4, [len(s) for s in strips]), (284, 3, [1])]
    if extra:
        entries.append((338, 3, [2]))

    def layout(strip_start):
        """Header, IFD and out-of-line values, with the strips placed from `strip_start` on."""
        base = 8 + 2 + 12 * len(entries) + 4
        ifd, values = struct.pack(e + "H", len(entries)), b""
        position = strip_start
        for tag, kind, items in entries:
            if tag == 273:
                items = []
                for strip in strips:
                    items.append(position)
                    position += len(strip)
            blob = struct.pack(e + ("H" if kind == 3 else "I") * len(items), *items)
            if len(blob) <= 4:
                field = blob.ljust(4, b"\x00")
            else:
                field = struct.pack(e + "I", base + len(values))
                values += blob
            ifd += struct.pack(e + "HHI", tag, kind, len(items)) + field
        head = (b"MM" if big_endian else b"II") + struct.pack(e + "HI", 42, 8)
        return head + ifd + struct.pack(e + "I", 0) + values

    prefix = layout(0)
    return layout(len(prefix)) + b"".join(strips)


def bmp(width, height, bit_count, rows, palette=b"", top_down=False, bitfields=None, core=False):
    stride = (width * bit_count + 31) // 32 * 4
    pixel_data = b"".join(row.ljust(stride, b"\x00") for row in (rows if top_down else rows[::-1]))
    if core:
        info = struct.pack("<IHHHH", 12, width, height, 1, bit_count)
        palette = b"".join(palette[i:i + 3] for i in range(0, len(palette), 4))
    else:
        info = struct.pack("<IiiHHIIiiII", 40, width, -height if top_down else height, 1, bit_count,
                           3 if bitfields else 0, len(pixel_data), 2835, 2835, len(palette) // 4, 0)
    masks = struct.pack("<III", *bitfields) if bitfields else b""
    offset = 14 + len(info) + len(masks) + len(palette)
    return b"BM" + struct.pack("<IHHI", offset + len(pixel_data), 0, 0, offset) + info + masks + palette + pixel_data


def netpbm(magic, width, height, maxval, samples, comment=True):
    header = f"{magic}\n" + ("# fuzz seed cropped from an ORL face\n" if comment else "") + f"{width} {height}\n{maxval}\n"
    if magic in ("P2", "P3"):
        per_line = 12
        text = "\n".join(" ".join(str(v) for v in samples[i:i + per_line]) for i in range(0, len(samples), per_line))
        return (header + text + "\n").encode()
    if maxval > 255:
        return header.encode() + b"".join(struct.pack(">H", v) for v in samples)
    return header.encode() + bytes(samples)


class TurboJPEG:
    """The few TurboJPEG calls the JPEG seeds need, through ctypes."""
    GRAY, RGB = 6, 0
    S444, S422, S420, SGRAY = 0, 1, 2, 3
    PROGRESSIVE = 16384

    def __init__(self):
        self.lib = ctypes.CDLL("libturbojpeg.so.0")
        self.lib.tjInitCompress.restype = ctypes.c_void_p
        self.lib.tjInitDecompress.restype = ctypes.c_void_p

    def compress(self, pixels, width, height, pixel_format, subsampling, quality=75, flags=0):
        handle = ctypes.c_void_p(self.lib.tjInitCompress())
        buffer, size = ctypes.POINTER(ctypes.c_ubyte)(), ctypes.c_ulong(0)
        pitch = width * (1 if pixel_format == self.GRAY else 3)
        source = (ctypes.c_ubyte * len(pixels)).from_buffer_copy(pixels)
        status = self.lib.tjCompress2(handle, source, width, pitch, height, pixel_format, ctypes.byref(buffer),
                                      ctypes.byref(size), subsampling, quality, flags)
        assert status == 0, "tjCompress2 failed"
        out = ctypes.string_at(buffer, size.value)
        self.lib.tjFree(buffer)
        self.lib.tjDestroy(handle)
        return out

    def decompress_rgb(self, jpeg):
        handle = ctypes.c_void_p(self.lib.tjInitDecompress())
        width, height, sub, space = ctypes.c_int(), ctypes.c_int(), ctypes.c_int(), ctypes.c_int()
        self.lib.tjDecompressHeader3(handle, jpeg, ctypes.c_ulong(len(jpeg)), ctypes.byref(width),
                                     ctypes.byref(height), ctypes.byref(sub), ctypes.byref(space))
        out = (ctypes.c_ubyte * (width.value * height.value * 3))()
        self.lib.tjDecompress2(handle, jpeg, ctypes.c_ulong(len(jpeg)), out, width.value, width.value * 3,
                               height.value, self.RGB, 0)
        self.lib.tjDestroy(handle)
        return width.value, height.value, bytes(out)


# ---------------------------------------------------------------- ZFM


def zfm_packet(pid, payload, address=0xFFFFFFFF):
    length = len(payload) + 2
    checksum = (pid + (length >> 8) + (length & 0xFF) + sum(payload)) & 0xFFFF
    return b"\xEF\x01" + struct.pack(">IBH", address, pid, length) + bytes(payload) + struct.pack(">H", checksum)


def ack(code=0, body=b"", address=0xFFFFFFFF):
    return zfm_packet(0x07, bytes([code]) + body, address)


def data_packets(data, size=128):
    chunks = [data[i:i + size] for i in range(0, len(data), size)]
    return b"".join(zfm_packet(0x08 if i == len(chunks) - 1 else 0x02, chunk) for i, chunk in enumerate(chunks))


SYS_PARA = struct.pack(">HHHHIHH", 0x0004, 0x0000, 300, 3, 0xFFFFFFFF, 2, 6)  # 300 pages, 128-byte packets

# The command order of ZFMReplyFuzz.command(_:on:): index → (name, module's answer).
ZFM_REPLIES = [
    ("genimg", ack(0)), ("img2tz", ack(0)), ("match", ack(0, b"\x00\x7b")), ("search", ack(0, b"\x00\x03\x00\x64")),
    ("highspeedsearch-notfound", ack(0x09, b"\x00\x00\x00\x00")), ("regmodel", ack(0)), ("store", ack(0)),
    ("loadchar", ack(0)), ("deletechar", ack(0)), ("empty", ack(0)), ("setsyspara", ack(0)),
    ("readsyspara", ack(0, SYS_PARA)), ("verifypassword", ack(0)), ("getrandomcode", ack(0, b"\x12\x34\x56\x78")),
    ("setaddress", ack(0, address=0x12345678)), ("templatecount", ack(0, b"\x00\x07")),
    ("readindextable", ack(0, bytes([0x0F, 0x80] + [0] * 29 + [0x01]))),
    ("upchar", ack(0) + data_packets(bytes(range(256)) * 2)), ("downchar", ack(0, SYS_PARA) + ack(0)),
    ("upimage-truncated", ack(0) + data_packets(bytes(range(256)) * 8)),
    ("auraledconfig", ack(0)),
    ("occupiedpages", ack(0, SYS_PARA) + ack(0, bytes([0xFF] + [0] * 31)) + ack(0, bytes([0] * 31 + [0x80]))),
    ("librarysearch", ack(0, SYS_PARA) + ack(0) + ack(0, b"\x00\x2a\x00\x50")),
    ("downloadtemplate", ack(0) + ack(0) + data_packets(bytes(range(256)) * 2, 64)),
]


def zfm_seeds():
    packets = {
        # The worked bytes of fingerprint-module-protocol.md.
        "genimg-command": bytes.fromhex("EF01FFFFFFFF010003010005"),
        "ack-ok": bytes.fromhex("EF01FFFFFFFF07000300000A"),
        "ack-no-finger": bytes.fromhex("EF01FFFFFFFF07000302000C"),
        "img2tz-command": bytes.fromhex("EF01FFFFFFFF01000402010008"),
        "regmodel-command": bytes.fromhex("EF01FFFFFFFF010003050009"),
        "store-command": bytes.fromhex("EF01FFFFFFFF0100060601000300 11".replace(" ", "")),
        "upchar-command": bytes.fromhex("EF01FFFFFFFF0100040801000E"),
        "ack-readsyspara": ack(0, SYS_PARA),
        # A stream: noise before the header, an ack, then a template upload in 32-byte data packets.
        "stream-upchar": b"\x00\x55" + ack(0) + data_packets(bytes(range(256)), 32),
        "stream-other-address": ack(0, address=0x12345678) + ack(0x21),
    }
    replies = {}
    for index, (name, answer) in enumerate(ZFM_REPLIES):
        # Chunk size 1: a byte per read, so every exchange of a multi-command answer starts on its own read.
        prefix = "reject-" if "truncated" in name else ""
        replies[f"{prefix}{index:02d}-{name}"] = bytes([index, 1]) + answer
    # The module asks for the password first (0x21); the driver verifies it and retries the command.
    replies["11-readsyspara-after-password"] = bytes([11, 1]) + ack(0x21) + ack(0) + ack(0, SYS_PARA)
    replies["00-genimg-one-read"] = bytes([0, 0]) + ack(0x02)
    replies["15-templatecount-stale-data-first"] = bytes([15, 7]) + data_packets(bytes(64), 32) + ack(0, b"\x01\x2c")
    return packets, replies


# ---------------------------------------------------------------- ISO records


def iso_views(record):
    """(header fields, list of view bytes) of an ISO/IEC 19794-2:2005 record."""
    (length,) = struct.unpack(">I", record[8:12])
    header = record[12:24]
    count = record[22]
    pos, views = 24, []
    for _ in range(count):
        minutiae = record[pos + 3]
        end = pos + 4 + 6 * minutiae
        (extended,) = struct.unpack(">H", record[end:end + 2])
        end += 2 + extended
        views.append(record[pos:end])
        pos = end
    return header, views


def iso_record(header, views):
    body = header[:10] + bytes([len(views), 0]) + b"".join(views)
    return b"FMR\x00" + b" 20\x00" + struct.pack(">I", 12 + len(body)) + body


def iso_seeds(shared):
    fvc = os.path.join(shared, "fingerprints/fvc2002_db1_b")
    synthetic = os.path.join(shared, "fingerprints/fvc2004_db4_b_synthetic_subset")
    afis = os.path.join(shared, "fingerprints/sourceafis-test")
    seeds = {
        "fvc2002-101_1.iso": open(os.path.join(fvc, "101_1.iso"), "rb").read(),
        "fvc2002-105_3.iso": open(os.path.join(fvc, "105_3.iso"), "rb").read(),
        "fvc2004-synthetic-101_1.iso": open(os.path.join(synthetic, "101_1.iso"), "rb").read(),
        "sourceafis-probe-padded.iso": open(os.path.join(afis, "iso-probe.dat"), "rb").read(),
    }
    header, views = iso_views(seeds["fvc2002-101_1.iso"])
    _, more = iso_views(seeds["fvc2002-105_3.iso"])
    three = [views[0], more[0], views[0][:1] + bytes([0x10 | views[0][1] & 0x0F]) + views[0][2:]]
    seeds["three-views-one-finger.iso"] = iso_record(header, three)
    with_extended = views[0][:-2] + struct.pack(">H", 8) + b"\x00\x01\x00\x04" + b"\xAB\xCD\xEF\x01"
    seeds["extended-data-block.iso"] = iso_record(header, [with_extended])
    seeds["reject-wrong-version.iso"] = seeds["fvc2002-101_1.iso"][:4] + b" 30\x00" + seeds["fvc2002-101_1.iso"][8:]
    return seeds


# ---------------------------------------------------------------- WeCom frames


def frame(obj):
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode()


def wecom_seeds(iso):
    template = base64.b64encode(iso).decode()
    pushes = {
        "push_enter_page-fp": {"cmd": "push_enter_page", "headers": {"req_id": "cloud-1"},
                               "body": {"page_type": "fp", "oper_id": "op-1", "userid": "zhangsan", "user_type": 0}},
        "push_enter_page-fa-visitor": {"cmd": "push_enter_page", "headers": {"req_id": "cloud-2"},
                                       "body": {"page_type": "fa", "oper_id": "op-2", "userid": "访客01",
                                                "user_type": "2"}},
        "push_exit_page": {"cmd": "push_exit_page", "headers": {"req_id": "cloud-3"},
                           "body": {"page_type": "fp", "oper_id": "op-1", "userid": "zhangsan"}},
        "push_bind_corp": {"cmd": "push_bind_corp", "headers": {"req_id": "cloud-4"}},
        "push_unbind_corp": {"cmd": "push_unbind_corp"},
        "push_change_contact": {"cmd": "push_change_contact", "headers": {"req_id": "cloud-5"},
                                "body": {"timestamp": 1700000000, "perm_version": "42",
                                         "create_user": [{"userid": "lisi", "user_type": 0}],
                                         "update_user": [{"userid": "zhangsan"}],
                                         "delete_user": [{"userid": "wangwu", "user_type": 1}]}},
        "push_open_self_input": {"cmd": "push_open_self_input",
                                 "body": {"open_self_input_fp": True, "open_self_input_fa": False}},
        "push_user_face": {"cmd": "push_user_face", "headers": {"req_id": "cloud-6"},
                           "body": {"oper_id": "op-3", "userid": "lisi", "user_type": 0,
                                    "face_info": [{"id": 0, "media_id": "m-1", "media_type": "jpg",
                                                   "photo_size": 13042},
                                                  {"id": "11", "media_id": "m-2"}]}},
        "push_unknown": {"cmd": "push_new_feature", "body": {"anything": [1, 2.5, None, {"x": "y"}]}},
    }
    responses = {
        "response-get_timestamp": {"headers": {"req_id": "dev-1"}, "errcode": 0, "errmsg": "ok",
                                   "body": {"timestamp": 1700000000}},
        "response-get_secret_no": {"headers": {"req_id": "dev-2"}, "errcode": 0, "body": {"secret_no": "s3cr3t"}},
        "response-register": {"headers": {"req_id": "dev-3"}, "errcode": 0, "errmsg": "ok",
                              "body": {"active_code": "AC-123"}},
        "response-active": {"headers": {"req_id": "dev-4"}, "errcode": 0, "body": {"secret": "corp-secret"}},
        "response-subscribe-ping": {"headers": {"req_id": "dev-5"}, "errcode": 0, "errmsg": "ok"},
        "response-get_perm_version": {"headers": {"req_id": "dev-6"}, "errcode": 0, "body": {"perm_version": 42}},
        "response-check_userid": {"headers": {"req_id": "dev-7"}, "errcode": 0,
                                  "body": {"legal_userids": ["zhangsan"],
                                           "illegal_userids": [{"userid": "ghost"}]}},
        "response-get_userinfo_by_ids": {
            "headers": {"req_id": "dev-8"}, "errcode": 0,
            "body": {"perm_version": 42, "userinfo": [
                {"userid": "zhangsan", "user_type": 0, "name": "张三",
                 "fp_algorithm": "iso19794-2-2005-minutiae-v1", "fp": [{"id": 0, "data": template}],
                 "fa_algorithm": "face-dlib128-rq48-k1", "fa_list": [{"id": 1, "data": "AAECAwQFBgc="}]},
                {"userid": "lisi", "fp_alogrithm": "", "fp": [{"id": "3", "data": ""}]}]}},
        "response-get_userinfo_by_page": {"headers": {"req_id": "dev-9"}, "errcode": 0,
                                          "body": {"is_last": True, "perm_version": "43", "userinfo": []}},
        "response-upload_userinfo-fail_list": {"headers": {"req_id": "dev-10"}, "errcode": 0, "errmsg": "ok",
                                               "body": {"fail_list": ["lisi"]}},
        "response-error": {"headers": {"req_id": "dev-11"}, "errcode": 60020, "errmsg": "not allow to access"},
        "connection-error": {"errcode": 40001, "errmsg": "device not registered"},
    }
    seeds = {name + ".json": frame(obj) for name, obj in {**pushes, **responses}.items()}
    seeds["reject-push_enter_page-bad-page_type.json"] = frame(
        {"cmd": "push_enter_page", "body": {"page_type": "eye", "oper_id": "op", "userid": "u"}})
    seeds["reject-not-an-object.json"] = b'["cmd", "push_bind_corp"]'
    return seeds


def photo_frame(req_id, data, version=1):
    req = req_id.encode()
    return struct.pack("<II", version, len(req)) + req + struct.pack("<I", len(data)) + data


# ---------------------------------------------------------------- config


def config_seeds():
    readme_example = {
        "cloud": {"endpoint": "ws://127.0.0.1:8700/", "sn": "T-0001", "secret_no": "my-secret-no",
                  "firmware_version": "1.0.0", "ping_interval_s": 30},
        "store": {"path": "/var/lib/attendanced/terminal.sqlite", "status_path": "/var/lib/attendanced/status.json"},
        "algorithms": {"fingerprint": ["zfm-module-char-v1"], "face": []},
        "capture": {"presses": 3, "deadline_s": 45, "poll_interval_ms": 100},
        "fingerprint": {"link": "unix:/tmp/fp.sock", "templates": "iso", "address": "FFFFFFFF", "password": "0"},
        "camera": {"device": "/dev/attendance-camera", "width": 640, "height": 480, "fps": 30,
                   "frames_per_attempt": 8},
        "face": {"models": "/usr/share/attendanced/face-models", "key": "/var/lib/attendanced/face-protection.key"},
    }
    seeds = {
        "readme-example.json": json.dumps(readme_example, indent=2).encode(),
        "minimal.json": b'{"cloud": {"sn": "T-0001", "secret_no": "s"}}',
        "usb-bridge.json": frame({"cloud": {"sn": "T-2", "seed_secret_no": "seed", "endpoint": "wss://example.com/ws"},
                                  "fingerprint": {"link": "usb:1a86:7523", "baud": 115200,
                                                  "usb_devices": ["2109:7638=native", "1a86:5523=ch34x"]},
                                  "camera": {"device": "auto"}}),
        "tty-localhost.json": frame({"cloud": {"sn": "T-3", "secret_no": "s", "endpoint": "ws://localhost:8700"},
                                     "fingerprint": {"link": "tty:/dev/ttyUSB0", "templates": "module",
                                                     "address": "0x12345678"},
                                     "store": {"path": "/tmp/t.sqlite"}, "camera": {"device": "none"}}),
        "reject-unknown-key.json": b'{"cloud": {"sn": "T-1", "secret_no": "s"}, "clodu": {}}',
        "reject-plain-ws-remote.json": b'{"cloud": {"sn": "T-1", "secret_no": "s", "endpoint": "ws://example.com"}}',
    }
    return seeds


# ---------------------------------------------------------------- main


def write(folder, seeds):
    os.makedirs(folder, exist_ok=True)
    for name, data in sorted(seeds.items()):
        with open(os.path.join(folder, name), "wb") as f:
            f.write(data)


def main():
    shared = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "..", "shared", "data")
    out = sys.argv[2] if len(sys.argv) > 2 else os.path.join(ROOT, "Fuzz", "Corpus")
    if os.path.isdir(out):
        shutil.rmtree(out)

    # Grey: a 32×24 crop of FVC2002 101_1 (ridges); colour: a 24×24 crop of a NIST print's PNG, and of a photo.
    width, height, rows = read_tiff_gray(os.path.join(shared, "fingerprints/fvc2002_db1_b/101_1.tif"))
    grey = crop(rows, 180, 170, 32, 24)
    gw, gh = 32, 24
    pw, ph, channels, prows = read_png(os.path.join(shared, "fingerprints/libfprint-nist-examples/arch.png"))
    assert channels == 2, "the NIST PNGs are grey + alpha"
    grey_alpha = crop(prows, 110, 100, 24, 24, channels=2)
    jpeg = TurboJPEG()
    photo = open(os.path.join(shared, "faces/face_recognition_examples/obama-240p.jpg"), "rb").read()
    fw, fh, frgb = jpeg.decompress_rgb(photo)
    frows = [frgb[y * fw * 3:(y + 1) * fw * 3] for y in range(fh)]
    rgb = crop(frows, fw // 2 - 12, fh // 3, 24, 24, channels=3)
    cw, ch = 24, 24
    rgba = [b"".join(row[x * 3:x * 3 + 3] + bytes([255 - x * 8]) for x in range(cw)) for row in rgb]
    ow, oh, orows = read_pgm(os.path.join(shared, "faces/orl/s1/1.pgm"))
    face = crop(orows, 30, 40, 24, 20)

    palette_rgb = b"".join(bytes([v, v, 255 - v]) for v in range(0, 256, 16))
    write(os.path.join(out, "png"), {
        "grey8.png": png(gw, gh, 8, 0, grey),
        "grey8-adam7.png": png(gw, gh, 8, 0, grey, interlaced=True, text=True),
        "grey16.png": png(gw, gh, 16, 0, [b"".join(bytes([v, 255 - v]) for v in row) for row in grey]),
        "grey1.png": png(gw, gh, 1, 0, [pack_bits([1 if v > 128 else 0 for v in row], 1) for row in grey]),
        "grey2.png": png(gw, gh, 2, 0, [pack_bits([v >> 6 for v in row], 2) for row in grey]),
        "grey4-trns.png": png(gw, gh, 4, 0, [pack_bits([v >> 4 for v in row], 4) for row in grey],
                              transparency=b"\x00\x0f"),
        "grey-alpha8-nist.png": png(24, 24, 8, 4, grey_alpha),
        "rgb8-photo.png": png(cw, ch, 8, 2, rgb),
        "rgb8-photo-adam7.png": png(cw, ch, 8, 2, rgb, interlaced=True),
        "rgb16-photo.png": png(cw, ch, 16, 2, [b"".join(bytes([v, v]) for v in row) for row in rgb]),
        "rgba8-photo.png": png(cw, ch, 8, 6, rgba),
        "palette4.png": png(gw, gh, 4, 3, [pack_bits([v >> 4 for v in row], 4) for row in grey],
                            palette=palette_rgb, transparency=bytes(range(0, 256, 32))),
        "palette8.png": png(gw, gh, 8, 3, [bytes(v >> 4 for v in row) for row in grey], palette=palette_rgb),
    })
    write(os.path.join(out, "tiff"), {
        "fvc-grey-ii.tif": tiff(gw, gh, 1, grey),
        "fvc-grey-mm-strips.tif": tiff(gw, gh, 1, grey, big_endian=True, rows_per_strip=5),
        "fvc-grey-white-is-zero.tif": tiff(gw, gh, 1, grey, photometric=0, rows_per_strip=8),
        "photo-rgb-ii.tif": tiff(cw, ch, 3, rgb, rows_per_strip=7),
        "photo-rgba-mm.tif": tiff(cw, ch, 3, rgba, big_endian=True, extra=1),
    })
    grey_palette = b"".join(bytes([v, v, v, 0]) for v in range(256))
    write(os.path.join(out, "bmp"), {
        "fvc-grey8-palette.bmp": bmp(gw, gh, 8, grey, palette=grey_palette),
        "fvc-grey8-top-down.bmp": bmp(gw, gh, 8, grey, palette=grey_palette, top_down=True),
        "fvc-grey4.bmp": bmp(gw, gh, 4, [pack_bits([v >> 4 for v in row], 4) for row in grey],
                             palette=b"".join(bytes([v, v, v, 0]) for v in range(0, 256, 17))),
        "fvc-grey1.bmp": bmp(gw, gh, 1, [pack_bits([1 if v > 128 else 0 for v in row], 1) for row in grey],
                             palette=b"\x00\x00\x00\x00\xff\xff\xff\x00"),
        "fvc-grey8-core-header.bmp": bmp(gw, gh, 8, grey, palette=grey_palette, core=True),
        "photo-bgr24.bmp": bmp(cw, ch, 24, [b"".join(row[x * 3:x * 3 + 3][::-1] for x in range(cw)) for row in rgb]),
        "photo-bgrx32.bmp": bmp(cw, ch, 32, [b"".join(row[x * 3:x * 3 + 3][::-1] + b"\x00" for x in range(cw))
                                             for row in rgb]),
        "photo-bitfields32.bmp": bmp(cw, ch, 32, [b"".join(row[x * 4:x * 4 + 4] for x in range(cw)) for row in rgba],
                                     bitfields=(0x000000FF, 0x0000FF00, 0x00FF0000)),
    })
    face_samples = [v for row in face for v in row]
    rgb_samples = [v for row in rgb for v in row]
    write(os.path.join(out, "netpbm"), {
        "orl-face-p5.pgm": netpbm("P5", 24, 20, 255, face_samples),
        "orl-face-p2.pgm": netpbm("P2", 24, 20, 255, face_samples),
        "orl-face-p5-maxval-15.pgm": netpbm("P5", 24, 20, 15, [v >> 4 for v in face_samples], comment=False),
        "orl-face-p5-16bit.pgm": netpbm("P5", 24, 20, 65535, [v * 257 for v in face_samples]),
        "photo-p6.ppm": netpbm("P6", cw, ch, 255, rgb_samples),
        "photo-p3.ppm": netpbm("P3", 12, 12, 255, [v for row in crop(rgb, 0, 0, 12, 12, 3) for v in row]),
    })
    grey_bytes = b"".join(grey)
    rgb_bytes = b"".join(rgb)
    nist_jpeg = open(os.path.join(shared, "fingerprints/libfprint-nist-examples/tented_arch.jpg"), "rb").read()
    write(os.path.join(out, "jpeg"), {
        "nist-tented-arch.jpg": nist_jpeg,
        "fvc-grey-baseline.jpg": jpeg.compress(grey_bytes, gw, gh, TurboJPEG.GRAY, TurboJPEG.SGRAY),
        "fvc-grey-progressive.jpg": jpeg.compress(grey_bytes, gw, gh, TurboJPEG.GRAY, TurboJPEG.SGRAY,
                                                  flags=TurboJPEG.PROGRESSIVE),
        "photo-420.jpg": jpeg.compress(rgb_bytes, cw, ch, TurboJPEG.RGB, TurboJPEG.S420),
        "photo-422-q95.jpg": jpeg.compress(rgb_bytes, cw, ch, TurboJPEG.RGB, TurboJPEG.S422, quality=95),
        "photo-444-progressive.jpg": jpeg.compress(rgb_bytes, cw, ch, TurboJPEG.RGB, TurboJPEG.S444,
                                                   flags=TurboJPEG.PROGRESSIVE),
    })

    iso = iso_seeds(shared)
    write(os.path.join(out, "iso-record"), iso)
    packets, replies = zfm_seeds()
    write(os.path.join(out, "zfm-packet"), {name + ".bin": data for name, data in packets.items()})
    write(os.path.join(out, "zfm-reply"), {name + ".bin": data for name, data in replies.items()})
    write(os.path.join(out, "wecom-frame"), wecom_seeds(iso["fvc2002-101_1.iso"]))
    small_photo = jpeg.compress(rgb_bytes, cw, ch, TurboJPEG.RGB, TurboJPEG.S420)
    write(os.path.join(out, "photo-frame"), {
        "photo-jpeg.bin": photo_frame("dev-12", small_photo),
        "photo-utf8-req_id.bin": photo_frame("设备-13-" + "x" * 40, b"\x89PNG\r\n\x1a\n"),
        "reject-version-2.bin": photo_frame("dev-14", small_photo, version=2),
        "reject-trailing-bytes.bin": photo_frame("dev-15", b"\xff\xd8\xff") + b"\x00",
    })
    write(os.path.join(out, "config"), config_seeds())

    total = sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(out) for f in fs)
    count = sum(len(fs) for _, _, fs in os.walk(out))
    print(f"{count} seeds, {total} bytes, in {out}")


if __name__ == "__main__":
    main()
