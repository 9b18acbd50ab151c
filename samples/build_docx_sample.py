"""Build the Word sample RFP questionnaire and its answer key.

Run with the project virtualenv::

    /work/main/.venv/bin/python samples/build_docx_sample.py

Outputs (paths relative to the repository root):

* ``samples/cobalt_bay_medical_rfp.docx`` -- a benefits consultant's (Summit Street Benefits
  Group) medical and pharmacy RFP questionnaire for Cobalt Bay Credit Union, in Word: a cover
  page, a table of contents, instructions, bidder information, nine questionnaire sections
  (Word list numbering linked to the heading styles, typed numbers, a question/response
  table, rows of a two-column table, check boxes of all three kinds, placeholders, response
  labels, answer boxes, limits), general terms and a signature block;
* ``tests/golden/cobalt_bay_medical_rfp.questions.json`` -- the answer key, written from the
  content in ``samples/cobalt_bay_questions.yaml`` and the paths of the elements this script
  creates (never from the parser).

The build is deterministic: fixed document properties and zip entry dates, so repeated runs
produce byte-identical files.
"""

from __future__ import annotations

import json
from pathlib import Path

import yaml
from build_samples import FIXED_TIMESTAMP, save_deterministic  # noqa: E402 - run from samples/
from docx import Document
from docx.enum.text import WD_BREAK
from docx.shared import Inches, Pt
from docx_sample_xml import (  # noqa: E402 - run as a script from samples/
    HEADINGS,
    INSTRUCTIONS,
    PARTS,
    PARTS_RESTARTED,
    QUESTION_STYLE,
    SUPPLEMENTAL,
    TERMS,
    add_checkbox_control,
    add_form_checkbox,
    add_numbering,
    add_page_break,
    add_toc_style,
    element_path,
    inline_path,
    number_paragraph,
    number_style,
)

REPO_ROOT = Path(__file__).resolve().parent.parent
CONTENT = REPO_ROOT / "samples" / "cobalt_bay_questions.yaml"
OUTPUT = REPO_ROOT / "samples" / "cobalt_bay_medical_rfp.docx"
ANSWER_KEY = REPO_ROOT / "tests" / "golden" / "cobalt_bay_medical_rfp.questions.json"
PLACEHOLDER = "[Insert response here]"
UNDERSCORES = "_" * 20
YES_NO = ["Yes", "No"]
TABLE_HEADER = ["No.", "Question", "Response", "Comments"]
TABLE_WIDTHS = [Inches(0.5), Inches(2.4), Inches(1.9), Inches(1.9)]  # answers and comments are narratives
ROWS_WIDTHS = [Inches(0.6), Inches(3.6), Inches(2.5)]
ANSWER_BOX_LINES = 4


