"""The picture a shared vote link shows: the nominee's name on the prize's colours."""

import io
from pathlib import Path

from django.conf import settings
from PIL import Image, ImageDraw, ImageFont

# The size Facebook, LinkedIn and others show in full.
WIDTH, HEIGHT = 1200, 630
MARGIN = 80
# Designsystemet's Digdir accent blue, with white text (contrast above 4.5:1).
BACKGROUND = (0, 98, 186)
TEXT = (255, 255, 255)
# The headline takes the largest size at which it fits on two lines.
HEADLINE_SIZES = (104, 84, 68, 56)
LINE_SIZE = 44
# Fonts with æ, ø and å that Debian installs with Chromium; SHARE_IMAGE_FONT overrides.
FONTS = [
    "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf",
]


def font(size):
    """The bold font of the site's pictures (share card, badge) at `size` pixels."""
    for path in [settings.SHARE_IMAGE_FONT, *FONTS]:
        if path and Path(path).is_file():
            return ImageFont.truetype(path, size)
    # Pillow's own font has no æ, ø or å, but a card with gaps beats no card.
    return ImageFont.load_default(size=size)


def wrapped(draw, text, typeface, width):
    """`text` broken into lines no wider than `width` pixels."""
    lines = []
    for word in text.split():
        if lines and draw.textlength(f"{lines[-1]} {word}", font=typeface) <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines


def share_card(headline, lines):
    """A PNG with `headline` large and each of `lines` below it."""
    image = Image.new("RGB", (WIDTH, HEIGHT), BACKGROUND)
    draw = ImageDraw.Draw(image)
    small = font(LINE_SIZE)
    draw.text((MARGIN, MARGIN), "IMDi", font=small, fill=TEXT)
    for size in HEADLINE_SIZES:
        big = font(size)
        headline_lines = wrapped(draw, headline, big, WIDTH - 2 * MARGIN)
        if len(headline_lines) <= 2:
            break
    y = HEIGHT // 3
    for line in headline_lines:
        draw.text((MARGIN, y), line, font=big, fill=TEXT)
        y += int(size * 1.2)
    y += LINE_SIZE // 2
    for text in lines:
        draw.text((MARGIN, y), text, font=small, fill=TEXT)
        y += int(LINE_SIZE * 1.4)
    buffer = io.BytesIO()
    image.save(buffer, "PNG", optimize=True)
    return buffer.getvalue()
