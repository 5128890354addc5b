"""Facts inside a message, as entities: a Rasa NLU component.

"Anslaget kom upp 14 oktober, när är sista dagen?" carries the posting day; "säva i elva månader, uppsagd
pga arbetsbrist" carries three answers of the företrädesrätt walk-through; "jobbet som utredare,
diarienummer FK 2026/012345" two of the appeal form.
This component reads them with the rules core's own readers (Swedish dates relative to today, the
walk-through's answer readers) and adds them as entities, whatever the intent, so that slot mappings
(`from_entity`) fill the slots: a deadline question with a date is answered at once, and a form does not
ask for what the user already said.

A date is the posting day when the message speaks of the decision or its deadline, and the end of an
employment when it speaks of that, or gives the walk-through's answers and names no decision ("säva, 10
månader, sista dag 30 juni": the last working day); a date with neither is left to the form that asks
for one. The months of employment are also read from a period ("tillsvidare sedan 2019 ... sista dag 31
maj 2026", "1 mars till 15 oktober 2026") and added up over years named one by one ("4 mån 2025 och 4
mån 2026").

A message that gives the posting day right after an answer on the deadline ("anslaget kom upp i
fredags"), or gives it and asks for the last day ("beslutet anslogs i måndags, hur lång tid har jag?"),
is the deadline question, `compute_deadline`, whatever DIET made of it (an FAQ about
the notice board, a fallback): the answer it needs is the date, computed at once. Only a message DIET
took for starting an appeal or the företrädesrätt walk-through keeps its intent. Likewise a message
full of facts that DIET took for the answer to a form's question (`inform`), while it asks by name for
the appeal or for företrädesrätt, is that request, and so is a question on företrädesrätt that DIET
took for the FAQ while it tells one's own case. While no form waits, such a message asking for
neither is a question for the FAQ when it asks, and otherwise (and a statement DIET took for out of
scope too), when it gives an appeal's facts (a
diarienummer, the posting day, one's identity) or why and when an employment ended, the start of the
appeal or of the företrädesrätt walk-through, which take those facts.
Sealed personnummer tokens are skipped (their letters and digits mean nothing).
"""
from __future__ import annotations

import datetime as dt
import re
from typing import Any, Dict, List, Optional, Text
from zoneinfo import ZoneInfo

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.shared.core.events import SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import ENTITIES, INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message

from actions.conversation_state import (
    APPEAL_FORM, APPEAL_TOPICS, DEADLINE_INTENT, DEADLINE_TOPIC, PLANNED_POSTING_ENTITY, POSTING_ENTITY,
    NOTICE_ENTITY, POSTED_ON_SLOT, REEMPLOYMENT_ASSESSED_SLOT, REEMPLOYMENT_FORM, START_APPEAL_INTENT,
    TOPIC_SLOT, latest_posting_among,
)
from bot.intent_decision import decide_on_evidence
from bot.untrained import UntrainedComponent
from hiring_rules import answers, fields
from hiring_rules.answers import is_question
from hiring_rules.dates import dates_ahead_in_text, dates_in_text, period_start_in_text
from hiring_rules.deadline import appeal_deadline
from hiring_rules.errors import InvalidInput
from hiring_rules.identity import normalise_diarienummer
from hiring_rules.reemployment import months_of_period
from hiring_rules.sealing import tokens_in
from hiring_rules.swedish_terms import fold

END_DATE = "employment_end_date"
MONTHS = "months_employed"
EMPLOYMENT_TYPE = "employment_type"
TERMINATION_REASON = "termination_reason"
REGISTERED = "registered"
DIARIENUMMER = "diarienummer"
POSITION = "position"

