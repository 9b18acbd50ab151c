"""A faster reading of PDF content streams for pdfminer, with the same result.

pdfminer reads a page's drawing instructions with a general PostScript tokenizer that
handles one character class at a time in Python; on a page printed from a web browser
(tens of thousands of ``q``/``Q``, ``cm`` and clipping paths, some 800 KB a page) that takes
about two seconds a page. :class:`FastInterpreter` is pdfminer's
:class:`~pdfminer.pdfinterp.PDFPageInterpreter` with two changes in ``execute``:

1. the stream is cut into tokens by :func:`tokenize`, building exactly the objects
   pdfminer's :class:`~pdfminer.pdfinterp.PDFContentParser` builds (numbers, names,
   strings, arrays, dictionaries, operators, in the same order): one regular expression
   splits out strings, brackets and comments, and the plain runs between them are split at
   whitespace, each distinct token classified once (a drawing repeats a few hundred tokens
   tens of thousands of times); a stream with a token that reading cannot classify whole
   is read token by token with a second regular expression;
2. operators are dispatched through a table built once per interpreter instead of
   formatting and looking up a method name at every operator, and operands are pushed and
   popped inline.

Before either, instructions that change nothing pdfminer keeps (``q`` ... ``Q`` groups that
only set state or build clipping paths) are cut from the stream
(:mod:`~rfp_assistant.parse.pdf_noops`): on a web-printed page they are six operators in
seven.

Anything outside the common grammar (inline images, ``#`` escapes in names, PostScript
procedures, unbalanced brackets, an unterminated string) makes :func:`tokenize` give up,
and the page is read by pdfminer's own parser: the fast path is only taken where it gives
the same objects. :func:`page_layout` builds a page's layout with it, as pdfplumber's
``page.layout`` would.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from contextlib import suppress
from typing import Any

from pdfminer.layout import LTPage
from pdfminer.pdfinterp import PDFPageInterpreter
from pdfminer.pdftypes import PDFStream, stream_value
from pdfminer.psparser import HEX_PAIR, KWD, LIT, SPC, PSKeyword, PSLiteral, literal_name
from pdfplumber.page import PDFPageAggregatorWithMarkedContent

from rfp_assistant.parse.pdf_noops import drop_no_ops

# One token after optional whitespace; the groups are tried in order, as pdfminer's
# tokenizer decides by the first character. Group numbers are the _T* constants below.
_TOKEN = re.compile(
    rb"""\s*(?:
    ([-+0-9][0-9]*(?:\.[0-9]*)?|\.[0-9]*)      # 1 number (or a sign alone, dropped)
    |([A-Za-z][^#/%\[\]()<>{}\s]*)              # 2 operator, true, false
    |/([^/%\[\]()<>{}\s]*)                      # 3 name (with '#': not handled here)
    |(\((?:[^()\\]*)\))                         # 4 simple string: no escape, no nesting
    |(\()                                       # 5 other string
    |(<<|>>|\[|\])                              # 6 dictionary and array brackets
    |<([\s0-9a-fA-F]*)(?=[^\s0-9a-fA-F])        # 7 hexadecimal string
    |(%[^\r\n]*)                                # 8 comment
    |(>|\x00)                                   # 9 skipped
    |([^\s(<{}])                                # 10 any other byte: a one-byte operator
    |(\S)                                       # 11 anything else: not handled here
    )""",
    re.VERBOSE | re.DOTALL,
)
_TNUMBER, _TOPERATOR, _TNAME, _TSIMPLE, _TSTRING, _TBRACKET, _THEX, _TCOMMENT, _TSKIP, _TBYTE = range(1, 11)
_ESCAPES = {ord("b"): 8, ord("t"): 9, ord("n"): 10, ord("f"): 12, ord("r"): 13, 40: 40, 41: 41, 92: 92}
_OCTAL = b"01234567"
_STRING_STOP = re.compile(rb"[()\\]")
_TRAILING_SPACE = re.compile(rb"\s\Z")
# Operators that pdfminer's parser treats specially (inline image data follows ``ID``).
_INLINE_IMAGE = frozenset(KWD(name) for name in (b"BI", b"ID", b"EI"))
# What breaks a plain run of whitespace-separated tokens (split out, captured, in order):
# strings without nested brackets, dictionary and array brackets, hexadecimal strings,
# comments, and any other delimiter (left to the token-by-token reader).
_SPECIAL = re.compile(
    rb"""(
    \((?:[^()\\]|\\.)*\)
    |<<|>>|\[|\]
    |<[\s0-9a-fA-F]*>
    |%[^\r\n]*
    |[()<>{}]
    )""",
    re.VERBOSE | re.DOTALL,
)
# Whole plain tokens as pdfminer's tokenizer reads them (the groups of _TOKEN).
_NUMBER = re.compile(rb"[-+0-9][0-9]*(?:\.[0-9]*)?|\.[0-9]*")
_KEYWORD = re.compile(rb"[A-Za-z][^#/%\[\]()<>{}\s]*")
_NAME = re.compile(rb"/[^#/%\[\]()<>{}\s]*")
_ONE_BYTE_OPERATORS = frozenset((b"'", b'"'))
_OPEN = {b"[": "a", b"<<": "d"}
_CLOSE = {b"]": "a", b">>": "d"}

Operation = Callable[..., None]


class Unsupported(Exception):
    """The stream uses a construct :func:`tokenize` leaves to pdfminer's own parser."""


def tokenize(data: bytes) -> list[Any]:
    """The objects pdfminer's content parser yields for ``data``, in order.

    Operators are :class:`~pdfminer.psparser.PSKeyword`, names
    :class:`~pdfminer.psparser.PSLiteral`, strings ``bytes``, arrays lists and dictionaries
    dicts (keyed by name). Raises :class:`Unsupported` where pdfminer's parser would do
    something this one does not reproduce.

    Runs of whitespace-separated numbers, names and operators (most of a drawing) are split
    by ``bytes.split`` and looked up in a table of the tokens already seen; a stream with a
    token that reading cannot classify is read token by token with one regular expression.
    """
    try:
        return _tokenize_runs(data)
    except Unsupported:
        return _tokenize_each(data)


def _tokenize_runs(data: bytes) -> list[Any]:
    """:func:`tokenize` for streams whose plain runs hold only whole tokens."""
    out: list[Any] = []
    stack: list[tuple[str, list[Any]]] = []
    target = out
    lookup = _PlainTokens().__getitem__
    parts = _SPECIAL.split(data)
    for index, text in enumerate(parts):
        if not index % 2:
            if text:
                target.extend(map(lookup, text.split()))
            continue
        first = text[:1]
        if first == b"(":
            string, end = _string(text, 1)
            if end != len(text):
                raise Unsupported("string")
            target.append(string)
        elif text in _OPEN:
            stack.append((_OPEN[text], target))
            target = []
        elif text in _CLOSE:
            if not stack or stack[-1][0] != _CLOSE[text]:
                raise Unsupported("unbalanced bracket")
            closed, target = target, stack.pop()[1]
            target.append(closed if text == b"]" else _dictionary(closed))
        elif first == b"<" and len(text) > 1:
            target.append(_hex(text[1:-1]))
        elif first != b"%":
            raise Unsupported(f"byte {text!r}")
    if stack:
        raise Unsupported("unclosed bracket")
    return out


class _PlainTokens(dict[bytes, Any]):
    """The object of each plain token (number, name, operator), classified once."""

    def __missing__(self, token: bytes) -> Any:
        value = self[token] = _plain(token)
        return value


def _plain(token: bytes) -> Any:
    """The object pdfminer reads for one whole token; :class:`Unsupported` if it would
    read it as several tokens, or drop it."""
    if _NUMBER.fullmatch(token):
        try:
            return float(token) if b"." in token else int(token)
        except ValueError:  # "-" or "." alone, which pdfminer drops
            raise Unsupported("sign alone") from None
    if _KEYWORD.fullmatch(token):
        if token == b"true":
            return True
        if token == b"false":
            return False
        keyword = KWD(token)
        if keyword in _INLINE_IMAGE:
            raise Unsupported("inline image")
        return keyword
    if _NAME.fullmatch(token):
        return LIT(_name(token[1:]))
    if token in _ONE_BYTE_OPERATORS:
        return KWD(token)
    raise Unsupported(f"token {token!r}")


def _hex(text: bytes) -> bytes:
    digits = SPC.sub(b"", text)
    if len(digits) % 2 == 0:
        return bytes.fromhex(digits.decode("ascii"))
    return HEX_PAIR.sub(lambda m: bytes((int(m.group(0), 16),)), digits)


def _tokenize_each(data: bytes) -> list[Any]:
    """:func:`tokenize` one token at a time (any stream in the common grammar)."""
    out: list[Any] = []
    stack: list[tuple[str, list[Any]]] = []
    target = out
    match = _TOKEN.match
    pos, end = 0, len(data)
    while pos < end:
        found = match(data, pos)
        if found is None:  # only whitespace is left
            break
        pos = found.end()
        kind = found.lastindex
        if kind is None:
            break
        text = found.group(kind)
        if kind == _TNUMBER:
            with suppress(ValueError):  # "-" or "." alone: pdfminer drops it
                target.append(float(text) if b"." in text else int(text))
        elif kind == _TOPERATOR:
            if text == b"true":
                target.append(True)
            elif text == b"false":
                target.append(False)
            else:
                keyword = KWD(text)
                if keyword in _INLINE_IMAGE:
                    raise Unsupported("inline image")
                target.append(keyword)
        elif kind == _TNAME:
            if b"#" in text:
                raise Unsupported("escaped name")
            target.append(LIT(_name(text)))
        elif kind == _TSIMPLE:
            target.append(text[1:-1])
        elif kind == _TSTRING:
            string, pos = _string(data, pos)
            target.append(string)
        elif kind == _TBRACKET:
            if text in _OPEN:
                stack.append((_OPEN[text], target))
                target = []
                continue
            if not stack or stack[-1][0] != _CLOSE[text]:
                raise Unsupported("unbalanced bracket")
            closed, target = target, stack.pop()[1]
            target.append(closed if text == b"]" else _dictionary(closed))
        elif kind == _THEX:
            target.append(_hex(text))
        elif kind == _TBYTE:
            target.append(KWD(text))
        elif kind not in (_TCOMMENT, _TSKIP):
            raise Unsupported(f"byte {text!r}")
    if stack:
        raise Unsupported("unclosed bracket")
    return out


def _name(text: bytes) -> str | bytes:
    try:
        return str(text, "utf-8")
    except UnicodeDecodeError:
        return text


def _dictionary(items: list[Any]) -> dict[str, Any]:
    if len(items) % 2:
        raise Unsupported("odd dictionary")  # pdfminer raises here
    return {literal_name(k): v for k, v in zip(items[::2], items[1::2], strict=True) if v is not None}


def _string(data: bytes, pos: int) -> tuple[bytes, int]:
    """A literal string from just after its ``(``, as pdfminer decodes it, and where it ends.

    Escapes are pdfminer's: ``\\n`` and the like, up to three octal digits, and a backslash
    before any other character (a line end, too) drops that character.
    """
    out = bytearray()
    depth = 1
    end = len(data)
    while True:
        stop = _STRING_STOP.search(data, pos)
        if stop is None:
            raise Unsupported("unterminated string")
        at = stop.start()
        out += data[pos:at]
        char = data[at]
        pos = at + 1
        if char == 40:  # (
            depth += 1
            out.append(char)
        elif char == 41:  # )
            depth -= 1
            if not depth:
                return bytes(out), pos
            out.append(char)
        else:  # backslash
            if pos >= end:
                raise Unsupported("unterminated string")
            digits = 0
            while digits < 3 and pos + digits < end and data[pos + digits] in _OCTAL:
                digits += 1
            if digits:
                code = int(data[pos : pos + digits], 8)
                if code > 255:
                    raise Unsupported("octal escape over 255")  # pdfminer asserts
                out.append(code)
                pos += digits
                continue
            escaped = data[pos]
            if escaped in _ESCAPES:
                out.append(_ESCAPES[escaped])
            elif escaped == 13 and data[pos + 1 : pos + 2] == b"\n":
                # pdfminer skips both only when they fall in one 4 KB read buffer
                raise Unsupported("escaped CR LF")
            pos += 1


def stream_objects(streams: Sequence[PDFStream]) -> list[Any]:
    """The objects of a page's content streams read as one (pdfminer ends a token at a
    stream's end, as a line break would), without the instructions that change nothing
    (:func:`~rfp_assistant.parse.pdf_noops.drop_no_ops`). Raises :class:`Unsupported` as :func:`tokenize`,
    and when a stream other than the last ends inside a token."""
    parts = [data for data in (stream.get_data() for stream in streams) if data]
    if any(not _TRAILING_SPACE.search(part) for part in parts[:-1]):
        raise Unsupported("token across streams")
    return tokenize(drop_no_ops(b"\n".join(parts)))


class FastInterpreter(PDFPageInterpreter):
    """pdfminer's page interpreter with a faster ``execute`` (see the module docstring)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._operations: dict[PSKeyword, tuple[Operation, int] | None] = {}

    def execute(self, streams: Sequence[object]) -> None:
        """Run the operators of ``streams``; fall back to pdfminer's parser where needed."""
        valid = self._streams(streams)
        try:
            objects = stream_objects(valid)
        except Unsupported:
            super().execute(streams)
            return
        operations = self._operations
        # pdfminer's push and pop, inline; operators that pop their own operands (colours)
        # replace the stack, so it is fetched again after every operator.
        stack = self.argstack
        for obj in objects:
            if obj.__class__ is not PSKeyword:
                stack.append(obj)
                continue
            try:
                operation = operations[obj]
            except KeyError:
                operation = operations[obj] = self._operation(obj)
            if operation is None:
                continue
            func, nargs = operation
            if nargs:
                args = stack[-nargs:]
                del stack[-nargs:]
                if len(args) == nargs:
                    func(*args)
            else:
                func()
            stack = self.argstack

    def _streams(self, streams: Sequence[object]) -> list[PDFStream]:
        """The streams pdfminer would run: indirect ones not already being run higher up
        (a form that draws itself), recorded for the forms they draw."""
        valid: list[PDFStream] = []
        self.stream_ids.clear()
        for obj in streams:
            stream = stream_value(obj)
            if stream.objid is None or stream.objid in self.parent_stream_ids:
                continue
            valid.append(stream)
            self.stream_ids.add(stream.objid)
        return valid

    def _operation(self, keyword: PSKeyword) -> tuple[Operation, int] | None:
        name = str(keyword.name, "utf-8", "ignore")
        method = "do_" + name.replace("*", "_a").replace('"', "_w").replace("'", "_q")
        func = getattr(self, method, None)
        if func is None:
            return None  # pdfminer ignores unknown operators unless in strict mode
        return func, func.__code__.co_argcount - 1


def page_layout(page: Any) -> LTPage:
    """The layout pdfplumber's ``page.layout`` gives, read with :class:`FastInterpreter`.

    It is kept where pdfplumber keeps its own (``_layout``), so that the page's ``chars``
    and the table finder reuse it instead of interpreting the page a second time.
    """
    cached = getattr(page, "_layout", None)
    if cached is not None:
        return cached
    pdf = page.pdf
    device = PDFPageAggregatorWithMarkedContent(pdf.rsrcmgr, pageno=page.page_number, laparams=pdf.laparams)
    FastInterpreter(pdf.rsrcmgr, device).process_page(page.page_obj)
    layout: LTPage = device.get_result()
    page._layout = layout
    return layout


__all__ = ["FastInterpreter", "PSLiteral", "Unsupported", "page_layout", "stream_objects", "tokenize"]
