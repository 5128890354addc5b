"""Content of the first reply to the held-out messages in tests/nlu_heldout/first_reply.yml.

    python bench/first_reply.py [--model models/assistant.tar.gz]     (or: make bench-first-reply)

Starts Rasa with the trained model and the action server (stack/rasa_stack.py: free ports, a temporary
SQLite tracker store and sealing key), sends every case as the first message of a new conversation
(a fresh random sender, the case's metadata) to the REST channel, joins the texts and button titles of
the replies, and checks the case's `expect_any` (at least one) and `expect_all` (every one) as
case-insensitive substrings. Writes bench/results/first_reply.json and first_reply.md: the share of
cases answered with the right content overall, per kind, per employer and per intent, and the failing
cases by number, intent, the intent Rasa parsed (from its debug log) and the domain responses the bot
answered with, never their texts (the held-out set must not leak into the training data; see
tests/nlu_heldout/README.md). A benchmark: exits 0 whatever the score.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import tempfile
import uuid
from collections import defaultdict
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from stack.rasa_stack import RasaStack  # noqa: E402

CASES = ROOT / "tests" / "nlu_heldout" / "first_reply.yml"
DOMAIN = ROOT / "bot" / "domain"
RESULTS = ROOT / "bench" / "results"
UNKNOWN_EMPLOYER = "(unknown)"
PARSE_EVENT = '"event": "processor.message.parse"'


def reply_text(replies: list[dict]) -> str:
    """The texts and button titles of the bot's replies, one per line."""
    parts = []
    for reply in replies:
        parts.append(reply.get("text") or "")
        parts.extend(button.get("title", "") for button in reply.get("buttons") or [])
    return "\n".join(parts)


def response_names() -> dict[str, str]:
    """Every response text of the domain (all variations, one line as the bot sends it) -> its name."""
    names = {}
    for path in sorted(DOMAIN.glob("*.yml")):
        responses = (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("responses") or {}
        for name, variations in responses.items():
            for variation in variations:
                if variation.get("text"):
                    names[" ".join(variation["text"].split())] = name
    return names


def answered_with(replies: list[dict], names: dict[str, str]) -> list[str]:
    """The domain responses the replies are (texts filled in by an action show as "(action text)")."""
    return [names.get(" ".join((reply.get("text") or "").split()), "(action text)") for reply in replies]


def content_ok(case: dict, text: str) -> bool:
    folded = text.casefold()
    expect_any = case.get("expect_any") or []
    expect_all = case.get("expect_all") or []
    return (not expect_any or any(e.casefold() in folded for e in expect_any)) and all(
        e.casefold() in folded for e in expect_all
    )


def case_id(number: int, case: dict) -> str:
    return f"#{number:03d} {case['intent']}"


def run_cases(stack: RasaStack, cases: list[dict]) -> list[dict]:
    names = response_names()
    outcomes = []
    for number, case in enumerate(cases, start=1):
        replies = stack.send(f"bench-{uuid.uuid4().hex}", case["text"], case.get("metadata") or {})
        outcomes.append({
            "id": case_id(number, case),
            "kind": case["kind"],
            "intent": case["intent"],
            "employer": (case.get("metadata") or {}).get("agency", UNKNOWN_EMPLOYER),
            "ok": content_ok(case, reply_text(replies)),
            "answered_with": answered_with(replies, names),
        })
    return outcomes


def parsed_intents(log: Path) -> list[str]:
    """The intents of the parsed messages in Rasa's debug log (one JSON event a line), in order, as
    "name (confidence)"."""
    intents = []
    for line in log.read_text(encoding="utf-8", errors="replace").splitlines():
        if PARSE_EVENT in line:
            intent = json.loads(line[line.index("{"):])["parse_data_intent"]
            intents.append(f"{intent['name']} ({intent['confidence']:.2f})")
    return intents


def _rate(rows: list[dict]) -> dict:
    passed = sum(row["ok"] for row in rows)
    return {"passed": passed, "cases": len(rows), "rate": round(passed / len(rows), 4) if rows else 0.0}


def summarise(outcomes: list[dict], model: Path) -> dict:
    groups: dict[str, dict[str, list[dict]]] = {"kind": defaultdict(list), "employer": defaultdict(list),
                                                "intent": defaultdict(list)}
    for row in outcomes:
        for key, by_value in groups.items():
            by_value[row[key]].append(row)
    return {
        "date": dt.date.today().isoformat(),
        "model": str(model.relative_to(ROOT) if model.is_relative_to(ROOT) else model),
        "cases_file": str(CASES.relative_to(ROOT)),
        "overall": _rate(outcomes),
        "per_kind": {value: _rate(rows) for value, rows in sorted(groups["kind"].items())},
        "per_employer": {value: _rate(rows) for value, rows in sorted(groups["employer"].items())},
        "per_intent": {value: _rate(rows) for value, rows in sorted(groups["intent"].items())},
        "failing": {row["id"]: row["answered_with"] for row in outcomes if not row["ok"]},
    }


def _table(title: str, rates: dict) -> list[str]:
    lines = ["", f"| {title} | right content | cases | share |", "|---|---|---|---|"]
    lines += [f"| {value} | {r['passed']} | {r['cases']} | {r['rate']:.1%} |" for value, r in rates.items()]
    return lines


def markdown(summary: dict) -> str:
    overall = summary["overall"]
    lines = [
        "# First reply on the held-out messages",
        "",
        f"Model `{summary['model']}` on `{summary['cases_file']}`, {summary['date']}. Made by "
        "`make bench-first-reply` (bench/first_reply.py). Each message opens a new conversation; the reply "
        "counts as right when it contains the facts the case expects.",
        "",
        f"**Right content in the first reply: {overall['passed']} of {overall['cases']} "
        f"({overall['rate']:.1%})**",
    ]
    lines += _table("kind", summary["per_kind"])
    lines += _table("employer (metadata)", summary["per_employer"])
    lines += _table("intent the message is written for", summary["per_intent"])
    lines += ["", "Failing cases (number in the file, the intent it is written for, the responses the bot "
              "answered with; the texts are deliberately not shown):", ""]
    lines += [
        f"- {case}: {', '.join(answer) or '(no reply)'}" for case, answer in summary["failing"].items()
    ] or ["- none"]
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, default=ROOT / "models" / "assistant.tar.gz")
    args = parser.parse_args()
    model = args.model.resolve()
    if not model.exists():
        print(f"bench/first_reply.py: no model at {model}; run `make train` first.", file=sys.stderr)
        return 2
    cases = yaml.safe_load(CASES.read_text(encoding="utf-8"))["cases"]
    with tempfile.TemporaryDirectory(prefix="bench-first-reply-") as workdir:
        stack = RasaStack(Path(workdir), model)
        try:
            stack.start_actions()
            stack.start_rasa()
            outcomes = run_cases(stack, cases)
        finally:
            stack.stop()
        intents = parsed_intents(Path(workdir) / "rasa-1.log")
        if len(intents) == len(outcomes):
            for row, intent in zip(outcomes, intents):
                row["answered_with"].insert(0, f"NLU: {intent}")
    summary = summarise(outcomes, model)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "first_reply.json").write_text(
        json.dumps(summary, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    (RESULTS / "first_reply.md").write_text(markdown(summary), encoding="utf-8")
    print(markdown(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main())
