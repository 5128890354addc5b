"""bot/facts.py: dates, employment type, reason and months read from inside any message."""
import datetime as dt

import pytest

from bot.facts import FactExtractor
from hiring_rules import sealing
from hiring_rules.sealing_key import KEY_FILE_ENV

TODAY = dt.date(2026, 12, 1)  # a Tuesday


def _facts(text: str) -> dict:
    return {e["entity"]: e["value"] for e in FactExtractor({}).facts(text, TODAY)}


@pytest.mark.parametrize(
    "text, posted",
    [
        ("Anslaget kom upp 14 oktober, när är sista dagen?", "2026-10-14"),
        ("beslutet sattes upp i fredags, hinner jag overklaga", "2026-11-27"),
        ("när är sista dag om det anslogs 2026-11-03", "2026-11-03"),
        ("beslutet kom upp den 13.11", "2026-11-13"),
        ("fick beskedet från fk, anslaget kom upp igår. sista dagen?", "2026-11-30"),
    ],
)
def test_a_posting_day_inside_a_question(text, posted):
    assert _facts(text) == {"posting_date": posted}


@pytest.mark.parametrize("text", [
    "jag fick avslag igår, hur lång tid har jag", "fick nej igår, hinner jag överklaga",
])
def test_the_day_one_heard_of_the_decision_is_taken_for_the_posting_day_as_such(text):
    assert _facts(text) == {"posting_date": "2026-11-30", "notice_date": "2026-11-30"}


@pytest.mark.parametrize(
    "text, planned",
    [
        ("om vi anslår beslutet 4 december, när går tiden ut?", "2026-12-04"),  # the next 4 December
        ("beslutet ska sättas upp den 2 dec, sista dag?", "2026-12-02"),
        ("beslutet anslogs den 14 december 2026, när måste överklagan ha kommit in?", "2026-12-14"),
        ("anslås 2027-03-05, hur räknas fristen", "2027-03-05"),
    ],
)
def test_a_posting_day_still_ahead(text, planned):
    assert _facts(text) == {"planned_posting_date": planned}


def test_a_day_a_year_ahead_is_no_posting_to_come():
    # the interview's day, not next year's 14 November; read into the past as before
    assert _facts("när anslås beslutet? intervjun var 14 november") == {"posting_date": "2026-11-14"}


def test_a_posting_that_has_been_is_no_posting_to_come():
    assert _facts("beslut anslås på tavlan, mitt anslogs 14 oktober") == {"posting_date": "2026-10-14"}
    assert _facts("jag slutade 14 december 2026") == {}  # an end ahead is no posting
    assert _facts("beslutet ska sättas upp den 1 dec, sista dag?") == {"posting_date": "2026-12-01"}  # today


def test_a_date_without_a_posting_or_ending_cue_fills_nothing():
    assert _facts("jag var på intervju den 3 november") == {}


def test_an_employment_end_is_not_a_posting_day():
    assert _facts("min anställning upphörde 31 augusti, beslutet om uppsägning kom i juni") == {
        "employment_end_date": "2026-08-31"
    }


def test_the_walk_through_answers_in_one_sentence():
    assert _facts("jag hade vikariat i 14 månader och blev uppsagd pga arbetsbrist") == {
        "employment_type": "vikariat", "termination_reason": "arbetsbrist", "months_employed": 14.0,
    }


def test_years_and_months_of_employment():
    assert _facts("jobbade ett år och tre månader på fk med tillsvidareanställning")["months_employed"] == 15.0


def test_no_date_in_a_plain_question_or_a_diarienummer():
    assert _facts("hur går intervjun till?") == {}
    assert _facts("dnr 2.3.4-2026-5566, när anslogs beslutet?") == {"diarienummer": "2.3.4-2026-5566"}


def test_a_sealed_personnummer_is_not_read_as_a_date(monkeypatch, tmp_path):
    monkeypatch.setenv(KEY_FILE_ENV, str(tmp_path / "pnr.key"))
    assert _facts(sealing.seal_text("beslutet anslogs, mitt nr är 19811218-9876")) == {}


def test_the_diarienummer_and_the_position_named_in_a_sentence():
    assert _facts("det gäller jobbet som utredare inom sjukförsäkring, diarienummer FK 2026/012345") == {
        "position": "utredare inom sjukförsäkring", "diarienummer": "FK 2026/012345",
    }
    assert _facts("dnr: 2.3.4-2026-5566") == {"diarienummer": "2.3.4-2026-5566"}
    assert _facts("Tjänsten: handläggare tillstånd, dnr 2.3.4-2026-8120.") == {
        "position": "handläggare tillstånd", "diarienummer": "2.3.4-2026-8120",
    }


