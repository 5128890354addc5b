"""The HR search's answers read from the files: the adapter between them and `answer_index`.

The answers are the ones the assistant sends: every FAQ answer (hiring_rules.faq: one per employer, plus
the one for an unknown employer) and the few responses of the bot's domain (`bot/domain/*.yml`) listed
in TITLES. The domain has no titles, so TITLES gives each answer a short Swedish one; the NLU
examples were not used, being deliberately sloppy user phrasings ("hur soker man jobb pa fk").
The pages each answer rests on come from `data/sources.yml` and `data/agencies.yml` (`source`).
The answers keep TITLES' order, which breaks the search's ties.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any, Mapping

import yaml

from . import messages
from .agencies import Registry, default_registry
from .answer_index import Answer, AnswerIndex, SourcePage, build_index
from .faq import Button, Faq, default_faq
from .swedish_terms import load_lemma_table

ROOT = Path(__file__).resolve().parent.parent
DOMAIN_DIR = ROOT / "bot" / "domain"
SOURCES_PATH = ROOT / "data" / "sources.yml"
FAQ_PREFIX = "faq/"

# Answer (response name without "utter_") -> title. Every FAQ item needs one; other responses are
# indexed only when listed: they must say something complete on their own, without {placeholders}.
TITLES = {
    "faq/how_to_apply": "Så söker du jobbet",
    "faq/application_confirmation": "Bekräftelse på ansökan",
    "faq/selection": "Urvalet",
    "faq/tests": "Tester",
    "faq/interview": "Intervjun",
    "faq/references": "Referenser och kontroller",
    "faq/result_notice": "Besked om du fick jobbet",
    "faq/duration": "Rekryteringens längd",
    "faq/onboarding": "Introduktion för nyanställda",
    "faq/appeal_how": "Så överklagar du ett anställningsbeslut",
    "faq/appeal_address": "Vart överklagandet ska skickas",
    "faq/appeal_deadline": "Sista dag att överklaga",
    "faq/appeal_chances": "Prövningen av ett överklagande",
    "faq/notice_board": "Anslagstavlan och anslaget",
    "faq/after_appeal": "Efter överklagandet: handläggning och beslut",
    "faq/diarienummer": "Diarienumret",
    "faq/late_appeal": "Ett överklagande som kommer in för sent",
    "faq/appeal_grounds": "Så skriver du skälen i ett överklagande",
    "faq/documents_request": "Begära ut ansökningar och andra handlingar",
    "faq/not_in_pages": "Frågor som arbetsgivarens sidor inte besvarar",
    "why_no_appeal_route": "Därför kan en kommuns anställningsbeslut inte överklagas",
    "appeal_posting_date_unknown": "Okänd anslagsdag",
    "appeal_deadline_today": "Sista dagen att överklaga är i dag",
    "faq/reemployment_info": "Företrädesrätt till återanställning",
    "faq/reemployment_register": "Anmäla anspråk på företrädesrätt",
    "faq/reemployment_order": "Vem går först när flera har företrädesrätt",
    "faq/reemployment_use": "Vad företrädesrätten ger och när den går förlorad",
    "faq/reemployment_part_time": "Företrädesrätt till fler timmar för deltidsanställda",
    "faq/contact_hr": "Kontakt med HR",
    "faq/personal_data": "Personuppgifter i ansökan",
    "faq/protected_identity": "Skyddade personuppgifter",
    "faq/general_interest": "Generell intresseanmälan",
    "faq/application_public": "Offentliga ansökningar",
    "faq/trainee": "It-traineeprogrammet",
    "faq/it_department": "It-avdelningen",
    "faq/fair_project": "Projektet FAIR",
}

class AnswerIndexError(RuntimeError):
    """The domain files or data/sources.yml cannot be read into answers."""




def _read_yaml(path: Path) -> Any:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise AnswerIndexError(f"{path.name}: cannot be read: {exc}") from exc


def load_responses(domain_dir: Path) -> dict[str, list[dict]]:
    """The responses of every domain file, by name without "utter_", in file and response order."""
    responses: dict[str, list[dict]] = {}
    for path in sorted(domain_dir.glob("*.yml")):
        content = _read_yaml(path) or {}
        for name, variations in (content.get("responses") or {}).items():
            if name.startswith("utter_"):
                responses[name[len("utter_"):]] = variations
    return responses


def _load_pages(path: Path, registry: Registry) -> dict[str, SourcePage]:
    raw = _read_yaml(path)
    if not isinstance(raw, Mapping) or not raw:
        raise AnswerIndexError(f"{path.name}: must map file names to pages")
    pages = {}
    for file, entry in raw.items():
        if not isinstance(entry, Mapping) or not isinstance(entry.get("title"), str):
            raise AnswerIndexError(f"{path.name}: {file}: needs a title")
        employer = entry.get("employer")
        if employer is not None and employer not in registry.keys():
            raise AnswerIndexError(f"{path.name}: {file}: unknown employer {employer!r}")
        pages[file] = SourcePage(file, entry["title"], employer, frozenset(entry.get("answers") or ()))
    for agency in registry:
        missing = [file for file in agency.source if file not in pages]
        if missing:
            raise AnswerIndexError(f"{path.name}: no entry for {', '.join(missing)} (source of {agency.key})")
    return pages


def _sources(
    item: str, agency: str | None, pages: Mapping[str, SourcePage], registry: Registry
) -> tuple[SourcePage, ...]:
    """The employer pages an answer rests on, then LEGAL.md where the law is its basis.

    A page that lists the answer wins over the employer's main page (the first file of its registry
    `source`). A general FAQ answer with no such page sums up every employer's main page.
    """
    listing = [page for page in pages.values() if item in page.answers]
    employer_pages = [page for page in listing if page.employer is not None]
    if agency is not None:
        employer_pages = [page for page in employer_pages if page.employer == agency] or [
            pages[registry.get(agency).source[0]]
        ]
    elif not employer_pages and item.startswith(FAQ_PREFIX):
        employer_pages = [pages[employer.source[0]] for employer in registry]
    law_pages = [page for page in listing if page.employer is None]
    return tuple(employer_pages + law_pages)


def _faq_variations(faq: Faq) -> dict[str, list[tuple[str | None, str, tuple[Button, ...]]]]:
    """(employer key or None, text, buttons) of every FAQ answer, by answer name ("faq/<item>")."""
    variations: dict[str, list] = {}
    for reply in faq:
        variations.setdefault(FAQ_PREFIX + reply.item, []).append((reply.agency, reply.text, reply.buttons))
    return variations


def _domain_variations(responses: Mapping[str, list[dict]]) -> dict[str, list]:
    """(None, text, buttons) of every variation of the domain's responses named in TITLES."""
    variations: dict[str, list] = {}
    for name in TITLES:
        if name.startswith(FAQ_PREFIX):
            continue
        if name not in responses:
            raise AnswerIndexError(f"not a response of the domain: utter_{name}")
        for variation in responses[name]:
            text = variation.get("text")
            if not isinstance(text, str) or "{" in text or variation.get("condition"):
                raise AnswerIndexError(f"utter_{name}: every variation needs a text, no placeholders or conditions")
            buttons = tuple(
                Button(str(button["title"]), str(button["payload"]))
                for button in variation.get("buttons") or ()
            )
            variations.setdefault(name, []).append((None, text, buttons))
    return variations


