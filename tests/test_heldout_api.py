"""Held-out HTTP API cases from tests/heldout_api/cases.yml, written blind to the implementation.

Only what the API contract and the law fix is asserted; see tests/heldout_api/README.md.
"""
import io
import json
import re
import unicodedata
from html.parser import HTMLParser
from pathlib import Path

import docx
import pytest
import yaml
from fastapi.testclient import TestClient
from pypdf import PdfReader

from api.main import app

CASES = yaml.safe_load((Path(__file__).parent / "heldout_api" / "cases.yml").read_text(encoding="utf-8"))

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "txt": "text/plain",
    "html": "text/html",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def case_id(case):
    return case["id"]


@pytest.fixture(scope="module")
def client():
    with TestClient(app) as test_client:
        yield test_client


def normalised(text):
    """NFC, whitespace runs (including no-break spaces and line breaks) collapsed to one space."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()


class _TextCollector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []
        self._skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skipping += 1

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self._skipping:
            self._skipping -= 1

    def handle_data(self, data):
        if not self._skipping:
            self.parts.append(data)


def document_text(fmt, content):
    if fmt == "pdf":
        assert content.startswith(b"%PDF"), "not a PDF"
        return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    if fmt == "docx":
        document = docx.Document(io.BytesIO(content))
        paragraphs = [paragraph.text for paragraph in document.paragraphs]
        cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
        return "\n".join(paragraphs + cells)
    if fmt == "html":
        collector = _TextCollector()
        collector.feed(content.decode("utf-8"))
        return " ".join(collector.parts)
    return content.decode("utf-8")


def error_text(response):
    try:
        return json.dumps(response.json(), ensure_ascii=False)
    except ValueError:
        return response.text


@pytest.mark.parametrize("case", CASES["deadline"], ids=case_id)
def test_deadline(client, case):
    response = client.post("/api/deadline", json=case["request"])
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["posted_on"] == case["request"]["posted_on"]
    for key, expected in case["expect"].items():
        assert body[key] == expected, f"{key}: expected {expected!r}, got {body[key]!r} ({case.get('note')})"
    if body["shifted"]:
        assert isinstance(body["reason"], str) and body["reason"].strip(), "a moved deadline needs a reason"


@pytest.mark.parametrize("case", CASES["deadline_invalid"], ids=case_id)
def test_deadline_rejects(client, case):
    assert client.post("/api/deadline", json=case["request"]).status_code == 422


@pytest.mark.parametrize("case", CASES["eligibility"], ids=case_id)
def test_eligibility(client, case):
    response = client.post("/api/eligibility", json=case["request"])
    assert response.status_code == 200, response.text
    body = response.json()
    for key, expected in case["expect"].items():
        assert body[key] == expected, f"{key}: expected {expected!r}, got {body[key]!r} ({case.get('note')})"
    assert isinstance(body["reasons"], list) and body["reasons"], "a verdict must say what it was based on"


@pytest.mark.parametrize("case", CASES["eligibility_invalid"], ids=case_id)
def test_eligibility_rejects(client, case):
    assert client.post("/api/eligibility", json=case["request"]).status_code == 422


@pytest.mark.parametrize("case", CASES["letters"], ids=case_id)
def test_letter(client, case):
    fmt, request = case["format"], case["request"]
    response = client.post("/api/letters", params={"format": fmt}, json=request)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].split(";")[0].strip() == CONTENT_TYPES[fmt]
    text = normalised(document_text(fmt, response.content))
    required = [*CASES["appeal_addresses"][request["agency"]], request["full_name"], request["position"],
                request["diarienummer"], "Överklagan"]
    if "appointee" in request:
        required.append(request["appointee"])
    missing = [phrase for phrase in required if normalised(phrase) not in text]
    assert not missing, f"missing from the {fmt} letter: {missing}"


@pytest.mark.parametrize("case", CASES["letters_invalid"], ids=case_id)
def test_letter_rejects(client, case):
    response = client.post("/api/letters", params={"format": case["format"]}, json=case["request"])
    assert response.status_code == 422, response.text
    if "mentions" in case:
        assert case["mentions"].lower() in error_text(response).lower()
