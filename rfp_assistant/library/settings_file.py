"""Writing matching settings into a library's ``settings.yaml`` without losing what is there.

``rfp-assistant calibrate`` records the operating point it measured under ``matching:``.
The file is read and written round-trip (ruamel.yaml), so every other key, the key
order and the comments a maintainer wrote stay as they were; the file is replaced
atomically.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from rfp_assistant.atomic import atomic_save
from rfp_assistant.errors import LibraryError, Problem

SETTINGS_FILE = "settings.yaml"
MATCHING_KEY = "matching"
NEW_FILE_HEADER = (
    "# Matching settings of this library (see the README, \"Matching and how it was calibrated\").\n"
    "# `rfp-assistant calibrate LABELS --library DIR` rewrites auto_confidence and its record;\n"
    "# everything else here is kept as written.\n"
)


def _yaml() -> Any:
    from ruamel.yaml import YAML

    yaml = YAML()  # round-trip: keeps comments, order and quoting
    yaml.preserve_quotes = True
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def update_matching_settings(folder: str | Path, values: Mapping[str, Any]) -> Path:
    """Set ``matching.<key>`` to each of ``values`` in ``folder/settings.yaml`` (created if absent).

    Returns the file's path. Raises :class:`LibraryError` when the existing file is not a
    YAML mapping (or its ``matching`` is not one), rather than overwriting it.
    """
    from ruamel.yaml import YAMLError
    from ruamel.yaml.comments import CommentedMap

    path = Path(folder) / SETTINGS_FILE
    yaml = _yaml()
    data: Any = CommentedMap()
    if path.exists():
        try:
            loaded = yaml.load(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, YAMLError) as exc:
            raise _problem(path, f"cannot read settings.yaml: {str(exc).splitlines()[0]}") from None
        if loaded is not None:
            data = loaded
    if not isinstance(data, dict):
        raise _problem(path, "settings.yaml must be a mapping")
    matching = data.get(MATCHING_KEY)
    if matching is None:
        matching = CommentedMap()
        data[MATCHING_KEY] = matching
    if not isinstance(matching, dict):
        raise _problem(path, "'matching' in settings.yaml must be a mapping")
    for key, value in values.items():
        matching[key] = _plain(value)
    buffer = io.StringIO()
    yaml.dump(data, buffer)
    text = buffer.getvalue() if path.exists() else NEW_FILE_HEADER + buffer.getvalue()
    atomic_save(path, lambda temp: Path(temp).write_text(text, encoding="utf-8"))
    return path


def _plain(value: Any) -> Any:
    """Values as YAML writes them plainly: nested mappings as ruamel maps, floats as floats."""
    from ruamel.yaml.comments import CommentedMap

    if isinstance(value, Mapping):
        out = CommentedMap()
        for key, item in value.items():
            out[key] = _plain(item)
        return out
    return value


def _problem(path: Path, message: str) -> LibraryError:
    return LibraryError([Problem(str(path), 0, "error", message)], path=path)
