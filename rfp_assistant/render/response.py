"""A standalone response document rendered from a Word template, for a questionnaire in any format.

A PDF questionnaire cannot be answered in place, so its answers go into a response
document (the default renderer for PDF input); ``fill --template NAME|PATH.docx`` renders
one for a workbook or a Word questionnaire too. The template is a Word document with
docxtpl (Jinja2) tags; ``default`` is the shipped ``templates/response_default.docx``
(inside the installed package as ``rfp_assistant/templates/``, in a checkout in the
top-level ``templates/`` folder, built by ``templates/build_default_template.py``).

The template sees the variables of :mod:`.response_context`. It is rendered in Jinja2's
sandbox with autoescaping (an answer's ``&`` or ``<`` stays text) and strict undefined
variables (a typo in a plan's template is an error naming it, not a silent blank). The
computed exhibits an answer asks for are Word tables built by
:func:`~rfp_assistant.render.exhibit_docx.add_exhibit` in the template's own styles and
placed with ``{{p q.exhibit }}``. Word is asked to update fields on open, so the table of
contents gets its page numbers; until then its cached text lists the sections.
"""

from __future__ import annotations

import re
import tempfile
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rfp_assistant.atomic import atomic_save
from rfp_assistant.errors import TemplateError
from rfp_assistant.models import Format, Placement, Response
from rfp_assistant.render.response_context import (
    answered,
    group_sections,
    response_context,
    response_questions,
)
from rfp_assistant.render.response_exhibits import exhibit_fragments

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument

    from rfp_assistant.exhibits import Exhibit

DEFAULT_TEMPLATE = "default"
DEFAULT_TEMPLATE_FILE = "response_default.docx"
CHECKOUT_TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
_CORE_TITLE = re.compile(rb"<dc:title(?:\s[^>]*)?>([^<]*)</dc:title>")
# A title the issuer's software filled from a file name ("... Update FINAL.docx"): a cover
# shows it without the extension or a trailing draft marker.
_FILE_NAME_TITLE = re.compile(
    r"(?:[\s_-]+(?:final|draft|clean|v\d+(?:\.\d+)*))*\.(?:docx?|docm|xlsx?|xlsm|pdf|rtf|odt)\s*$", re.I
)
# CT_Settings children that come after w:updateFields (schema order).
_AFTER_UPDATE_FIELDS = (
    "hdrShapeDefaults",
    "footnotePr",
    "endnotePr",
    "compat",
    "docVars",
    "rsids",
    "mathPr",
    "attachedSchema",
    "themeFontLang",
    "clrSchemeMapping",
    "doNotIncludeSubdocsInStats",
    "doNotAutoCompressPictures",
    "forceUpgrade",
    "captions",
    "readModeInkLockDown",
    "smartTagType",
    "schemaLibrary",
    "shapeDefaults",
    "doNotEmbedSmartTags",
    "decimalSymbol",
    "listSeparator",
)


def default_template() -> Path:
    """The shipped template: in the installed package, else in the checkout's ``templates/``."""
    packaged = resources.files("rfp_assistant").joinpath("templates", DEFAULT_TEMPLATE_FILE)
    if packaged.is_file():
        return Path(str(packaged))
    checkout = CHECKOUT_TEMPLATES / DEFAULT_TEMPLATE_FILE
    if checkout.is_file():
        return checkout
    raise TemplateError(f"the default response template ({DEFAULT_TEMPLATE_FILE}) is not installed")


def resolve_template(name: str | Path) -> Path:
    """The template file ``name`` stands for: ``default`` or a path to a ``.docx``."""
    if str(name) == DEFAULT_TEMPLATE:
        return default_template()
    path = Path(name)
    if path.suffix.lower() != ".docx":
        raise TemplateError(
            f"a response template is {DEFAULT_TEMPLATE!r} or a .docx file (got {str(name)!r})"
        )
    if not path.is_file():
        raise TemplateError("response template not found", path=path)
    return path


