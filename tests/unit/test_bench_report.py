"""The benchmark's arithmetic and its two report forms."""

from __future__ import annotations

import json
import math
from pathlib import Path

from tui.tools.bench.report import Figure, median, not_measured, percentile, table, write_json


def test_percentile_is_nearest_rank() -> None:
    values = [float(v) for v in range(1, 101)]
    assert percentile(values, 50) == 50.0
    assert percentile(values, 99) == 99.0
    assert percentile(values, 100) == 100.0
    assert percentile([3.0], 99) == 3.0
    assert math.isnan(percentile([], 50))


def test_median_of_odd_and_even_counts() -> None:
    assert median([3.0, 1.0, 2.0]) == 2.0
    assert median([4.0, 1.0, 2.0, 3.0]) == 2.5


def test_table_has_one_row_per_figure_with_its_verdict() -> None:
    figures = [
        Figure(3, "key to widget", 9.5, "ms", "p50 <= 15 ms", True, median=9.5, p99=30.0),
        not_measured(5, "board", "ms", "p99 <= 500 ms", "no board yet"),
    ]
    lines = table(figures).splitlines()
    assert lines[2].startswith("3") and lines[2].endswith("met")
    assert "30.0 ms" in lines[2]
    assert lines[3].startswith("5") and lines[3].endswith("MISSED")
    assert "not measured: no board yet" in lines[4]


def test_json_is_a_list_of_objects_with_the_documented_keys(tmp_path: Path) -> None:
    path = tmp_path / "figures.json"
    write_json([Figure(6, "rss", 70.123456, "MB", "<= 90 MB", True)], path)
    [figure] = json.loads(path.read_text())
    expected = {"name": "rss", "value": 70.1235, "unit": "MB", "target": "<= 90 MB", "met": True}
    assert expected.items() <= figure.items()