# Words of posting a decision, the core of both the decision's cues and the posting's words below.
_POSTING_VERBS = r"anslag|anslog|anslås|anslas|anslår|anslar|sattes? upp|kom upp|publicer"
_DECISION_CUES = re.compile(rf"{_POSTING_VERBS}|beslut|avslag|fick (?:nej|svar|besked)|överklag|overklag")
_POSTING_CUES = re.compile(rf"{_DECISION_CUES.pattern}|sista dag|deadline|frist|tidsfrist|hinner|senast")
# A posting still to come: "om vi anslår beslutet 4 december", "beslutet ska sättas upp den 10:e".
_POSTING_AHEAD = re.compile(
    r"\b(?:anslås|anslas|anslår|anslar|sätts upp|sätter upp|satter upp|publiceras"
    r"|(?:ska|skall|kommer (?:att )?|tänker|planerar att)"
    r" (?:anslå\w*|sätta\w* upp|satta\w* upp|publicera\w*))\b"
)
# ... unless another posting has been: "beslut anslås på tavlan, mitt anslogs 14 oktober".
_POSTED = re.compile(
    r"\b(?:anslogs|anslagits|anslagit|sattes upp|satts upp|kom upp|publicerades|publicerats)\b"
)
# The day one heard of the decision ("fick nej igår", "mejlet kom i fredags") is taken for its posting
# day, with a caveat, unless the words say it was posted ("anslaget kom upp igår").
_HEARD_OF_IT = re.compile(
    r"\bfick (?:nej|svar|besked|beskedet|beslut|beslutet|mejl|mejlet|ett mejl|avslag|samtal)\b|\bavslag"
    r"|\bmejl|\bmail|\bbesked"
)
_POSTING_WORDS = re.compile(rf"{_POSTING_VERBS}|satts upp|tavla")
# "och för tio dagar sedan?", "om det var 14 oktober då", "i måndags": a date asked about after an answer.
_ELLIPSIS = re.compile(r"^\W*(?:(?:och|men|om|eller|än|an)\b|(?:\S+\s+){0,2}\S+\W*$)")
# "men 3 april då? varför inte det": asks about the last day told, not for another posting day.
_ASKS_WHY = re.compile(r"\b(?:varför|varfor|hur kommer det sig)\b")
_END_CUES = re.compile(
    r"slutade|slutat|upphörde|upphorde|uppsagd|sades upp|sa upp mig|sista arbetsdag|tog slut|löpte ut|lopte ut"
    r"|gick ut|avslutade|avslutad|anställd till|anstalld till|jobbade till|vikariatet slut"
)
# A question on appealing in time: with a posting day whose three weeks have run out, that comes first.
_ON_APPEALING = re.compile(r"överklag|overklag|i tid\b|för sent|for sent|hinner|kört|kort\b")
# "hur lång tid har jag kvar?", "hinner jag?": one's own time left, not how long something takes.
_ASKS_FOR_THE_TIME_LEFT = re.compile(
    r"hur (?:lång|lang) tid har jag|tid (?:har jag )?kvar|dagar (?:har jag )?kvar|hinner jag"
    r"|när måste|nar maste|senast när|senast nar"
)
_ASKS_FOR_THE_LAST_DAY = re.compile(
    r"sista dag|sista datum|deadline|frist|hinner|senast|när måste|nar maste|hur lång tid|hur lang tid"
    r"|hur länge|hur lange|vara inne|vara framme|räkna ut|rakna ut|när går tiden|nar gar tiden|tid kvar"
    r"|dagar kvar|till när|till nar|när är sista|nar ar sista"
)
# `inform` is the answer to a form's question. A message DIET took for one that asks by name for the
# appeal ("jag vill överklaga ...") or for företrädesrätt is that request, with its facts.
ANSWER_INTENT = "inform"
_WANTS_TO_APPEAL = re.compile(
    r"\b(?:vill|ska|tänker|tanker|kan vi|hjälp mig|hjalp mig|hjälpa mig|hjalpa mig)\s+(?:(?:att|med|skriva|du)\s+)*"
    r"(?:överklag|overklag|en överklagan|ett överklagande)"
)
# The job an appeal is about: "jag vill överklaga" beside one of these is about a hiring decision, however
# many words of other matters the message has ("fick inte jobbet som undersköterska ... 12 år i
# hemtjänsten ... jag vill överklaga"); without one it may be a benefit's decision, out of field.
_HIRING = re.compile(r"\b(?:jobbet|tjänsten|tjansten|anställning|anstallning|rekrytering|intervju)")
# "hur överklagar jag?" asks how it works (the FAQ answer, with a button to start), not to start now.
_HOW_IT_WORKS = re.compile(r"^\W*(?:hur|vad|vem|vart|var|när|nar|kan man|går det|gar det|får man|far man)\b")
_ASKS_ABOUT_PRIORITY = re.compile(
    r"(?:företräde|foretrade|återanställ|ateranstall|förtur|fortur).*(?:\?|$)|"
    r"(?:har jag|gäller|galler|får jag|far jag)"
    r".*(?:företräde|foretrade|återanställ|ateranstall|förtur)"
)
REEMPLOYMENT_INTENT = "check_reemployment"
# A question DIET took for a form's answer while no form waits, asking for none of the above ("är man
# fast anställd direkt?"), is a question about the recruitment: the FAQ answers it in the light of the
# topic, or says honestly that the pages do not.
FAQ_INTENT = "faq"
WALK_THROUGH_ENTITIES = frozenset({TERMINATION_REASON, EMPLOYMENT_TYPE, MONTHS, END_DATE, REGISTERED})
# "vad är företrädesrätt?", "vad innebär återanställning": what a word means, a question for the FAQ.
_ASKS_WHAT_IT_MEANS = re.compile(r"^\W*(?:vad|va)\s+(?:är|ar|innebär|innebar|betyder|menas med)\b")
_WHAT_IF = re.compile(r"\b(?:om|istallet|i stallet)\b")
# "men jag hade ett vikariat där 2024 också, 5 månader" (folded): more time than the verdict counted.
_MORE_TIME = re.compile(r"\b(?:ocksa|aven|dessutom|innan dess|utover det|till det)\b")
AGENCY_INTENT = "inform_agency"
_STATEMENT_INTENTS = frozenset({ANSWER_INTENT, AGENCY_INTENT})
# Words beyond which a question DIET took for naming the employer asks something of its own ("jag sökte
# också ett jobb på försäkringskassan och fick nej, hur överklagar jag det"), unless it opens as a
# follow-up does ("och om det hade varit försäkringskassan med samma datum?"); "hur är det på
# migrationsverket?" names the employer for the topic's question.
_MAX_AGENCY_WORDS = 8
_FOLLOWUP_OPENING = re.compile(r"^\W*(?:och|om|än|an|samma|hos|på|pa|för|for)\b")
OUT_OF_SCOPE_INTENT = "out_of_scope"
_OUTSIDE_A_FORM_INTENTS = frozenset({ANSWER_INTENT, OUT_OF_SCOPE_INTENT})
_KEEPS_ITS_INTENT = frozenset({START_APPEAL_INTENT, REEMPLOYMENT_INTENT, DEADLINE_INTENT})
_COUNT = r"(?:\d+(?:[.,]\d+)?|en|ett|två|tva|tre|fyra|fem|sex|sju|åtta|atta|nio|tio|elva|tolv)"
_UNIT = r"(?:månader|manader|månad|manad|mån|år|ar)\b"
# "14 månader", "ett år och tre månader", "4 man" ("mån" typed without å; only after digits, since
# "en man" is a man): the phrase the walk-through's months reader takes.
_ONE_PHRASE = rf"(?:{_COUNT}\s*{_UNIT}|\d+\s*man\b)"
# Not "för 2 månader sedan": that is when, not how long.
_MONTHS_PHRASE = re.compile(rf"\b{_ONE_PHRASE}(?:\s+och\s+{_COUNT}\s*{_UNIT})?(?!\s*(?:sen|sedan)\b)")
# "4 mån 2025 och 4 mån 2026", "5 månader 2024, 8 månader under 2025": each year's time, to be added up.
_MONTHS_OF_A_YEAR = re.compile(
    rf"(?P<phrase>{_MONTHS_PHRASE.pattern})\s+(?:(?:under|i|på|pa)\s+)?(?P<year>(?:19|20)\d{{2}})\b"
)
# "två somrar, 4 mån varje", "3 säsonger med 5 månader per säsong": the same time in each of several
# seasons.
_SEASONS = r"(?:somrar|säsonger|sasonger|vintrar|år|ar)\b"
_EACH_SEASON = re.compile(
    rf"\b(?P<count>{_COUNT})\s+{_SEASONS}[^.?!]*?(?P<phrase>{_ONE_PHRASE})\s+"
    r"(?:varje|var|per|i taget|vardera)\b"
)
# "diarienummer FK 2026/012345", "dnr: 2.3.4-2026-5566", "ref nr MIG-2026-1234"; the core checks the shape.
_DIARIENUMMER = re.compile(
    r"(?:diarienummer|diarienumret|diarienr|dnr|ref\.?\s?nr|referensnummer|ärendenummer)\s*(?:är|var|:)?\s*"
    r"(?P<value>[A-Za-zÅÄÖåäö]{0,4}[ -]?\d[\dA-Za-z./:\-_ ]{1,30}?\d)(?=[\s,.;!?)]*(?:$|\s|,))",
    re.IGNORECASE,
)
# The agencies' own shapes, recognised without a keyword: "2.3.4-2026-5566", "FK 2026/012345".
_DIARIENUMMER_SHAPE = re.compile(r"(?<![\w./-])(?:\d(?:\.\d+)+-\d{4}-\d{3,6}|[A-ZÅÄÖ]{2,4}[ -]?\d{4}/\d{3,6})(?![\w/-])")
# "Sara Nilsson, Storgatan 12, 852 30 Sundsvall, <sealed personnummer>": the last three answers of the
# appeal form in one message. Taken only when the name, a street address with its postcode and town
# all stand there.
_NAME_FIRST = re.compile(r"^\s*(?:jag heter\s+)?(?P<value>[A-ZÅÄÖÉ][\w'-]+(?:\s+[A-ZÅÄÖÉ][\w'-]+){1,3})\s*[,\n]")
_STREET_AND_TOWN = re.compile(
    r"(?P<street>[A-ZÅÄÖ][\wåäöé.-]*(?:\s+[\wåäöé.-]+){0,3}\s+\d+\s?[A-Za-z]?)\s*[,\n]\s*"
    r"(?P<town>\d{3}\s?\d{2}\s+[A-ZÅÄÖ][\wåäöé-]+(?:\s+[A-ZÅÄÖ][\wåäöé-]+)?)"
)
FULL_NAME, ADDRESS, PERSONNUMMER = "full_name", "address", "personnummer"
# A statement outside a form that gives the facts of a flow starts it, and the flow takes them: a
# diarienummer, a posting day or the appellant's identity are an appeal's; why and when an employment
# ended, the företrädesrätt walk-through's.
_FLOWS_BY_FACTS = (
    (START_APPEAL_INTENT, frozenset({DIARIENUMMER, POSTING_ENTITY, PERSONNUMMER})),
    (REEMPLOYMENT_INTENT, frozenset({TERMINATION_REASON, END_DATE})),
)
# "jobbet som utredare inom sjukförsäkring": the title up to a comma or a clause.
# "Tjänsten: handläggare tillstånd" names it too.
_POSITION = re.compile(
    r"(?:jobbet|tjänsten|tjansten|anställningen|anstallningen|befattningen|rollen|platsen)(?: som |\s*:\s*)"
    r"(?P<value>[^,.!?;]{2,80}?)(?=\s+(?:och|men|eftersom|trots|fast|på|hos|vid|i|där|dar|som)\b|[,.!?;]|$)",
    re.IGNORECASE,
)
_NOT_A_TITLE = re.compile(r"^(?:jag|du|de|dom|vi|ni|man|den|det|han|hon|hen|någon|nån)\b", re.IGNORECASE)
# "har anmält anspråk", "anmälde i april" / "har inte anmält": whether the claim was registered.
_NOT_REGISTERED = re.compile(r"\b(?:inte|ej|aldrig)\s+(?:har\s+|hade\s+)?(?:anmält|anmalt|anmälde|anmalde)")
_REGISTERED = re.compile(r"\b(?:anmält|anmalt|anmälde|anmalde)\b")
_WALK_THROUGH_CUES = re.compile(
    r"anställ|anstall|jobb|vikariat|visstid|säva|sava|tillsvidare|säsong|sasong|uppsagd|arbetsbrist"
    r"|sa upp mig|sade upp mig|sagt upp mig|slutade|slutat|företräde|foretrade|förtur|fortur"
)


