"""Content of the FAQ answers (data/faq, hiring_rules.faq), the small-talk answers (bot/domain) and their
NLU examples (data/nlu).

Reads the files directly; no trained model is needed.
"""

import json
import re
from collections import Counter
from pathlib import Path

import pytest
import yaml
from rasa.shared.nlu.training_data.formats.rasa_yaml import RasaYAMLReader

from hiring_rules.agencies import default_registry
from hiring_rules.faq import default_faq

ROOT = Path(__file__).resolve().parents[2]
FAQ_DOMAIN_FILE = ROOT / "bot" / "domain" / "faq.yml"
CHITCHAT_DOMAIN_FILE = ROOT / "bot" / "domain" / "chitchat.yml"
NLU_FILES = [
    ROOT / "data" / "nlu" / f"{topic}.yml"
    for topic in ("faq_process", "faq_employer", "faq_appeal", "chitchat", "out_of_scope")
]

# Names fixed by the bot contract (issue 3).
FAQ_ITEMS = (
    "how_to_apply", "application_confirmation", "selection", "tests", "interview", "references",
    "result_notice", "duration", "personal_data", "protected_identity", "general_interest",
    "application_public", "onboarding", "trainee", "it_department", "fair_project", "appeal_how",
    "appeal_address", "appeal_deadline", "appeal_chances", "notice_board", "reemployment_info",
    "reemployment_register", "reemployment_order", "reemployment_use", "reemployment_part_time", "contact_hr",
    "after_appeal", "diarienummer", "late_appeal", "appeal_grounds",
    "documents_request", "not_in_pages",
)
CONTRACT_INTENTS = frozenset({
    "faq", "greet", "goodbye", "thank", "bot_challenge", "help_menu", "out_of_scope", "human_handoff",
    "nlu_fallback", "inform_agency", "start_appeal", "check_reemployment", "compute_deadline", "stop",
    "affirm", "deny", "correct_field", "inform", "request_documents", "followup_time", "followup_why",
    "followup_next", "followup_how", "followup_clarify", "write_documents_request",
    "write_reemployment_notice",
})
OWNED_INTENTS = ("greet", "goodbye", "thank", "bot_challenge", "help_menu", "human_handoff")
CHITCHAT_RESPONSES = (
    "utter_greet", "utter_goodbye", "utter_thank", "utter_bot_challenge", "utter_help_menu",
    "utter_out_of_scope", "utter_default", "utter_ask_rephrase",
)
# The one answer that is the same whatever the employer (a past project, told as such).
SINGLE_ANSWER_ITEMS = frozenset({"fair_project"})
VARYING_ITEMS = tuple(item for item in FAQ_ITEMS if item not in SINGLE_ANSWER_ITEMS)
# Items where a state employer's answer is about the appeal route a kommun does not have.
APPEAL_ROUTE_ITEMS = (
    "appeal_how", "appeal_address", "appeal_deadline", "appeal_chances", "notice_board", "after_appeal",
    "late_appeal", "appeal_grounds",
)
BOARD = "Statens överklagandenämnd"
# Own web site of each employer, named in the answers as the place to read more.
SITES = {
    "forsakringskassan": "forsakringskassan.se",
    "migrationsverket": "migrationsverket.se",
    "karlstads_kommun": "karlstad.se",
}
SWEDISH_WORDS = frozenset({
    "och", "du", "att", "är", "på", "för", "jag", "om", "med", "det", "inte", "kan", "hos", "till", "har",
    "eller", "som", "den", "ett", "en", "av", "så", "när", "vad",
})
# ASCII spellings of words that must carry å/ä/ö in text a user reads (URLs and e-mail addresses aside).
ASCII_SPELLINGS = re.compile(
    r"\b(overklag\w*|foretrades\w*|forsakringskassa\w*|ansokan\w*|anstall\w*|namnd\w*|manniska\w*|"
    r"bekraftelse\w*|sarskild\w*|tjanst\w*|fragor|sa har|nar|ocksa|aterans\w*|soka|soker|sokt)\b",
    re.IGNORECASE,
)
ADDRESS_TOKEN = re.compile(r"\S+@\S+|\b[\w.-]+\.se\b")
PAYLOAD = re.compile(r"^/(?P<intent>[a-z_]+)(?P<entities>\{.*\})?$")

