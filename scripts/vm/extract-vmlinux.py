#!/usr/bin/env python3
"""extract-vmlinux.py VMLINUZ OUT: the uncompressed ELF kernel from a bzImage whose payload is xz
(Debian's amd64 kernels). qemu boots the ELF through PVH, skipping the decompressor (about 4 s
under TCG)."""

import lzma
import sys

XZ_MAGIC = b"\xfd7zXZ\x00"


def main() -> int:
    if len(sys.argv) != 3:
        print("usage: extract-vmlinux.py VMLINUZ OUT", file=sys.stderr)
        return 2
    data = open(sys.argv[1], "rb").read()
    start = data.find(XZ_MAGIC)
    while start >= 0:
        try:
            elf = lzma.LZMADecompressor(format=lzma.FORMAT_XZ).decompress(data[start:])
        except lzma.LZMAError:
            elf = b""
        if elf.startswith(b"\x7fELF"):
            with open(sys.argv[2], "wb") as out:
                out.write(elf)
            return 0
        start = data.find(XZ_MAGIC, start + 1)
    print(f"extract-vmlinux.py: no xz-compressed ELF kernel in {sys.argv[1]}", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