def _employment_facts(facts: list[dict]) -> set[str]:
    """The walk-through's facts among a message's entities."""
    return {fact["entity"] for fact in facts} & WALK_THROUGH_ENTITIES


def _posting_day(facts: list[dict]) -> str | None:
    """The posting day (ISO) among a message's entities, if it gives one."""
    return next((fact["value"] for fact in facts if fact["entity"] == POSTING_ENTITY), None)


def _day_to_count_from(facts: list[dict]) -> str | None:
    """The posting day a last day can be counted from: one that has been, or one still ahead."""
    return _posting_day(facts) or next(
        (fact["value"] for fact in facts if fact["entity"] == PLANNED_POSTING_ENTITY), None
    )


def _counts_from_a_planned_posting(tracker: Optional[DialogueStateTracker]) -> bool:
    """The conversation counts its last day from a posting still ahead (see `latest_posting_among`)."""
    return tracker is not None and PLANNED_POSTING_ENTITY in latest_posting_among(_steps(tracker.events))


def _steps(events):
    for event in events:
        if isinstance(event, UserUttered):
            yield "entities", event.entities or []
        elif isinstance(event, SlotSet) and event.key == POSTED_ON_SLOT:
            yield "posted_on", event.value


def _months_in_text(text: str) -> float | None:
    """The months of employment a message gives: added up over the years it names one by one, or over
    seasons of the same length, else its first phrase of months."""
    try:
        by_year = {m["year"]: answers.months_from_text(m["phrase"]) for m in _MONTHS_OF_A_YEAR.finditer(text)}
        if len(by_year) > 1:
            return answers.months_from_text(sum(by_year.values()))
        each = _EACH_SEASON.search(text)
        if each:
            seasons = answers.months_from_text(f"{each['count']} månader")  # the core's number words
            return answers.months_from_text(seasons * answers.months_from_text(each["phrase"]))
        phrase = _MONTHS_PHRASE.search(text)
        return answers.months_from_text(phrase.group(0)) if phrase else None
    except (InvalidInput, ValueError):
        return None


