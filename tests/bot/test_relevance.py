"""bot/relevance.py: out of field on the evidence of the words, trained on a small made-up field."""
import contextlib
import tempfile
from pathlib import Path

import pytest

from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.relevance import DomainRelevance, content_words

FIELD = [
    ("hur går intervjun till", "faq"), ("hur lång tid tar rekryteringen", "faq"),
    ("hur överklagar jag anställningsbeslutet", "faq"), ("vart skickar jag överklagandet", "faq"),
    ("får jag bekräftelse på min ansökan", "faq"), ("har jag företrädesrätt", "check_reemployment"),
]
OUTSIDE = [
    ("när betalas sjukpenning ut", "out_of_scope"), ("hur ansöker jag om sjukpenning", "out_of_scope"),
    ("hur förnyar jag mitt körkort", "out_of_scope"), ("var förnyar man körkort", "out_of_scope"),
]


class _Storage:
    def write_to(self, resource):
        @contextlib.contextmanager
        def directory():
            yield Path(tempfile.mkdtemp())
        return directory()


# A form's answers: the user's job may be about anything the field's questions are not.
FORM_ANSWERS = [("handläggare inom sjukpenning", "inform"), ("jag har jobbat med sjukpenning i sex år", "inform")]


def _trained(**config) -> DomainRelevance:
    component = DomainRelevance({"anchors": ["rekryt", "intervju"], **config}, _Storage(), None)
    examples = [Message(data={"text": text, "intent": intent}) for text, intent in FIELD + OUTSIDE + FORM_ANSWERS]
    component.train(TrainingData(training_examples=examples))
    return component


def test_content_words_fold_diacritics_and_drop_stop_words():
    assert content_words("Hur ÖVERKLAGAR jag det?") == ["overklagar"]


def test_spoken_forms_of_stop_words_carry_no_topic():
    assert content_words("gör dom nån sån kontroll av mej") == ["kontroll"]


def test_a_word_only_out_of_scope_questions_use_marks_the_question():
    assert _trained().outside_field("min sjukpenning har inte kommit")


def test_the_words_of_a_forms_answers_do_not_bring_a_question_into_the_field():
    assert _trained().outside_field("vem har rätt till sjukpenning")


def test_many_words_the_field_never_uses_mark_the_question():
    assert _trained().outside_field("vem får ordinera vaccin mot fästingar")


def test_one_new_word_in_a_short_follow_up_is_no_evidence():
    assert not _trained().outside_field("och förresten?")


def test_field_questions_with_typos_and_no_diacritics_stay_in_the_field():
    component = _trained()
    assert not component.outside_field("hur overklagar jag anstallningsbeslutet")
    assert not component.outside_field("hur gar intervjn till")


def test_inflected_forms_are_known_but_compounds_on_a_known_beginning_are_not():
    component = _trained()
    assert component.all_in_field("rekryteringarna intervjuerna överklagandena")
    assert not component.all_in_field("intervjuteknikkursen")


def test_a_one_letter_typo_is_forgiven_in_long_words_only():
    component = DomainRelevance({}, _Storage(), None, {"field": ["intervjun", "satt"], "outside": []})
    assert component.all_in_field("intervjn")
    assert not component.all_in_field("skatt")  # "satt" is another word, not "skatt" with a typo


def test_an_anchor_keeps_a_question_in_the_field_whatever_else_it_says():
    assert not _trained().outside_field("får man sjukpenning under rekryteringen")


def test_process_turns_only_questions_into_out_of_scope():
    component = _trained()
    question = Message(data={"text": "vem får ordinera vaccin mot fästingar", "intent": {"name": "faq"}})
    answer = Message(data={"text": "vem får ordinera vaccin mot fästingar", "intent": {"name": "inform"}})
    component.process([question, answer])
    assert question.get("intent")["name"] == "out_of_scope"
    assert answer.get("intent")["name"] == "inform"


@pytest.mark.parametrize(
    "text, ranking, intent",
    [
        pytest.param(
            "jag har mer erfarenhet än den som fick intervju",
            {"out_of_scope": 0.9, "greet": 0.06, "faq": 0.04},
            "faq",
            id="an-anchored-question-gets-its-best-field-intent",
        ),
        pytest.param(
            "vart skickar jag överklagandet",
            {"out_of_scope": 0.7, "faq": 0.3},
            "faq",
            id="a-question-of-field-words-only-gets-its-best-field-intent",
        ),
        pytest.param(
            "får jag sjukpenning efter intervju",
            {"out_of_scope": 0.9, "faq": 0.1},
            "out_of_scope",
            id="an-out-of-scope-word-keeps-it-out-of-scope",
        ),
    ],
)
def test_a_message_diet_put_out_of_scope(text, ranking, intent):
    message = Message(data={
        "text": text,
        "intent": {"name": "out_of_scope", "confidence": ranking["out_of_scope"]},
        "intent_ranking": [{"name": name, "confidence": confidence} for name, confidence in ranking.items()],
    })
    _trained().process([message])
    assert message.get("intent")["name"] == intent


def test_a_sealed_personnummer_is_no_evidence(monkeypatch, tmp_path):
    from hiring_rules import sealing
    from hiring_rules.sealing_key import KEY_FILE_ENV

    monkeypatch.setenv(KEY_FILE_ENV, str(tmp_path / "pnr.key"))
    token = sealing.seal_text("19811218-9876")
    assert content_words(f"mitt personnummer {token}") == ["personnummer"]
    assert not _trained().outside_field(token)
