"""How well the assistant understands blind evaluation conversations, through POST /api/chat.

    python bench/understanding.py [--model models/assistant.tar.gz] [--url http://127.0.0.1:8000]
        [--sets FILE ...] [--limit N] [--show-failures]            (or: make bench-understanding)

Implements bench/understanding/CONTRACT.md. Starts the whole service on free loopback ports as
`make run` does (stack/service.py: Rasa with a temporary SQLite tracker store, the action server,
uvicorn api.main:app), or with --url uses a running one (--model then only names the model in
the results). Reads the sets (default: whichever of `DEFAULT_SETS` exist in bench/understanding/;
a `questions:` entry is a one-turn conversation) and plays every conversation in order as a fresh
random sender, sequentially, with the conversation's `agency` as metadata. Each turn's reply (all
texts and button titles) is checked against its `must`, `must_not`, `expect` and `deadline_for`,
folded as the contract says.

Writes bench/results/understanding.json and understanding.md: turns right overall, per set and per
kind; first questions; out-of-field recall (overall and per area); in-domain questions wrongly refused;
not-in-pages recall; the p50 time per turn; and the failing turns by id, turn number and kind only —
the sets are blind, so no sentence or reply text goes into the results. --show-failures prints those
texts to stdout for the developer. A benchmark: exits 0 whatever the score (2 on a usage or set error).
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import secrets
import statistics
import sys
import tempfile
import time
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, replace
from pathlib import Path
from zoneinfo import ZoneInfo

import httpx
import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from hiring_rules.deadline import appeal_deadline  # noqa: E402
from hiring_rules.messages import MONTH_NAMES  # noqa: E402

from bench.first_reply import reply_text  # noqa: E402  (one definition of what a turn's reply reads)

SETS_DIR = ROOT / "bench" / "understanding"
DEFAULT_SETS = (
    "conversations.yml", "conversations_b.yml", "conversations_c.yml", "in_field.yml", "out_of_field.yml",
    "out_of_field_b.yml", "conversations_d.yml", "out_of_field_c.yml", "conversations_e.yml",
    "out_of_field_d.yml", "conversations_f.yml",
)
RESULTS = ROOT / "bench" / "results"
SWEDEN = ZoneInfo("Europe/Stockholm")
REQUEST_TIMEOUT = 120.0  # seconds; longer than the API's own wait for Rasa, so a slow turn shows as a 503

OUT_OF_FIELD = "out_of_field"
NOT_IN_PAGES = "not_in_pages"
EXPECTATIONS = ("answer", "asks", OUT_OF_FIELD, NOT_IN_PAGES)
OUT_OF_FIELD_PHRASE = "Det kan jag tyvärr inte hjälpa till med"
NOT_IN_PAGES_PHRASE = "står inte på arbetsgivarens sidor"
NOT_UNDERSTOOD_PHRASES = ("förstod jag inte", "Jag är inte säker på att jag förstod")
NO_AREA = "(in a conversation)"
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_FOLDS = str.maketrans({"å": "a", "ä": "a", "ö": "o", "é": "e"})


class SetError(ValueError):
    """A set file that does not follow the contract."""


# --- matching ---------------------------------------------------------------------------------------

def fold(text: str) -> str:
    """The contract's matching form: case-insensitive, whitespace collapsed, å/ä/ö/é as a/a/o/e."""
    return " ".join(unicodedata.normalize("NFC", text).casefold().translate(_FOLDS).split())


def contains(reply: str, expected: str) -> bool:
    return fold(expected) in fold(reply)


def date_pattern(day: dt.date) -> re.Pattern:
    """The date as the contract accepts it in a folded reply: "4 november", "4 november 2026" or
    "2026-11-04". "14 november" does not count as the 4th, nor "4 november 2025" as 4 november 2026."""
    day_month = rf"(?<!\d){day.day} {MONTH_NAMES[day.month - 1]}"
    return re.compile(
        rf"{day_month} {day.year}(?!\d)|{day_month}(?! \d{{4}})|(?<!\d){day.isoformat()}(?!\d)"
    )


