#!/usr/bin/env python3
"""Print-file size against visible loss: JPEG quality and picture resolution for newsprint.

For each JPEG quality and target resolution, the example pages are rendered as PDF/X-1a
(fresh picture cache each time) and the example photo's print-ready JPEG is compared with
the separation it was coded from, both turned into Lab through the press profile:

    .venv/bin/python benchmarks/print_size.py

Prints PDF bytes per page, the photo's JPEG bytes, and ΔE*ab (CIE 1976) between the
separated and the decoded picture: mean, 99th percentile and maximum over every 4th pixel
of every 4th row. Coldset newsprint itself varies by ΔE 4–5 from press to press (ISO
12647-3 tolerances), so a coding loss with a mean under 1 and a 99th percentile under 3
does not show in print.
"""

from __future__ import annotations

import io
import math
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from PIL import Image, ImageCms  # noqa: E402

from typeset.pipeline import build  # noqa: E402
from typeset.render import images  # noqa: E402
from typeset.render.pdf import render_pdf  # noqa: E402
from typeset.spec.printing import default_settings  # noqa: E402

PAGES = [ROOT / "examples" / "laodongzhe" / "page.yaml", ROOT / "examples" / "guanxin" / "page.yaml"]
QUALITIES = (92, 85, 80, 75, 70)
RESOLUTIONS = (None, 220, 200)  # None: kept as supplied (251 ppi in the example's frame)


def lab_of(cmyk, profile: str) -> bytes:
    to_lab = ImageCms.buildTransform(ImageCms.getOpenProfile(profile), ImageCms.createProfile("LAB", 5000),
                                     "CMYK", "LAB", renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC)
    return ImageCms.applyTransform(cmyk, to_lab).tobytes()


def delta_e(a, b, width: int, step: int = 4) -> tuple[float, float, float]:
    """Mean, 99th percentile and max ΔE*ab between two Pillow LAB byte strings."""
    def signed(v):
        return v - 256 if v > 127 else v

    out = []
    row = width * 3
    for y0 in range(0, len(a) // row, step):
        for i in range(y0 * row, y0 * row + row, 3 * step):
            dl = (a[i] - b[i]) / 2.55
            out.append(math.sqrt(dl * dl + (signed(a[i + 1]) - signed(b[i + 1])) ** 2
                                 + (signed(a[i + 2]) - signed(b[i + 2])) ** 2))
    out.sort()
    return sum(out) / len(out), out[int(len(out) * 0.99)], out[-1]


def main() -> None:
    settings = default_settings()
    built = [build(p) for p in PAGES]
    photo_page = built[0].page
    pic = next(item for item in photo_page.items if getattr(item, "image", None) is not None)
    print(f"photo {pic.image.width} × {pic.image.height} px in a {pic.w:.0f} × {pic.h:.0f} pt frame "
          f"({72 * pic.image.width / pic.w:.0f} ppi as supplied)\n")
    print(f"{'ppi':>5} {'q':>3} {'photo JPEG':>11} {'PDF p.1':>9} {'PDF p.2':>9} {'ΔE mean':>8} {'ΔE p99':>7} "
          f"{'ΔE max':>7} {'make s':>7}")
    for ppi in RESOLUTIONS:
        for quality in QUALITIES:
            with tempfile.TemporaryDirectory() as cache:
                os.environ["TYPESET_CACHE"] = cache
                images.JPEG_QUALITY = quality
                images.MAX_DPI, images.TARGET_DPI = (10_000, 300) if ppi is None else (ppi * 1.1, ppi)
                t0 = time.perf_counter()
                sizes = [len(render_pdf([b.page])) for b in built]
                made = time.perf_counter() - t0
                jpeg = images.print_jpeg(pic.image, pic.w, pic.h, settings)
            with Image.open(pic.image.path) as im:
                separated = images.prepare(im, pic.w, pic.h, settings)
            decoded = Image.open(io.BytesIO(jpeg))
            decoded.load()
            mean, p99, worst = delta_e(lab_of(separated, settings.profile), lab_of(decoded, settings.profile),
                                       separated.width)
            label = "as is" if ppi is None else str(ppi)
            print(f"{label:>5} {quality:>3} {len(jpeg):>11,} {sizes[0]:>9,} {sizes[1]:>9,} {mean:>8.2f} {p99:>7.2f} "
                  f"{worst:>7.1f} {made:>7.2f}")


if __name__ == "__main__":
    main()
