"""The personnummer never reaches a log or the tracker store in clear text.

A real Rasa server and action server, both logging at DEBUG, take a whole appeal through the REST
channel configured in bot/credentials.yml; the Rasa server is restarted in the middle of the form and
the conversation goes on from the SQLite tracker store. A second conversation writes the registration
of företrädesrätt with the same number. Afterwards every log file and the database files are searched
for the personnummer in each way it is commonly written, and so are the links the chat gave. The fast
tests check the channel itself and that bot/credentials.yml uses it.
"""
import datetime as dt
import re
import unicodedata

import pytest
import yaml

from bot.channels import RedactingRestInput
from hiring_rules import letter_link, sealing, sealing_key
from stack.rasa_stack import CREDENTIALS, RasaStack, bot_texts, response_text, trained_model

TYPED_WRONG = "19811218-9875"  # wrong check digit: refused, but sealed all the same
TYPED = "811218 9876"
SPELLINGS = (
    "198112189876", "19811218-9876", "19811218 9876", "8112189876", "811218-9876", "811218 9876",
    "811218+9876", "198112189875", "19811218-9875", "8112189875", "811218-9875",
)


# The same wrong number typed with separators the first sealing did not know (a probe found each of these
# in clear in the tracker store): each is refused by the form, and each must be sealed all the same.
ODD_SPELLINGS_WRONG = (
    "19811218/9875", "19811218_9875", "1981-12-18-9875", "19811218.9875", "19811218\u20109875",
    "19811218\u22129875", "19811218\u20149875", "1981121\u200b8-9875", "１９８１１２１８－９８７５",
)


def written_forms(data: bytes) -> str:
    """The file as text, then once more with every character that is not a letter or a digit removed
    (after Unicode NFKC), so a number split by any separator, or with other digits, is found as well."""
    text = data.decode("utf-8", errors="replace")
    folded = re.sub(r"[\W_]", "", unicodedata.normalize("NFKC", text))
    return text + "\n" + folded


def test_credentials_use_the_redacting_rest_channel():
    channels = yaml.safe_load(CREDENTIALS.read_text(encoding="utf-8")) or {}
    assert "bot.channels.RedactingRestInput" in channels
    assert "rest" not in channels  # the plain channel would take the same URL without sealing


class FakeRequest:
    def __init__(self, body):
        self.json = body


def test_the_channel_seals_text_and_metadata_before_rasa_sees_them(monkeypatch, tmp_path):
    monkeypatch.setenv(sealing_key.KEY_FILE_ENV, str(tmp_path / "pnr.key"))
    channel = RedactingRestInput()
    request = FakeRequest(
        {
            "sender": "s",
            "message": "mitt personnummer är 811218-9876",
            "metadata": {"agency": "forsakringskassan", "note": ["ring 19811218 9876"]},
        }
    )
    text = channel._extract_message(request)
    metadata = channel.get_metadata(request)
    assert RedactingRestInput.name() == "rest"  # same URL: /webhooks/rest/webhook
    assert text.startswith("mitt personnummer är ⟦pnr:") and "9876" not in text
    assert sealing.unseal(sealing.tokens_in(text)[0]) == "811218-9876"
    assert metadata["agency"] == "forsakringskassan"
    assert metadata["note"][0].startswith("ring ⟦pnr:") and "9876" not in metadata["note"][0]


@pytest.fixture(scope="module")
def finished_conversation(tmp_path_factory):
    """Runs the conversation, restarting Rasa mid-form; returns (stack, replies to the last message)."""
    stack = RasaStack(tmp_path_factory.mktemp("privacy"), trained_model())
    sender = "integritet-1"
    employer = {"agency": "migrationsverket"}
    posted_on = (dt.date.today() - dt.timedelta(days=3)).isoformat()
    try:
        stack.start_actions()
        stack.start_rasa()
        for text in (
            "hjälp mig skriva ett överklagande",
            "Handläggare till asylprövningen",
            "MIG-2026-1234",
            "bara en",
            posted_on,
        ):
            stack.send(sender, text, employer)
        stack.stop_rasa()
        stack.start_rasa()  # the same conversation continues from the tracker store
        grounds = "Jag har längre erfarenhet av asylprövning och högre utbildning än den som anställdes."
        reply = bot_texts(stack.send(sender, grounds, employer))
        assert response_text("utter_ask_appeal_form_full_name") in reply
        stack.send(sender, "Erik Johansson", employer)
        stack.send(sender, "Drottninggatan 12 B, 602 24 Norrköping", employer)
        for typed_wrong in (TYPED_WRONG, *ODD_SPELLINGS_WRONG):
            wrong = bot_texts(stack.send(sender, typed_wrong, employer))
            assert response_text("utter_ask_appeal_form_personnummer") in wrong, typed_wrong
        summary = bot_texts(stack.send(sender, f"mitt personnummer är {TYPED}", employer))
        assert "Personnummer: ********-**76" in summary
        letter = stack.send(sender, "ja", employer)
        notice = _registration(stack)
    finally:
        stack.stop()
    return stack, letter, notice


