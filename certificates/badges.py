"""Badge images: one per course, drawn from the academy's colours and the
course's competency domains, as SVG and PNG; and a credential baked into them.

Pure functions of a ``BadgeDesign`` (no ORM, like ``rendering``): a round
badge with one ring segment per competency domain (up to six, alternating the
academy's two colours), the course title in the middle and the academy's name
below it. The PNG is drawn with Pillow in Noto Sans (Latin with every
diacritic, Greek, Cyrillic), the SVG names the same font family.

Baking (Open Badges 3.0 "baked badges") is openbadgeslib's: the signed
credential's JSON goes into the PNG's ``iTXt`` chunk with the keyword
``openbadgecredential``, or into the SVG's ``<openbadges:credential>``
element, where any Open Badges verifier reads it back.
"""

import io
import json
import math
import textwrap
from dataclasses import dataclass
from xml.sax.saxutils import escape

from django.conf import settings
from openbadgeslib import baking
from PIL import Image, ImageDraw, ImageFont

SIZE = 512
MAX_SEGMENTS = 6
TITLE_WIDTH = 16  # characters per line of the title
TITLE_LINES = 4


@dataclass(frozen=True)
class BadgeDesign:
    title: str
    academy: str
    primary: str  # "#rrggbb"
    accent: str
    domains: tuple[str, ...] = ()  # names, in the course's order


def _title_lines(title: str) -> list[str]:
    lines = textwrap.wrap(title, TITLE_WIDTH) or [""]
    if len(lines) > TITLE_LINES:
        lines = [*lines[: TITLE_LINES - 1], lines[TITLE_LINES - 1][:-1] + "…"]
    return lines


def _segments(design: BadgeDesign) -> list[tuple[float, float, str]]:
    """(start, end, colour) of each ring segment, in degrees clockwise from the
    top; a plain ring in the primary colour for a course with no domain."""
    count = min(len(design.domains), MAX_SEGMENTS)
    if count == 0:
        return [(0.0, 360.0, design.primary)]
    step = 360.0 / count
    colours = (design.primary, design.accent)
    return [(i * step, (i + 1) * step, colours[i % 2]) for i in range(count)]


def _point(angle: float, radius: float) -> tuple[float, float]:
    theta = math.radians(angle - 90)
    centre = SIZE / 2
    return centre + radius * math.cos(theta), centre + radius * math.sin(theta)


def badge_svg(design: BadgeDesign) -> bytes:
    """The badge as SVG (with a title and description for screen readers)."""
    outer, inner = SIZE / 2 - 8, SIZE / 2 - 56
    parts = []
    for start, end, colour in _segments(design):
        if end - start >= 360:
            parts.append(
                f'<circle cx="{SIZE / 2}" cy="{SIZE / 2}" r="{(outer + inner) / 2}" '
                f'fill="none" stroke="{colour}" stroke-width="{outer - inner}"/>'
            )
            continue
        gap = 1.5
        a0, a1 = start + gap / 2, end - gap / 2
        large = 1 if a1 - a0 > 180 else 0
        (x0, y0), (x1, y1) = _point(a0, outer), _point(a1, outer)
        (x2, y2), (x3, y3) = _point(a1, inner), _point(a0, inner)
        parts.append(
            f'<path d="M{x0:.1f},{y0:.1f} A{outer},{outer} 0 {large} 1 {x1:.1f},'
            f"{y1:.1f} L{x2:.1f},{y2:.1f} A{inner},{inner} 0 {large} 0 "
            f'{x3:.1f},{y3:.1f} Z" fill="{colour}"/>'
        )
    lines = _title_lines(design.title)
    first = SIZE / 2 - (len(lines) - 1) * 19
    text = "".join(
        f'<tspan x="{SIZE / 2}" y="{first + n * 38:.0f}">{escape(line)}</tspan>'
        for n, line in enumerate(lines)
    )
    label = escape(f"{design.title} · {design.academy}")
    domains = escape(", ".join(design.domains))
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{SIZE}" height="{SIZE}" '
        f'viewBox="0 0 {SIZE} {SIZE}" role="img" aria-labelledby="t d">'
        f'<title id="t">{label}</title><desc id="d">{domains}</desc>'
        f'<circle cx="{SIZE / 2}" cy="{SIZE / 2}" r="{SIZE / 2 - 2}" fill="#ffffff"/>'
        f"{''.join(parts)}"
        f'<g font-family="Noto Sans, DejaVu Sans, sans-serif" text-anchor="middle" '
        f'fill="{design.primary}"><text font-size="32" font-weight="700">{text}'
        f'</text><text x="{SIZE / 2}" y="{SIZE - 92}" font-size="18">'
        f"{escape(design.academy[:40])}</text></g></svg>"
    )
    return svg.encode()


def _font(size: int):
    try:
        return ImageFont.truetype(settings.ACADEMY_BADGE_FONT, size)
    except OSError:
        return ImageFont.load_default(size)


def badge_png(design: BadgeDesign) -> bytes:
    """The badge as PNG, drawn at twice the size and scaled down (smooth edges)."""
    scale = 2
    image = Image.new("RGBA", (SIZE * scale, SIZE * scale), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    full = (4 * scale, 4 * scale, (SIZE - 4) * scale, (SIZE - 4) * scale)
    draw.ellipse(full, fill="#ffffff")
    ring = (8 * scale, 8 * scale, (SIZE - 8) * scale, (SIZE - 8) * scale)
    for start, end, colour in _segments(design):
        if end - start >= 360:
            draw.ellipse(ring, fill=colour)
        else:
            draw.pieslice(ring, start - 90 + 0.75, end - 90 - 0.75, fill=colour)
    hole = 56 * scale
    draw.ellipse((hole, hole, SIZE * scale - hole, SIZE * scale - hole), fill="#ffffff")
    lines = _title_lines(design.title)
    font = _font(32 * scale)
    first = SIZE / 2 - (len(lines) - 1) * 19
    for n, line in enumerate(lines):
        draw.text(
            (SIZE / 2 * scale, (first + n * 38) * scale),
            line,
            font=font,
            fill=design.primary,
            anchor="ms",
        )
    draw.text(
        (SIZE / 2 * scale, (SIZE - 92) * scale),
        design.academy[:40],
        font=_font(18 * scale),
        fill=design.primary,
        anchor="ms",
    )
    image = image.resize((SIZE, SIZE), Image.LANCZOS)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def baked_png(design: BadgeDesign, credential: dict) -> bytes:
    """The badge PNG carrying the signed ``credential`` (an iTXt chunk)."""
    return baking.bake_png(
        badge_png(design), _credential_text(credential), keyword=baking.ITXT_KEYWORD_OB3
    )


def baked_svg(design: BadgeDesign, credential: dict) -> bytes:
    """The badge SVG carrying the signed ``credential`` (its text content)."""
    return baking.bake_svg(
        badge_svg(design),
        _credential_text(credential),
        element=baking.SVG_ELEMENT_OB3,
        namespace=baking.SVG_NS_OB3,
        as_text=True,
    )


def _credential_text(credential: dict) -> str:
    return json.dumps(credential, sort_keys=True, ensure_ascii=True)
