"""The pure parts of bench/understanding.py: folding, deadline_for, turn checks, set loading and the
summary. No stack is started."""
from __future__ import annotations

import datetime as dt
import json

import pytest

from bench import understanding as bench  # the module: a .py file wins over the sets' folder of that name

TODAY = dt.date(2026, 12, 1)  # a Tuesday
OOF = "Det kan jag tyvärr inte hjälpa till med det."
NOT_IN_PAGES = "Det står inte på arbetsgivarens sidor. Fråga HR."


def test_fold_ignores_case_whitespace_and_diacritics():
    assert bench.fold("  Statens  ÖVERKLAGANDENÄMND\n é ") == "statens overklagandenamnd e"
    assert bench.contains("Skicka till Statens överklagandenämnd.", "statens overklagandenamnd")
    assert bench.contains("statens overklagandenamnd", "Statens Överklagandenämnd")
    assert bench.contains("tre\u00a0veckor", "tre veckor")
    assert not bench.contains("två veckor", "tre veckor")


def test_fold_handles_decomposed_diacritics():
    assert bench.fold("o\u0308verkla\u0308ga") == "overklaga"


@pytest.mark.parametrize("reply", [
    "Sista dagen är onsdag 4 november.", "sista dag: 4 november 2026", "senast 2026-11-04", "4  NOVEMBER",
])
def test_date_pattern_accepts_the_contract_forms(reply):
    assert bench.date_pattern(dt.date(2026, 11, 4)).search(bench.fold(reply))


@pytest.mark.parametrize("reply", ["14 november", "4 november 2025", "2026-11-040", "4 oktober 2026"])
def test_date_pattern_refuses_other_dates(reply):
    assert not bench.date_pattern(dt.date(2026, 11, 4)).search(bench.fold(reply))


@pytest.mark.parametrize("spec, posted_on", [
    ("2026-10-14", dt.date(2026, 10, 14)),
    ("today", TODAY),
    ("yesterday", dt.date(2026, 11, 30)),
    ("last_monday", dt.date(2026, 11, 30)),
    ("last_tuesday", dt.date(2026, 11, 24)),  # strictly before today, which is a Tuesday
    ("last_wednesday", dt.date(2026, 11, 25)),
    ("last_sunday", dt.date(2026, 11, 29)),
    ("days_ago:0", TODAY),
    ("days_ago:10", dt.date(2026, 11, 21)),
    (" Last_Friday ", dt.date(2026, 11, 27)),
])
def test_resolve_posting_date(spec, posted_on):
    assert bench.resolve_posting_date(spec, TODAY) == posted_on


@pytest.mark.parametrize("spec", ["last_week", "days_ago:-1", "days_ago:x", "14 oktober", "2026-02-30"])
def test_resolve_posting_date_refuses_unknown_forms(spec):
    with pytest.raises(ValueError):
        bench.resolve_posting_date(spec, TODAY)


def test_expected_deadline_follows_the_core():
    assert bench.expected_deadline("2026-10-14", TODAY) == dt.date(2026, 11, 4)
    # 21 days after 2026-12-05 is Saturday 26 December: moved to Monday 28 December.
    assert bench.expected_deadline("2026-12-05", dt.date(2026, 12, 10)) == dt.date(2026, 12, 28)
    # a posting still ahead: 21 days after Friday 4 December 2026 is juldagen, moved to Monday 28th
    assert bench.expected_deadline("2026-12-04", dt.date(2026, 12, 3)) == dt.date(2026, 12, 28)


def turn(**fields) -> bench.Turn:
    return bench.Turn(user="fråga", **fields)


def test_must_needs_one_alternative_of_every_group():
    appeal = turn(expect="answer", must=(("överklagandenämnd", "överklaga"), ("tre veckor", "21 dagar")))
    assert bench.failed_checks(appeal, "Du kan overklaga inom 21 dagar.", TODAY) == []
    assert bench.failed_checks(appeal, "Du kan överklaga.", TODAY) == ["must[2]"]


def test_must_not():
    asks = turn(expect="asks", must=(("vilken dag",),), must_not=("vilken arbetsgivare",))
    assert bench.failed_checks(asks, "Vilken dag anslogs beslutet?", TODAY) == []
    assert bench.failed_checks(asks, "Vilken dag? Och vilken arbetsgivare?", TODAY) == ["must_not"]


@pytest.mark.parametrize("expect, reply, ok", [
    ("out_of_field", OOF, True),
    ("out_of_field", "Så här söker du bostadsbidrag.", False),
    ("not_in_pages", NOT_IN_PAGES, True),
    ("not_in_pages", OOF, False),
    ("answer", "Intervjun tar en timme.", True),
    ("answer", OOF, False),
    ("answer", NOT_IN_PAGES, False),
    ("answer", "Det förstod jag inte riktigt. Kan du säga det på ett annat sätt?", False),
    ("asks", "Jag ar inte saker pa att jag forstod. Menar du överklagande?", False),
    ("asks", "Vilken arbetsgivare gäller det?", True),
])
def test_expect(expect, reply, ok):
    assert (bench.failed_checks(turn(expect=expect), reply, TODAY) == []) is ok


def test_deadline_for():
    dated = turn(expect="answer", deadline_for="2026-10-14")
    assert bench.failed_checks(dated, "Sista dagen är onsdag 4 november 2026.", TODAY) == []
    assert bench.failed_checks(dated, "Sista dagen är 5 november.", TODAY) == ["deadline_for"]
    ahead = turn(expect="answer", deadline_for="2026-12-24")
    assert bench.failed_checks(ahead, "Sista dagen är 14 januari 2027.", TODAY) == []
    assert bench.failed_checks(ahead, "Vilken dag anslogs beslutet?", TODAY) == ["deadline_for"]


