"""Chat answers to the re-employment questions, read into the values `reemployment.assess_priority` takes.

People answer in their own words ("jag sa upp mig själv", "fast anställd", "ett och ett halvt år",
"inte än"), with or without å/ä/ö. An answer that names no option, or several, or negates one ("inte
arbetsbrist"), is refused with a Swedish message rather than guessed.
"""
from __future__ import annotations

import re

from . import messages
from .errors import InvalidInput
from .reemployment import MAX_MONTHS, EmploymentType, TerminationReason
from .swedish_terms import fold

_ASCII_SPELLINGS = {
    "sarskild": "särskild", "sava": "säva", "sasong": "säsong", "sasongsarbete": "säsongsarbete",
    "sasongsanstalld": "säsongsanställd", "sasongsanstallning": "säsongsanställning",
    "uppsagning": "uppsägning", "skal": "skäl", "overtalig": "övertalig", "manad": "månad",
    "manader": "månader", "man": "mån", "ar": "år", "aret": "året", "halvar": "halvår",
    "halvaret": "halvåret", "tva": "två", "atta": "åtta", "anstallning": "anställning",
    "anstalld": "anställd", "fastanstalld": "fastanställd", "an": "än", "annu": "ännu",
    "anmalt": "anmält", "sjalv": "själv", "pa": "på", "franvaro": "frånvaro", "nedskarning": "nedskärning",
    "nedskarningar": "nedskärningar", "onskan": "önskan", "misskotsel": "misskötsel", "misskott": "misskött",
    "samarbetssvarigheter": "samarbetssvårigheter",
}
# "inte arbetsbrist", "ingen arbetsbrist", "det var inte på grund av arbetsbrist" negate the option; in
# "förlängdes inte på grund av arbetsbrist" the negation belongs to the verb, so the option stands.
_NEGATED_BEFORE = re.compile(
    r"(?:\b(?:inte|ej|icke|ingen|inget)|\b(?:var|är|blev)(?: det)? (?:inte|ej) (?:på grund av|pga|p g a)) $"
)


def _normalise(text: object) -> str:
    words = re.findall(r"\d+(?:[.,]\d+)?|[a-zåäöé]+", str(text or "").lower())
    return " ".join(_ASCII_SPELLINGS.get(word, word) for word in words)


def _negated(text: str, start: int) -> bool:
    return bool(_NEGATED_BEFORE.search(text[:start]))


def _the_one_option(text: str, phrases: dict, field: str, unreadable: str):
    """The single option named (and not negated) in `text`; InvalidInput when none or several."""
    found = {
        option
        for option, patterns in phrases.items()
        for pattern in patterns
        for match in re.finditer(rf"\b{pattern}", text)
        if not _negated(text, match.start())
    }
    if len(found) != 1:
        raise InvalidInput(field, unreadable)
    return found.pop()


_TERMINATION_PHRASES = {
    TerminationReason.ARBETSBRIST: (
        "arbetsbrist", "arbets brist", "brist på arbete", "neddragning", "övertalig", "omorganis",
        "varsel", "varslad", "nedskärning", "besparing", "drog ner på", "drog ned på", "drogs in",
    ),
    TerminationReason.EGEN_UPPSAGNING: (
        "egen uppsägning", "sa upp mig", "sade upp mig", "sagt upp mig", "slutade själv", "egen begäran",
        "egen önskan", "valde att sluta",
    ),
    TerminationReason.PERSONLIGA_SKAL: (
        "personliga skäl", "personligt skäl", "avsked", "frånvaro", "missköt", "kom sent", "sen ankomst",
        "samarbetssvårighet",
    ),
    TerminationReason.ANNAT: ("annat\\b", "annan orsak", "annan anledning"),
}

_EMPLOYMENT_PHRASES = {
    EmploymentType.TILLSVIDARE: (
        "tillsvidare", "tills vidare", "fast anställ", "fastanställ", "fast tjänst", "fast jobb",
    ),
    EmploymentType.SAVA: ("säva\\b", "särskild visstid"),
    EmploymentType.VIKARIAT: ("vikariat", "vikarie", "vikarier"),
    EmploymentType.SASONG: ("säsong",),
    EmploymentType.ANNAN_VISSTID: (
        "annan visstid", "annan\\b", "annat\\b", "projektanställ", "provanställ",
    ),
}