# --- the sets ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Turn:
    user: str
    kinds: tuple[str, ...] = ()
    expect: str | None = None
    must: tuple[tuple[str, ...], ...] = ()
    must_not: tuple[str, ...] = ()
    deadline_for: str | None = None
    area: str | None = None


@dataclass(frozen=True)
class Conversation:
    id: str
    set: str
    turns: tuple[Turn, ...]
    agency: str | None = None
    single_question: bool = False

    def is_first_question(self, number: int) -> bool:
        """The first turn of a conversation, or an in-field single question (every single question
        not expected to be refused as out of field)."""
        if self.single_question:
            return self.turns[0].expect != OUT_OF_FIELD
        return number == 1


def _strings(value, where: str) -> tuple[str, ...]:
    """A string or a list of strings, as a tuple."""
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list) and value and all(isinstance(item, str) for item in value):
        return tuple(value)
    raise SetError(f"{where}: expected a string or a list of strings, got {value!r:.80}")


def _turn(entry: dict, where: str, today: dt.date) -> Turn:
    if not isinstance(entry, dict) or not isinstance(entry.get("user"), str) or not entry["user"].strip():
        raise SetError(f"{where}: a turn needs a non-empty `user` text")
    expect = entry.get("expect")
    if expect is not None and expect not in EXPECTATIONS:
        raise SetError(f"{where}: expect must be one of {', '.join(EXPECTATIONS)}, not {expect!r}")
    deadline_for = entry.get("deadline_for")
    if isinstance(deadline_for, dt.date):  # YAML reads an unquoted 2026-10-14 as a date
        deadline_for = deadline_for.isoformat()
    if deadline_for is not None:
        try:
            resolve_posting_date(str(deadline_for), today)
        except ValueError as error:
            raise SetError(f"{where}: deadline_for: {error}") from None
    return Turn(
        user=entry["user"],
        kinds=_strings(entry["kinds"], f"{where}: kinds") if entry.get("kinds") else (),
        expect=expect,
        must=tuple(_strings(group, f"{where}: must") for group in entry.get("must") or []),
        must_not=_strings(entry["must_not"], f"{where}: must_not") if entry.get("must_not") else (),
        deadline_for=None if deadline_for is None else str(deadline_for),
        area=entry.get("area"),
    )


