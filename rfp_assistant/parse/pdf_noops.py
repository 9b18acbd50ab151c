"""Drawing instructions that change nothing pdfminer keeps, cut from a content stream.

A page printed from a web browser (wkhtmltopdf, Qt) wraps every element it draws in a
saved graphics state and a clipping path, even where it then draws nothing: the CCS
questionnaire has some 10,000 ``q`` ... ``Q`` pairs and 4,000 clipping paths a page, about
six operators in seven. pdfminer keeps no clipping (``W`` and ``W*`` do nothing) and
restores everything a ``q`` saved at its ``Q``, so a ``q`` ... ``Q`` group that holds only

- graphics-state settings (``cm``, line width, cap, join, dash, miter, flatness, intent,
  ``gs``, colour spaces and colours), each with exactly the operands it takes, and
- paths ended by ``n`` (``x y m`` ``x y l`` ... ``h`` ``W*`` ``n``, ``x y w h re W n``),
  which build a path only for ``n`` to throw it away,

leaves one trace: the current path is empty after it if it held an ``n``. Such a group is
replaced by ``n`` (or by nothing), innermost groups first, until none is left; the layout
pdfminer builds from the stream is the same. A colour in a colour space of its own
(``SCN``, ``sc``...) takes as many numbers as that space has components; a stream giving it
more would leave the rest to a later operator, which no drawing program relies on. Streams
with literal strings, comments or inline images are left whole: their bytes may look like
operators without being operators.
"""

from __future__ import annotations

import re

_N = rb"[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)"
_NAME = rb"/[^\s/\[\]()<>{}%#]+"
_S = rb"\s+"
# A token ends before whitespace or the end of the stream.
_END = rb"(?!\S)"

_COLOUR = rb"SCN|scn|SC|sc"  # one number for each component of the colour space
# A path may only be built where n throws it away next (a clipping path, W or W*, between).
_ENDED = rb"(?=" + _S + rb"(?:W\*?" + _S + rb")?n" + _END + rb")"
_MOVE = rb"m(?:" + _S + _N + _S + _N + _S + rb"[ml]|" + _S + rb"h)*" + _ENDED
_RECTANGLES = rb"re(?:" + _S + _N + _S + _N + _S + _N + _S + _N + _S + rb"re)*" + _ENDED
# One idle instruction with its operands. Numbers are read once and the operator that may
# follow depends on how many there were (a trie rather than one pattern per operator, so
# the match does not read the same numbers again for each operator it tries).
_IDLE = rb"(?>" + rb"|".join(
    (
        _N + _S + rb"(?:[wJjMigG]|" + _COLOUR
        + rb"|" + _N + _S + rb"(?:" + _COLOUR + rb"|" + _MOVE
        + rb"|" + _N + _S + rb"(?:RG|rg|" + _COLOUR
        + rb"|" + _N + _S + rb"(?:K|k|" + _COLOUR + rb"|" + _RECTANGLES
        + rb"|" + _N + _S + _N + _S + rb"cm))))",
        rb"\[(?:\s*" + _N + rb")*\s*\]" + _S + _N + _S + rb"d",
        _NAME + _S + rb"(?:gs|ri|cs|CS)",
        rb"W\*?",
        rb"(n)",  # kept for the group's trace
    )
) + rb")" + _END
# Starts with the literal q (a boundary looked for behind it), so the scan is quick.
IDLE_GROUP = re.compile(rb"q(?<!\Sq)(?:" + _S + _IDLE + rb")*" + _S + rb"Q" + _END)
_INLINE_IMAGE = re.compile(rb"BI(?<!\SBI)" + _END)


def drop_no_ops(data: bytes) -> bytes:
    """``data`` without idle ``q`` ... ``Q`` groups (see the module docstring); ``data``
    itself when it holds strings, comments or inline images."""
    if b"(" in data or b"%" in data or _INLINE_IMAGE.search(data):
        return data
    while True:
        # What a group leaves: an n if it ended a path (the path is then empty), else nothing.
        data, count = IDLE_GROUP.subn(rb" \1 ", data)
        if not count:
            return data
