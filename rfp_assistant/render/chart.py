"""Draw an exhibit's :class:`~rfp_assistant.exhibits.Chart` (e.g. members by month) as a PNG.

matplotlib is imported inside :func:`draw_chart` with the non-interactive Agg backend, so
importing this module stays cheap and never needs a display.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

from rfp_assistant.atomic import atomic_save
from rfp_assistant.exhibits import Chart
from rfp_assistant.render.palette import DIVIDER_GREY, GRIDLINE_GREY, NAVY, NOTE_GREY, PLAN_COLORS

CHART_SIZE_INCHES = (8.0, 4.0)
CHART_DPI = 150
FONT_SIZE = 9
CAPTION_SIZE = 7.5
BAND_LABEL_SIZE = 7.5
WRAP_CHARS = 130  # a caption longer than this wraps
CAPTION_SPACE = 0.08  # share of the figure height kept for the caption
HEADROOM = 1.15  # room above the highest line for the plan-year labels
LINE_WIDTH = 1.8
TOTAL_LINE_WIDTH = 2.4


def draw_chart(chart: Chart, path: str | Path) -> Path:
    """Draw ``chart`` to the PNG at ``path``: one line per series, the total line heavier.

    The file is written atomically and carries no software or date metadata, so the same
    chart gives the same bytes.
    """
    import matplotlib

    matplotlib.use("Agg", force=True)
    import matplotlib.pyplot as plt
    from matplotlib.ticker import FuncFormatter

    path = Path(path)
    x = list(chart.x)
    with plt.rc_context({"font.size": FONT_SIZE}):
        fig, ax = plt.subplots(figsize=CHART_SIZE_INCHES, dpi=CHART_DPI)
        try:
            plan_lines = 0
            for series in chart.series:
                if series.total:
                    color, width = NAVY, TOTAL_LINE_WIDTH
                else:
                    color, width = PLAN_COLORS[plan_lines % len(PLAN_COLORS)], LINE_WIDTH
                    plan_lines += 1
                ax.plot(x, list(series.values), label=series.label, color=f"#{color}", linewidth=width)
            for divider in chart.dividers:
                ax.axvline(divider, color=f"#{DIVIDER_GREY}", linestyle=":", linewidth=1)
            for start, end, label in chart.bands:
                # Each plan year named at the top of its span, inside the axes.
                ax.text(
                    (start + end) / 2,
                    0.97,
                    label,
                    transform=ax.get_xaxis_transform(),
                    ha="center",
                    va="top",
                    fontsize=BAND_LABEL_SIZE,
                    color=f"#{NOTE_GREY}",
                )
            ax.set_xticks([tick for tick, _ in chart.ticks])
            ax.set_xticklabels([label for _, label in chart.ticks])
            ax.set_xlim(x[0] - 0.5, x[-1] + 0.5)
            top = max(max(series.values) for series in chart.series)
            ax.set_ylim(bottom=0, top=top * HEADROOM)
            ax.yaxis.set_major_formatter(FuncFormatter(lambda value, _pos: f"{value:,.0f}"))
            ax.set_xlabel(chart.x_label)
            ax.set_ylabel(chart.y_label)
            ax.set_title(chart.title, loc="left", fontweight="bold")
            if chart.caption:
                fig.text(
                    0.01,
                    0.01,
                    textwrap.fill(chart.caption, WRAP_CHARS),
                    fontsize=CAPTION_SIZE,
                    color=f"#{NOTE_GREY}",
                    va="bottom",
                )
            ax.grid(axis="y", color=f"#{GRIDLINE_GREY}", linewidth=0.8)
            ax.spines[["top", "right"]].set_visible(False)
            ax.legend(loc="lower right", frameon=False, ncols=len(chart.series), fontsize=BAND_LABEL_SIZE)
            fig.tight_layout(rect=(0, CAPTION_SPACE if chart.caption else 0, 1, 1))
            atomic_save(path, lambda temp: fig.savefig(temp, format="png", metadata={"Software": None}))
        finally:
            plt.close(fig)
    return path
