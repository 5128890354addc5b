"""The employer registry (`data/agencies.yml`): loading and validation.

A broken entry stops the program at start with a message that names the entry and the field, so a
typo in the registry never turns into a letter with a wrong address.
"""
from __future__ import annotations

import difflib
import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Mapping

import yaml

from . import messages
from .errors import InvalidInput

DEFAULT_PATH = Path(__file__).resolve().parent.parent / "data" / "agencies.yml"
STATE_AGENCY = "statlig myndighet"  # the `kind` of an employer under the state's rules (fees, appeals)
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[a-z]{2,}$", re.IGNORECASE)
_KEY = re.compile(r"^[a-z][a-z0-9_]*$")


class RegistryError(RuntimeError):
    """The registry file is missing or an entry is malformed."""


@dataclass(frozen=True)
class HrContacts:
    name: str | None
    phone: str | None
    email: str | None
    note: str | None


@dataclass(frozen=True)
class Reemployment:
    registration_required: bool | None
    how_to_register: str | None
    # The employer page's own wording of the SÄVA time condition where it differs from the statute's
    # "mer än nio månader" (the assessment follows the statute and mentions the page's words).
    sava_wording: str | None = None


@dataclass(frozen=True)
class Recipient:
    """Where a letter to the employer goes: postal address lines and an e-mail address, either of
    which may be missing (then `address` is the employer's name alone)."""

    address: tuple[str, ...]
    email: str | None
    has_postal_address: bool


@dataclass(frozen=True)
class Agency:
    key: str
    display_name: str
    kind: str
    state_appeal_route: bool
    appeal_address: tuple[str, ...]
    appeal_email: str | None
    envelope_marking: str | None
    notice_board: str | None
    hr_contacts: HrContacts
    reemployment: Reemployment
    aliases: tuple[str, ...]
    source: tuple[str, ...]
    other_emails: Mapping[str, str] = field(default_factory=dict, hash=False)  # purpose -> address
    registrar: Recipient | None = None  # registratorn, where requests for public documents go

    @property
    def is_state_agency(self) -> bool:
        return self.kind == STATE_AGENCY

    @property
    def recruitment_contact(self) -> Recipient:
        """The recruiting unit: the postal address appeals go to (the seeds give the recruiting HR
        unit's) and the HR contacts' e-mail; for an employer without either, its name alone."""
        return Recipient(
            address=self.appeal_address or (self.display_name,),
            email=self.hr_contacts.email,
            has_postal_address=bool(self.appeal_address),
        )

    @property
    def records_contact(self) -> Recipient:
        """Where a request for public documents goes: the registrar, or else the recruiting unit."""
        return self.registrar or self.recruitment_contact


def _non_empty_text(value: Any) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


def _boolean(value: Any) -> bool | None:
    return value if isinstance(value, bool) else None


class _Entry:
    """Reads typed fields from one raw entry, raising RegistryError that names entry and field."""

    def __init__(self, key: str, raw: Any):
        self.key = key
        if not isinstance(raw, Mapping):
            raise RegistryError(f"agencies.yml: entry '{key}' must be a mapping of fields")
        self.raw = raw

    def fail(self, field: str, problem: str) -> RegistryError:
        return RegistryError(f"agencies.yml: entry '{self.key}', field '{field}': {problem}")

    def text(self, field: str, raw: Mapping | None = None, *, optional: bool = False) -> str | None:
        return self._typed(field, raw, optional, _non_empty_text, "must be a non-empty text")

    def flag(self, field: str, raw: Mapping | None = None, *, optional: bool = False) -> bool | None:
        return self._typed(field, raw, optional, _boolean, "must be true or false")

    def _typed(self, field: str, raw: Mapping | None, optional: bool, read: Callable, problem: str) -> Any:
        """`raw[field]` (default: the entry) read by `read`, which gives None for a value it cannot
        read; a field that must be there, and may be null only when `optional`."""
        source = self.raw if raw is None else raw
        if field not in source:
            raise self.fail(field, "is missing")
        value = source[field]
        if value is None and optional:
            return None
        result = read(value)
        if result is None:
            raise self.fail(field, problem + (" or null" if optional else ""))
        return result

    def lines(self, field: str) -> tuple[str, ...]:
        value = self.raw.get(field)
        if value is None:
            return ()
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            raise self.fail(field, "must be a list of non-empty texts")
        return tuple(v.strip() for v in value)

    def section(self, field: str) -> Mapping:
        value = self.raw.get(field)
        if not isinstance(value, Mapping):
            raise self.fail(field, "must be a mapping")
        return value

    def emails(self, field: str) -> dict[str, str]:
        value = self.raw.get(field) or {}
        if not isinstance(value, Mapping):
            raise self.fail(field, "must map a purpose to an e-mail address")
        emails = {str(purpose): self.email(purpose, value) for purpose in value}
        if None in emails.values():
            raise self.fail(field, "every purpose needs an e-mail address")
        return emails
    def registrar(self) -> Recipient | None:
        """The optional `registrar` section: postal address lines (two or more) and/or an e-mail."""
        if self.raw.get("registrar") is None:
            return None
        raw = self.section("registrar")
        lines = raw.get("address") or []
        if not isinstance(lines, list) or not all(isinstance(v, str) and v.strip() for v in lines):
            raise self.fail("registrar.address", "must be a list of non-empty texts")
        address = tuple(v.strip() for v in lines)
        email = self.email("email", raw) if "email" in raw else None
        if len(address) == 1 or not (address or email):
            raise self.fail("registrar", "needs an address of at least two lines, an email, or both")
        return Recipient(address=address or (self.text("display_name"),), email=email,
                         has_postal_address=bool(address))

    def email(self, field: str, raw: Mapping | None = None) -> str | None:
        value = self.text(field, raw, optional=True)
        if value is not None and not _EMAIL.match(value):
            raise self.fail(field, f"'{value}' is not an e-mail address")
        return value


