"""Old name of :mod:`rfp_assistant.render.sheet_graft`, kept until fill's import moves there."""

from __future__ import annotations

from rfp_assistant.render.sheet_graft import GraftError, exhibit_parts

__all__ = ["GraftError", "exhibit_parts"]
