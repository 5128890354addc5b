"""GET /api/letters/<token>.<fmt> and /api/letters/reemployment-notice/<token>.<fmt>: the appeal and the
registration of företrädesrätt from a conversation's tracker, read from a fake Rasa HTTP API (httpx
MockTransport), behind a link token that expires (a fake clock); failed look-ups limited."""
import datetime as dt
import io
import logging
from dataclasses import dataclass
from typing import Callable

import docx
import httpx
import pytest
from pypdf import PdfReader

from api.dependencies import get_now
from api.failed_lookups import MAX_FAILURES, WINDOW
from api.main import app
from api.errors import RASA_UNAVAILABLE
from api.routers.letter_download import LETTER_NOT_FOUND, NOTICE_NOT_FOUND, TOO_MANY_FAILED
from api.settings import Settings, get_settings
from api.dependencies import get_rasa_http
from api.tracker_client import confirmed_letter_slots
from hiring_rules import letter_link, messages, sealing

CONVERSATION = "mQ3v0Yk2c9Zq1TfWb7HxLd4uRs8pNe6A"
WRITTEN_AT = dt.datetime(2026, 6, 1, 9, 30, tzinfo=dt.timezone.utc)  # when the bot made the link
TOKEN = "s3cret-token"
PERSONNUMMER = "19850709-9805"
FORM = {
    "agency": "forsakringskassan",
    "position": "Handläggare sjukpenning",
    "diarienummer": "FK 2026/012345",
    "appointee": "",
    "decision_posted_on": "2026-05-29",
    "grounds": "Jag har längre erfarenhet av handläggning och bättre utbildning än den som anställdes.",
    "full_name": "Anna Svensson",
    "address": "Storgatan 1, 123 45 Karlstad",
}


pytestmark = pytest.mark.usefixtures("sealing_key")


def slot(name, value):
    return {"event": "slot", "name": name, "value": value}


def action(name):
    return {"event": "action", "name": name}


def answered(form, request, **changes):
    """A new conversation: the user's `request`, then the slots of `form` (with `changes`) filled."""
    values = {**form, "personnummer": sealing.seal(PERSONNUMMER), **changes}
    return [action("action_session_start"), {"event": "user", "text": request}] + [
        slot(name, value) for name, value in values.items()
    ]


def filled_form(**changes):
    return answered(FORM, "jag vill överklaga", **changes)


def confirmed(**changes):
    return [*filled_form(**changes), action("action_appeal_summary"), action("action_appeal_letter")]


NOTICE_FORM = {
    "agency": "forsakringskassan",
    "position": "Handläggare sjukpenning",
    "employment_ended_on": "2026-05-31",
    "full_name": "Anna Svensson",
    "address": "Storgatan 1, 123 45 Karlstad",
    "contact": "anna@exempel.se, 070-123 45 67",
}


def confirmed_notice(**changes):
    return [
        *answered(NOTICE_FORM, "jag vill anmäla företrädesrätt", **changes),
        action("action_reemployment_notice_summary"), action("action_reemployment_notice_letter"),
    ]


@dataclass(frozen=True)
class ChatLetter:
    """A letter the chat writes: its download route, the 404 text of that route, and a conversation
    that confirmed the letter."""

    url: str
    not_found_text: str
    confirmed: Callable[..., list[dict]]

    def download(self, client, fmt="pdf", token=None):
        return client.get(self.url.format(token=token or link(), fmt=fmt))

    def not_found(self, response):
        assert response.status_code == 404, response.text
        assert response.json() == {"detail": self.not_found_text}


APPEAL = ChatLetter("/api/letters/{token}.{fmt}", LETTER_NOT_FOUND, confirmed)
NOTICE = ChatLetter("/api/letters/reemployment-notice/{token}.{fmt}", NOTICE_NOT_FOUND, confirmed_notice)
BOTH = pytest.mark.parametrize("letter", [APPEAL, NOTICE], ids=["appeal", "notice"])