@dataclass(frozen=True)
class ResponseRenderer:
    """Renders a response document from a Word template (``None``: the shipped default).

    ``prepared`` is the date printed on the cover (``None``: the exhibits' letterhead date
    when ``fill`` passes one, else the day it is rendered).
    """

    template: Path | None = None
    prepared: date | None = None
    formats: tuple[Format, ...] = ("pdf",)
    exhibits_inline: bool = True  # exhibits go into the response where answers ask for them
    output_kind: str = (
        "the answers go into a Word response document (a PDF cannot be filled in place, "
        "and --template always renders one)"
    )

    def suffixes(self, source: Path) -> tuple[str, ...]:
        """A response document is always a ``.docx``."""
        return (".docx",)

    def render(
        self,
        source: Path,
        output: Path,
        response: Response,
        exhibits: Mapping[str, Exhibit],
        context: Mapping[str, Any],
    ) -> list[Placement]:
        """Render the response for ``source`` into ``output`` (see :class:`~rfp_assistant.render.Renderer`)."""
        from docxtpl import DocxTemplate
        from jinja2 import StrictUndefined
        from jinja2 import TemplateError as JinjaError
        from jinja2.sandbox import SandboxedEnvironment

        template = self.template or default_template()
        try:
            document = DocxTemplate(str(template))
            document.init_docx()
        except (OSError, KeyError, ValueError, zipfile.BadZipFile) as exc:
            raise TemplateError(f"cannot read the response template: {exc}", path=template) from None
        wanted = [r.exhibit for r in response.results if answered(r) and r.exhibit and r.exhibit in exhibits]
        with tempfile.TemporaryDirectory(prefix="rfp-exhibits-") as scratch:
            fragments = exhibit_fragments(
                document.docx, [exhibits[name] for name in dict.fromkeys(wanted)], Path(scratch)
            )
            variables = response_context(
                response,
                context,
                title=source_title(source),
                file_name=source.name,
                prepared=self.prepared or _prepared(exhibits),
                exhibits=fragments,
                exhibit_titles={name: exhibit.title for name, exhibit in exhibits.items()},
            )
            environment = SandboxedEnvironment(autoescape=True, undefined=StrictUndefined)
            try:
                document.render(variables, jinja_env=environment)
            except JinjaError as exc:
                raise TemplateError(
                    f"the response template cannot be rendered: {exc}", path=template
                ) from None
        _ask_to_update_fields(document.docx)
        atomic_save(output, document.save)
        return placements(response, variables["sections"])

    def planned_spots(self, source: Path, response: Response) -> dict[str, tuple[str, ...]]:
        """Every question has its place in the response, answered or not (see :func:`places`)."""
        where = places(group_sections(response_questions(response, {}, {})))
        return {qid: (place,) for qid, place in where.items()}


def places(sections: list[Any]) -> dict[str, str]:
    """Where each question is in the response, by question id: its section and number."""
    return {q.id: f"response document: {s.title}, question {q.label}" for s in sections for q in s.questions}


def placements(response: Response, sections: list[Any]) -> list[Placement]:
    """Where each ``auto`` answer is in the response: its section and question."""
    where = places(sections)
    found = []
    for result in response.results:
        if result.decision != "auto":
            continue
        qid = result.question.id
        if answered(result):
            found.append(Placement(qid, (where[qid],)))
        else:
            found.append(Placement(qid, (), "the entry gives no text to show"))
    return found


def _prepared(exhibits: Mapping[str, Exhibit]) -> date:
    """The date the exhibits' pages carry when ``fill`` sends a letterhead with them, else today."""
    letterhead = getattr(exhibits, "letterhead", None)
    return getattr(letterhead, "prepared", None) or date.today()


def _ask_to_update_fields(document: DocxDocument) -> None:
    """Have Word update the table of contents (and page numbers) when it opens the document."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    settings = document.settings.element
    if settings.find(qn("w:updateFields")) is not None:
        return
    update = OxmlElement("w:updateFields")
    update.set(qn("w:val"), "true")
    later = next((c for c in settings if c.tag.rsplit("}", 1)[-1] in _AFTER_UPDATE_FIELDS), None)
    if later is not None:
        later.addprevious(update)
    else:
        settings.append(update)


def source_title(source: Path) -> str:
    """The questionnaire's title: its document title (Office files, PDFs), else its file name.

    A document title that is a file name loses its extension and a trailing "FINAL"/"v2".
    """
    title = ""
    if source.suffix.lower() in (".xlsx", ".xlsm", ".docx", ".docm"):
        try:
            with zipfile.ZipFile(source) as archive:
                found = _CORE_TITLE.search(archive.read("docProps/core.xml"))
            title = found.group(1).decode("utf-8").strip() if found else ""
        except (OSError, KeyError, zipfile.BadZipFile, UnicodeDecodeError):
            title = ""
    elif source.suffix.lower() == ".pdf":
        title = _pdf_title(source)
    if title:
        from html import unescape

        title = _FILE_NAME_TITLE.sub("", unescape(title)).strip()
    if title:
        return title
    return source.stem.replace("_", " ").replace("-", " ").strip() or source.name


def _pdf_title(source: Path) -> str:
    try:
        import pdfplumber

        with pdfplumber.open(source) as pdf:
            value = (pdf.metadata or {}).get("Title") or ""
    except Exception:  # noqa: BLE001 - a title is a nicety; any unreadable metadata means none
        return ""
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)


RESPONSE_RENDERER = ResponseRenderer()
