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


# FAQ questions with their items, for the second classifier.
FAQ_ITEMS = [
    ("hur går intervjun till", "faq/interview"), ("hur lång är intervjun", "faq/interview"),
    ("vad frågar ni på intervjun", "faq/interview"),
    ("hur överklagar jag anställningsbeslutet", "faq/appeal"),
    ("vart skickar jag överklagandet", "faq/appeal"), ("hur lång tid har jag att överklaga", "faq/appeal"),
]


def _with_classifier(tmp_path, outside: float) -> DomainRelevance:
    from rasa.engine.graph import ExecutionContext, GraphSchema
    from rasa.engine.storage.local_model_storage import LocalModelStorage
    from rasa.engine.storage.resource import Resource

    storage, resource = LocalModelStorage(tmp_path), Resource("relevance")
    config = {"anchors": ["rekryt", "intervju"], "classifier_outside": outside}
    examples = [
        Message(data={"text": text, "intent": "faq", "intent_response_key": key}) for text, key in FAQ_ITEMS
    ]
    examples += [Message(data={"text": text, "intent": intent}) for text, intent in OUTSIDE]
    DomainRelevance(config, storage, resource).train(TrainingData(training_examples=examples))
    return DomainRelevance.load(config, storage, resource, ExecutionContext(GraphSchema({}), "test"))


def test_the_second_classifier_turns_an_faq_question_like_the_out_of_scope_ones(tmp_path):
    component = _with_classifier(tmp_path, outside=0.5)
    # no word of it is known only from out-of-scope questions: the words alone do not decide it
    assert not component.outside_field("när betalas den ut")
    assert component.classified_outside("när betalas den ut")
    assert not component.classified_outside("hur lång är intervjun")
    faq = Message(data={"text": "när betalas den ut", "intent": {"name": "faq"}})
    other = Message(data={"text": "när betalas den ut", "intent": {"name": "followup_time"}})
    with_anchor_words_known = Message(data={"text": "hur går intervjun till", "intent": {"name": "faq"}})
    component.process([faq, other, with_anchor_words_known])
    assert faq.get("intent")["name"] == "out_of_scope"
    assert other.get("intent")["name"] == "followup_time"  # the classifier reads FAQ questions only
    assert with_anchor_words_known.get("intent")["name"] == "faq"


def test_the_second_classifier_decides_only_from_its_threshold(tmp_path):
    assert not _with_classifier(tmp_path, outside=1.0).classified_outside("när betalas den ut")


def test_an_anchor_does_not_bring_back_what_diet_and_the_second_classifier_put_out_of_scope(tmp_path):
    component = _with_classifier(tmp_path, outside=0.5)
    ranking = [{"name": "out_of_scope", "confidence": 0.9}, {"name": "faq", "confidence": 0.1}]
    both = Message(data={"text": "när betalas den ut efter intervjun", "intent": dict(ranking[0]),
                         "intent_ranking": ranking})
    diet_alone = Message(data={"text": "hur lång är intervjun", "intent": dict(ranking[0]),
                               "intent_ranking": ranking})
    component.process([both, diet_alone])
    assert component.classified_outside("när betalas den ut efter intervjun")
    assert both.get("intent")["name"] == "out_of_scope"
    assert diet_alone.get("intent")["name"] == "faq"
