"""Matching questions to library entries: rank by combined score, then decide.

``match(questionnaire, library, ...)`` is the front door; the stages are small
functions: :func:`~rfp_assistant.match.rank.rank` scores every question against every
phrasing, :func:`~rfp_assistant.match.decide.decide` turns ranked candidates into a
decision and the text to write.
"""

from __future__ import annotations

from rfp_assistant.match.engine import match, question_text_for_matching

__all__ = ["match", "question_text_for_matching"]