def test_a_clause_after_jobbet_som_is_no_title():
    assert _facts("jag fick inte jobbet som jag sökte") == {}


def test_whether_the_claim_was_registered():
    assert _facts("uppsagd pga arbetsbrist, har anmält anspråk")["registered"] is True
    assert _facts("jag hade vikariat och har inte anmält något")["registered"] is False


@pytest.mark.parametrize("intent", ["faq", "nlu_fallback", "out_of_scope", "inform", "compute_deadline"])
def test_a_posting_day_with_a_question_of_the_last_day_is_the_deadline_question(intent):
    """Decided on evidence (confidence 1.0), so that the FallbackClassifier keeps it even where it was DIET's
    own unsure guess."""
    from rasa.shared.nlu.training_data.message import Message

    message = Message(data={"text": "beslutet anslogs i måndags, hur lång tid har jag?",
                            "intent": {"name": intent, "confidence": 0.5}, "intent_ranking": []})
    FactExtractor({}).process([message])
    assert message.get("intent") == {"name": "compute_deadline", "confidence": 1.0}


def test_starting_an_appeal_with_the_posting_day_stays_the_appeal():
    from rasa.shared.nlu.training_data.message import Message

    message = Message(data={"text": "jag vill överklaga, beslutet anslogs i måndags, hinner jag?",
                            "intent": {"name": "start_appeal", "confidence": 0.9}, "intent_ranking": []})
    FactExtractor({}).process([message])
    assert message.get("intent")["name"] == "start_appeal"


@pytest.mark.parametrize("text, wanted", [
    ("fick inte jobbet som undersköterska fast jag jobbat 12 år i hemtjänsten. jag vill överklaga",
     "start_appeal"),
    ("jag vill överklaga beslutet om bostadstillägg", "out_of_scope"),
])
def test_the_wish_to_appeal_a_decision_on_a_job_diet_put_out_of_scope_is_the_appeal(text, wanted):
    assert _after(text, assessed=False, diet="out_of_scope") == wanted


def test_the_last_day_asked_where_diet_guessed_the_wish_to_appeal_is_the_deadline_question():
    from rasa.shared.nlu.training_data.message import Message

    text = "fick nej igår, beslutet anslogs i måndags. hur länge kan jag överklaga"
    message = Message(data={"text": text,
                            "intent": {"name": "start_appeal", "confidence": 0.3}, "intent_ranking": []})
    FactExtractor({}).process([message])
    assert message.get("intent")["name"] == "compute_deadline"


@pytest.mark.parametrize("text, wanted", [
    ("jag sökte också ett jobb på försäkringskassan och fick nej, hur överklagar jag det", "faq"),
    ("och för migrationsverket då?", "inform_agency"),  # names the employer for the topic's question
    ("och om det hade varit försäkringskassan med samma datum?", "inform_agency"),
    ("jag sökte på försäkringskassan och migrationsverket förra månaden", "inform_agency"),  # no question
])
def test_a_long_question_diet_took_for_naming_the_employer_is_for_the_faq(text, wanted):
    assert _after(text, assessed=False, diet="inform_agency") == wanted


@pytest.mark.parametrize(
    "text, wanted",
    [
        ("jag vill överklaga anställningen som HR-specialist, diarienummer FK 2026/007001", "start_appeal"),
        ("hade säva i elva månader, uppsagd pga arbetsbrist. har jag företrädesrätt?", "check_reemployment"),
        ("Storgatan 1, 123 45 Karlstad", None),
    ],
)
def test_a_form_answer_that_asks_for_a_flow_by_name_is_that_request(text, wanted):
    assert FactExtractor.request_named(text, [], "inform") == wanted


def test_name_address_and_personnummer_in_one_answer(monkeypatch, tmp_path):
    monkeypatch.setenv(KEY_FILE_ENV, str(tmp_path / "pnr.key"))
    facts = _facts(sealing.seal_text("Sara Nilsson, Storgatan 12, 852 30 Sundsvall, 19850312-2387"))
    assert facts["full_name"] == "Sara Nilsson" and facts["address"] == "Storgatan 12, 852 30 Sundsvall"
    assert sealing.unseal(facts["personnummer"]) == "19850312-2387"


def test_an_address_alone_is_no_identity():
    assert _facts("Storgatan 12, 852 30 Sundsvall") == {}


