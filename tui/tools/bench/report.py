"""Figures, their targets, and the two ways of reporting them: a table and a JSON list."""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass
class Figure:
    """One row: a measured value against its target.

    `value` is the number the target is about (for a percentile target, the median); `median`
    and `p99` are filled where the figure is a distribution. `value` is None when the figure
    could not be measured (`detail` says why), and then `met` is False.
    """

    number: int
    name: str
    value: float | None
    unit: str
    target: str
    met: bool
    median: float | None = None
    p99: float | None = None
    detail: str = ""
    samples: list[float] = field(default_factory=list, repr=False)

    def as_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "value": _rounded(self.value),
            "unit": self.unit,
            "target": self.target,
            "met": self.met,
            "figure": self.number,
            "median": _rounded(self.median),
            "p99": _rounded(self.p99),
            "detail": self.detail,
        }


def not_measured(number: int, name: str, unit: str, target: str, why: str) -> Figure:
    return Figure(number, name, None, unit, target, False, detail=f"not measured: {why}")


def percentile(values: Sequence[float], pct: float) -> float:
    """Nearest rank: the smallest value with at least `pct` % of the values at or below it."""
    if not values:
        return math.nan
    ordered = sorted(values)
    rank = max(1, math.ceil(len(ordered) * pct / 100))
    return ordered[min(rank, len(ordered)) - 1]


def median(values: Sequence[float]) -> float:
    if not values:
        return math.nan
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2


def _rounded(value: float | None) -> float | None:
    if value is None or math.isnan(value):
        return None
    return round(value, 4)


def _number(value: float | None, unit: str) -> str:
    if value is None or math.isnan(value):
        return "-"
    if unit == "s":
        return f"{value:.3f} s"
    if unit == "x":
        return f"{value:.2f} x"
    return f"{value:.1f} {unit}"


def table(figures: Sequence[Figure]) -> str:
    """One row per figure; the detail on an indented line beneath it."""
    head = ("#", "figure", "median", "p99", "target", "result")
    rows = [
        (
            str(f.number),
            f.name,
            _number(f.median if f.median is not None else f.value, f.unit),
            _number(f.p99, f.unit) if f.p99 is not None else "-",
            f.target,
            "met" if f.met else "MISSED",
        )
        for f in figures
    ]
    widths = [max(len(r[i]) for r in [head, *rows]) for i in range(len(head))]
    lines = ["  ".join(cell.ljust(width) for cell, width in zip(head, widths, strict=True))]
    lines.append("  ".join("-" * width for width in widths))
    for figure, row in zip(figures, rows, strict=True):
        lines.append("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())
        if figure.detail:
            lines.append(" " * (widths[0] + 2) + figure.detail)
    return "\n".join(lines)


def write_json(figures: Sequence[Figure], path: Path) -> None:
    path.write_text(json.dumps([f.as_json() for f in figures], indent=2) + "\n", encoding="utf-8")
