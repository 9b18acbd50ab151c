"""The wheel ships every package and the default response template inside the package."""

from __future__ import annotations

import importlib.util
import tomllib

from conftest import ROOT
from rfp_assistant.render.response import DEFAULT_TEMPLATE_FILE, default_template


def _setuptools() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]


def test_every_package_folder_is_listed_for_the_wheel() -> None:
    folders = {
        ".".join(init.parent.relative_to(ROOT).parts)
        for init in (ROOT / "rfp_assistant").rglob("__init__.py")
    }
    assert set(_setuptools()["packages"]) == folders | {"rfp_assistant.templates"}


def test_the_top_level_templates_folder_ships_as_package_data() -> None:
    config = _setuptools()
    assert config["package-dir"]["rfp_assistant.templates"] == "templates"
    assert config["package-data"]["rfp_assistant.templates"] == ["*.docx"]
    assert (ROOT / "templates" / DEFAULT_TEMPLATE_FILE).is_file()
    assert default_template() == ROOT / "templates" / DEFAULT_TEMPLATE_FILE  # a checkout finds its own


def test_the_shipped_template_is_what_its_build_script_writes(tmp_path) -> None:
    spec = importlib.util.spec_from_file_location(
        "build_default_template", ROOT / "templates" / "build_default_template.py"
    )
    assert spec is not None and spec.loader is not None
    builder = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(builder)
    rebuilt = builder.build_template(tmp_path / DEFAULT_TEMPLATE_FILE)
    assert rebuilt.read_bytes() == (ROOT / "templates" / DEFAULT_TEMPLATE_FILE).read_bytes()
