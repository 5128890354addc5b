"""The FAQ answers per employer (`data/faq/`), with the registry's facts filled in.

`data/faq/<employer key>.yml` holds that employer's answer to an FAQ item; `data/faq/general.yml` the
answer when no employer is known, and the one answer for an item that is the same everywhere. A text
names an employer fact only by placeholder — `{hr_phone}`, `{appeal_address}` … in an employer's file,
`{forsakringskassan[hr_phone]}` in general.yml — so every phone number, address and e-mail lives in
`data/agencies.yml` alone, and adding an employer is a registry entry plus one answers file.

The English answers on the core topics (bot/english.py, actions/english.py) live the same way in
`data/faq/en/`: one file per employer and `general.yml`, read by the same loader.

The placeholders are filled once, at load time. One the registry cannot fill (a fact it gives as null,
a typo) stops the program with the file and item named: a chat answer never says "None".
"""
from __future__ import annotations

import os
import string
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterator, Mapping

import yaml

from .agencies import Agency, Registry, default_registry

DEFAULT_DIR = Path(__file__).resolve().parent.parent / "data" / "faq"
GENERAL = "general"
ENGLISH = "en"  # the folder of the English answers, inside the answers folder


class FaqError(RuntimeError):
    """An answers file is missing, malformed, or names a fact the registry does not give."""


@dataclass(frozen=True)
class Button:
    title: str
    payload: str


@dataclass(frozen=True)
class FaqAnswer:
    item: str  # the FAQ item ("appeal_how"), the ResponseSelector's `faq/<item>` without the prefix
    agency: str | None  # registry key; None for the answer when no employer is known
    text: str
    buttons: tuple[Button, ...]


def employer_facts(agency: Agency) -> dict[str, Any]:
    """The placeholders an answer may use for one employer, by name. A fact the registry gives as
    null is absent, so naming it is an error rather than an empty string."""
    contacts = agency.hr_contacts
    facts = {
        "display_name": agency.display_name,
        "hr_name": contacts.name,
        "hr_phone": contacts.phone,
        "hr_email": contacts.email,
        "appeal_email": agency.appeal_email,
        "appeal_address": ", ".join(agency.appeal_address) or None,
        "appeal_address_lines": "\n".join(agency.appeal_address) or None,
        "envelope_marking": agency.envelope_marking,
        "notice_board": agency.notice_board,
        "other_emails": dict(agency.other_emails),
    }
    return {name: value for name, value in facts.items() if value is not None}


def _fill(text: str, facts: Mapping[str, Any], where: str) -> str:
    try:
        return string.Formatter().vformat(text, (), facts)
    except (KeyError, IndexError, ValueError) as exc:
        raise FaqError(f"{where}: placeholder {exc} is not a fact of the registry") from exc


def _read(path: Path) -> Mapping[str, Any]:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise FaqError(f"{path.name}: cannot be read: {exc}") from exc
    if not isinstance(raw, Mapping) or not raw:
        raise FaqError(f"{path.name}: must map FAQ items to answers")
    return raw


def _parse(path: Path, item: Any, raw: Any, agency: str | None, facts: Mapping[str, Any]) -> FaqAnswer:
    where = f"{path.name}: {item}"
    if not isinstance(raw, Mapping) or not isinstance(raw.get("text"), str) or not raw["text"].strip():
        raise FaqError(f"{where}: needs a text")
    buttons = raw.get("buttons") or []
    if not isinstance(buttons, list) or not all(
        isinstance(button, Mapping) and button.get("title") and button.get("payload") for button in buttons
    ):
        raise FaqError(f"{where}: every button needs a title and a payload")
    return FaqAnswer(
        item=str(item),
        agency=agency,
        text=_fill(raw["text"].strip(), facts, where),
        buttons=tuple(Button(str(button["title"]), str(button["payload"])) for button in buttons),
    )


class Faq:
    """Every FAQ answer, by item and employer."""

    def __init__(self, answers: Mapping[tuple[str, str | None], FaqAnswer], items: list[str]):
        self._answers = dict(answers)
        self.items = tuple(items)  # in the order of general.yml
        self._employers = list(dict.fromkeys(agency for _, agency in self._answers if agency is not None))

    def answer(self, item: str, agency: str | None = None) -> FaqAnswer:
        """The employer's own answer to `item`, or the general one. KeyError for an unknown item."""
        return self._answers.get((item, agency)) or self._answers[(item, None)]

    def __iter__(self) -> Iterator[FaqAnswer]:
        """Per item, the employers' answers in registry order, then the general one."""
        for item in self.items:
            for agency in [*self._employers, None]:
                if (item, agency) in self._answers:
                    yield self._answers[(item, agency)]


def load_faq(directory: str | os.PathLike = DEFAULT_DIR, registry: Registry | None = None) -> Faq:
    directory = Path(directory)
    registry = registry or default_registry()
    general_path = directory / f"{GENERAL}.yml"
    if not general_path.is_file():
        raise FaqError(f"{general_path}: not found (the answers when no employer is known)")
    every_employer = {agency.key: employer_facts(agency) for agency in registry}
    general = _read(general_path)
    answers = {
        (str(item), None): _parse(general_path, item, raw, None, every_employer)
        for item, raw in general.items()
    }
    files = {path.stem: path for path in directory.glob("*.yml") if path.stem != GENERAL}
    unknown = sorted(set(files) - set(registry.keys()))
    if unknown:
        raise FaqError(f"{directory}: answers for employers not in the registry: {', '.join(unknown)}")
    for agency in registry:
        path = files.get(agency.key)
        if path is None:
            continue  # an employer without answers of its own gets the general ones
        for item, raw in _read(path).items():
            if (str(item), None) not in answers:
                raise FaqError(f"{path.name}: {item}: not an item of {general_path.name}")
            answers[(str(item), agency.key)] = _parse(path, item, raw, agency.key, every_employer[agency.key])
    return Faq(answers, [str(item) for item in general])


@lru_cache(maxsize=1)
def default_faq() -> Faq:
    """The answers in $HIRING_FAQ_DIR, or data/faq in this repository."""
    return load_faq(os.environ.get("HIRING_FAQ_DIR", DEFAULT_DIR))


@lru_cache(maxsize=1)
def default_english_faq() -> Faq:
    """The English answers: the `en` folder of the answers folder default_faq reads."""
    return load_faq(Path(os.environ.get("HIRING_FAQ_DIR", DEFAULT_DIR)) / ENGLISH)