# "kommunen sa upp mig", "de har sagt upp mig": the employer gave notice, not the employee.
_NOTICE_BY_OTHERS = re.compile(
    r"\b(?:de|dom|han|hon|hen|någon|nån|\w{4,}(?:en|et|an))\s+(?:har\s+|hade\s+)?(?:sa|sade|sagt)\s+upp\s+mig\b"
)


def termination_reason_from_text(text: object) -> TerminationReason:
    """
    >>> termination_reason_from_text("kommunen sa upp mig pga arbetsbrist").value
    'arbetsbrist'
    """
    normalised = _NOTICE_BY_OTHERS.sub("uppsagd", _normalise(text).replace("_", " "))
    for reason in TerminationReason:  # a button sends the value itself
        if normalised == reason.value.replace("_", " "):
            return reason
    return _the_one_option(
        normalised, _TERMINATION_PHRASES, "termination_reason", messages.TERMINATION_REASON_UNREADABLE
    )


def employment_type_from_text(text: object) -> EmploymentType:
    normalised = _normalise(text).replace("_", " ")
    for kind in EmploymentType:
        if normalised == kind.value.replace("_", " "):
            return kind
    return _the_one_option(
        normalised, _EMPLOYMENT_PHRASES, "employment_type", messages.EMPLOYMENT_TYPE_UNREADABLE
    )


_NUMBER_WORDS = {
    "noll": 0, "en": 1, "ett": 1, "två": 2, "tre": 3, "fyra": 4, "fem": 5, "sex": 6, "sju": 7,
    "åtta": 8, "nio": 9, "tio": 10, "elva": 11, "tolv": 12, "tretton": 13, "fjorton": 14, "femton": 15,
    "sexton": 16, "sjutton": 17, "arton": 18, "nitton": 19, "tjugo": 20, "trettio": 30, "fyrtio": 40,
}
_UNITS = {
    "år": 12, "året": 12, "åren": 12, "halvår": 6, "halvåret": 6,
    "månad": 1, "månader": 1, "månaden": 1, "månaderna": 1, "mån": 1,
}
_FILLERS = {
    "jag", "var", "har", "hade", "varit", "jobbat", "arbetat", "anställd", "anställning", "i", "totalt",
    "sammanlagt", "ungefär", "cirka", "ca", "runt", "och", "samt", "plus", "där", "det", "blev",
}
# "under de senaste tre åren" repeats the question's window; it is not part of the answer.
_WINDOW = re.compile(r"\b(?:under |på )?(?:de )?senaste (?:\w+ )?år(?:en)?\b")
_NUMBER = r"\d+(?:[.,]\d+)?|" + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True))
_AND_A_HALF = re.compile(rf"\b({_NUMBER}) och (?:en|ett) halvt?\b")
_A_HALF = re.compile(r"\b(?:en |ett )?halvt?\b")


def _number(word: str) -> float:
    return float(word.replace(",", ".")) if word[0].isdigit() else float(_NUMBER_WORDS[word])


def months_from_text(text: object) -> float:
    """Months of employment from "14", "14 månader", "2 år", "ett och ett halvt år", "1 år och 3 mån"."""
    if isinstance(text, (int, float)) and not isinstance(text, bool):
        months = float(text)
    else:
        original = str(text or "").strip()
        normalised = _WINDOW.sub("", _normalise(text))
        normalised = _A_HALF.sub("0.5", _AND_A_HALF.sub(lambda m: f"{_number(m[1]) + 0.5:g}", normalised))
        months = _months_of_words(normalised.split(), original)
    if not 0 <= months <= MAX_MONTHS:
        raise InvalidInput("months_employed", messages.MONTHS_INVALID)
    return months


