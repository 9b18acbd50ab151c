"""Word inputs the parser refuses or reads with care, and `parse` through the CLI."""

from __future__ import annotations

import json
import shutil
import zipfile

import docx
import pytest
from click.testing import CliRunner
from docx_fixtures import p, write_docx

from conftest import SAMPLES
from rfp_assistant import InputError, UnsupportedFormatError, parse
from rfp_assistant.cli import main

ENTITY_BOMB = '<!DOCTYPE w [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
SAMPLE_DOCX = SAMPLES / "cobalt_bay_medical_rfp.docx"
SAMPLE_XLSX = SAMPLES / "harbor_point_medical_rfp.xlsx"


def test_a_legacy_doc_gets_a_one_line_error_saying_to_save_it_as_docx(tmp_path):
    path = tmp_path / "old.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512))
    with pytest.raises(UnsupportedFormatError) as raised:
        parse(path)
    assert "save it as .docx" in str(raised.value)
    assert "\n" not in str(raised.value)


def test_a_docm_is_read_like_a_docx_and_its_macros_are_left_alone(tmp_path):
    path = write_docx(tmp_path / "rfp.docm", p("Describe your network.") + p())
    with zipfile.ZipFile(path, "a") as archive:
        archive.writestr("word/vbaProject.bin", b"\x00macro code that must never run\x00")
    before = path.read_bytes()
    questionnaire = parse(path)
    assert [q.text for q in questionnaire.questions] == ["Describe your network."]
    assert path.read_bytes() == before


def test_a_word_package_whose_xml_declares_a_doctype_is_refused(tmp_path):
    path = write_docx(tmp_path / "bomb.docx", p("Describe &b;?"), prolog=ENTITY_BOMB)
    with pytest.raises(InputError) as raised:
        parse(path)
    assert "declares a DOCTYPE" in str(raised.value)
    assert "word/document.xml" in str(raised.value)


def test_a_workbook_whose_xml_declares_a_doctype_is_refused_too(tmp_path):
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(SAMPLE_XLSX) as source, zipfile.ZipFile(path, "w") as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "xl/workbook.xml":
                data = ENTITY_BOMB.encode() + data
            target.writestr(info, data)
    with pytest.raises(InputError, match="declares a DOCTYPE"):
        parse(path)


def test_a_zip_that_is_not_a_word_document_is_refused(tmp_path):
    path = tmp_path / "notword.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document xmlns:w='x'/>")
    with pytest.raises(InputError, match="no document body"):
        parse(path)


def test_headers_and_footers_are_never_read(tmp_path):
    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "Describe your network in the header?"
    document.sections[0].footer.paragraphs[0].text = "Questions? Email rfp@example.com"
    document.add_paragraph("Describe your claims office.")
    document.add_paragraph()
    path = tmp_path / "headers.docx"
    document.save(path)
    assert [q.text for q in parse(path).questions] == ["Describe your claims office."]


def test_parse_json_gives_the_docx_location_contract(tmp_path):
    result = CliRunner().invoke(main, ["parse", str(SAMPLE_DOCX), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["format"] == "docx"
    location = data["questions"][0]["location"]
    assert {"format", "path", "mode"} <= location.keys()
    assert location["format"] == "docx"
    assert {q["location"]["mode"] for q in data["questions"]} == {"after", "placeholder", "checkbox", "cell"}
    assert data["fields"][0]["location"]["format"] == "docx"


def test_parse_prints_each_docx_question_with_where_its_answer_goes(tmp_path):
    copy = tmp_path / "rfp.docx"
    shutil.copy(SAMPLE_DOCX, copy)
    result = CliRunner().invoke(main, ["parse", str(copy)])
    assert result.exit_code == 0
    first = result.stdout.splitlines()[0]
    assert first.startswith("q0001") and "body/p[" in first and "(after)" in first


def test_parse_a_hostile_docx_through_the_cli_exits_2_with_one_line(tmp_path):
    path = write_docx(tmp_path / "bomb.docx", p("Describe &b;?"), prolog=ENTITY_BOMB)
    result = CliRunner().invoke(main, ["parse", str(path)])
    assert result.exit_code == 2
    assert "declares a DOCTYPE" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
