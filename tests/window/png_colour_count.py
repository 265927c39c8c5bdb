#!/usr/bin/python3
"""png_colour_count.py [--srgb] PNG X0 Y0 X1 Y1 R G B [TOL] -- prints how many pixels of the rectangle
[X0,X1) x [Y0,Y1) are within TOL (default 12) of the colour R,G,B in every channel. Window tests use it to check
that a panel really drew something in its colours (a chart line, a swatch) where the layout puts it. --srgb: R,G,B
is a UI colour as the code writes it (IM_COL32), which the window's sRGB swapchain stores encoded. Reads 8-bit
RGB/RGBA, non-interlaced PNGs (what twinview writes) with the standard library only."""
import struct
import sys
import zlib


def read_png(path):
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        sys.exit(f"{path}: not a PNG file")
    pos, idat, width, height, channels = 8, b"", 0, 0, 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", body)
            if depth != 8 or colour not in (2, 6) or interlace:
                sys.exit(f"{path}: only 8-bit RGB/RGBA non-interlaced PNGs are supported")
            channels = 3 if colour == 2 else 4
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    raw = zlib.decompress(idat)
    stride = width * channels
    rows, prev = [], bytearray(stride)
    for y in range(height):
        f = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - channels] if i >= channels else 0
            b = prev[i]
            c = prev[i - channels] if i >= channels else 0
            if f == 1:
                line[i] = (line[i] + a) & 255
            elif f == 2:
                line[i] = (line[i] + b) & 255
            elif f == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(line)
        prev = line
    return width, height, channels, rows


def srgb(c):
    v = c / 255.0
    v = v * 12.92 if v <= 0.0031308 else 1.055 * v ** (1 / 2.4) - 0.055
    return round(v * 255.0)


def main():
    args = sys.argv[1:]
    encode = "--srgb" in args
    args = [a for a in args if a != "--srgb"]
    if len(args) < 8:
        sys.exit(__doc__)
    path = args[0]
    x0, y0, x1, y1, r, g, b = (int(v) for v in args[1:8])
    tol = int(args[8]) if len(args) > 8 else 12
    if encode:
        r, g, b = srgb(r), srgb(g), srgb(b)
    width, height, channels, rows = read_png(path)
    count = 0
    for y in range(max(0, y0), min(height, y1)):
        row = rows[y]
        for x in range(max(0, x0), min(width, x1)):
            p = x * channels
            if abs(row[p] - r) <= tol and abs(row[p + 1] - g) <= tol and abs(row[p + 2] - b) <= tol:
                count += 1
    print(count)


main()