def test_the_agencies_diarienummer_shapes_without_a_keyword():
    assert _facts("ok det är 2.3.4-2026-7788")["diarienummer"] == "2.3.4-2026-7788"
    assert _facts("handläggare, FK 2026/019876")["diarienummer"] == "FK 2026/019876"


def test_a_question_of_how_appeals_work_is_the_faq_not_the_start():
    assert FactExtractor.request_named("hur överklagar jag ett anställningsbeslut?", [], "start_appeal") == "faq"
    assert FactExtractor.request_named("kan du hjälpa mig att överklaga?", [], "start_appeal") == "start_appeal"


VIKARIAT = {"entity": "employment_type", "value": "vikariat"}
MONTHS = {"entity": "months_employed", "value": 11.0}
END = {"entity": "employment_end_date", "value": "2026-09-30"}


@pytest.mark.parametrize("text, facts, intent, wanted", [
    ("hade ett vikariat som inte förlängdes", [VIKARIAT], "check_reemployment", True),
    ("har jag företrädesrätt?", [], "check_reemployment", False),  # DIET's guess alone stays DIET's
    ("hade ett vikariat som inte förlängdes", [VIKARIAT], "faq", False),  # one fact: maybe a question
    ("vikariat i 11 månader, har jag företrädesrätt?", [VIKARIAT, MONTHS], "faq", True),
    ("jobbade som vikarie i 11 månader, blev inte förlängd", [VIKARIAT, MONTHS], "faq", True),
    ("hur lång är provanställningen för ett vikariat på 11 månader?", [VIKARIAT, MONTHS], "faq", False),
    ("har jag företrädesrätt? vikariat 11 mån, flyttade", [VIKARIAT, MONTHS], "out_of_scope", True),
    ("vikariat i 11 månader, hur får jag a-kassa?", [VIKARIAT, MONTHS], "out_of_scope", False),
    ("har jag företrädesrätt? jag bor i Lund", [VIKARIAT], "out_of_scope", False),
    # three facts of one's own employment are a case whatever the question's words
    ("vikariat 11 mån, slutade 30 sept, har jag rätt till det?", [VIKARIAT, MONTHS, END], "faq", True),
    ("vikariat 11 mån, slutade 30 sept. räcker det?", [VIKARIAT, MONTHS, END], "inform", True),
    ("vikariat 11 mån. räcker det?", [VIKARIAT, MONTHS], "inform", False),
    ("vikariat i 11 mån, kan jag få företräde om jag söker tillbaka", [VIKARIAT, MONTHS], "faq", True),
    # a last day asked with the employment's facts and no decision: until when the right lasts
    ("vikariat 11 mån, slutade 30 sept, till när gäller det?", [VIKARIAT, END], "compute_deadline", True),
    ("vikariat, slutade 30 sept, fick avslag, till när kan jag överklaga?", [VIKARIAT, END],
     "compute_deadline", False),
    ("hade vikariat, till när kan jag överklaga?", [VIKARIAT], "compute_deadline", False),
])
def test_a_message_that_tells_ones_own_employment_is_for_the_walk_through(text, facts, intent, wanted):
    assert FactExtractor.tells_a_case(text, facts, intent) is wanted


def test_an_unsure_guess_of_the_walk_through_with_a_case_is_decided():
    """At 0.38 the FallbackClassifier (threshold 0.4) would have asked to rephrase."""
    from rasa.shared.nlu.training_data.message import Message

    message = Message(data={"text": "hej, hade ett vikariat på migrationsverket som inte förlängdes",
                            "intent": {"name": "check_reemployment", "confidence": 0.38},
                            "intent_ranking": [{"name": "check_reemployment", "confidence": 0.38}]})
    FactExtractor({}).process([message])
    assert message.get("intent") == {"name": "check_reemployment", "confidence": 1.0}


@pytest.mark.parametrize("text, facts, wanted", [
    ("Vad innebär företrädesrätt till återanställning?", [], "faq"),
    ("va betyder företrädesrätt", [], "faq"),
    ("har jag företrädesrätt?", [], None),  # one's own case: the walk-through, as DIET said
    ("vad är min företrädesrätt, jag var vikarie i 11 månader", [MONTHS], None),
])
def test_what_foretradesratt_means_is_the_faq_not_the_walk_through(text, facts, wanted):
    assert FactExtractor.request_named(text, facts, "check_reemployment") == wanted


