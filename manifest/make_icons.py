"""Draw Målbot's Teams app icons: ``color.png`` (192×192) and ``outline.png`` (32×32).

The symbol is a target (the goal) with a check mark badge (goal met). Everything is
drawn at ``SUPERSAMPLE`` times the final size and downsampled with a Lanczos filter,
which gives smooth anti-aliased edges without a vector renderer.

The outline icon follows Teams' rules: a transparent background and a glyph that is
white only — it is built as an alpha mask over pure white, so every visible pixel is
exactly white and only the alpha varies along the edges.

Run ``python manifest/make_icons.py`` to regenerate both files next to this script
(or ``--out-dir DIR`` to write elsewhere). The PNGs are committed; the packager only
reads them.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path

from PIL import Image, ImageDraw

SUPERSAMPLE = 4
COLOR_SIZE = 192
OUTLINE_SIZE = 32

# Municipal blue (also the manifest's accentColor), a lighter blue for the gradient's
# top, and two accents: Swedish-flag yellow for the bullseye, green for "uppfylls".
BLUE_DARK = (11, 79, 156)
BLUE_LIGHT = (30, 110, 200)
WHITE = (255, 255, 255)
YELLOW = (255, 200, 40)
GREEN = (36, 160, 90)

Point = tuple[float, float]


def _circle_box(center: Point, radius: float) -> tuple[float, float, float, float]:
    cx, cy = center
    return (cx - radius, cy - radius, cx + radius, cy + radius)


def _draw_check(
    draw: ImageDraw.ImageDraw,
    center: Point,
    radius: float,
    fill: int | tuple[int, ...],
    stroke: float,
) -> None:
    """A check mark with round caps and joint, fitted inside a circle of ``radius``."""
    cx, cy = center
    points = [
        (cx - 0.48 * radius, cy + 0.02 * radius),
        (cx - 0.14 * radius, cy + 0.36 * radius),
        (cx + 0.50 * radius, cy - 0.30 * radius),
    ]
    draw.line(points, fill=fill, width=round(stroke), joint="curve")
    for point in (points[0], points[-1]):
        draw.ellipse(_circle_box(point, stroke / 2), fill=fill)


def _vertical_gradient(
    size: int, top: tuple[int, int, int], bottom: tuple[int, int, int]
) -> Image.Image:
    column = Image.new("RGB", (1, size))
    for y in range(size):
        t = y / max(size - 1, 1)
        column.putpixel(
            (0, y), tuple(round(a + (b - a) * t) for a, b in zip(top, bottom, strict=True))
        )
    return column.resize((size, size), Image.Resampling.NEAREST)


def render_color_icon(size: int = COLOR_SIZE, supersample: int = SUPERSAMPLE) -> Image.Image:
    """The full-colour icon: a target with a check badge on a blue rounded square."""
    big = size * supersample
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))

    background_mask = Image.new("L", (big, big), 0)
    ImageDraw.Draw(background_mask).rounded_rectangle(
        (0, 0, big - 1, big - 1), radius=round(0.2 * big), fill=255
    )
    image.paste(_vertical_gradient(big, BLUE_LIGHT, BLUE_DARK), (0, 0), background_mask)

    draw = ImageDraw.Draw(image)
    target: Point = (0.45 * big, 0.47 * big)
    rings = [
        (0.305, WHITE),
        (0.240, BLUE_DARK),
        (0.180, WHITE),
        (0.118, BLUE_DARK),
        (0.066, YELLOW),
    ]
    for radius, colour in rings:
        draw.ellipse(_circle_box(target, radius * big), fill=colour)

    badge: Point = (0.695 * big, 0.695 * big)
    badge_radius = 0.150 * big
    # A ring in the background colour separates the badge from the target.
    draw.ellipse(_circle_box(badge, badge_radius + 0.030 * big), fill=BLUE_DARK)
    draw.ellipse(_circle_box(badge, badge_radius), fill=GREEN)
    _draw_check(draw, badge, badge_radius, WHITE, stroke=0.30 * badge_radius)

    return image.resize((size, size), Image.Resampling.LANCZOS)


def render_outline_icon(size: int = OUTLINE_SIZE, supersample: int = SUPERSAMPLE) -> Image.Image:
    """The outline icon: the same symbol as a white glyph on a transparent background."""
    big = size * supersample
    mask = Image.new("L", (big, big), 0)
    draw = ImageDraw.Draw(mask)

    target: Point = (0.43 * big, 0.43 * big)
    draw.ellipse(_circle_box(target, 0.38 * big), fill=255)
    draw.ellipse(_circle_box(target, 0.28 * big), fill=0)
    draw.ellipse(_circle_box(target, 0.12 * big), fill=255)

    badge: Point = (0.715 * big, 0.715 * big)
    badge_radius = 0.235 * big
    draw.ellipse(_circle_box(badge, badge_radius + 0.065 * big), fill=0)
    draw.ellipse(_circle_box(badge, badge_radius), fill=255)
    _draw_check(draw, badge, badge_radius, 0, stroke=0.36 * badge_radius)

    alpha = mask.resize((size, size), Image.Resampling.LANCZOS)
    image = Image.new("RGBA", (size, size), (*WHITE, 0))
    image.putalpha(alpha)
    return image


def write_icons(out_dir: Path) -> list[Path]:
    """Render both icons into ``out_dir`` and return the written paths."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, image in (
        ("color.png", render_color_icon()),
        ("outline.png", render_outline_icon()),
    ):
        path = out_dir / name
        image.save(path, format="PNG", optimize=True)
        written.append(path)
    return written


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Draw Målbot's Teams app icons.")
    parser.add_argument(
        "--out-dir",
        type=Path,
        default=Path(__file__).resolve().parent,
        help="directory to write color.png and outline.png to (default: manifest/)",
    )
    args = parser.parse_args(argv)
    for path in write_icons(args.out_dir):
        with Image.open(path) as image:
            print(f"wrote {path} ({image.width}×{image.height})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