class FakeRasa:
    """Rasa's tracker endpoint: the events of each known conversation, [] for any other id."""

    def __init__(self):
        self.conversations: dict[str, list[dict]] = {}
        self.requests: list[httpx.Request] = []
        self.reply = None

    def handle(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if self.reply is not None:
            return self.reply(request)
        if request.url.params.get("token") != TOKEN:
            return httpx.Response(401)
        conversation = request.url.path.removeprefix("/conversations/").removesuffix("/tracker")
        return httpx.Response(200, json={"sender_id": conversation, "slots": {},
                                         "events": self.conversations.get(conversation, [])})


class Clock:
    """The API's current instant, set by the test."""

    def __init__(self):
        self.now = WRITTEN_AT + dt.timedelta(minutes=5)


@pytest.fixture
def clock(api_client):
    fake = Clock()
    app.dependency_overrides[get_now] = lambda: fake.now
    return fake


@pytest.fixture
def rasa(api_client, clock):
    fake = FakeRasa()
    http = httpx.AsyncClient(transport=httpx.MockTransport(fake.handle))
    app.dependency_overrides[get_rasa_http] = lambda: http
    app.dependency_overrides[get_settings] = lambda: Settings(rasa_url="http://rasa.test", rasa_token=TOKEN)
    return fake


def link(conversation=CONVERSATION, made_at=WRITTEN_AT):
    return letter_link.issue(conversation, made_at)


download, not_found = APPEAL.download, APPEAL.not_found  # most tests are about the appeal


def pdf_text(response, file_name):
    """The text of a letter downloaded as a PDF, white space folded, once its headers are checked."""
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["content-disposition"] == f'attachment; filename="{file_name}"'
    assert response.headers["cache-control"] == "no-store"
    pages = PdfReader(io.BytesIO(response.content)).pages
    return " ".join(" ".join(page.extract_text() for page in pages).split())


def docx_text(response):
    return "\n".join(paragraph.text for paragraph in docx.Document(io.BytesIO(response.content)).paragraphs)


# --- the letter ---


def test_pdf_of_a_confirmed_letter(api_client, rasa):
    rasa.conversations[CONVERSATION] = confirmed()
    text = pdf_text(download(api_client), "overklagande-FK-2026-012345.pdf")
    assert "Anna Svensson" in text and PERSONNUMMER in text and "Handläggare sjukpenning" in text
    (request,) = rasa.requests
    assert request.method == "GET"
    assert request.url.path == f"/conversations/{CONVERSATION}/tracker"
    assert request.url.params["token"] == TOKEN


def test_text_and_docx_say_the_same(api_client, rasa):
    rasa.conversations[CONVERSATION] = confirmed()
    text = download(api_client, "txt")
    assert text.headers["content-type"] == "text/plain; charset=utf-8"
    assert PERSONNUMMER in text.text and "Beslutet anslogs" in text.text
    word = download(api_client, "docx")
    assert word.headers["content-disposition"].endswith('.docx"')
    paragraphs = docx_text(word)
    assert PERSONNUMMER in paragraphs and "Anna Svensson" in paragraphs


def test_the_letter_links_its_deadline_as_a_calendar_file(api_client, rasa):
    rasa.conversations[CONVERSATION] = confirmed()  # posted 29 May, last day 22 June: ahead
    url = "http://testserver/api/deadline.ics?posted_on=2026-05-29&agency=forsakringskassan"
    assert f"{messages.LETTER_CALENDAR_LINK}:\n{url}" in download(api_client, "txt").text
    assert api_client.get(url).headers["content-type"] == "text/calendar; charset=utf-8"


def test_empty_optional_slots_are_not_given(api_client, rasa):
    rasa.conversations[CONVERSATION] = confirmed(decision_posted_on="", appointee="")
    response = download(api_client, "txt")
    assert response.status_code == 200
    assert "Beslutet anslogs" not in response.text
    assert "deadline.ics" not in response.text  # no posting day, no calendar file


def test_a_new_session_that_carries_the_slots_over_keeps_the_letter(api_client, rasa):
    events = confirmed()
    carried_over = [event for event in events if event["event"] == "slot"]
    rasa.conversations[CONVERSATION] = [*events, action("action_session_start"), *carried_over]
    assert download(api_client, "txt").status_code == 200


# --- no letter: 404 in Swedish ---


def test_incomplete_form_has_no_letter(api_client, rasa):
    rasa.conversations[CONVERSATION] = filled_form()[:-3]
    not_found(download(api_client))


def test_summary_not_yet_confirmed_has_no_letter(api_client, rasa):
    rasa.conversations[CONVERSATION] = [*filled_form(), action("action_appeal_summary")]
    not_found(download(api_client))


def test_a_correction_after_confirming_withdraws_the_letter(api_client, rasa):
    rasa.conversations[CONVERSATION] = [*confirmed(), slot("address", "Ågatan 2, 652 24 Karlstad")]
    not_found(download(api_client))


def test_cancelling_after_confirming_withdraws_the_letter(api_client, rasa):
    rasa.conversations[CONVERSATION] = [*confirmed(), *(slot(name, None) for name in FORM if name != "agency")]
    not_found(download(api_client))


def test_unknown_conversation(api_client, rasa):
    not_found(download(api_client, token=link("A" * 32)))


# --- the link's secret ---


@BOTH
def test_a_bare_conversation_id_gives_no_letter(api_client, rasa, letter):
    rasa.conversations[CONVERSATION] = letter.confirmed()
    letter.not_found(letter.download(api_client, token=CONVERSATION))
    assert rasa.requests == []


def test_the_link_holds_no_conversation_id(api_client, rasa):
    assert CONVERSATION not in link() and CONVERSATION[:8] not in link()


@BOTH
def test_the_link_works_for_24_hours_and_then_no_more(api_client, rasa, clock, letter):
    rasa.conversations[CONVERSATION] = letter.confirmed()
    clock.now = WRITTEN_AT + dt.timedelta(hours=24)
    assert letter.download(api_client, "txt").status_code == 200
    clock.now = WRITTEN_AT + dt.timedelta(hours=24, seconds=1)
    letter.not_found(letter.download(api_client, "txt"))
    assert len(rasa.requests) == 1  # the expired link is refused before Rasa is asked


def test_a_link_made_with_another_key_gives_no_letter(api_client, rasa, sealing_key):
    rasa.conversations[CONVERSATION] = confirmed()
    token = link()
    sealing_key()
    not_found(download(api_client, token=token))


@BOTH
def test_an_altered_link_gives_no_letter(api_client, rasa, letter):
    rasa.conversations[CONVERSATION] = letter.confirmed()
    token = link()
    position = len(token) // 2
    altered = token[:position] + ("A" if token[position] != "A" else "B") + token[position + 1:]
    letter.not_found(letter.download(api_client, token=altered))


def test_a_sealed_personnummer_is_not_a_link(api_client, rasa):
    """The link key is derived from the sealing key, not the sealing key itself."""
    rasa.conversations[CONVERSATION] = confirmed()
    sealed = sealing.seal(CONVERSATION)[len("⟦pnr:"):-1].rstrip("=")
    not_found(download(api_client, token=sealed))


def test_the_documented_examples_give_no_letter(api_client, rasa):
    spec = api_client.get("/openapi.json").json()
    sender = spec["components"]["schemas"]["ChatRequest"]["properties"]["sender"]["example"]
    parameters = spec["paths"]["/api/letters/{token}.{fmt}"]["get"]["parameters"]
    (parameter,) = [parameter for parameter in parameters if parameter["name"] == "token"]
    rasa.conversations[sender] = confirmed()  # someone chatted under the documented id
    not_found(download(api_client, token=sender))
    not_found(download(api_client, token=parameter["schema"]["examples"][0]))


@pytest.mark.parametrize("token", ["kort", "a" * 401, "mQ3v0Yk2c9Zq1TfWb7HxLd4uRs8pN.e6A", "å" * 30])
def test_malformed_token_is_not_asked_for(api_client, rasa, token):
    not_found(download(api_client, token=token))
    assert rasa.requests == []


# --- failed look-ups are limited ---


def test_too_many_failed_look_ups_give_429_until_the_window_has_passed(api_client, rasa, clock):
    rasa.conversations[CONVERSATION] = confirmed()
    started = clock.now
    for _ in range(MAX_FAILURES):
        not_found(download(api_client, token=CONVERSATION))
        clock.now += dt.timedelta(seconds=1)
    response = download(api_client)  # even a good link waits
    assert response.status_code == 429
    assert response.json() == {"detail": TOO_MANY_FAILED}
    assert int(response.headers["retry-after"]) == (started + WINDOW - clock.now).total_seconds()
    clock.now = started + WINDOW
    assert download(api_client).status_code == 200


def test_letters_found_and_rasa_down_do_not_count(api_client, rasa):
    rasa.conversations[CONVERSATION] = confirmed()
    for _ in range(MAX_FAILURES + 1):
        assert download(api_client, "txt").status_code == 200
    rasa.reply = lambda request: httpx.Response(500)
    for _ in range(MAX_FAILURES + 1):
        assert download(api_client, "txt").status_code == 503


@pytest.mark.parametrize("fmt", ["html", "exe", "PDF"])
def test_unknown_format(api_client, rasa, fmt):
    rasa.conversations[CONVERSATION] = confirmed()
    not_found(download(api_client, fmt))
    assert rasa.requests == []


def test_personnummer_sealed_with_another_key(api_client, rasa, sealing_key):
    rasa.conversations[CONVERSATION] = confirmed()
    sealing_key()
    not_found(download(api_client))


def test_municipality_has_no_letter(api_client, rasa):
    rasa.conversations[CONVERSATION] = confirmed(agency="karlstads_kommun")
    not_found(download(api_client))


# --- Rasa down ---


@pytest.mark.parametrize(
    "reply",
    [
        lambda request: (_ for _ in ()).throw(httpx.ConnectError("refused", request=request)),
        lambda request: httpx.Response(401),
        lambda request: httpx.Response(500),
        lambda request: httpx.Response(200, text="<html>"),
        lambda request: httpx.Response(200, json={"events": "nope"}),
    ],
    ids=["refused", "token refused", "error", "not json", "wrong shape"],
)
def test_rasa_unavailable_is_503(api_client, rasa, reply):
    rasa.reply = reply
    response = download(api_client)
    assert response.status_code == 503
    assert response.json() == {"detail": RASA_UNAVAILABLE}
    assert response.headers["retry-after"] == "10"


# --- privacy ---


def test_nothing_of_the_conversation_is_logged(api_client, rasa, caplog):
    caplog.set_level(logging.DEBUG)
    rasa.conversations[CONVERSATION] = confirmed()
    assert download(api_client).status_code == 200
    rasa.reply = lambda request: httpx.Response(500, text=PERSONNUMMER)
    assert download(api_client).status_code == 503
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "Rasa's tracker API answered HTTP 500" in logged
    for secret in (PERSONNUMMER, "850709", "Anna Svensson", "Storgatan", CONVERSATION, link()[:40]):
        assert secret not in logged


# --- the confirmation rule ---


def test_confirmed_values_are_those_at_the_letter_action():
    events = confirmed()
    assert confirmed_letter_slots(events)["full_name"] == "Anna Svensson"
    assert confirmed_letter_slots([*events, {"event": "restart"}]) is None
    assert confirmed_letter_slots([*events, {"event": "reset_slots"}]) is None
    # the letter action itself sends the form back (a field it refused): no letter
    assert confirmed_letter_slots([*events, slot("personnummer", None)]) is None
    # a slot outside the form does not matter
    assert confirmed_letter_slots([*events, slot("requested_slot", None)]) is not None


# --- the registration of företrädesrätt written in the chat ---

def test_the_confirmed_notice_in_every_format(api_client, rasa):
    rasa.conversations[CONVERSATION] = confirmed_notice()
    text = pdf_text(NOTICE.download(api_client), "anmalan-foretradesratt-forsakringskassan.pdf")
    for expected in (messages.NOTICE_TITLE, "Anna Svensson", f"Personnummer: {PERSONNUMMER}",
                     "E-post: anna@exempel.se", "Telefon: 070-123 45 67", "31 maj 2026", "28 februari 2027"):
        assert expected in text
    assert f"Personnummer: {PERSONNUMMER}" in NOTICE.download(api_client, "txt").text
    assert PERSONNUMMER in docx_text(NOTICE.download(api_client, "docx"))


def test_the_notice_link_gives_no_appeal_and_the_appeal_link_no_notice(api_client, rasa):
    rasa.conversations[CONVERSATION] = confirmed_notice()
    not_found(download(api_client))
    rasa.conversations[CONVERSATION] = confirmed()
    NOTICE.not_found(NOTICE.download(api_client))


def test_a_notice_not_yet_confirmed_or_changed_after_it_has_no_letter(api_client, rasa):
    rasa.conversations[CONVERSATION] = confirmed_notice()[:-1]
    NOTICE.not_found(NOTICE.download(api_client))
    rasa.conversations[CONVERSATION] = [*confirmed_notice(), slot("contact", "anna@exempel.org")]
    NOTICE.not_found(NOTICE.download(api_client))


def test_a_notice_whose_right_ran_out_has_no_letter(api_client, rasa):
    rasa.conversations[CONVERSATION] = confirmed_notice(employment_ended_on="2025-05-31")
    NOTICE.not_found(NOTICE.download(api_client))