def _entity(name: str, value: Any) -> dict:
    return {"entity": name, "value": value, "start": 0, "end": 0, "extractor": "FactExtractor"}


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=False)
class FactExtractor(UntrainedComponent, EntityExtractorMixin):
    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        # Appeal deadlines run on Swedish calendar days: "i fredags" is read in this zone.
        return {"timezone": "Europe/Stockholm"}

    def __init__(self, config: Dict[Text, Any] | None = None) -> None:
        super().__init__(config)
        self._zone = ZoneInfo(self.config["timezone"])

    def facts(
        self, text: str, today: dt.date, in_walk_through: bool = False, after_deadline: bool = False,
        after_planned: bool = False,
    ) -> list[dict]:
        """The entities `text` carries, read as of `today`. Outside the walk-through its answers are read
        only beside words of an employment; in it ("16 mån", "har inte anmält nåt", "15 sept") every
        message answers its questions, a date its last day. Right after the deadline's answer a date in
        an elliptical question that no word ties to anything else is a posting day ("och för tio dagar
        sedan?"); right after the last day of a posting to come, one more such day ("och 11 december?")."""
        sealed = tokens_in(text)
        found_identity = self._identity(text, sealed)
        for token in sealed:
            text = text.replace(token, " ")
        lowered = text.lower()
        walk_through = in_walk_through or bool(_WALK_THROUGH_CUES.search(lowered))
        found = self._walk_through_answers(lowered) if walk_through else []
        dates = dates_in_text(text, today)
        elliptical = bool(_ELLIPSIS.match(lowered)) and not _ASKS_WHY.search(lowered)
        if dates:
            # Beside the claim ("anmälde i april") a date is the registration's, not the last day.
            beside_claim = _REGISTERED.search(lowered) and not _NOT_REGISTERED.search(lowered)
            if _END_CUES.search(lowered) or (
                (found or in_walk_through) and not _DECISION_CUES.search(lowered) and not beside_claim
            ):
                found.append(_entity(END_DATE, dates[-1].isoformat()))
            elif _POSTING_CUES.search(lowered) or (after_deadline and not found and elliptical):
                found.append(_entity(POSTING_ENTITY, dates[-1].isoformat()))
                if _HEARD_OF_IT.search(lowered) and not _POSTING_WORDS.search(lowered):
                    found.append(_entity(NOTICE_ENTITY, dates[-1].isoformat()))
        planned = self._planned_posting_day(
            text, lowered, today, bool(dates), found, one_more=after_planned and elliptical
        )
        if planned:
            found = [fact for fact in found if fact["entity"] != POSTING_ENTITY] + [planned]
        ended_on = next((fact["value"] for fact in found if fact["entity"] == END_DATE), None)
        if ended_on and walk_through and MONTHS not in _employment_facts(found):
            # "tillsvidare sedan 2019 ... sista dag 31 maj 2026", "1 mars till 15 oktober 2026"
            started_on = period_start_in_text(text, today)
            months = started_on and months_of_period(started_on, dt.date.fromisoformat(ended_on))
            if months is not None:
                found.append(_entity(MONTHS, months))
        found.extend(self._appeal_answers(text))
        return found + found_identity

    @staticmethod
    def _planned_posting_day(
        text: str, lowered: str, today: dt.date, any_past_date: bool, found: list[dict], one_more: bool
    ) -> dict | None:
        """A posting day still ahead: a date after today beside words of a decision, when the words
        speak of a posting to come ("anslås 4 december", the next 4 December) or no date of the
        message lies in the past ("anslogs den 14 december 2026"); or, as `one_more` posting day asked
        about right after such a one's last day, any date ahead."""
        decision = bool(_DECISION_CUES.search(lowered))
        if any(fact["entity"] == END_DATE for fact in found) or not (one_more or decision):
            return None  # read no date twice where none can be a posting's
        ahead = dates_ahead_in_text(text, today)
        if one_more and ahead:
            return _entity(PLANNED_POSTING_ENTITY, ahead[-1].isoformat())
        if not ahead or not decision:
            return None
        to_come = _POSTING_AHEAD.search(lowered) and not _POSTED.search(lowered)
        if to_come or not any_past_date:
            return _entity(PLANNED_POSTING_ENTITY, ahead[-1].isoformat())
        return None

    @staticmethod
    def _identity(text: str, sealed: list[str]) -> list[dict]:
        """Name, address and the sealed personnummer, when a message gives all three at once."""
        name, place = _NAME_FIRST.search(text), _STREET_AND_TOWN.search(text)
        if not (name and place and len(sealed) == 1):
            return []
        try:
            full_name = fields.full_name(name.group("value"))
            address = ", ".join(fields.address(f"{place.group('street')}, {place.group('town')}"))
        except InvalidInput:
            return []
        return [_entity(FULL_NAME, full_name), _entity(ADDRESS, address), _entity(PERSONNUMMER, sealed[0])]

    @staticmethod
    def _appeal_answers(text: str) -> list[dict]:
        """The diarienummer and the position, when the message names them as such."""
        found = []
        number = _DIARIENUMMER.search(text)
        typed = number.group("value") if number else None
        if typed is None:
            shape = _DIARIENUMMER_SHAPE.search(text)
            typed = shape.group(0) if shape else None
        if typed:
            try:
                found.append(_entity(DIARIENUMMER, normalise_diarienummer(typed)))
            except InvalidInput:
                pass
        title = _POSITION.search(text)
        if title and not _NOT_A_TITLE.match(title.group("value")):
            try:
                found.append(_entity(POSITION, fields.position(title.group("value"))))
            except InvalidInput:
                pass
        return found

    @staticmethod
    def _walk_through_answers(text: str) -> list[dict]:
        found = []
        readers = (
            (TERMINATION_REASON, answers.termination_reason_from_text),
            (EMPLOYMENT_TYPE, answers.employment_type_from_text),
        )
        for name, reader in readers:
            try:
                found.append(_entity(name, reader(text).value))
            except (InvalidInput, ValueError):
                pass
        if _NOT_REGISTERED.search(text):
            found.append(_entity(REGISTERED, False))
        elif _REGISTERED.search(text):
            found.append(_entity(REGISTERED, True))
        months = _months_in_text(text)
        if months is not None:
            found.append(_entity(MONTHS, months))
        return found

    def process(
        self, messages: List[Message], tracker: Optional[DialogueStateTracker] = None
    ) -> List[Message]:
        """`tracker` is the conversation before these messages; None outside a conversation."""
        today = dt.datetime.now(self._zone).date()
        after_verdict = bool(
            tracker and not tracker.active_loop_name and tracker.get_slot(REEMPLOYMENT_ASSESSED_SLOT)
        )
        in_form = bool(tracker and tracker.active_loop_name)
        in_walk_through = bool(tracker and tracker.active_loop_name == REEMPLOYMENT_FORM)
        in_appeal = bool(tracker and tracker.active_loop_name == APPEAL_FORM)
        topic = tracker.get_slot(TOPIC_SLOT) if tracker else None
        for message in messages:
            text = message.get(TEXT) or ""
            facts = self.facts(
                text, today, in_walk_through, after_deadline=topic == DEADLINE_TOPIC,
                after_planned=topic == DEADLINE_TOPIC and _counts_from_a_planned_posting(tracker),
            )
            if after_verdict:
                facts = self.with_time_added(text, facts, tracker.get_slot(MONTHS))
            if facts:
                message.set(ENTITIES, [*(message.get(ENTITIES) or []), *facts], add_to_output=True)
            intent = (message.get(INTENT) or {}).get("name")
            request = (
                DEADLINE_INTENT if not in_form and self.gives_the_deadlines_day(text, facts, topic) else None
            ) or self.request_named(text, facts, intent) or (
                DEADLINE_INTENT if not in_form and self.asks_too_late(text, facts, intent, today) else None
            ) or (
                DEADLINE_INTENT if in_appeal and self.asks_for_the_time_left(text, intent) else None
            ) or (
                REEMPLOYMENT_INTENT if after_verdict and self.asks_what_if(text, facts, intent) else None
            ) or (
                REEMPLOYMENT_INTENT if not in_form and self.tells_a_case(text, facts, intent) else None
            ) or (self.outside_a_form(text, facts, intent) if not in_form else None)
            if request:
                decide_on_evidence(message, request)
        return messages

    @classmethod
    def request_named(cls, text: str, facts: list[dict], intent: str | None) -> str | None:
        """The intent a message is by what it asks for, where DIET's is not that: the deadline question;
        (when DIET took it for a form answer or for naming the employer: "men på Migrationsverket, kan vi
        överklaga det?") the appeal or the företrädesrätt walk-through; (when DIET put it out of scope)
        the wish to appeal a decision about a job; (when DIET
        took a question of how appeals work for the wish to start one) the FAQ, and the other way round;
        the wish to start one also confirms DIET's own unsure guess of it; (when DIET took the question
        what företrädesrätt is for one's own case) the FAQ."""
        lowered = text.lower()
        if cls.asks_for_the_deadline(text, facts, intent):
            return DEADLINE_INTENT
        if intent in _STATEMENT_INTENTS and _WANTS_TO_APPEAL.search(lowered):
            return START_APPEAL_INTENT
        if intent == OUT_OF_SCOPE_INTENT and _WANTS_TO_APPEAL.search(lowered) and _HIRING.search(lowered):
            return START_APPEAL_INTENT
        asks_how_it_works = _HOW_IT_WORKS.search(lowered) and not _WANTS_TO_APPEAL.search(lowered)
        if intent == START_APPEAL_INTENT and asks_how_it_works:
            return FAQ_INTENT
        wants_to_appeal = _WANTS_TO_APPEAL.search(lowered) and not _HOW_IT_WORKS.search(lowered)
        if intent in (FAQ_INTENT, START_APPEAL_INTENT) and wants_to_appeal:
            return START_APPEAL_INTENT  # for start_appeal: its words confirm DIET's guess, however unsure
        if intent in _STATEMENT_INTENTS and _ASKS_ABOUT_PRIORITY.search(lowered):
            return REEMPLOYMENT_INTENT
        asks_what_it_means = _ASKS_WHAT_IT_MEANS.search(lowered) and not _employment_facts(facts)
        if intent == REEMPLOYMENT_INTENT and asks_what_it_means:
            return FAQ_INTENT  # the walk-through is for one's own case, the FAQ says what the right is
        return None

    @staticmethod
    def tells_a_case(text: str, facts: list[dict], intent: str | None) -> bool:
        """A message that tells one's own employment is for the walk-through's verdict, not the FAQ's
        general answer:

        - DIET's guess of the walk-through, however unsure, with one fact of the employment ("hej, hade
          ett vikariat på migrationsverket som inte förlängdes");
        - an FAQ question on företrädesrätt, or a statement DIET took for an FAQ, with two facts ("hade
          ett vikariat som inte förlängdes pga arbetsbrist, 14 månader, har jag företrädesrätt?",
          "jobbade som säva i 11 månader, blev inte förlängd");
        - any FAQ question, or a statement DIET took for a form's answer, with three facts ("säsong två
          somrar, 4 mån varje, slutade 30 september pga arbetsbrist, har jag rätt till det?", "säva i 9
          månader, slutade pga arbetsbrist 30 september, har anmält. räcker det?");
        - a question on företrädesrätt with two facts that DIET put out of scope for one word of another
          matter ("har jag företrädesrätt? ... sa upp mig själv, slutade 30 sept pga flytt");
        - a question for a last day that gives two facts of the employment and says nothing of a decision
          or an appeal: it asks until when the right lasts ("uppsagd pga arbetsbrist, sista dagen 2
          oktober, till när?")."""
        own_facts = _employment_facts(facts)
        if intent == REEMPLOYMENT_INTENT:
            return bool(own_facts)
        asks_about_priority = bool(_ASKS_ABOUT_PRIORITY.search(text.lower()))
        if intent == OUT_OF_SCOPE_INTENT:
            return len(own_facts) >= 2 and asks_about_priority
        if intent == DEADLINE_INTENT:
            return len(own_facts) >= 2 and not _DECISION_CUES.search(text.lower())
        if intent == ANSWER_INTENT:
            return len(own_facts) >= 3
        return intent == FAQ_INTENT and (
            len(own_facts) >= 3 or (len(own_facts) >= 2 and (asks_about_priority or not is_question(text)))
        )

    @staticmethod
    def outside_a_form(text: str, facts: list[dict], intent: str | None) -> str | None:
        """What a message DIET took for a form's answer, for naming the employer or for out of scope is
        while no form waits: a form's answer that asks, or a long question that names the employer, is a
        question for the FAQ; a statement with a flow's facts is the start
        of that flow ("arbetsbrist, de drog ner på personal" right after the question on
        företrädesrätt); None: neither. An out-of-scope question stays out of scope."""
        if intent == AGENCY_INTENT:
            asks_its_own = len(text.split()) > _MAX_AGENCY_WORDS and not _FOLLOWUP_OPENING.match(text.lower())
            return FAQ_INTENT if asks_its_own and is_question(text) else None
        if intent not in _OUTSIDE_A_FORM_INTENTS:
            return None
        if is_question(text):
            return FAQ_INTENT if intent == ANSWER_INTENT else None
        given = {fact["entity"] for fact in facts}
        return next((flow for flow, flow_facts in _FLOWS_BY_FACTS if given & flow_facts), None)

    @staticmethod
    def with_time_added(text: str, facts: list[dict], months_counted: Any) -> list[dict]:
        """Right after a företrädesrätt verdict, months the message gives as more time ("men jag hade ett
        vikariat där 2024 också, 5 månader") are added to the months the verdict counted."""
        if not isinstance(months_counted, (int, float)) or not _MORE_TIME.search(fold(text)):
            return facts
        try:
            return [
                _entity(MONTHS, answers.months_from_text(months_counted + fact["value"]))
                if fact["entity"] == MONTHS else fact
                for fact in facts
            ]
        except InvalidInput:
            return facts

    @staticmethod
    def asks_what_if(text: str, facts: list[dict], intent: str | None) -> bool:
        """Right after a företrädesrätt verdict: a question that changes one of its facts ("och om jag
        bara jobbat 8 månader då?", "om det hade varit säva istället?"), or more time ("jag hade ett
        vikariat där innan också, 5 månader"), asks for the verdict again."""
        folded = fold(text)
        return (
            intent not in _KEEPS_ITS_INTENT
            and bool(_employment_facts(facts))
            and (is_question(text) or bool(_WHAT_IF.search(folded) or _MORE_TIME.search(folded)))
        )

    @staticmethod
    def gives_the_deadlines_day(text: str, facts: list[dict], topic: str | None) -> bool:
        """Right after an answer on appealing (the deadline, the address, the notice board ...), which
        says the time counts from the posting, a message giving the posting day ("anslaget kom upp i
        fredags", "fk:s anslogs 24 november") asks for the last day, unless it asks to appeal."""
        return (
            topic in APPEAL_TOPICS
            and _day_to_count_from(facts) is not None
            and not _WANTS_TO_APPEAL.search(text.lower())
        )

    @staticmethod
    def asks_too_late(text: str, facts: list[dict], intent: str | None, today: dt.date) -> bool:
        """A question on appealing that gives a posting day whose last day has passed ("beslutet anslogs
        för fyra veckor sedan!! hur ska jag kunna överklaga i tid?") gets the last day first: that it
        has passed, and what a late appeal means."""
        posted = _posting_day(facts)
        if posted is None or intent in _KEEPS_ITS_INTENT or not is_question(text):
            return False
        if not _ON_APPEALING.search(text.lower()):
            return False
        try:
            return appeal_deadline(dt.date.fromisoformat(posted), today).passed
        except InvalidInput:
            return False

    @staticmethod
    def asks_for_the_time_left(text: str, intent: str | None) -> bool:
        """A question of one's own time left ("vänta, hur lång tid har jag på mig egentligen?"), asked
        while the appeal form asks, is for the last day to appeal, whatever DIET made of it."""
        return intent not in _KEEPS_ITS_INTENT and bool(_ASKS_FOR_THE_TIME_LEFT.search(text.lower()))

    @staticmethod
    def asks_for_the_deadline(text: str, facts: list[dict], intent: str | None) -> bool:
        """The message gives the posting day and asks for the last day to appeal (also when that was
        DIET's own unsure guess, which the FallbackClassifier would otherwise turn into a fallback, and
        when DIET took it for the wish to appeal that it does not say: "fick nej igår. hur länge kan
        jag överklaga")."""
        lowered = text.lower()
        unsure_of_appeal = intent == START_APPEAL_INTENT and not _WANTS_TO_APPEAL.search(lowered)
        return (
            (intent not in _KEEPS_ITS_INTENT - {DEADLINE_INTENT} or unsure_of_appeal)
            and _day_to_count_from(facts) is not None
            and bool(_ASKS_FOR_THE_LAST_DAY.search(lowered))
        )
