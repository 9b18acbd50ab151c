"""The house palette and type metrics every writer shares (workbooks, Word, the chart).

Colours are hex RGB strings without ``#`` (openpyxl's and Word's notation); the chart
adds the ``#`` itself.
"""

from __future__ import annotations

NAVY = "1F4E79"  # titles, header fills, total borders, the chart's all-plans line
WHITE = "FFFFFF"  # header text
SUBTOTAL_FILL = "F2F2F2"
TOTAL_FILL = "DDEBF7"
INPUT_BLUE = "0000FF"  # blue inputs, black formulas: the spreadsheet auditing convention
NOTE_GREY = "595959"
GRID_GREY = "BFBFBF"  # thin cell borders
BORDER_GREY = "808080"  # Word table borders drawn directly (no "Table Grid" style)
DIVIDER_GREY = "A6A6A6"  # the chart's plan-year dividers
GRIDLINE_GREY = "D9D9D9"  # the chart's horizontal gridlines
PLAN_COLORS = ("2E75B6", "C55A11", "548235", "7030A0", "BF9000", "808080")  # one per plan line

DEFAULT_FONT = "Calibri"  # the exhibits' face when the issuer's document does not name one

# Bold figures (totals) are a little wider than regular ones; both the worksheet column
# widths and the Word column widths allow this much.
BOLD_ALLOWANCE = 1.1
