"""Refusing XML that declares a DOCTYPE or entities, before any parser sees it.

Office Open XML parts never need a DTD. One that declares a DOCTYPE or entities is either
broken or hostile (entity expansion, "billion laughs", external entities reaching files or
the network), so the whole package is refused. Declarations can only appear in the prolog,
ahead of the root element, so only the head of each part is read.
"""

from __future__ import annotations

import re

PROLOG_SCAN_BYTES = 64 * 1024
_DTD = re.compile(rb"<!\s*(?:DOCTYPE|ENTITY)", re.IGNORECASE)
_ROOT_START = re.compile(rb"<[A-Za-z_]")
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def declares_dtd(data: bytes) -> bool:
    """True when XML ``data`` (or its first 64 KiB) declares a DOCTYPE or entities."""
    head = data[:PROLOG_SCAN_BYTES]
    if head.startswith(_UTF16_BOMS):
        head = head.decode("utf-16", errors="ignore").encode("utf-8")
    # Processing instructions and comments may precede the root; blank their openers so
    # that "<?xml" and "<!--" are not mistaken for the root element.
    masked = head.replace(b"<?", b"  ").replace(b"<!--", b"    ")
    root = _ROOT_START.search(masked)
    prolog = head[: root.start()] if root else head
    return bool(_DTD.search(prolog))