def _registration(stack: RasaStack) -> list[dict]:
    """The registration of företrädesrätt asked for on its own, the number typed wrong and then right in
    this form; the replies to the confirmed summary."""
    sender, employer = "integritet-2", {"agency": "forsakringskassan"}
    ended_on = (dt.date.today() + dt.timedelta(days=10)).isoformat()
    for text in ("jag vill anmäla företrädesrätt", "Utredare", ended_on, "Erik Johansson",
                 "Drottninggatan 12 B, 602 24 Norrköping"):
        stack.send(sender, text, employer)
    for typed_wrong in (TYPED_WRONG, *ODD_SPELLINGS_WRONG[:3]):
        wrong = bot_texts(stack.send(sender, typed_wrong, employer))
        assert response_text("utter_ask_reemployment_notice_form_personnummer") in wrong, typed_wrong
    asked = bot_texts(stack.send(sender, "19811218-9876", employer))
    assert response_text("utter_ask_reemployment_notice_form_contact") in asked
    summary = bot_texts(stack.send(sender, "erik@exempel.se", employer))
    assert "Personnummer: ********-**76" in summary
    return stack.send(sender, "ja", employer)


@pytest.mark.slow
@pytest.mark.parametrize(
    "reply, link, sender",
    [(1, "/api/letters/", "integritet-1"), (2, "/api/letters/reemployment-notice/", "integritet-2")],
    ids=["appeal after a restart", "registration"],
)
def test_each_letter_ends_with_its_link_and_shows_the_number_only_masked(
    finished_conversation, monkeypatch, reply, link, sender
):
    stack, text = finished_conversation[0], bot_texts(finished_conversation[reply])
    (token,) = re.findall(re.escape(link) + r"([A-Za-z0-9_-]+)\.pdf", text)
    monkeypatch.delenv(sealing_key.KEY_ENV, raising=False)
    monkeypatch.setenv(sealing_key.KEY_FILE_ENV, stack.env[sealing_key.KEY_FILE_ENV])  # the action server's key
    assert letter_link.conversation_of(token, dt.datetime.now(dt.timezone.utc)) == sender
    assert "Personnummer: ********-**76" in text
    for spelling in SPELLINGS:
        assert spelling not in written_forms(text.encode("utf-8")), spelling


@pytest.mark.slow
def test_no_log_holds_the_personnummer(finished_conversation):
    stack, _, _ = finished_conversation
    logs = {path.name: written_forms(path.read_bytes()) for path in stack.log_files}
    assert {"actions.log", "rasa-1.log", "rasa-2.log", "rasa-1-file.log", "rasa-2-file.log"} <= set(logs)
    everything = "\n".join(logs.values())
    assert "DEBUG" in everything and "pnr:gAAAAA" in everything  # logged at DEBUG, the number sealed
    for name, text in logs.items():
        for spelling in SPELLINGS:
            assert spelling not in text, f"{spelling} in {name}"


@pytest.mark.slow
def test_the_tracker_store_holds_the_personnummer_only_sealed(finished_conversation):
    stack, _, _ = finished_conversation
    database_files = sorted(stack.workdir.glob("tracker.db*"))
    contents = "\n".join(written_forms(path.read_bytes()) for path in database_files)
    assert "Drottninggatan 12 B" in contents and "pnr:gAAAAA" in contents  # the conversation is in there
    assert "integritet-2" in contents and "erik@exempel.se" in contents  # and so is the registration
    for spelling in SPELLINGS:
        assert spelling not in contents
