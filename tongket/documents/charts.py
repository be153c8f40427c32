"""Charts embedded in rendered documents (matplotlib, no display needed)."""

from __future__ import annotations

import io
from collections.abc import Sequence

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt

STATUS_COLOURS = {
    "exceeded": "#1b7f3b",
    "met": "#2e9d50",
    "on_track": "#1f6fd1",
    "at_risk": "#c98a00",
    "behind": "#c62828",
    "no_data": "#8a94a6",
    "no_target": "#aab2c0",
}


def indicator_chart(
    *,
    title: str,
    periods: Sequence[str],
    values: Sequence[float | None],
    targets: Sequence[float | None],
    statuses: Sequence[str],
    value_label: str = "Thực hiện",
    target_label: str = "Chỉ tiêu",
) -> bytes:
    """Bars of the achieved values (coloured by status) with the target as a dashed step
    line: a PNG at print resolution."""
    figure, axis = plt.subplots(figsize=(7.2, 3.0), dpi=160)
    positions = list(range(len(periods)))
    axis.bar(
        positions,
        [v or 0 for v in values],
        color=[STATUS_COLOURS.get(s, STATUS_COLOURS["no_data"]) for s in statuses],
        width=0.65,
        label=value_label,
    )
    if any(t is not None for t in targets):
        axis.step(
            positions,
            [t if t is not None else float("nan") for t in targets],
            where="mid",
            color="#14213d",
            linestyle="--",
            linewidth=1.2,
            label=target_label,
        )
    axis.set_xticks(positions)
    axis.set_xticklabels(periods, rotation=45, ha="right", fontsize=7)
    axis.tick_params(axis="y", labelsize=7)
    axis.set_title(title, fontsize=9)
    axis.spines[["top", "right"]].set_visible(False)
    axis.legend(fontsize=7, frameon=False, loc="upper left")
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    plt.close(figure)
    return buffer.getvalue()