@pytest.mark.parametrize("text, diet, wanted", [
    ("jag vill överklaga försäkringskassans beslut om tjänsten som systemutvecklare", "faq", "start_appeal"),
    ("hur överklagar jag om jag vill överklaga?", "faq", None),
    ("men på Migrationsverket då, kan vi överklaga det istället", "inform_agency", "start_appeal"),
    # DIET's own guess, too close to the FAQ for the FallbackClassifier, is what the words ask for
    ("men jag sökte ett jobb där också, kan vi överklaga det istället", "start_appeal", "start_appeal"),
    ("vad händer om jag överklagar?", "start_appeal", "faq"),
])
def test_the_wish_to_appeal_starts_the_appeal_whatever_diet_made_of_it(text, diet, wanted):
    assert FactExtractor.request_named(text, [], diet) == wanted


def _after(text: str, *, assessed: bool, form: str | None = None, diet: str = "inform",
           topic: str | None = None) -> str:
    """The intent of `text` when DIET says `diet`, in a conversation with or without a verdict, on
    `topic`."""
    from rasa.shared.core.events import ActiveLoop, SlotSet
    from rasa.shared.core.slots import BooleanSlot
    from rasa.shared.core.trackers import DialogueStateTracker
    from rasa.shared.nlu.training_data.message import Message

    from rasa.shared.core.slots import TextSlot

    events = [SlotSet("reemployment_assessed", assessed), SlotSet("topic", topic)] + (
        [ActiveLoop(form)] if form else [])
    tracker = DialogueStateTracker.from_events(
        "test", events, slots=[BooleanSlot("reemployment_assessed", mappings=[]), TextSlot("topic", mappings=[])])
    message = Message(data={"text": text, "intent": {"name": diet, "confidence": 0.9},
                            "intent_ranking": [{"name": diet, "confidence": 0.9}]})
    [processed] = FactExtractor({}).process([message], tracker)
    return processed.get("intent")["name"]


@pytest.mark.parametrize("text", [
    "och om jag bara jobbat 8 månader då?", "om det hade varit säva istället", "och om jag hade slutat 31 mars?",
])
def test_a_changed_fact_right_after_a_verdict_asks_for_it_again(text):
    assert _after(text, assessed=True) == "check_reemployment"


def test_a_fact_without_a_verdict_or_inside_a_form_is_no_what_if():
    assert _after("och om jag bara jobbat 8 månader då?", assessed=False) != "check_reemployment"
    assert _after("och om jag bara jobbat 8 månader då?", assessed=True, form="appeal_form") == "inform"
    assert _after("hur lång tid har jag på mig?", assessed=True) != "check_reemployment"  # no walk-through fact


def test_a_question_diet_took_for_a_forms_answer_is_for_the_faq_outside_a_form():
    assert _after("är man fast anställd direkt", assessed=False) == "faq"
    assert _after("hur lång tid har jag på mig?", assessed=True) == "faq"
    assert _after("jag var anställd i 14 månader", assessed=False) == "inform"  # a statement
    assert _after("är man fast anställd direkt", assessed=False, form="appeal_form") == "inform"  # the form's


@pytest.mark.parametrize("text, flow", [
    ("ok det är FK 2026/012345", "start_appeal"),
    ("anslogs 2 november, en person anställd", "start_appeal"),
    ("jag blev uppsagd pga arbetsbrist, tillsvidare i 6 år", "check_reemployment"),
    ("min sista arbetsdag var 30 april", "check_reemployment"),
    ("jag var vikarie i tre år", "inform"),  # no fact only one flow has
])
def test_a_statement_with_a_flows_facts_outside_a_form_starts_that_flow(text, flow):
    assert _after(text, assessed=False) == flow
    assert _after(text, assessed=False, form="appeal_form") == "inform"


def test_a_question_on_foretradesratt_telling_ones_own_case_gets_the_walk_through():
    case = "hade ett vikariat som inte förlängdes pga arbetsbrist, 14 månader, har jag företrädesrätt?"
    assert _after(case, assessed=False, diet="faq") == "check_reemployment"
    assert _after("får vikarier företrädesrätt?", assessed=False, diet="faq") == "faq"  # no case, one fact
    assert _after(case, assessed=False, diet="faq", form="appeal_form") == "faq"  # the form's rules decide


