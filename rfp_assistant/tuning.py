"""Domain adaptation: fine-tune the embedding model on a library's own pairs of texts.

A library says, for each entry, several things that mean the same request: its question
and alternates are ways to ask for it, and its answer is what answers them. Those pairs
(question/alternate, question/answer, alternate/answer) are training data that needs
no labelling: :func:`tune_library` fine-tunes the model on them
(:func:`rfp_assistant.embed.tune_model`), and ``--model MODEL_DIR`` then matches with
the tuned model. Whether that helps is measured, not assumed (README, "Matching").
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rfp_assistant.embed import Progress, tune_model
from rfp_assistant.errors import OutputError
from rfp_assistant.library.load import AnswerLibrary
from rfp_assistant.match.signals import answer_text
from rfp_assistant.text import one_line


def training_pairs(library: AnswerLibrary) -> list[tuple[str, str]]:
    """Pairs of texts of the same approved entry, in library order, without repeats."""
    pairs: list[tuple[str, str]] = []
    seen: set[tuple[str, str]] = set()
    for entry in library.usable():
        phrasings = [one_line(p) for p in entry.phrasings]
        answer = answer_text(entry, library.plan)
        candidates = [(phrasings[0], alternate) for alternate in phrasings[1:]]
        candidates += [(phrasing, answer) for phrasing in phrasings if answer]
        for pair in candidates:
            if pair[0] != pair[1] and pair not in seen:
                seen.add(pair)
                pairs.append(pair)
    return pairs


@dataclass(frozen=True)
class TuneResult:
    """Where the tuned model went, what it started from and how many pairs it learnt."""

    output: Path
    base_model: str
    pairs: int

    def to_dict(self) -> dict[str, Any]:
        return {"output": str(self.output), "base_model": self.base_model, "pairs": self.pairs}


def tune_library(
    library: AnswerLibrary | str | Path,
    output: str | Path,
    *,
    model: str | None = None,
    force: bool = False,
    progress: Progress | None = None,
) -> TuneResult:
    """Fine-tune ``model`` (default: the packaged one) on ``library``'s pairs and save it to ``output``.

    Raises :class:`OutputError` when ``output`` exists and is not empty (unless ``force``).
    """
    from rfp_assistant.embed import resolve_model

    if not isinstance(library, AnswerLibrary):
        library = AnswerLibrary.load(library)
    output = Path(output)
    if output.exists() and (not output.is_dir() or any(output.iterdir())) and not force:
        raise OutputError(f"{output} exists; use --force to replace it", path=output)
    pairs = training_pairs(library)
    if len(pairs) < 2:
        raise OutputError("the library has too few texts to tune a model on", path=library.path)
    tune_model(pairs, output, model=model, progress=progress)
    return TuneResult(output=output, base_model=resolve_model(model), pairs=len(pairs))
