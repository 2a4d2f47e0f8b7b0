"""`rounds teams-package`: the app package Teams sideloads, a zip of manifest.json and icons."""

import json
import math
import struct
import zipfile
import zlib
from collections.abc import Callable
from importlib.resources import files
from pathlib import Path
from typing import Any

from bot.settings import GUID

MANIFEST_TEMPLATE = Path(str(files("handlers.teams") / "manifest.json"))
APP_ID_PLACEHOLDER = "{{TEAMS_APP_ID}}"
COLOR_SIZE = 192
OUTLINE_SIZE = 32
ACCENT = (0x1F, 0x6F, 0x8B)
WHITE = (0xFF, 0xFF, 0xFF)

Pixel = tuple[int, int, int, int]
PixelAt = Callable[[int, int, int], Pixel]


def manifest(app_id: str, template: Path = MANIFEST_TEMPLATE) -> dict[str, Any]:
    """The manifest with the bot's app id filled in."""
    if not GUID.match(app_id):
        raise ValueError("the app id must be a GUID (your bot's Microsoft App ID)")
    text = template.read_text(encoding="utf-8").replace(APP_ID_PLACEHOLDER, app_id.lower())
    data: dict[str, Any] = json.loads(text)
    return data


def png(size: int, pixel: PixelAt) -> bytes:
    """An RGBA PNG, drawn pixel by pixel: enough for two small icons without an image library."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    rows = b"".join(
        b"\x00" + b"".join(bytes(pixel(x, y, size)) for x in range(size)) for y in range(size)
    )
    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows, 9))
        + chunk(b"IEND", b"")
    )


def _in_ring(x: int, y: int, size: int) -> bool:
    """A ring, the shape of a round: the Rounds mark."""
    centre = (size - 1) / 2
    distance = math.hypot(x - centre, y - centre)
    return size * 0.22 <= distance <= size * 0.36


def color_icon(x: int, y: int, size: int) -> Pixel:
    """A white ring on the accent colour, filling the square (Teams' color icon)."""
    return (*(WHITE if _in_ring(x, y, size) else ACCENT), 255)


def outline_icon(x: int, y: int, size: int) -> Pixel:
    """A white ring on transparency (Teams' outline icon must be white and transparent)."""
    return (*WHITE, 255) if _in_ring(x, y, size) else (*WHITE, 0)


def build_package(app_id: str, out: Path, template: Path = MANIFEST_TEMPLATE) -> Path:
    """Write the zip Teams expects: manifest.json, color.png and outline.png at its root."""
    data = manifest(app_id, template)
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as package:
        package.writestr("manifest.json", json.dumps(data, indent=2, ensure_ascii=False))
        package.writestr(data["icons"]["color"], png(COLOR_SIZE, color_icon))
        package.writestr(data["icons"]["outline"], png(OUTLINE_SIZE, outline_icon))
    return out
