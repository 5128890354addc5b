"""Format and coverage of the held-out evaluation data in tests/nlu_heldout/."""

import re
from collections import Counter
from pathlib import Path

import pytest
import yaml
from rasa.shared.nlu.training_data.formats.rasa_yaml import RasaYAMLReader

HELDOUT = Path(__file__).parent / "nlu_heldout"
INTENTS_FILE = HELDOUT / "intents.yml"
FIRST_REPLY_FILE = HELDOUT / "first_reply.yml"

# Names fixed by the bot contract (issue 3).
FAQ_ITEMS = (
    "how_to_apply", "application_confirmation", "selection", "tests", "interview", "references",
    "result_notice", "duration", "personal_data", "protected_identity", "general_interest",
    "application_public", "onboarding", "trainee", "it_department", "fair_project", "appeal_how",
    "appeal_address", "appeal_deadline", "appeal_chances", "notice_board", "reemployment_info",
    "reemployment_register", "contact_hr",
)
FAQ_INTENTS = frozenset(f"faq/{item}" for item in FAQ_ITEMS)
CORE_INTENTS = frozenset({
    "greet", "goodbye", "thank", "bot_challenge", "help_menu", "human_handoff", "start_appeal",
    "check_reemployment", "compute_deadline", "stop", "affirm", "deny",
})
FLOW_INTENTS = frozenset({"start_appeal", "check_reemployment", "compute_deadline"})
CONTRACT_INTENTS = FAQ_INTENTS | CORE_INTENTS | {
    "out_of_scope", "nlu_fallback", "inform_agency", "correct_field", "inform",
}
AGENCY_NAMES = {
    "forsakringskassan": "Försäkringskassan",
    "migrationsverket": "Migrationsverket",
    "karlstads_kommun": "Karlstad",
}
KINDS = frozenset({"faq", "out_of_scope", "chitchat", "flow"})
REQUIRED_CASE_KEYS = frozenset({"text", "metadata", "expect_any", "kind", "intent"})
CASE_KEYS = REQUIRED_CASE_KEYS | {"expect_all"}


def _examples_by_intent() -> dict[str, list[str]]:
    document = yaml.safe_load(INTENTS_FILE.read_text(encoding="utf-8"))
    examples: dict[str, list[str]] = {}
    for block in document["nlu"]:
        lines = [line.strip() for line in block["examples"].splitlines() if line.strip()]
        assert all(line.startswith("- ") for line in lines), block["intent"]
        examples.setdefault(block["intent"], []).extend(line[2:].strip() for line in lines)
    return examples


def _cases() -> list[dict]:
    return yaml.safe_load(FIRST_REPLY_FILE.read_text(encoding="utf-8"))["cases"]


def _normalised(text: str) -> str:
    return re.sub(r"\s+", " ", text.casefold()).strip(" ?!.,")


EXAMPLES = _examples_by_intent()
CASES = _cases()


def test_intents_file_is_rasa_nlu_yaml_version_3_1():
    document = yaml.safe_load(INTENTS_FILE.read_text(encoding="utf-8"))
    assert document["version"] == "3.1"
    assert set(document) == {"version", "nlu"}
    assert all(set(block) == {"intent", "examples"} for block in document["nlu"])


def test_rasa_reads_every_example_with_its_intent():
    training_data = RasaYAMLReader().read(INTENTS_FILE)
    read = Counter(
        message.get("intent_response_key") or message.get("intent")
        for message in training_data.intent_examples
    )
    assert read == Counter({intent: len(texts) for intent, texts in EXAMPLES.items()})
    assert not training_data.entity_examples


def test_every_intent_in_intents_file_is_in_the_contract():
    assert set(EXAMPLES) <= CONTRACT_INTENTS
    assert "nlu_fallback" not in EXAMPLES


@pytest.mark.parametrize("intent", sorted(FAQ_INTENTS))
def test_every_faq_item_has_six_to_eight_examples(intent):
    assert 6 <= len(EXAMPLES.get(intent, [])) <= 8


@pytest.mark.parametrize("intent", sorted(CORE_INTENTS))
def test_every_core_intent_has_four_to_six_examples(intent):
    assert 4 <= len(EXAMPLES.get(intent, [])) <= 6


def test_out_of_scope_has_at_least_forty_examples():
    assert len(EXAMPLES.get("out_of_scope", [])) >= 40


def test_no_text_occurs_twice_across_both_files():
    texts = [text for texts in EXAMPLES.values() for text in texts] + [case["text"] for case in CASES]
    counts = Counter(_normalised(text) for text in texts)
    assert [text for text, count in counts.items() if count > 1] == []


def test_every_first_reply_case_is_well_formed():
    for case in CASES:
        assert REQUIRED_CASE_KEYS <= set(case) <= CASE_KEYS, case
        assert isinstance(case["text"], str) and case["text"].strip(), case
        assert case["kind"] in KINDS, case
        assert case["intent"] in CONTRACT_INTENTS, case
        assert isinstance(case["metadata"], dict) and set(case["metadata"]) <= {"agency"}, case
        assert case["metadata"].get("agency", "forsakringskassan") in AGENCY_NAMES, case
        for key in ("expect_any", "expect_all"):
            expected = case.get(key, ["-"])
            assert isinstance(expected, list) and expected, case
            assert all(isinstance(item, str) and item.strip() for item in expected), case


def test_kind_matches_intent():
    for case in CASES:
        intent, kind = case["intent"], case["kind"]
        if kind == "faq":
            assert intent in FAQ_INTENTS, case
        elif kind == "out_of_scope":
            assert intent == "out_of_scope", case
        elif kind == "flow":
            assert intent in FLOW_INTENTS, case
        else:
            assert intent in CORE_INTENTS - FLOW_INTENTS, case


def test_first_reply_case_counts_meet_the_minimums():
    kinds = Counter(case["kind"] for case in CASES)
    assert kinds["faq"] >= 60
    assert kinds["out_of_scope"] >= 30
    assert kinds["flow"] >= 10


def test_every_faq_item_and_flow_intent_has_a_first_reply_case():
    covered = {case["intent"] for case in CASES}
    assert FAQ_INTENTS - covered == set()
    assert FLOW_INTENTS - covered == set()


@pytest.mark.parametrize("agency", sorted(AGENCY_NAMES))
def test_faq_cases_are_spread_over_the_three_employers(agency):
    name = AGENCY_NAMES[agency]
    about_agency = [
        case for case in CASES
        if case["kind"] == "faq"
        and (case["metadata"].get("agency") == agency or name in case.get("expect_all", []))
    ]
    assert len(about_agency) >= 10