class SampleBuilder:
    """Writes the document and records, for each question, what a reader should find."""

    def __init__(self, content: dict) -> None:
        self.content = content
        self.doc = Document()
        self.questions: list[dict] = []
        self.fields: list[dict] = []
        self.heading_count = 0
        self.section = ""
        self.form_boxes = 0
        self._setup()

    # -- set-up ------------------------------------------------------------------------
    def _setup(self) -> None:
        doc = self.doc
        props = doc.core_properties
        props.author = props.last_modified_by = self.content["consultant"]
        props.title = f"{self.content['employer']} {self.content['title']}"
        props.created = props.modified = FIXED_TIMESTAMP
        props.revision = 1
        normal = doc.styles["Normal"]
        normal.font.name = "Calibri"
        normal.font.size = Pt(11)
        add_numbering(doc)
        number_style(doc.styles["Heading 1"], HEADINGS, 0)
        question = doc.styles.add_style("RFP Question", 1)
        question.base_style = normal
        question.element.set(
            "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}styleId", QUESTION_STYLE
        )
        question.paragraph_format.space_before = Pt(6)
        number_style(question, HEADINGS, 1)
        self.toc_style = add_toc_style(doc)
        section = doc.sections[0]
        section.header.paragraphs[0].text = f"{self.content['employer']} — Medical and Pharmacy RFP"
        section.footer.paragraphs[0].text = "Questions about this RFP? Email rfp@summitstreet.example"

    # -- document parts ------------------------------------------------------------------
    def build(self) -> None:
        self.cover()
        self.contents()
        self.heading("Instructions to Bidders")
        for text in self.content["instructions"]:
            number_paragraph(self.doc.add_paragraph(text), INSTRUCTIONS)
        self.bidder_information()
        for section in self.content["sections"]:
            self.heading(section["title"])
            if section.get("intro"):
                self.doc.add_paragraph(section["intro"]).runs[0].italic = True
            getattr(self, f"section_{section['numbering']}")(section["items"])
        self.heading("General Terms and Conditions")
        for text in self.content["terms"]:
            number_paragraph(self.doc.add_paragraph(text), TERMS)
        self.signature_block()

    def cover(self) -> None:
        c = self.content
        for text in (c["employer"], c["title"]):
            self.doc.add_paragraph(text, style="Title")
        for text in (
            f"Plan year beginning {c['effective']}",
            f"Issued by {c['consultant']}",
            f"Responses due {c['due']}",
        ):
            self.doc.add_paragraph(text)
        add_page_break(self.doc.add_paragraph())

    def contents(self) -> None:
        self.doc.add_paragraph().add_run("Contents").bold = True
        titles = ["Instructions to Bidders", "Bidder Information"]
        titles += [s["title"] for s in self.content["sections"]]
        titles += ["General Terms and Conditions", "Certification and Signature"]
        for number, title in enumerate(titles, start=1):
            self.doc.add_paragraph(f"{number}. {title}\t{number + 2}", style=self.toc_style)
        self.doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    def heading(self, title: str) -> None:
        self.heading_count += 1
        self.section = f"{self.heading_count}. {title}"
        self.doc.add_paragraph(title, style="Heading 1")

    def bidder_information(self) -> None:
        self.heading("Bidder Information")
        self.doc.add_paragraph("Complete the following information.")
        table = self.doc.add_table(rows=0, cols=2)
        table.style = "Table Grid"
        for label in self.content["bidder_fields"]:
            row = table.add_row()
            row.cells[0].text = label
            self.fields.append(self._field(label, element_path(row.cells[1]._tc), "cell", row.cells[0].paragraphs[0]))

    def signature_block(self) -> None:
        self.heading("Certification and Signature")
        self.doc.add_paragraph(self.content["certification"])
        for label in self.content["signature_fields"]:
            paragraph = self.doc.add_paragraph(f"{label}: {UNDERSCORES}")
            path = element_path(paragraph._p)
            self.fields.append(
                {"label": label, "path": path, "mode": "placeholder", "label_path": path, "placeholder": UNDERSCORES}
            )

    @staticmethod
    def _field(label: str, path: str, mode: str, label_paragraph) -> dict:
        return {"label": label, "path": path, "mode": mode, "label_path": element_path(label_paragraph._p)}

    # -- questionnaire sections -----------------------------------------------------------
    def section_auto(self, items: list[dict]) -> None:
        for number, item in enumerate(items, start=1):
            paragraph = self.doc.add_paragraph(self._stated(item), style="RFP Question")
            self.question_block(item, f"{self.heading_count}.{number}", paragraph)

    def section_typed(self, items: list[dict]) -> None:
        for number, item in enumerate(items, start=1):
            label = f"{self.heading_count}.{number}"
            paragraph = self.doc.add_paragraph(f"{label}\t{self._stated(item)}")
            self.question_block(item, label, paragraph)

    def section_supplemental(self, items: list[dict]) -> None:
        for number, item in enumerate(items, start=1):
            paragraph = self.doc.add_paragraph(self._stated(item))
            number_paragraph(paragraph, SUPPLEMENTAL)
            self.question_block(item, f"Q{number}", paragraph)

    def section_table(self, items: list[dict]) -> None:
        table = self.doc.add_table(rows=1, cols=len(TABLE_HEADER))
        table.style = "Table Grid"
        for cell, text in zip(table.rows[0].cells, TABLE_HEADER, strict=True):
            cell.text = text
            cell.paragraphs[0].runs[0].bold = True
        self._question_rows(table, items, with_comments=True)
        _set_widths(table, TABLE_WIDTHS)

    def section_rows(self, items: list[dict]) -> None:
        table = self.doc.add_table(rows=0, cols=3)
        table.style = "Table Grid"
        self._question_rows(table, items, with_comments=False)
        _set_widths(table, ROWS_WIDTHS)

    def _question_rows(self, table, items: list[dict], with_comments: bool) -> None:
        """One row per question: number, question, response cell (and a Comments cell)."""
        for number, item in enumerate(items, start=1):
            row = table.add_row()
            label = f"{self.heading_count}.{number}"
            row.cells[0].text = label
            row.cells[1].text = item["text"]
            spot = self._cell_spot(item, row.cells[2])
            explanation = {"path": element_path(row.cells[3]._tc), "mode": "cell"} if with_comments else None
            self._record(item, label, row.cells[1].paragraphs[0], spot, explanation=explanation)

    # -- one question -------------------------------------------------------------------------
    @staticmethod
    def _stated(item: dict) -> str:
        return item["text"] + (f" {UNDERSCORES}" if item["spot"] == "underscore" else "")

    def question_block(self, item: dict, number: str, paragraph) -> None:
        last = paragraph
        for part in item.get("parts", []):
            last = self.doc.add_paragraph(part)
            number_paragraph(last, PARTS if self._first_parts() else PARTS_RESTARTED)
        if item.get("parts"):
            self._parts_lists += 1
        if item.get("note"):
            last = self.doc.add_paragraph(item["note"])
            last.runs[0].italic = True
        spot = self._paragraph_spot(item, paragraph, last)
        explanation = None
        if item.get("explain"):
            self.doc.add_paragraph(item["explain"])
            placeholder = self.doc.add_paragraph(PLACEHOLDER)
            explanation = {"path": element_path(placeholder._p), "mode": "placeholder"}
        self._record(item, number, paragraph, spot, explanation=explanation)

    _parts_lists = 0

    def _first_parts(self) -> bool:
        return self._parts_lists == 0

    def _paragraph_spot(self, item: dict, paragraph, last) -> dict:
        kind = item["spot"]
        doc = self.doc
        if kind == "label":
            label = doc.add_paragraph("Response:")
            label.runs[0].bold = True
            doc.add_paragraph()
            return {"path": element_path(label._p), "mode": "after"}
        if kind == "empty":
            doc.add_paragraph()
            return {"path": element_path(last._p), "mode": "after"}
        if kind == "placeholder":
            placeholder = doc.add_paragraph(PLACEHOLDER)
            return {"path": element_path(placeholder._p), "mode": "placeholder", "placeholder": PLACEHOLDER}
        if kind == "underscore":
            return {"path": element_path(paragraph._p), "mode": "placeholder", "placeholder": UNDERSCORES}
        if kind == "box_table":
            table = doc.add_table(rows=1, cols=1)
            table.style = "Table Grid"
            for _ in range(ANSWER_BOX_LINES - 1):
                table.rows[0].cells[0].add_paragraph()
            return {"path": element_path(table.rows[0].cells[0]._tc), "mode": "cell"}
        if kind == "choice":
            lines = []
            for option in item["options"]:
                line = doc.add_paragraph()
                add_checkbox_control(line)
                line.add_run(f" {option}")
                lines.append((option, line))
            return self._boxes([(option, line, self._sdt(line, 0)) for option, line in lines])
        line = doc.add_paragraph()
        return self._boxes([(option, line, path) for option, path in self._yes_no(kind, line)])

    def _yes_no(self, kind: str, line) -> list[tuple[str, str]]:
        """Write a Yes/No line of the given kind; return (option, box path) pairs."""
        if kind == "glyph":
            runs = [line.add_run("☐"), line.add_run(" Yes      "), line.add_run("☐"), line.add_run(" No")]
            return [(o, inline_path(line._p, r._r) + "/box[0]") for o, r in zip(YES_NO, runs[::2], strict=True)]
        if kind == "sdt":
            add_checkbox_control(line)
            line.add_run(" Yes      ")
            add_checkbox_control(line)
            line.add_run(" No")
            return [("Yes", self._sdt(line, 0)), ("No", self._sdt(line, 1))]
        paths = []
        for option in YES_NO:
            line.add_run(f"{option} ")
            self.form_boxes += 1
            add_form_checkbox(line, f"Check{self.form_boxes}")
            begin = [r for r in line._p.iter() if r.tag.endswith("}r")][-4]
            paths.append((option, inline_path(line._p, begin)))
            line.add_run("      ")
        return paths

    @staticmethod
    def _sdt(line, index: int) -> str:
        controls = [e for e in line._p.iter() if e.tag.endswith("}sdt")]
        return inline_path(line._p, controls[index])

    @staticmethod
    def _boxes(entries: list[tuple[str, object, str]]) -> dict:
        first = entries[0][1]
        return {
            "path": element_path(first._p),
            "mode": "checkbox",
            "checkboxes": [{"option": option, "path": path} for option, _, path in entries],
        }

    def _cell_spot(self, item: dict, cell) -> dict:
        if item["spot"] == "cell_boxes":
            line = cell.paragraphs[0]
            runs = [line.add_run("☐"), line.add_run(" Yes   "), line.add_run("☐"), line.add_run(" No")]
            boxes = [(o, line, inline_path(line._p, r._r) + "/box[0]") for o, r in zip(YES_NO, runs[::2], strict=True)]
            return self._boxes(boxes)
        return {"path": element_path(cell._tc), "mode": "cell"}

    def _record(self, item: dict, number: str, paragraph, spot: dict, explanation: dict | None = None) -> None:
        text = "\n".join([item["text"], *item.get("parts", []), *([item["explain"]] if item.get("explain") else [])])
        options = item.get("options") or (YES_NO if item["kind"] == "yes_no" else [])
        self.questions.append(
            {
                "number": number,
                "section": self.section,
                "text": text,
                "kind": item["kind"],
                "options": options,
                "limit": item.get("limit"),
                "question_path": element_path(paragraph._p),
                "answer": spot,
                "explanation": explanation,
                "library_gap": bool(item.get("gap")),
            }
        )


def _set_widths(table, widths: list) -> None:
    table.autofit = False
    for column, width in zip(table._tbl.tblGrid.gridCol_lst, widths, strict=True):
        column.w = width
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width


def main() -> None:
    content = yaml.safe_load(CONTENT.read_text(encoding="utf-8"))
    builder = SampleBuilder(content)
    builder.build()
    save_deterministic(builder.doc, OUTPUT)
    key = {
        "file": OUTPUT.name,
        "source": "samples/build_docx_sample.py from samples/cobalt_bay_questions.yaml",
        "question_count": len(builder.questions),
        "questions": builder.questions,
        "fields": builder.fields,
    }
    ANSWER_KEY.write_text(json.dumps(key, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    gaps = sum(q["library_gap"] for q in builder.questions)
    print(f"{len(builder.questions)} questions ({gaps} the library cannot answer), {len(builder.fields)} fields")
    print(f"wrote {OUTPUT}\nwrote {ANSWER_KEY}")


if __name__ == "__main__":
    main()
