"""Adding an employer is data only: a registry entry and an answers file (tests/fixtures/fourth_employer/)
give the chat's answers, the appeal letter and the deadline for it, with no Python or domain file edited.

The made-up Exempelverket is appended to a copy of data/agencies.yml and its answers file put beside
copies of data/faq/; HIRING_AGENCIES_FILE and HIRING_FAQ_DIR point the assistant there.
"""
import asyncio
import datetime as dt
import shutil
import subprocess
from pathlib import Path

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from hiring_rules import agencies, answer_files, faq, letter, letter_render

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests" / "fixtures" / "fourth_employer"
KEY = "exempelverket"
PERSONNUMMER = "19850709-9805"


def _clear_caches():
    agencies.default_registry.cache_clear()
    faq.default_faq.cache_clear()
    answer_files.default_index.cache_clear()


@pytest.fixture
def fourth_employer(tmp_path, monkeypatch):
    registry_file = tmp_path / "agencies.yml"
    registry_file.write_text(
        (ROOT / "data" / "agencies.yml").read_text(encoding="utf-8")
        + "\n"
        + (FIXTURE / "agencies.yml").read_text(encoding="utf-8"),
        encoding="utf-8",
    )
    answers = tmp_path / "faq"
    shutil.copytree(ROOT / "data" / "faq", answers)
    shutil.copy(FIXTURE / f"{KEY}.yml", answers)
    monkeypatch.setenv("HIRING_AGENCIES_FILE", str(registry_file))
    monkeypatch.setenv("HIRING_FAQ_DIR", str(answers))
    _clear_caches()
    yield agencies.default_registry().get(KEY)
    monkeypatch.undo()
    _clear_caches()


def _run(action, slots: dict, message: dict) -> list[dict]:
    tracker = Tracker("test", slots, message, [], False, None, {}, "action_listen")
    dispatcher = CollectingDispatcher()
    asyncio.run(action.run(dispatcher, tracker, {}))
    return dispatcher.messages


def _faq_message(item: str) -> dict:
    return {
        "text": "...",
        "intent": {"name": "faq", "confidence": 0.9},
        "response_selector": {
            "faq": {
                "response": {"intent_response_key": f"faq/{item}", "confidence": 0.9},
                "ranking": [{"intent_response_key": f"faq/{item}", "confidence": 0.9}],
            }
        },
    }


def test_the_chat_names_the_new_employer_from_its_aliases(fourth_employer):
    assert agencies.default_registry().match("jag sökte jobb på exverket och fick nej") is fourth_employer


def test_the_new_employer_gets_its_own_answers_with_its_facts(fourth_employer):
    from actions.faq import ActionAnswerFaq

    (said,) = _run(ActionAnswerFaq(), {"agency": KEY}, _faq_message("appeal_address"))
    assert "Exempelverket, HR-enheten, Box 4711, 999 88 Exempelstad" in said["text"]
    assert "overklagan@exempelverket.example" in said["text"]
    assert '"Överklagan anställningsbeslut"' in said["text"]
    assert said["buttons"] == [{"title": "Skriv ett överklagande", "payload": "/start_appeal"}]
    (said,) = _run(ActionAnswerFaq(), {"agency": KEY}, _faq_message("contact_hr"))
    assert "010-123 45 67" in said["text"] and "hr@exempelverket.example" in said["text"]


def test_an_item_the_new_employer_does_not_answer_gets_the_general_answer(fourth_employer):
    from actions.faq import ActionAnswerFaq

    (said,) = _run(ActionAnswerFaq(), {"agency": KEY}, _faq_message("interview"))
    assert said["text"] == faq.default_faq().answer("interview").text


def test_the_hr_search_finds_the_new_employers_answer(fourth_employer):
    hits = answer_files.default_index().search("telefon HR", KEY)
    assert any(hit.answer.agency == KEY and "010-123 45 67" in hit.answer.text for hit in hits)


def test_the_letter_is_addressed_to_the_new_employer(fourth_employer):
    request = letter.AppealRequest(
        agency=KEY,
        full_name="Anna Svensson",
        address="Storgatan 1, 123 45 Karlstad",
        personnummer=PERSONNUMMER,
        position="Utredare",
        diarienummer="EV 2026/17",
        grounds="Jag har längre erfarenhet av utredningar än den som anställdes.",
        decision_posted_on=dt.date(2026, 5, 29),
    )
    text = letter_render.render(letter.build_letter(request, dt.date(2026, 6, 1)), "txt").decode("utf-8")
    for line in fourth_employer.appeal_address:
        assert line in text
    assert "overklagan@exempelverket.example" in text
    # three weeks after Friday 29 May is Midsommarafton: the last day is Monday 22 June
    assert "senast måndag 22 juni 2026" in " ".join(text.split())


def test_the_chat_deadline_points_to_the_new_employers_notice_board(fourth_employer):
    from actions.deadline import ActionTellAppealDeadline

    said = _run(ActionTellAppealDeadline(), {"agency": KEY, "decision_posted_on": None}, {"text": "..."})
    kwargs = next(
        message for message in said if message.get("response") == "utter_appeal_posting_date_unknown_at_agency"
    )
    assert kwargs["notice_board"] == "Anslagstavlan i entrén på Exempelgatan 5 i Exempelstad"
    assert "010-123 45 67" in kwargs["contacts"]


def test_the_api_lists_the_new_employer_and_writes_its_letter(fourth_employer, api_client):
    assert KEY in [entry["key"] for entry in api_client.get("/api/agencies").json()]
    response = api_client.post(
        "/api/letters?format=txt",
        json={
            "agency": KEY,
            "full_name": "Anna Svensson",
            "address": "Storgatan 1, 123 45 Karlstad",
            "personnummer": PERSONNUMMER,
            "position": "Utredare",
            "diarienummer": "EV 2026/17",
            "grounds": "Jag har längre erfarenhet av utredningar än den som anställdes.",
        },
    )
    assert response.status_code == 200
    assert "Box 4711" in response.text


def _employer_facts() -> set[str]:
    """Every phone number, e-mail address, notice board and numbered address line of the registry."""
    facts = set()
    for agency in agencies.load_registry():
        contacts = agency.hr_contacts
        facts |= {contacts.phone, contacts.email, agency.appeal_email, agency.notice_board}
        facts |= set(agency.other_emails.values())
        facts |= {line for line in agency.appeal_address if any(char.isdigit() for char in line)}
    return facts - {None}


def test_no_employer_fact_is_written_outside_the_registry():
    """The registry is the one home of the employers' facts: everything else names them by placeholder.
    Tests and the blind evaluation sets (bench/understanding/, which say what a reply must contain) may
    quote them."""
    tracked = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT, capture_output=True, text=True, check=True,
    ).stdout.split()
    exempt = ("data/agencies.yml", "tests/", "bench/understanding/")
    facts = _employer_facts()
    copies = {}
    for name in tracked:
        path = ROOT / name
        if name.startswith(exempt) or not path.is_file():
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        found = sorted(fact for fact in facts if fact in text)
        if found:
            copies[name] = found
    assert copies == {}
