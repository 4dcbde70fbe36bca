"""Edits an artifact for the verification tests, then seals it again (or
not), as a producer of a damaged or hostile file might.

Usage: edit_artifact.py IN OUT [--set-u16 OFFSET VALUE] [--rename OLD NEW]
           [--replace-line PREFIX TEXT] [--strip-trailer] [--no-reseal]

--rename replaces bytes OLD by NEW of the same length, everywhere;
--replace-line replaces the metadata line starting with PREFIX by TEXT
(padded with newlines, which the parser skips, to keep the section size).
"""

import argparse
import struct
import sys

from artifact_seal import TRAILER, seal


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("input")
    parser.add_argument("output")
    parser.add_argument("--set-u16", nargs=2, type=lambda v: int(v, 0))
    parser.add_argument("--rename", nargs=2)
    parser.add_argument("--replace-line", nargs=2)
    parser.add_argument("--strip-trailer", action="store_true")
    parser.add_argument("--no-reseal", action="store_true")
    args = parser.parse_args()
    image = bytearray(open(args.input, "rb").read()[:-TRAILER.size])
    if args.set_u16:
        struct.pack_into("<H", image, *args.set_u16)
    if args.rename:
        old, new = (s.encode() for s in args.rename)
        assert len(old) == len(new) and old in image
        image = bytearray(bytes(image).replace(old, new))
    if args.replace_line:
        prefix, text = (s.encode() for s in args.replace_line)
        start = bytes(image).index(b"\n" + prefix) + 1
        end = image.index(b"\n", start)
        assert len(text) <= end - start, "replacement longer than the line"
        image[start:end] = text + b"\n" * (end - start - len(text))
    if args.strip_trailer:
        data = bytes(image)
    elif args.no_reseal:
        data = bytes(image) + open(args.input, "rb").read()[-TRAILER.size:]
    else:
        data = seal(bytes(image))
    open(args.output, "wb").write(data)
    return 0


if __name__ == "__main__":
    sys.exit(main())
