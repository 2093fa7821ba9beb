"""Sizes as people read them: ``25 MiB``, ``512 KiB``, ``900 bytes``-like ``900 B``.

One helper for every size a person sees (error messages, pages): binary units (1 KiB = 1,024
bytes), as the limits are set; at most one decimal, none when it is whole. The unit symbols
are the same in Chinese and English.
"""

from __future__ import annotations

_UNITS = ("KiB", "MiB", "GiB", "TiB")


def human_size(size: int) -> str:
    """``25 MiB`` for 26,214,400; ``1.5 KiB`` for 1,536; ``900 B`` for 900."""
    if size < 1024:
        return f"{size} B"
    value, unit = float(size), "B"
    for name in _UNITS:
        value, unit = value / 1024, name
        if value < 1024:
            break
    text = f"{value:.1f}".removesuffix(".0")
    return f"{text} {unit}"