def test_a_statement_diet_took_for_out_of_scope_with_a_flows_facts_starts_that_flow():
    assert _after("arbetsbrist, de drog ner pa personal i goteborg", assessed=False, diet="out_of_scope") \
        == "check_reemployment"
    assert _after("arbetsbrist, de drog ner", assessed=False, form="reemployment_form", diet="out_of_scope") \
        == "out_of_scope"  # the form's own rules decide
    # a question stays out of scope: the FAQ is not for questions outside the field
    assert _after("får man a-kassa vid arbetsbrist?", assessed=False, diet="out_of_scope") == "out_of_scope"
    assert _after("jag vill ha hjälp med min deklaration", assessed=False, diet="out_of_scope") == "out_of_scope"


@pytest.mark.parametrize("text, kind", [
    ("säva, 10 månader, sista dag 30 juni 2026", "employment_end_date"),  # the walk-through's answers
    ("uppsagd pga arbetsbrist, sista dagen 30 april", "employment_end_date"),
    ("sista dag att överklaga, anslaget 30 juni 2026", "posting_date"),  # names the decision
    ("vikariat, beslutet anslogs 30 juni 2026", "posting_date"),
])
def test_a_date_beside_the_walk_throughs_answers_ends_the_employment_unless_a_decision_is_named(text, kind):
    kinds = {fact["entity"] for fact in FactExtractor({}).facts(text, dt.date(2026, 12, 2))}
    assert kind in kinds and ({"employment_end_date", "posting_date"} - {kind}).isdisjoint(kinds)


@pytest.mark.parametrize("diet", ["inform", "start_appeal", "faq"])
@pytest.mark.parametrize("topic", ["appeal_deadline", "appeal_how", "notice_board"])
def test_the_posting_day_given_right_after_an_answer_on_appealing_asks_for_the_last_day(diet, topic):
    assert _after("anslaget kom upp i fredags", assessed=False, diet=diet, topic=topic) == "compute_deadline"


@pytest.mark.parametrize("diet", ["inform", "start_appeal", "faq"])
def test_the_posting_day_outside_the_appeal_or_with_the_wish_to_appeal_is_no_deadline_question(diet):
    # not on another topic, not inside a form, not when the message asks to appeal
    assert _after("anslaget kom upp i fredags", assessed=False, diet=diet, topic="interview") \
        != "compute_deadline"
    assert _after("anslaget kom upp i fredags", assessed=False, diet=diet, topic="appeal_deadline",
                  form="appeal_form") != "compute_deadline"
    assert _after("anslaget kom upp i fredags, jag vill överklaga", assessed=False, diet=diet,
                  topic="appeal_deadline") != "compute_deadline"


@pytest.mark.parametrize("diet", ["faq", "inform", "nlu_fallback"])
def test_ones_time_left_asked_in_the_appeal_form_is_the_deadline_question(diet):
    for text in ("vänta hur lång tid har jag på mig egentligen", "hur lång tid har jag kvar då"):
        assert _after(text, assessed=False, diet=diet, form="appeal_form") == "compute_deadline"
        assert _after(text, assessed=False, diet=diet) != "compute_deadline"  # not outside the form
    assert _after("hur lång tid tar nämnden på sig", assessed=False, diet=diet, form="appeal_form") == diet


@pytest.mark.parametrize("text, late", [
    ("fick veta nu att beslutet anslogs för fyra veckor sedan!! hur ska jag kunna överklaga i tid?", True),
    ("beslutet anslogs för fyra veckor sedan, kan jag begära ut hennes ansökan?", False),  # not appealing
    ("beslutet anslogs i måndags, hur överklagar jag?", False),  # in time: the question asked
])
def test_a_question_on_appealing_with_a_posting_day_long_past_gets_the_last_day_first(text, late):
    assert (_after(text, assessed=False, diet="faq") == "compute_deadline") is late


@pytest.mark.parametrize("text, posted", [
    ("Och för tio dagar sedan?", "2026-11-21"), ("i måndags", "2026-11-30"),
    ("om det var 14 oktober då", "2026-10-14"),
])
def test_a_date_asked_about_right_after_the_deadline_is_a_posting_day(text, posted):
    facts = FactExtractor({}).facts(text, TODAY, after_deadline=True)
    assert [(f["entity"], f["value"]) for f in facts] == [("posting_date", posted)]
    assert FactExtractor({}).facts(text, TODAY) == []  # elsewhere no word says what the date is


@pytest.mark.parametrize("text", ["jag var på intervju 3 november", "men 3 april då? varför inte det"])
def test_a_date_in_a_statement_or_a_why_after_the_deadline_is_no_posting_day(text):
    assert FactExtractor({}).facts(text, TODAY, after_deadline=True) == []