def _parse_entry(key: str, raw: Any) -> Agency:
    if not isinstance(key, str) or not _KEY.match(key):
        raise RegistryError(f"agencies.yml: entry key '{key}' must be lower-case letters, digits and _")
    entry = _Entry(key, raw)
    state_route = entry.flag("state_appeal_route")
    address = entry.lines("appeal_address")
    envelope = entry.text("envelope_marking", optional=True)
    board = entry.text("notice_board", optional=True)
    if state_route:
        if len(address) < 2:
            raise entry.fail("appeal_address", "needs at least two lines when state_appeal_route is true")
        if envelope is None:
            raise entry.fail("envelope_marking", "is required when state_appeal_route is true")
        if board is None:
            raise entry.fail("notice_board", "is required when state_appeal_route is true")
    contacts_raw = entry.section("hr_contacts")
    contacts = HrContacts(
        name=entry.text("name", contacts_raw, optional=True),
        phone=entry.text("phone", contacts_raw, optional=True),
        email=entry.email("email", contacts_raw),
        note=entry.text("note", contacts_raw, optional=True),
    )
    if not any(vars(contacts).values()):
        raise entry.fail("hr_contacts", "must give at least one of name, phone, email, note")
    reemp_raw = entry.section("reemployment")
    reemployment = Reemployment(
        registration_required=entry.flag("registration_required", reemp_raw, optional=True),
        how_to_register=entry.text("how_to_register", reemp_raw, optional=True),
        sava_wording=entry.text("sava_wording", {"sava_wording": None, **reemp_raw}, optional=True),
    )
    return Agency(
        key=key,
        display_name=entry.text("display_name"),
        kind=entry.text("kind"),
        state_appeal_route=state_route,
        appeal_address=address,
        appeal_email=entry.email("appeal_email"),
        envelope_marking=envelope,
        notice_board=board,
        hr_contacts=contacts,
        reemployment=reemployment,
        aliases=tuple(alias.lower() for alias in entry.lines("aliases")),
        source=entry.lines("source"),
        other_emails=entry.emails("other_emails"),
        registrar=entry.registrar(),
    )


class Registry:
    """The loaded employers, by key."""

    def __init__(self, agencies: Mapping[str, Agency]):
        self._agencies = dict(agencies)

    def __iter__(self):
        return iter(self._agencies.values())

    def __len__(self) -> int:
        return len(self._agencies)

    def keys(self) -> list[str]:
        return list(self._agencies)

    def get(self, key: str, field: str = "agency") -> Agency:
        """The agency with this key; InvalidInput with a Swedish message if there is none."""
        agency = self._agencies.get((key or "").strip().lower())
        if agency is None:
            known = ", ".join(f"{a.key} ({a.display_name})" for a in self)
            raise InvalidInput(field, messages.AGENCY_UNKNOWN.format(value=key, known=known))
        return agency

    def key_filter(self, value: str | None) -> str | None:
        """The key of the employer `value` names, for filtering; None for no filter (absent or empty,
        as a form's "Alla" sends); InvalidInput for an unknown one."""
        if value is None or not value.strip():
            return None
        return self.get(value).key

    def match(self, text: str) -> Agency | None:
        """The employer a chat message names ("på FK", "migrationsverkets", "kommunen"), or None.

        Aliases match as whole words; a misspelt word of six or more letters matches an alias within a
        similarity of 0.85 ("forsakringskasan"). When several employers are named, none is returned.
        """
        words = re.findall(r"[\wåäöÅÄÖ:]+", (text or "").lower())
        phrase = " ".join(words)
        found = set()
        for agency in self:
            for alias in agency.aliases:
                if re.search(rf"(?<![\w:]){re.escape(alias)}(?![\w:])", phrase):
                    found.add(agency.key)
                elif len(alias) >= 6 and " " not in alias and any(
                    len(word) >= 6 and difflib.SequenceMatcher(None, word, alias).ratio() >= 0.85
                    for word in words
                ):
                    found.add(agency.key)
        return self._agencies[found.pop()] if len(found) == 1 else None


def load_registry(path: str | os.PathLike = DEFAULT_PATH) -> Registry:
    try:
        raw = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise RegistryError(f"agencies.yml: file not found: {path}") from exc
    except yaml.YAMLError as exc:
        raise RegistryError(f"agencies.yml: not valid YAML: {exc}") from exc
    if not isinstance(raw, Mapping) or not raw:
        raise RegistryError("agencies.yml: must be a non-empty mapping of agency key to entry")
    return Registry({key: _parse_entry(key, value) for key, value in raw.items()})


@lru_cache(maxsize=1)
def default_registry() -> Registry:
    """The registry at $HIRING_AGENCIES_FILE, or data/agencies.yml in this repository."""
    return load_registry(os.environ.get("HIRING_AGENCIES_FILE", DEFAULT_PATH))