def load_set(path: Path, today: dt.date) -> list[Conversation]:
    """The conversations and single questions of one set file, in file order."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    if not isinstance(data, dict) or not ({"conversations", "questions"} & data.keys()):
        raise SetError(f"{path}: expected a `conversations:` or `questions:` list")
    name = path.stem
    conversations = []
    for index, entry in enumerate(data.get("conversations") or [], start=1):
        if not isinstance(entry, dict):
            raise SetError(f"{path.name} conversation #{index}: expected a mapping")
        where = f"{path.name} conversation {entry.get('id', f'#{index}')}"
        if not entry.get("id") or not entry.get("turns"):
            raise SetError(f"{where}: a conversation needs an `id` and `turns`")
        turns = tuple(_turn(turn, f"{where} turn {n}", today) for n, turn in enumerate(entry["turns"], 1))
        conversations.append(Conversation(str(entry["id"]), name, turns, entry.get("agency")))
    for index, entry in enumerate(data.get("questions") or [], start=1):
        if not isinstance(entry, dict):
            raise SetError(f"{path.name} question #{index}: expected a mapping")
        where = f"{path.name} question {entry.get('id', f'#{index}')}"
        if not entry.get("id"):
            raise SetError(f"{where}: a question needs an `id`")
        turn = _turn(entry, where, today)
        if not turn.kinds and turn.expect == OUT_OF_FIELD:
            turn = replace(turn, kinds=(OUT_OF_FIELD,))
        conversations.append(Conversation(str(entry["id"]), name, (turn,), entry.get("agency"), True))
    return conversations


def load_sets(paths: list[Path], today: dt.date, limit: int | None) -> list[Conversation]:
    """Every set, at most `limit` conversations from each; ids must be unique across the sets."""
    conversations = []
    for path in paths:
        conversations += load_set(path, today)[:limit]
    seen: set[str] = set()
    for conversation in conversations:
        if conversation.id in seen:
            raise SetError(f"the id {conversation.id} is used twice")
        seen.add(conversation.id)
    return conversations


# --- checking a turn --------------------------------------------------------------------------------

def resolve_posting_date(spec: str, today: dt.date) -> dt.date:
    """A `deadline_for`: an ISO date, `today`, `yesterday`, `last_<weekday>` (the most recent such
    weekday strictly before today) or `days_ago:N`."""
    spec = spec.strip().lower()
    if spec == "today":
        return today
    if spec == "yesterday":
        return today - dt.timedelta(days=1)
    if spec.startswith("last_") and spec[5:] in WEEKDAYS:
        return today - dt.timedelta(days=(today.weekday() - WEEKDAYS.index(spec[5:]) - 1) % 7 + 1)
    if spec.startswith("days_ago:"):
        days = spec.split(":", 1)[1].strip()
        if not days.isdigit():
            raise ValueError(f"days_ago needs a whole number of days, not {days!r}")
        return today - dt.timedelta(days=int(days))
    try:
        return dt.date.fromisoformat(spec)
    except ValueError:
        raise ValueError(
            f"{spec!r} is none of an ISO date, today, yesterday, last_<weekday>, days_ago:N"
        ) from None


def expected_deadline(spec: str, today: dt.date) -> dt.date:
    """The last day to appeal for the posting date, also for one still ahead (a planned posting)."""
    posted_on = resolve_posting_date(spec, today)
    return appeal_deadline(posted_on, today, planned=posted_on > today).last_day


def not_understood(reply: str) -> bool:
    return any(contains(reply, phrase) for phrase in NOT_UNDERSTOOD_PHRASES)


def failed_checks(turn: Turn, reply: str, today: dt.date) -> list[str]:
    """The checks the reply fails, by name only ("must[2]", "must_not", "expect:answer",
    "deadline_for"); empty when the turn is right."""
    failed = [
        f"must[{number}]" for number, group in enumerate(turn.must, start=1)
        if not any(contains(reply, alternative) for alternative in group)
    ]
    if any(contains(reply, unwanted) for unwanted in turn.must_not):
        failed.append("must_not")
    refused = contains(reply, OUT_OF_FIELD_PHRASE)
    not_in_pages = contains(reply, NOT_IN_PAGES_PHRASE)
    if turn.expect == OUT_OF_FIELD:
        expectation_met = refused
    elif turn.expect == NOT_IN_PAGES:
        expectation_met = not_in_pages
    elif turn.expect in ("answer", "asks"):
        expectation_met = not (refused or not_in_pages or not_understood(reply))
    else:
        expectation_met = True
    if not expectation_met:
        failed.append(f"expect:{turn.expect}")
    if turn.deadline_for is not None:
        if not date_pattern(expected_deadline(turn.deadline_for, today)).search(fold(reply)):
            failed.append("deadline_for")
    return failed


# --- running ----------------------------------------------------------------------------------------

@dataclass
class Outcome:
    conversation: Conversation
    number: int  # the turn's number in its conversation, from 1
    reply: str  # kept for --show-failures only; never written to the results
    ms: float
    error: str | None
    failed: list[str]  # the names of the checks the reply failed

    @property
    def turn(self) -> Turn:
        return self.conversation.turns[self.number - 1]

    @property
    def ok(self) -> bool:
        return not self.failed

    @property
    def refused(self) -> bool:
        return contains(self.reply, OUT_OF_FIELD_PHRASE)

    @property
    def not_in_pages(self) -> bool:
        return contains(self.reply, NOT_IN_PAGES_PHRASE)


def play(client: httpx.Client, api_url: str, conversations: list[Conversation]) -> list[Outcome]:
    """Sends every conversation's turns in order, one request at a time, each conversation as a new
    sender."""
    outcomes = []
    for done, conversation in enumerate(conversations, start=1):
        sender = secrets.token_urlsafe(24)  # 32 characters, as the chat page makes them
        body: dict = {"sender": sender}
        if conversation.agency:
            body["metadata"] = {"agency": conversation.agency}
        for number, turn in enumerate(conversation.turns, start=1):
            start = time.perf_counter()
            try:
                response = client.post(f"{api_url}/api/chat", json={**body, "message": turn.user})
                error = None if response.status_code == 200 else f"HTTP {response.status_code}"
                reply = reply_text(response.json()) if error is None else ""
            except httpx.HTTPError as exc:
                error, reply = type(exc).__name__, ""
            ms = (time.perf_counter() - start) * 1000
            today = dt.datetime.now(SWEDEN).date()  # the bot's today, even across midnight
            failed = failed_checks(turn, reply, today)
            outcomes.append(Outcome(conversation, number, reply, ms, error, failed))
        if done % 50 == 0:
            print(f"{done}/{len(conversations)} conversations", file=sys.stderr, flush=True)
    return outcomes


# --- the results ------------------------------------------------------------------------------------

def _rate(passed: int, cases: int) -> dict:
    return {"passed": passed, "cases": cases, "rate": round(passed / cases, 4) if cases else None}


def _rate_of(rows: list[Outcome], passed) -> dict:
    return _rate(sum(1 for row in rows if passed(row)), len(rows))


def _grouped(rows: list[Outcome], keys, passed) -> dict[str, dict]:
    groups: dict[str, list[Outcome]] = defaultdict(list)
    for row in rows:
        for key in keys(row):
            groups[key].append(row)
    return {key: _rate_of(group, passed) for key, group in sorted(groups.items())}


def _percentile(values: list[float], pct: int) -> float | None:
    if len(values) < 2:
        return round(values[0], 1) if values else None
    return round(statistics.quantiles(values, n=100, method="inclusive")[pct - 1], 1)


def summarise(outcomes: list[Outcome], conversations: list[Conversation], context: dict) -> dict:
    def ok(row: Outcome) -> bool:
        return row.ok

    out_of_field = [row for row in outcomes if row.turn.expect == OUT_OF_FIELD]
    in_domain = [row for row in outcomes if row.turn.expect in ("answer", "asks")]
    refused = [row for row in in_domain if row.refused or row.not_in_pages]
    sets: dict[str, dict] = defaultdict(lambda: {"conversations": 0, "turns": 0})
    for conversation in conversations:
        sets[conversation.set]["conversations"] += 1
        sets[conversation.set]["turns"] += len(conversation.turns)
    latencies = [row.ms for row in outcomes]
    return {
        **context,
        "sets": dict(sets),
        "turns_right": _rate_of(outcomes, ok),
        "per_set": _grouped(outcomes, lambda row: [row.conversation.set], ok),
        "per_kind": _grouped(outcomes, lambda row: row.turn.kinds or ["(no kind)"], ok),
        "first_questions": _rate_of(
            [row for row in outcomes if row.conversation.is_first_question(row.number)], ok
        ),
        "out_of_field_recall": _rate_of(out_of_field, lambda row: row.refused),
        "out_of_field_recall_per_area": _grouped(
            out_of_field, lambda row: [row.turn.area or NO_AREA], lambda row: row.refused
        ),
        "wrongly_refused": {
            **_rate(len(refused), len(in_domain)),
            "out_of_field_phrase": sum(row.refused for row in refused),
            "not_in_pages_phrase": sum(row.not_in_pages for row in refused),
        },
        "not_in_pages_recall": _rate_of(
            [row for row in outcomes if row.turn.expect == NOT_IN_PAGES], lambda row: row.not_in_pages
        ),
        "timing_ms_per_turn": {
            "turns": len(latencies),
            "p50": _percentile(latencies, 50),
            "p95": _percentile(latencies, 95),
            "max": round(max(latencies), 1) if latencies else None,
        },
        "http_errors": sum(row.error is not None for row in outcomes),
        "failing": [
            {"id": row.conversation.id, "turn": row.number, "kinds": list(row.turn.kinds),
             "failed": row.failed, **({"error": row.error} if row.error else {})}
            for row in outcomes if not row.ok
        ],
    }


def _share(rate: dict) -> str:
    return "–" if rate["rate"] is None else f"{rate['rate']:.1%}"


def _table(title: str, passed: str, rates: dict[str, dict]) -> list[str]:
    lines = ["", f"| {title} | {passed} | turns | share |", "|---|---|---|---|"]
    return lines + [f"| {key} | {r['passed']} | {r['cases']} | {_share(r)} |" for key, r in rates.items()]


def markdown(summary: dict) -> str:
    refused = summary["wrongly_refused"]
    timing = summary["timing_ms_per_turn"]
    limit = f", at most {summary['limit']} conversations per set" if summary["limit"] else ""
    lines = [
        "# Understanding: blind evaluation conversations",
        "",
        f"Model `{summary['model']}` (file modified {summary['model_mtime']}), run {summary['run_at']} "
        f"(today {summary['today']}, Europe/Stockholm) through POST /api/chat of {summary['stack']}{limit}. "
        "Made by `make bench-understanding` (bench/understanding.py) following "
        "bench/understanding/CONTRACT.md. The sets are blind: only ids appear here.",
    ]
    lines += _table("set", "right", {"all": summary["turns_right"], **summary["per_set"]})
    lines += _table("kind (a turn counts in each it lists)", "right", summary["per_kind"])
    lines += _table(
        "first questions", "right", {"first turns and in-field questions": summary["first_questions"]}
    )
    lines += _table("out-of-field recall", "recognised", {"all": summary["out_of_field_recall"]})
    lines += _table("out-of-field recall by area", "recognised", summary["out_of_field_recall_per_area"])
    lines += [
        "",
        "| in-domain turns (expect answer/asks) wrongly refused | out-of-field phrase | not-in-pages phrase "
        "| refused | turns | share |",
        "|---|---|---|---|---|---|",
        f"| all | {refused['out_of_field_phrase']} | {refused['not_in_pages_phrase']} | {refused['passed']} "
        f"| {refused['cases']} | {_share(refused)} |",
    ]
    lines += _table("not-in-pages recall", "recognised", {"all": summary["not_in_pages_recall"]})
    lines += [
        "",
        "| time per turn | p50 ms | p95 ms | max ms | turns | HTTP errors |",
        "|---|---|---|---|---|---|",
        f"| sequential | {timing['p50']} | {timing['p95']} | {timing['max']} | {timing['turns']} "
        f"| {summary['http_errors']} |",
        "",
        "Failing turns (id, turn number, kinds: the checks that failed):",
        "",
    ]
    lines += [
        f"- {row['id']} turn {row['turn']} ({', '.join(row['kinds']) or 'no kind'}): "
        f"{', '.join(row['failed'])}{' — ' + row['error'] if row.get('error') else ''}"
        for row in summary["failing"]
    ] or ["- none"]
    return "\n".join(lines) + "\n"


def show_failures(outcomes: list[Outcome]) -> None:
    """The texts behind the failing turns, for the developer's terminal only."""
    for row in outcomes:
        if row.ok:
            continue
        turn = row.turn
        kinds = ", ".join(turn.kinds)
        print(f"--- {row.conversation.id} turn {row.number} ({kinds}): {', '.join(row.failed)}")
        print(f"user:     {turn.user}")
        deadline = ""
        if turn.deadline_for:
            deadline = f" (last day {expected_deadline(turn.deadline_for, dt.datetime.now(SWEDEN).date())})"
        print(f"expect:   {turn.expect}; must {[list(group) for group in turn.must]}; "
              f"must_not {list(turn.must_not)}; deadline_for {turn.deadline_for}{deadline}")
        print(f"reply:    {row.error or ' | '.join(row.reply.splitlines())}")