def test_reply_text_joins_texts_and_button_titles():
    replies = [{"text": "Vilken arbetsgivare?", "buttons": [{"title": "Migrationsverket", "payload": "/x"}]},
               {"image": "https://example.org/a.png"}]
    assert bench.reply_text(replies) == "Vilken arbetsgivare?\nMigrationsverket\n"


SET_YAML = """
conversations:
  - id: c-1
    agency: forsakringskassan
    turns:
      - user: "hur överklagar jag"
        kinds: [first_question]
        expect: answer
        must: [["överklaga"], "tre veckor"]
      - user: "anslaget kom 14 oktober"
        kinds: [date_in_question, followup]
        expect: answer
        deadline_for: 2026-10-14
questions:
  - id: q-1
    user: "vaccination?"
    area: health_care
    expect: out_of_field
  - id: q-2
    user: "hur lång är intervjun?"
    kinds: [first_question]
    expect: answer
"""


def test_load_set(tmp_path):
    path = tmp_path / "mixed.yml"
    path.write_text(SET_YAML, encoding="utf-8")
    conversation, oof, in_field = bench.load_set(path, TODAY)
    assert conversation.agency == "forsakringskassan" and conversation.set == "mixed"
    assert conversation.turns[0].must == (("överklaga",), ("tre veckor",))
    assert conversation.turns[1].deadline_for == "2026-10-14"  # unquoted in YAML: a date
    assert oof.single_question and oof.turns[0].kinds == ("out_of_field",)
    assert oof.turns[0].area == "health_care"
    assert [conversation.is_first_question(1), conversation.is_first_question(2)] == [True, False]
    assert not oof.is_first_question(1) and in_field.is_first_question(1)


@pytest.mark.parametrize("text, message", [
    ("questions:\n  - id: q\n    user: x\n    expect: maybe\n", "expect must be one of"),
    ("questions:\n  - id: q\n    user: x\n    deadline_for: 'in två veckor'\n", "deadline_for"),
    ("questions:\n  - user: x\n", "needs an `id`"),
    ("conversations:\n  - id: c\n    turns: [{kinds: [followup]}]\n", "non-empty `user`"),
    ("cases: []\n", "expected a `conversations:`"),
])
def test_load_set_refuses_broken_entries(tmp_path, text, message):
    path = tmp_path / "broken.yml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(bench.SetError, match=message):
        bench.load_set(path, TODAY)


def test_load_sets_limits_per_set_and_refuses_duplicate_ids(tmp_path):
    first, second = tmp_path / "a.yml", tmp_path / "b.yml"
    first.write_text(SET_YAML, encoding="utf-8")
    second.write_text("questions:\n  - {id: q-9, user: x}\n  - {id: q-10, user: y}\n", encoding="utf-8")
    assert [c.id for c in bench.load_sets([first, second], TODAY, 1)] == ["c-1", "q-9"]
    with pytest.raises(bench.SetError, match="used twice"):
        bench.load_sets([first, first], TODAY, None)


def test_summary_counts_and_keeps_texts_out(tmp_path):
    path = tmp_path / "mixed.yml"
    path.write_text(SET_YAML, encoding="utf-8")
    conversations = bench.load_set(path, TODAY)
    replies = {  # the second turn misses the date; q-2 is wrongly refused
        ("c-1", 1): "Du kan överklaga inom tre veckor.",
        ("c-1", 2): "Sista dagen är 5 november.",
        ("q-1", 1): OOF,
        ("q-2", 1): NOT_IN_PAGES,
    }
    outcomes = []
    for conversation in conversations:
        for number, item in enumerate(conversation.turns, start=1):
            reply = replies[conversation.id, number]
            outcomes.append(bench.Outcome(conversation, number, reply, 100.0 * number, None,
                                          bench.failed_checks(item, reply, TODAY)))
    summary = bench.summarise(outcomes, conversations, {"limit": None})
    assert summary["turns_right"] == {"passed": 2, "cases": 4, "rate": 0.5}
    assert summary["per_kind"]["followup"] == {"passed": 0, "cases": 1, "rate": 0.0}
    assert summary["per_kind"]["first_question"] == {"passed": 1, "cases": 2, "rate": 0.5}
    assert summary["first_questions"] == {"passed": 1, "cases": 2, "rate": 0.5}
    assert summary["out_of_field_recall_per_area"] == {"health_care": {"passed": 1, "cases": 1, "rate": 1.0}}
    assert summary["wrongly_refused"] == {
        "passed": 1, "cases": 3, "rate": 0.3333, "out_of_field_phrase": 0, "not_in_pages_phrase": 1
    }
    assert summary["not_in_pages_recall"]["rate"] is None
    assert summary["timing_ms_per_turn"]["p50"] == 100.0
    assert summary["failing"] == [
        {"id": "c-1", "turn": 2, "kinds": ["date_in_question", "followup"], "failed": ["deadline_for"]},
        {"id": "q-2", "turn": 1, "kinds": ["first_question"], "failed": ["expect:answer"]},
    ]
    written = json.dumps(summary, ensure_ascii=False) + bench.markdown({
        **summary, "model": "m", "model_mtime": "t", "run_at": "r", "today": "d", "stack": "s"
    })
    for text in [*replies.values(), *(item.user for c in conversations for item in c.turns)]:
        assert text not in written
