"""The nominee badge for a municipality's own website, as SVG and as PNG.

Both are drawn from one layout, measured with the font the PNG is drawn in,
so the two look alike. The SVG names the same font first and pins each
line to its measured width (`textLength`), so that a visitor whose computer
lacks the font still sees every line inside the badge.
"""

import io
from dataclasses import dataclass

from django.utils.html import escape
from PIL import Image, ImageDraw

from voting.sharing import BACKGROUND, TEXT, font, wrapped

PADDING = 20
# Wider than this, the prize's name goes on two lines.
TEXT_WIDTH = 300
SIZES = {"status": 18, "prize": 22, "year": 40, "owner": 14}
LINE_GAP = 8
# The PNG is drawn at twice the size it is shown, for sharp screens.
PNG_SCALE = 2
SVG_FONTS = "'DejaVu Sans', Verdana, Arial, sans-serif"


@dataclass(frozen=True)
class Line:
    text: str
    size: int
    x: int
    baseline: int
    width: int


@dataclass(frozen=True)
class Layout:
    width: int
    height: int
    lines: tuple


def layout(status, prize, year):
    """Where each line of the badge goes: `status` («Nominert til»), the prize's name, the year."""
    draw = ImageDraw.Draw(Image.new("RGB", (1, 1)))
    rows = [(status, SIZES["status"])]
    rows += [(part, SIZES["prize"]) for part in wrapped(draw, prize, font(SIZES["prize"]), TEXT_WIDTH)]
    rows.append((year, SIZES["year"]))
    lines = []
    y = PADDING
    for text, size in rows:
        typeface = font(size)
        ascent, descent = typeface.getmetrics()
        width = round(draw.textlength(text, font=typeface))
        lines.append(Line(text, size, PADDING, y + ascent, width))
        y += ascent + descent + LINE_GAP
    owner_font = font(SIZES["owner"])
    owner_width = round(draw.textlength("IMDi", font=owner_font))
    width = max(max(line.width for line in lines), owner_width) + 2 * PADDING
    height = y - LINE_GAP + PADDING
    # The owner's name sits in the lower right corner, level with the year.
    year_line = lines[-1]
    lines.append(
        Line("IMDi", SIZES["owner"], width - PADDING - owner_width, year_line.baseline, owner_width)
    )
    return Layout(width, height, tuple(lines))


def badge_svg(plan, alt):
    """The badge as an SVG document whose accessible name is `alt`."""
    colour = "#{:02x}{:02x}{:02x}".format(*BACKGROUND)
    ink = "#{:02x}{:02x}{:02x}".format(*TEXT)
    texts = "".join(
        f'<text x="{line.x}" y="{line.baseline}" font-size="{line.size}" '
        f'textLength="{line.width}" lengthAdjust="spacingAndGlyphs">{escape(line.text)}</text>'
        for line in plan.lines
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{plan.width}" height="{plan.height}" '
        f'viewBox="0 0 {plan.width} {plan.height}" role="img" aria-labelledby="title">'
        f'<title id="title">{escape(alt)}</title>'
        f'<rect width="{plan.width}" height="{plan.height}" rx="12" fill="{colour}"/>'
        f'<g fill="{ink}" font-family="{SVG_FONTS}" font-weight="bold">{texts}</g>'
        "</svg>\n"
    )


def badge_png(plan):
    """The badge as a PNG, PNG_SCALE times the size of the SVG."""
    size = (plan.width * PNG_SCALE, plan.height * PNG_SCALE)
    image = Image.new("RGBA", size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle([(0, 0), (size[0] - 1, size[1] - 1)], 12 * PNG_SCALE, fill=BACKGROUND)
    for line in plan.lines:
        draw.text(
            (line.x * PNG_SCALE, line.baseline * PNG_SCALE),
            line.text,
            font=font(line.size * PNG_SCALE),
            fill=TEXT,
            anchor="ls",
        )
    buffer = io.BytesIO()
    image.save(buffer, "PNG", optimize=True)
    return buffer.getvalue()
