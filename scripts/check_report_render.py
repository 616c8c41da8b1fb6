#!/usr/bin/env python3
"""Checks that a report rendered in a real browser: the screenshot is not blank (enough pixels
differ from the page background, in enough colours) and the rendered DOM holds the expected
headings and charts. Standard library only: the PNG is decoded with zlib.

usage: check_report_render.py SCREENSHOT.png DOM.html HEADING...
"""
import struct
import sys
import zlib


def pixels(path):
    """RGB(A) rows of an 8-bit PNG (colour types 2 and 6, as Chromium writes)."""
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise SystemExit(f"{path}: not a PNG")
    pos, idat, width, height, kind = 8, b"", 0, 0, 0
    while pos < len(data):
        length, tag = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if tag == b"IHDR":
            width, height, depth, kind = struct.unpack(">IIBB", body[:10])
            if depth != 8 or kind not in (2, 6):
                raise SystemExit(f"{path}: unsupported PNG (depth {depth}, colour type {kind})")
        elif tag == b"IDAT":
            idat += body
        pos += 12 + length
    channels = 3 if kind == 2 else 4
    raw = zlib.decompress(idat)
    stride = width * channels
    rows, previous = [], bytearray(stride)
    for y in range(height):
        start = y * (stride + 1)
        kind_of_filter, line = raw[start], bytearray(raw[start + 1:start + 1 + stride])
        for x in range(stride):
            left = line[x - channels] if x >= channels else 0
            up = previous[x]
            corner = previous[x - channels] if x >= channels else 0
            if kind_of_filter == 1:
                line[x] = (line[x] + left) & 255
            elif kind_of_filter == 2:
                line[x] = (line[x] + up) & 255
            elif kind_of_filter == 3:
                line[x] = (line[x] + (left + up) // 2) & 255
            elif kind_of_filter == 4:
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                line[x] = (line[x] + (left if pa <= pb and pa <= pc else up if pb <= pc else corner)) & 255
        rows.append(bytes(line))
        previous = line
    return width, height, channels, rows


def main():
    if len(sys.argv) < 3:
        raise SystemExit(__doc__)
    screenshot, dom_path, headings = sys.argv[1], sys.argv[2], sys.argv[3:]
    width, height, channels, rows = pixels(screenshot)
    background = rows[0][:3]
    inked, colours = 0, set()
    for row in rows[::4]:
        for x in range(0, width * channels, channels * 4):
            pixel = row[x:x + 3]
            colours.add(pixel)
            if pixel != background:
                inked += 1
    sampled = len(rows[::4]) * len(range(0, width * channels, channels * 4))
    share = inked / sampled
    dom = open(dom_path, encoding="utf-8").read()
    problems = []
    if share < 0.05:
        problems.append(f"the page is nearly blank ({share:.1%} of pixels differ from the background)")
    if len(colours) < 16:
        problems.append(f"only {len(colours)} colours rendered: no charts")
    for heading in headings:
        if heading not in dom:
            problems.append(f"heading '{heading}' missing from the rendered page")
    if dom.count("<svg") < 5:
        problems.append(f"only {dom.count('<svg')} SVG charts in the rendered page")
    if problems:
        raise SystemExit(f"{screenshot}: " + "; ".join(problems))
    print(f"{screenshot}: rendered {width}x{height}, {share:.0%} inked, {len(colours)} colours, {dom.count('<svg')} charts, headings present")


if __name__ == "__main__":
    main()