def _months_of_words(words: list[str], original: str) -> float:
    unreadable = InvalidInput("months_employed", messages.MONTHS_UNREADABLE.format(value=original))
    parts: list[tuple[float, int]] = []  # (months, months per unit) of each "<number> <unit>"
    pending = None
    for word in words:
        if re.fullmatch(r"\d+(?:[.,]\d+)?", word) or (word in _NUMBER_WORDS and pending is None):
            if pending is not None:
                raise unreadable
            pending = _number(word)
        elif word in _UNITS and (pending is not None or word.startswith("halvår")):
            parts.append(((1.0 if pending is None else pending) * _UNITS[word], _UNITS[word]))
            pending = None
        elif word not in _FILLERS:
            raise unreadable
    if pending is not None:  # a bare number counts months
        if parts:
            raise unreadable
        return pending
    if not parts:
        raise unreadable
    if len(parts) == 2 and parts[0][0] == parts[1][0] and parts[0][1] != parts[1][1]:
        return parts[0][0]  # "3 år, 36 mån": one duration said twice
    return sum(months for months, _ in parts)


# Folded (no å/ä/ö) openings of a Swedish question, after words that only lead in ("ok men kan jag ...").
_QUESTION_OPENING = re.compile(
    r"^\W*(?:(?:ok|okej|okey|men|och|sa|aha|jaha|fast|alltsa|ja|nej|hmm|jo|tack|forresten|btw|annars)\W+)*"
    r"(?:hur|vad|nar|vem|"
    r"vems|vart|varfor|vilken|vilket|vilka|kan|far|gar|maste|behover|ska|skall|borde|finns|ar|"
    r"galler|hinner|spelar|betyder|innebar|menar du)\b"
)
_WONDERS = re.compile(r"\b(?:undrar|undrade|funderar)\b")
# A question after a statement: "jag fick nej, hur överklagar jag det", "har jobbat 12 år. kan jag
# överklaga". "när" and "vad" also open statements ("..., när jag sökte"), so they are not taken here.
_LATER_QUESTION = re.compile(
    r"[.,;!]\s*(?:(?:men|och|sa)\s+)?(?:hur|varfor|vart|vem"
    r"|(?:kan|far|gar|maste|ska|behover|hinner|galler|racker)\s+(?:jag|man|du|ni|det|de|dom)\b)"
)


def is_question(text: object) -> bool:
    """A message that asks rather than answers: a question mark, the opening of a Swedish question (of
    the message or of a clause after a statement), or "undrar".

    >>> is_question("jurist på rättsenheten")
    False
    >>> is_question("hur lång tid har jag på mig")
    True
    >>> is_question("Jag har 6 års erfarenhet av sjukpenning. Den som fick jobbet har ett.")
    False
    >>> is_question("medan jag väntar, kan jag söka sjukpenning? jag mår dåligt")
    True
    >>> is_question("ok men kan jag soka nya jobb dar")
    True
    >>> is_question("jag undrar vad som händer sen")
    True
    >>> is_question("förresten hur ansöker jag om a-kassa nu")
    True
    >>> is_question("jag fick nej igår, hur överklagar jag det")
    True
    >>> is_question("Jag sökte jobbet i maj, när jag hade slutat på kommunen")
    False
    """
    folded = fold(str(text or ""))
    return "?" in folded or bool(
        _QUESTION_OPENING.search(folded) or _WONDERS.search(folded) or _LATER_QUESTION.search(folded)
    )


_YES = re.compile(r"\b(?:ja|japp|jepp|jo|javisst|absolut|visst|precis|anmält|gjort)\b")
_NO_OR_UNSURE = re.compile(r"\b(?:nej|nä|nää|nix|inte|ej|aldrig|osäker|vet)\b")


def yes_no_from_text(text: object) -> bool:
    """Yes or no; "vet inte" counts as no, so the assistant explains how to register rather than
    assuming it was done. A question ("vad betyder anmält anspråk?") is neither."""
    if isinstance(text, bool):
        return text
    normalised = _normalise(text)
    if is_question(text):
        raise InvalidInput("registered", messages.YES_NO_UNREADABLE)
    if _NO_OR_UNSURE.search(normalised):
        return False
    if _YES.search(normalised):
        return True
    raise InvalidInput("registered", messages.YES_NO_UNREADABLE)
