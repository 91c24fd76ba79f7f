"""Draw the book's icon, ``bookext/extra/favicon.ico`` (16, 32 and 48 pixels): ``python bookext/make_favicon.py``.

A sun over a rising line on the Okabe-Ito blue of the course's figures: climate and data, readable at
16 pixels. The .ico is committed; run this again only to change the design.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

OUT = Path(__file__).resolve().parent / "extra" / "favicon.ico"
BLUE, ORANGE, WHITE = "#0072B2", "#E69F00", "#FFFFFF"  # Okabe-Ito, as rightsclimate.plots.PALETTE
SIZE = 256  # drawn large, then scaled down by Pillow for each icon size


def draw() -> Image.Image:
    image = Image.new("RGBA", (SIZE, SIZE), (0, 0, 0, 0))
    pen = ImageDraw.Draw(image)
    pen.rounded_rectangle((0, 0, SIZE - 1, SIZE - 1), radius=48, fill=BLUE)
    pen.ellipse((128, 36, 212, 120), fill=ORANGE)  # the sun
    pen.line([(40, 204), (100, 160), (148, 184), (216, 120)], fill=WHITE, width=26, joint="curve")  # a rising line
    return image


if __name__ == "__main__":
    OUT.parent.mkdir(parents=True, exist_ok=True)
    draw().save(OUT, format="ICO", sizes=[(16, 16), (32, 32), (48, 48)])
    print(f"wrote {OUT} ({OUT.stat().st_size} bytes)")
