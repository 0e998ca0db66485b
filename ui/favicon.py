"""The app's favicon, drawn here: Streamlit turns a ':material/…:' page icon into a request to an outside
icon host on every page, and the dashboard makes no outside requests."""

from __future__ import annotations

from functools import cache

from PIL import Image, ImageDraw

BLUE = "#0072B2"  # the theme's primary colour


@cache
def favicon() -> Image.Image:
    """Three linked circles (partners) on the theme's blue, 64 x 64."""
    image = Image.new("RGBA", (64, 64), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((0, 0, 63, 63), radius=14, fill=BLUE)
    for x, y in ((20, 24), (44, 24), (32, 44)):
        draw.ellipse((x - 9, y - 9, x + 9, y + 9), fill="white")
    return image