REGISTRY = default_registry()
AGENCY_KEYS = tuple(REGISTRY.keys())


def _read(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _responses(paths) -> dict[str, list[dict]]:
    responses: dict[str, list[dict]] = {}
    for path in paths:
        for name, variations in (_read(path).get("responses") or {}).items():
            assert name not in responses, f"{name} is defined twice"
            responses[name] = variations
    return responses


def _examples_by_intent() -> dict[str, list[str]]:
    examples: dict[str, list[str]] = {}
    for path in NLU_FILES:
        for block in _read(path)["nlu"]:
            lines = [line.strip() for line in block["examples"].splitlines() if line.strip()]
            assert all(line.startswith("- ") for line in lines), block["intent"]
            examples.setdefault(block["intent"], []).extend(line[2:].strip() for line in lines)
    return examples


def _normalised(text: str) -> str:
    return re.sub(r"\s+", " ", text.casefold()).strip(" ?!.,")


def _faq_responses() -> dict[str, list[dict]]:
    """Every FAQ answer as a response variation would be: {"agency": key or None, "text", "buttons"}."""
    responses: dict[str, list[dict]] = {}
    for reply in default_faq():
        buttons = [{"title": button.title, "payload": button.payload} for button in reply.buttons]
        responses.setdefault(f"utter_faq/{reply.item}", []).append(
            {"agency": reply.agency, "text": reply.text, **({"buttons": buttons} if buttons else {})}
        )
    return responses


def _condition_key(variation: dict) -> str | None:
    """The agency a variation is for, or None for the answer when no employer is known."""
    return variation["agency"]


def _variation_for(item: str, key: str | None) -> dict:
    matches = [v for v in FAQ_RESPONSES[f"utter_faq/{item}"] if _condition_key(v) == key]
    assert len(matches) == 1, (item, key, len(matches))
    return matches[0]


def _sentences(text: str) -> int:
    return len(re.findall(r"[.!?](?=\s|$)", text.strip()))


def _contact_markers(key: str) -> list[str]:
    agency = REGISTRY.get(key)
    contacts = agency.hr_contacts
    markers = [SITES[key]] + [value for value in (contacts.phone, contacts.email, agency.appeal_email) if value]
    if contacts.phone is None and contacts.email is None:
        markers.append("annons")  # Karlstads kommun: the contact details are in the job advert
    return markers


FAQ_RESPONSES = _faq_responses()
CHITCHAT = _responses([CHITCHAT_DOMAIN_FILE])
ALL_VARIATIONS = [
    (name, variation) for name, variations in {**FAQ_RESPONSES, **CHITCHAT}.items() for variation in variations
]
EXAMPLES = _examples_by_intent()


def test_responses_are_exactly_the_contract_items():
    assert set(FAQ_RESPONSES) == {f"utter_faq/{item}" for item in FAQ_ITEMS}


@pytest.mark.parametrize("item", FAQ_ITEMS)
def test_every_faq_item_has_at_least_15_distinct_examples(item):
    distinct = {_normalised(text) for text in EXAMPLES.get(f"faq/{item}", [])}
    assert len(distinct) >= 15


@pytest.mark.parametrize("intent", OWNED_INTENTS)
def test_every_owned_intent_has_at_least_15_distinct_examples(intent):
    assert len({_normalised(text) for text in EXAMPLES.get(intent, [])}) >= 15


def test_out_of_scope_has_at_least_60_distinct_examples():
    assert len({_normalised(text) for text in EXAMPLES["out_of_scope"]}) >= 60


def test_nlu_intents_are_contract_intents():
    assert set(EXAMPLES) == {f"faq/{item}" for item in FAQ_ITEMS} | set(OWNED_INTENTS) | {"out_of_scope"}


def test_no_example_is_labelled_with_two_intents_or_repeated():
    counts = Counter(_normalised(text) for texts in EXAMPLES.values() for text in texts)
    assert [text for text, count in counts.items() if count > 1] == []


def test_rasa_reads_every_example_with_its_intent_and_no_entities():
    read = Counter()
    for path in NLU_FILES:
        training_data = RasaYAMLReader().read(path)
        assert not training_data.entity_examples, path
        read.update(
            message.get("intent_response_key") or message.get("intent")
            for message in training_data.intent_examples
        )
    assert read == Counter({intent: len(texts) for intent, texts in EXAMPLES.items()})


def test_chitchat_responses_exist():
    assert set(CHITCHAT) == set(CHITCHAT_RESPONSES)


def test_domain_files_declare_the_owned_intents_once():
    declared = Counter(
        intent for path in [FAQ_DOMAIN_FILE, CHITCHAT_DOMAIN_FILE] for intent in _read(path).get("intents", [])
    )
    # human_handoff is declared in dialogue.yml with its action (see the comment in chitchat.yml).
    assert declared == Counter(
        {"faq", "greet", "goodbye", "thank", "bot_challenge", "help_menu", "out_of_scope"}
    )


@pytest.mark.parametrize("name, variation", ALL_VARIATIONS, ids=lambda v: v if isinstance(v, str) else "")
def test_every_response_text_is_non_empty_swedish(name, variation):
    text = variation.get("text", "")
    assert text.strip()
    words = set(re.findall(r"[\wåäö]+", text.casefold()))
    assert len(words & SWEDISH_WORDS) >= 2, text
    assert ASCII_SPELLINGS.findall(ADDRESS_TOKEN.sub(" ", text)) == [], text


@pytest.mark.parametrize("name, variation", list(
    (name, variation) for name, variations in FAQ_RESPONSES.items() for variation in variations
), ids=lambda v: v if isinstance(v, str) else "")
def test_every_faq_text_names_an_employer_or_the_board(name, variation):
    names = [agency.display_name for agency in REGISTRY] + [BOARD]
    assert any(display in variation["text"] for display in names), variation["text"]


@pytest.mark.parametrize("item", VARYING_ITEMS)
def test_varying_item_has_one_variation_per_employer_and_one_default(item):
    keys = Counter(_condition_key(variation) for variation in FAQ_RESPONSES[f"utter_faq/{item}"])
    assert keys == Counter(list(AGENCY_KEYS) + [None])


@pytest.mark.parametrize("item", VARYING_ITEMS)
@pytest.mark.parametrize("key", AGENCY_KEYS)
def test_employer_variation_names_its_employer_and_its_own_contact_only(item, key):
    text = _variation_for(item, key)["text"]
    assert REGISTRY.get(key).display_name in text
    assert any(marker in text for marker in _contact_markers(key)), text
    for other in AGENCY_KEYS:
        if other != key:
            contacts = REGISTRY.get(other).hr_contacts
            assert all(value not in text for value in (contacts.phone, contacts.email) if value), (other, text)


@pytest.mark.parametrize("item", VARYING_ITEMS)
@pytest.mark.parametrize("key", AGENCY_KEYS)
def test_employer_variation_is_two_to_four_sentences(item, key):
    assert 2 <= _sentences(_variation_for(item, key)["text"]) <= 4


@pytest.mark.parametrize("item", VARYING_ITEMS)
def test_default_variation_answers_for_every_employer(item):
    text = _variation_for(item, None)["text"]
    for agency in REGISTRY:
        assert agency.display_name in text, (agency.key, text)


@pytest.mark.parametrize("item", sorted(SINGLE_ANSWER_ITEMS))
def test_single_answer_item_has_one_answer_without_condition(item):
    variations = FAQ_RESPONSES[f"utter_faq/{item}"]
    assert [_condition_key(variation) for variation in variations] == [None]
    assert 2 <= _sentences(variations[0]["text"]) <= 4


@pytest.mark.parametrize("item", APPEAL_ROUTE_ITEMS)
def test_kommun_appeal_answers_say_it_cannot_be_appealed(item):
    kommuner = [agency for agency in REGISTRY if not agency.state_appeal_route]
    assert kommuner
    for agency in kommuner:
        variation = _variation_for(item, agency.key)
        assert re.search(rf"kan inte (heller )?överklagas till {BOARD}", variation["text"]), variation["text"]
        assert "/start_appeal" not in [button["payload"] for button in variation.get("buttons", [])]
    default = _variation_for(item, None)["text"]
    assert "Karlstads kommun" in default and f"kan inte överklagas till {BOARD}" in default


def test_state_appeal_address_variations_give_the_registry_address():
    for agency in REGISTRY:
        if agency.state_appeal_route:
            text = _variation_for("appeal_address", agency.key)["text"]
            assert all(line in text for line in agency.appeal_address), agency.key
            if agency.appeal_email:
                assert agency.appeal_email in text


def test_appeal_address_literals():
    assert "103 51 Stockholm" in _variation_for("appeal_address", "forsakringskassan")["text"]
    migrationsverket = _variation_for("appeal_address", "migrationsverket")["text"]
    assert "Box 1430" in migrationsverket and "rekrytering@migrationsverket.se" in migrationsverket


@pytest.mark.parametrize("key", [None] + [a.key for a in REGISTRY if a.state_appeal_route])
def test_appeal_deadline_counts_from_the_posting_and_requires_arrival(key):
    variation = _variation_for("appeal_deadline", key)
    text = variation["text"]
    assert "tre veckor" in text and "anslog" in text and "kommit in" in text
    assert re.search(r"inte från dagen du fick mejlet", text), text
    assert "Skriv 'räkna ut sista dag' så räknar jag ut datumet" in text
    assert "/compute_deadline" in [button["payload"] for button in variation["buttons"]]


@pytest.mark.parametrize("key", [a.key for a in REGISTRY if a.state_appeal_route])
def test_state_appeal_how_offers_to_write_the_appeal(key):
    variation = _variation_for("appeal_how", key)
    assert BOARD in variation["text"] and "diarienummer" in variation["text"]
    assert [button["payload"] for button in variation["buttons"]] == ["/start_appeal"]


@pytest.mark.parametrize("key", list(AGENCY_KEYS) + [None])
def test_reemployment_info_offers_the_walk_through(key):
    variation = _variation_for("reemployment_info", key)
    assert "tolv månader" in variation["text"] and "arbetsbrist" in variation["text"]
    assert [button["payload"] for button in variation["buttons"]] == ["/check_reemployment"]


def test_contact_hr_gives_every_registry_contact():
    for agency in REGISTRY:
        text = _variation_for("contact_hr", agency.key)["text"]
        for value in (agency.hr_contacts.phone, agency.hr_contacts.email):
            if value:
                assert value in text and value in _variation_for("contact_hr", None)["text"]


def test_help_menu_offers_the_four_flows():
    (variation,) = CHITCHAT["utter_help_menu"]
    assert [button["payload"] for button in variation["buttons"]] == [
        "/start_appeal", "/check_reemployment", "/compute_deadline", "/human_handoff",
    ]
    assert all(agency.display_name in variation["text"] for agency in REGISTRY)


def test_out_of_scope_points_elsewhere():
    (variation,) = CHITCHAT["utter_out_of_scope"]
    for place in ("forsakringskassan.se", "migrationsverket.se", "sjukpenning", "uppehålls"):
        assert place in variation["text"]


def test_bot_challenge_says_automatic_and_not_legal_advice():
    (variation,) = CHITCHAT["utter_bot_challenge"]
    assert "automatisk assistent" in variation["text"] and "inte juridisk rådgivning" in variation["text"]


@pytest.mark.parametrize("name", ["utter_default", "utter_ask_rephrase"])
def test_fallback_asks_to_rephrase_with_suggestions(name):
    for variation in CHITCHAT[name]:
        assert "formulera" in variation["text"] or "annorlunda" in variation["text"]
        assert len(variation["buttons"]) >= 3


@pytest.mark.parametrize("name, variation", [
    (name, variation) for name, variation in ALL_VARIATIONS if variation.get("buttons")
], ids=lambda v: v if isinstance(v, str) else "")
def test_button_payloads_are_known_intents(name, variation):
    for button in variation["buttons"]:
        assert button["title"].strip()
        match = PAYLOAD.match(button["payload"])
        assert match, button
        assert match["intent"] in CONTRACT_INTENTS, button
        if match["entities"]:
            entities = json.loads(match["entities"])
            assert set(entities) == {"agency"} and entities["agency"] in AGENCY_KEYS, button


@pytest.mark.parametrize("key", list(AGENCY_KEYS) + [None])
def test_how_to_register_offers_the_walk_through_and_to_write_the_registration(key):
    variation = _variation_for("reemployment_register", key)
    assert [button["payload"] for button in variation["buttons"]] == [
        "/check_reemployment", "/write_reemployment_notice",
    ]
