"""The academy's colours on the website: contrast rules and the stylesheet
and icon made from the settings (PDFs use the same colours)."""

from django.utils.html import escape

MINIMUM_CONTRAST = 4.5  # WCAG 2.2 AA for text


def _rgb(colour: str) -> tuple[int, int, int]:
    colour = colour.lstrip("#")
    return tuple(int(colour[i : i + 2], 16) for i in (0, 2, 4))


def _luminance(colour: str) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in _rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_with_white(colour: str) -> float:
    """WCAG contrast ratio of ``colour`` against white (1 to 21)."""
    return 1.05 / (_luminance(colour) + 0.05)


def darker(colour: str, amount: float = 0.3) -> str:
    """The colour mixed with ``amount`` of black (hover states)."""
    return "#" + "".join(f"{round(v * (1 - amount)):02x}" for v in _rgb(colour))


def stylesheet(*, primary: str, accent: str) -> str:
    return (
        ":root {\n"
        f"  --colour-primary: {primary};\n"
        f"  --colour-primary-dark: {darker(primary)};\n"
        f"  --colour-accent: {accent};\n"
        "}\n"
    )


def icon_svg(*, colour: str, letter: str) -> str:
    """A square icon in the academy's colour with the first letter of its name."""
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64">'
        f'<rect width="64" height="64" rx="12" fill="{colour}"/>'
        '<text x="32" y="44" font-family="system-ui, sans-serif" font-size="36" '
        f'font-weight="700" text-anchor="middle" fill="#fff">{escape(letter)}</text>'
        "</svg>"
    )
