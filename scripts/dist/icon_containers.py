#!/usr/bin/env python3
"""Writes and checks the icon containers of Windows (.ico) and macOS (.icns) from rendered PNGs.

Both formats are simple enough to write by hand, which spares a tool per platform (icotool,
png2icns, iconutil) and lets the same code check what it wrote: every entry must be a PNG whose
own header gives the size the container's directory claims.

    icon_containers.py ico  OUT.ico  PNG_DIR    # PNG_DIR holds SIZE.png files
    icon_containers.py icns OUT.icns PNG_DIR
    icon_containers.py check FILE EXPECTED_SIZES  # e.g. check kiln.ico 16,32,48,256
"""

import struct
import sys
from pathlib import Path

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"

# Windows draws these sizes (shell views, taskbar, title bar, Alt-Tab) from an .ico.
ICO_SIZES = [16, 24, 32, 48, 64, 128, 256]

# ICNS element types holding PNG data, with the pixel size of each (Apple's "icns" types;
# the @2x variants are separate entries of the doubled size).
ICNS_TYPES = [
    (b"icp4", 16),
    (b"icp5", 32),
    (b"icp6", 64),
    (b"ic07", 128),
    (b"ic08", 256),
    (b"ic09", 512),
    (b"ic10", 1024),  # 512@2x
    (b"ic11", 32),  # 16@2x
    (b"ic12", 64),  # 32@2x
    (b"ic13", 256),  # 128@2x
    (b"ic14", 512),  # 256@2x
]


def fail(message):
    print(f"icon_containers: {message}", file=sys.stderr)
    sys.exit(1)


def png_size(data, what):
    """Width and height from a PNG's IHDR chunk."""
    if data[:8] != PNG_MAGIC or data[12:16] != b"IHDR":
        fail(f"{what} is not a PNG")
    return struct.unpack(">II", data[16:24])


def read_png(png_dir, size):
    path = Path(png_dir) / f"{size}.png"
    try:
        data = path.read_bytes()
    except OSError as e:
        fail(f"cannot read {path}: {e.strerror}; render the PNGs first (scripts/icons.sh)")
    if png_size(data, str(path)) != (size, size):
        fail(f"{path} is not {size}x{size}")
    return data


def write_ico(out, png_dir):
    images = [(size, read_png(png_dir, size)) for size in ICO_SIZES]
    # ICONDIR, then one ICONDIRENTRY per image, then the images. A width or height of 0 means 256.
    header = struct.pack("<HHH", 0, 1, len(images))
    offset = len(header) + 16 * len(images)
    entries, blobs = b"", b""
    for size, data in images:
        dim = 0 if size >= 256 else size
        entries += struct.pack("<BBBBHHII", dim, dim, 0, 0, 1, 32, len(data), offset)
        offset += len(data)
        blobs += data
    Path(out).write_bytes(header + entries + blobs)


def write_icns(out, png_dir):
    body = b""
    for kind, size in ICNS_TYPES:
        data = read_png(png_dir, size)
        body += kind + struct.pack(">I", 8 + len(data)) + data
    Path(out).write_bytes(b"icns" + struct.pack(">I", 8 + len(body)) + body)


def ico_sizes(data, path):
    reserved, kind, count = struct.unpack("<HHH", data[:6])
    if reserved != 0 or kind != 1 or count == 0:
        fail(f"{path}: not an icon file")
    sizes = []
    for i in range(count):
        w, h, _, _, _, _, length, offset = struct.unpack("<BBBBHHII", data[6 + 16 * i : 22 + 16 * i])
        claimed = (w or 256, h or 256)
        image = data[offset : offset + length]
        if len(image) != length:
            fail(f"{path}: entry {i} runs past the end of the file")
        if png_size(image, f"{path} entry {i}") != claimed:
            fail(f"{path}: entry {i} claims {claimed} but holds another size")
        sizes.append(claimed[0])
    return sizes


def icns_sizes(data, path):
    if data[:4] != b"icns" or struct.unpack(">I", data[4:8])[0] != len(data):
        fail(f"{path}: not an icns file, or its length field is wrong")
    known = dict(ICNS_TYPES)
    sizes, pos = [], 8
    while pos < len(data):
        kind, length = data[pos : pos + 4], struct.unpack(">I", data[pos + 4 : pos + 8])[0]
        if length < 8 or pos + length > len(data):
            fail(f"{path}: element {kind!r} at {pos} has a bad length")
        if kind in known:
            w, h = png_size(data[pos + 8 : pos + length], f"{path} {kind.decode()}")
            if (w, h) != (known[kind], known[kind]):
                fail(f"{path}: {kind.decode()} must be {known[kind]}px, holds {w}x{h}")
            sizes.append(w)
        pos += length
    return sizes


def check(path, expected):
    data = Path(path).read_bytes()
    sizes = icns_sizes(data, path) if data[:4] == b"icns" else ico_sizes(data, path)
    want = sorted(int(s) for s in expected.split(","))
    if sorted(set(sizes)) != want:
        fail(f"{path}: holds sizes {sorted(set(sizes))}, expected {want}")
    print(f"{path}: {len(sizes)} images, sizes {sorted(set(sizes))}")


def main(argv):
    if len(argv) != 4 or argv[1] not in ("ico", "icns", "check"):
        fail(__doc__)
    {"ico": write_ico, "icns": write_icns, "check": check}[argv[1]](argv[2], argv[3])


if __name__ == "__main__":
    main(sys.argv)