@pytest.mark.parametrize(
    "text, months",
    [
        # the months of a period: from its first day to the last day the message gives
        ("tillsvidare sen 2019, uppsagd pga arbetsbrist, sista dag 31 maj 2026. anmälde i april", 36.0),
        ("säsongsanställd 1 mars till 15 oktober 2026, fick inte fortsätta pga arbetsbrist", 7.5),
        ("vikariat fran mars 2026, uppsagd pga arbetsbrist, slutade 30 september 2026", 7.0),
        # each year's time added up, "mån" typed without å
        ("sasongsanstalld 4 man 2025 och 4 man 2026, ingen fortsattning pga arbetsbrist", 8.0),
        # when, not how long
        ("jag blev uppsagd för 2 månader sen, jobbade 3 år där", 36.0),
        # the same time in each of several seasons
        ("jobbade säsong två somrar, 4 mån varje, fick inte fortsätta pga arbetsbrist", 8.0),
        ("tre säsonger med 5 månader per säsong, ingen fortsättning pga arbetsbrist", 15.0),
        # "sa upp mig" is an employment's word too
        ("sa upp mig själv efter 3 år, kan jag få företräde om jag söker tillbaka", 36.0),
    ],
)
def test_the_months_of_employment_a_message_gives_in_other_words(text, months):
    assert _facts(text)["months_employed"] == months


def test_a_man_is_no_month():
    assert "months_employed" not in _facts("en man fick jobbet fast jag var vikarie")


def test_a_date_beside_a_claim_not_registered_is_the_last_day():
    assert _facts("säsongsanställd till 15 oktober pga arbetsbrist, har inte anmält något") == {
        "termination_reason": "arbetsbrist", "employment_type": "sasong", "registered": False,
        "employment_end_date": "2026-10-15",
    }


def test_more_time_after_a_verdict_is_added_to_the_months_it_counted():
    text = "men jag hade ett vikariat dar 2024 ocksa, 5 manader"
    added = FactExtractor.with_time_added(text, FactExtractor({}).facts(text, TODAY), 8.0)
    assert {fact["entity"]: fact["value"] for fact in added} == {
        "employment_type": "vikariat", "months_employed": 13.0,
    }
    assert FactExtractor.asks_what_if(text, added, "inform")


def test_months_without_more_time_replace_the_months_counted():
    facts = FactExtractor({}).facts("och om jag jobbat 14 månader då?", TODAY, in_walk_through=True)
    assert FactExtractor.with_time_added("och om jag jobbat 14 månader då?", facts, 8.0) == facts


def _entities_after_a_planned_posting(text: str, *between: str) -> dict:
    """The entities of `text` after the last day of a posting to come was told (and `between` asked)."""
    from rasa.shared.core.events import SlotSet, UserUttered
    from rasa.shared.core.slots import TextSlot
    from rasa.shared.core.trackers import DialogueStateTracker
    from rasa.shared.nlu.training_data.message import Message

    asked = UserUttered("om vi anslår beslutet 4 december, när går tiden ut?",
                        intent={"name": "compute_deadline"},
                        entities=[{"entity": "planned_posting_date", "value": "2026-12-04"}])
    later = [UserUttered(question, intent={"name": "followup_clarify"}) for question in between]
    tracker = DialogueStateTracker.from_events(
        "test", [asked, SlotSet("topic", "appeal_deadline"), *later], slots=[TextSlot("topic", mappings=[])])
    message = Message(data={"text": text, "intent": {"name": "faq", "confidence": 0.9}})
    [processed] = FactExtractor({}).process([message], tracker)
    return {e["entity"]: e["value"] for e in processed.get("entities") or []}


def test_one_more_posting_day_to_come_right_after_one():
    in_ten_days = (dt.date.today() + dt.timedelta(days=10)).isoformat()
    planned = _entities_after_a_planned_posting(f"och {in_ten_days} då?")
    assert planned == {"planned_posting_date": in_ten_days}
    assert _entities_after_a_planned_posting(f"och {in_ten_days} då?", "hur menar du?") == planned
    assert _facts(f"och {in_ten_days} då?") == {}  # nothing to count from without the posting before
    # the same elliptical date after a posting that has been is a posting day that has been
    past = FactExtractor({}).facts("och 11 december då?", TODAY, after_deadline=True)
    assert [(f["entity"], f["value"]) for f in past] == [("posting_date", "2025-12-11")]
    ahead = FactExtractor({}).facts("och 11 december då?", TODAY, after_deadline=True, after_planned=True)
    assert [(f["entity"], f["value"]) for f in ahead] == [("planned_posting_date", "2026-12-11")]
