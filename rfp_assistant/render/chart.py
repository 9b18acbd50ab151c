"""The members-by-month chart (PNG) of a membership projection.

matplotlib is imported inside :func:`members_chart` with the non-interactive Agg
backend, so importing this module stays cheap and never needs a display.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from rfp_assistant.atomic import atomic_save
from rfp_assistant.projection import MONTHS_PER_YEAR, Projection

if TYPE_CHECKING:  # matplotlib is imported lazily at draw time
    pass

CHART_SIZE_INCHES = (8.0, 3.6)
CHART_DPI = 150
TOTAL_COLOR = "#1F4E79"
PLAN_COLORS = ("#2E75B6", "#C55A11", "#548235", "#7030A0", "#BF9000", "#808080")


def members_chart(projection: Projection, path: str | Path) -> Path:
    """Draw projected members by month, per plan and in total, to the PNG at ``path``.

    The file is written atomically and carries no software or date metadata, so the same
    projection gives the same bytes.
    """
    import matplotlib

    matplotlib.use("Agg", force=True)
    import matplotlib.pyplot as plt
    from matplotlib.ticker import FuncFormatter

    path = Path(path)
    months = [m.month for m in projection.months]
    with plt.rc_context({"font.size": 9}):
        fig, ax = plt.subplots(figsize=CHART_SIZE_INCHES, dpi=CHART_DPI)
        try:
            for index, plan in enumerate(projection.plans):
                ax.plot(
                    months,
                    [m.plan_members(plan) for m in projection.months],
                    label=plan,
                    color=PLAN_COLORS[index % len(PLAN_COLORS)],
                    linewidth=1.8,
                )
            ax.plot(
                months,
                [m.total_members for m in projection.months],
                label="All plans",
                color=TOTAL_COLOR,
                linewidth=2.4,
            )
            for year in projection.years[1:]:
                # A dotted line at each plan-year anniversary, where rates change.
                ax.axvline(
                    (year.year - 1) * MONTHS_PER_YEAR + 0.5, color="#A6A6A6", linestyle=":", linewidth=1
                )
            ticks = [y.year * MONTHS_PER_YEAR - MONTHS_PER_YEAR + 1 for y in projection.years] + [months[-1]]
            ax.set_xticks(ticks)
            ax.set_xticklabels([f"{m}\n{projection.months[m - 1].start:%b %Y}" for m in ticks])
            ax.set_xlim(months[0] - 0.5, months[-1] + 0.5)
            ax.set_ylim(bottom=0)
            ax.yaxis.set_major_formatter(FuncFormatter(lambda value, _pos: f"{value:,.0f}"))
            ax.set_xlabel("Projection month")
            ax.set_ylabel("Members")
            ax.set_title(f"{projection.account}: projected members by month")
            ax.grid(axis="y", color="#D9D9D9", linewidth=0.8)
            ax.spines[["top", "right"]].set_visible(False)
            ax.legend(loc="lower right", frameon=False, ncols=len(projection.plans) + 1)
            fig.tight_layout()
            atomic_save(path, lambda temp: fig.savefig(temp, format="png", metadata={"Software": None}))
        finally:
            plt.close(fig)
    return path
