"""Writes the small data fixtures the reader tests use. Run from this folder with `python3 make_fixtures.py`.

Needs numpy (NPY fixtures are written by numpy itself) and Pillow (one PNG is encoded by Pillow, whose
filter choice is its own). The other PNGs are written by hand with zlib + struct so that every filter type
is present in a known row. Expected values in the tests are recomputed from the formulas below, never read
back from our decoder.
"""
import struct
import zlib

import numpy as np
from PIL import Image

# ---------------------------------------------------------------- NPY (numpy is the writer)
np.save("f32_2x3.npy", (np.arange(6, dtype="<f4").reshape(2, 3) * np.float32(0.5) - np.float32(1)))
np.save("f32_scalar.npy", np.array(3.25, dtype="<f4"))
np.save("f32_vec3.npy", np.array([1.5, -2.0, 0.001], dtype="<f4"))
np.save("f32_0x3.npy", np.zeros((0, 3), dtype="<f4"))
np.save("u8_2x2x2.npy", (np.arange(8, dtype=np.uint8) * np.uint8(30)).reshape(2, 2, 2))
for version in [(2, 0), (3, 0)]:
    with open(f"f32_v{version[0]}.npy", "wb") as f:
        np.lib.format.write_array(f, np.arange(4, dtype="<f4").reshape(4, 1), version=version)
np.save("f32_fortran.npy", np.asfortranarray(np.arange(6, dtype="<f4").reshape(2, 3)))
np.save("f64_2.npy", np.array([1.0, 2.0], dtype="<f8"))
np.save("f32_bigendian.npy", np.array([1.0, 2.0], dtype=">f4"))


# ---------------------------------------------------------------- PNG (hand-written, every filter type)
def sample(x, y, c):
    """The pixel formula the tests recompute."""
    return (x * 37 + y * 101 + c * 59 + 13) % 256


def paeth(a, b, c):
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    return a if pa <= pb and pa <= pc else (b if pb <= pc else c)


def filter_row(kind, row, prev, bpp):
    out = []
    for i, v in enumerate(row):
        a = row[i - bpp] if i >= bpp else 0
        b = prev[i]
        c = prev[i - bpp] if i >= bpp else 0
        pred = [0, a, b, (a + b) // 2, paeth(a, b, c)][kind]
        out.append((v - pred) % 256)
    return bytes([kind] + out)


def chunk(kind, data):
    body = kind + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)


def png(width, height, color_type, channels, first_filter, idat_split=None, bit_depth=8, interlace=0, plte=False):
    raw = b""
    prev = [0] * (width * channels)
    for y in range(height):
        row = [sample(x, y, c) for x in range(width) for c in range(channels)]
        raw += filter_row((first_filter + y) % 5, row, prev, channels)
        prev = row
    data = zlib.compress(raw, 9)
    ihdr = struct.pack(">IIBBBBB", width, height, bit_depth, color_type, 0, 0, interlace)
    parts = [data] if idat_split is None else [data[i:i + idat_split] for i in range(0, len(data), idat_split)]
    chunks = chunk(b"IHDR", ihdr)
    if plte:
        chunks += chunk(b"PLTE", bytes(range(6)))
    chunks += chunk(b"tEXt", b"Comment\x00fixture")  # an ancillary chunk the reader must skip
    chunks += b"".join(chunk(b"IDAT", p) for p in parts)
    return b"\x89PNG\r\n\x1a\n" + chunks + chunk(b"IEND", b"")


W, H = 7, 10
files = {
    "gray_f0.png": png(W, H, 0, 1, 0),
    "gray_alpha_f2.png": png(W, H, 4, 2, 2),
    "rgb_f3.png": png(W, H, 2, 3, 3, plte=True),
    "rgba_f4.png": png(W, H, 6, 4, 4),
    "rgb_multi_idat_f1.png": png(W, H, 2, 3, 1, idat_split=16),
    "bad_interlaced.png": png(W, H, 0, 1, 0, interlace=1),
    "bad_16bit.png": png(W, H, 0, 1, 0, bit_depth=16),
    "bad_palette.png": png(W, H, 3, 1, 0),
    "bad_4bit.png": png(W, H, 0, 1, 0, bit_depth=4),
}
good = files["gray_f0.png"]
idat = good.index(b"IDAT")
files["bad_crc.png"] = good[: idat + 6] + bytes([good[idat + 6] ^ 0x01]) + good[idat + 7:]
files["bad_no_iend.png"] = good[:-12]
for name, content in files.items():
    with open(name, "wb") as f:
        f.write(content)

# ---------------------------------------------------------------- PNG (Pillow is the encoder)
pixels = np.array([[[sample(x, y, c) for c in range(3)] for x in range(W)] for y in range(H)], dtype=np.uint8)
Image.fromarray(pixels, "RGB").save("rgb_pillow.png", optimize=True)