def _relative(path: Path) -> str:
    return str(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)


def _set_paths(names: list[str] | None) -> list[Path]:
    if not names:
        return [SETS_DIR / name for name in DEFAULT_SETS if (SETS_DIR / name).exists()]
    return [Path(name) if Path(name).exists() else SETS_DIR / name for name in names]


def _run_against_new_stack(model: Path, conversations: list[Conversation]) -> list[Outcome]:
    from stack.service import ProjectStack

    with tempfile.TemporaryDirectory(prefix="bench-understanding-") as workdir:
        stack = ProjectStack(Path(workdir), model)
        try:
            stack.start()
            with httpx.Client(timeout=REQUEST_TIMEOUT, trust_env=False) as client:
                return play(client, stack.url, conversations)
        finally:
            stack.stop()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, default=ROOT / "models" / "assistant.tar.gz")
    parser.add_argument("--url", help="a running service (e.g. http://127.0.0.1:8000) instead of a new one")
    parser.add_argument("--sets", nargs="+", metavar="FILE",
                        help=f"set files (names in {_relative(SETS_DIR)}/ or paths); default: all that exist")
    parser.add_argument("--limit", type=int, help="at most N conversations (or questions) from each set")
    parser.add_argument("--show-failures", action="store_true",
                        help="print the user text, expectation and reply of each failing turn (not saved)")
    args = parser.parse_args()
    model = args.model.resolve()
    if not model.exists():
        print(f"bench/understanding.py: no model at {model}; run `make train` first.", file=sys.stderr)
        return 2
    paths = _set_paths(args.sets)
    missing = [str(path) for path in paths if not path.exists()]
    if not paths or missing:
        print(f"bench/understanding.py: no set file {', '.join(missing)} in {SETS_DIR}", file=sys.stderr)
        return 2
    now = dt.datetime.now(SWEDEN)
    try:
        conversations = load_sets(paths, now.date(), args.limit)
    except SetError as error:
        print(f"bench/understanding.py: {error}", file=sys.stderr)
        return 2
    if args.url:
        url = args.url.rstrip("/")
        with httpx.Client(timeout=REQUEST_TIMEOUT, trust_env=False) as client:
            try:
                client.get(f"{url}/health").raise_for_status()
            except httpx.HTTPError as error:
                print(f"bench/understanding.py: {url}/health: {error}", file=sys.stderr)
                return 2
            outcomes = play(client, url, conversations)
    else:
        outcomes = _run_against_new_stack(model, conversations)
    context = {
        "run_at": now.isoformat(timespec="seconds"),
        "today": now.date().isoformat(),
        "model": _relative(model),
        "model_mtime": dt.datetime.fromtimestamp(model.stat().st_mtime, SWEDEN).isoformat(timespec="seconds"),
        "stack": args.url or "a stack started for the run",
        "set_files": [_relative(path) for path in paths],
        "limit": args.limit,
    }
    summary = summarise(outcomes, conversations, context)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "understanding.json").write_text(
        json.dumps(summary, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    (RESULTS / "understanding.md").write_text(markdown(summary), encoding="utf-8")
    print(markdown(summary))
    if args.show_failures:
        show_failures(outcomes)
    return 0


if __name__ == "__main__":
    sys.exit(main())
