"""Draw the stand-in picture of the 劳动者之窗 example (examples/laodongzhe/photo.png).

The seed text has no photographs, so the example places a drawn picture in the 6 栏 ×
62 行 frame of the lead story: a stage with banners and an audience, in colour, at 250
dpi of its printed size (so the effective-resolution check passes). Rerun to redraw:

    python tools/make_example_picture.py
"""

from pathlib import Path

from PIL import Image, ImageDraw

OUT = Path(__file__).resolve().parent.parent / "examples" / "laodongzhe" / "photo.png"
W, H = 2600, 2860  # 747 × 823 pt at 250 dpi


def main() -> None:
    im = Image.new("RGB", (W, H))
    d = ImageDraw.Draw(im)
    for y in range(H):  # hall: dark blue above, warm light towards the stage
        t = y / H
        d.line([(0, y), (W, y)], fill=(int(30 + 120 * t), int(40 + 70 * t), int(90 + 30 * t)))
    d.rectangle([200, 500, W - 200, 1150], fill=(190, 25, 30))            # red backdrop
    d.rectangle([260, 560, W - 260, 1090], outline=(240, 200, 60), width=14)
    for i in range(10):                                                     # lettering blocks
        x = 420 + i * 180
        d.rectangle([x, 720, x + 130, 900], fill=(245, 215, 90))
    d.rectangle([0, 1500, W, 1700], fill=(120, 70, 40))                     # stage front
    for i, x in enumerate(range(300, W - 300, 330)):                        # people on stage
        h = 420 + (i % 3) * 40
        d.ellipse([x, 1500 - h - 120, x + 120, 1500 - h], fill=(60, 45, 40))
        d.rectangle([x - 20, 1500 - h, x + 140, 1500], fill=(35 + i * 8, 40, 60))
    for row in range(6):                                                    # audience
        y = 1850 + row * 170
        for x in range(-60 + (row % 2) * 110, W, 220):
            d.ellipse([x, y, x + 150, y + 150], fill=(25 + row * 6, 22 + row * 5, 30 + row * 6))
    im.save(OUT, optimize=True)
    print(f"wrote {OUT} ({OUT.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()