def load_answers(
    domain_dir: Path = DOMAIN_DIR,
    sources_path: Path = SOURCES_PATH,
    registry: Registry | None = None,
    faq: Faq | None = None,
) -> list[Answer]:
    registry = registry or default_registry()
    variations = {**_faq_variations(faq or default_faq()), **_domain_variations(load_responses(domain_dir))}
    untitled = [name for name in variations if name not in TITLES]
    if untitled:
        raise AnswerIndexError(f"no title in answer_index.TITLES for {', '.join(untitled)}")
    missing = [name for name in TITLES if name not in variations]
    if missing:
        raise AnswerIndexError(f"no answer for {', '.join(missing)}")
    pages = _load_pages(sources_path, registry)
    unknown = sorted({name for page in pages.values() for name in page.answers} - set(TITLES))
    if unknown:
        raise AnswerIndexError(f"{sources_path.name}: not an indexed answer: {', '.join(unknown)}")

    answers = []
    for item, title in TITLES.items():
        for agency, text, buttons in variations[item]:
            sources = _sources(item, agency, pages, registry)
            if not sources:
                raise AnswerIndexError(f"{item}: {sources_path.name} gives no page for it")
            answers.append(
                Answer(
                    item=item,
                    title=title,
                    agency=agency,
                    agency_name=(
                        registry.get(agency).display_name if agency else messages.ANSWER_ALL_EMPLOYERS
                    ),
                    text=text,
                    buttons=buttons,
                    sources=sources,
                )
            )
    return answers


@lru_cache(maxsize=1)
def default_index() -> AnswerIndex:
    """The index of the bot's domain in this repository, built once (about two seconds)."""
    return build_index(load_answers(), load_lemma_table())
