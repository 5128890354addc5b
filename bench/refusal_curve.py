"""The trade-off the out-of-field evidence (bot/relevance.py) is set from.

    python bench/refusal_curve.py          (or: make bench-refusal)

Trains `DomainRelevance` on data/nlu (as `rasa train` would, without the rest of the pipeline) once per
setting of `unknown_share` and `unknown_min`, and asks it of every message of the blind understanding
sets (bench/understanding/): the share of out-of-field questions it refuses on its own, against the
in-field messages it would refuse; then the same for its second classifier at each `classifier_outside`.
DIET's own out-of-scope class comes on top of this (the end-to-end figures are `make
bench-understanding`'s). Writes bench/results/refusal_curve.{json,md}; only counts,
never the sentences. The setting in config.yml is the one marked.
"""
from __future__ import annotations

import contextlib
import json
import sys
import tempfile
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from rasa.shared.importers.importer import TrainingDataImporter  # noqa: E402

from bot.relevance import DomainRelevance  # noqa: E402

SETS = ROOT / "bench" / "understanding"
RESULTS = ROOT / "bench" / "results"
SHARES = (0.2, 0.25, 0.34, 0.5, 0.67)
OUTSIDE_PROBABILITIES = (0.7, 0.8, 0.85, 0.9, 0.93, 0.95, 0.97, 0.99)
MINIMA = (1, 2, 3)
IN_FIELD = ("answer", "asks", "not_in_pages")


class _Scratch:
    """Model storage for one training, in a temporary folder."""

    def write_to(self, resource):
        @contextlib.contextmanager
        def folder():
            with tempfile.TemporaryDirectory() as directory:
                yield Path(directory)
        return folder()


def _configured() -> dict:
    config = yaml.safe_load((ROOT / "config.yml").read_text(encoding="utf-8"))
    return next(step for step in config["pipeline"] if step["name"].endswith("DomainRelevance"))


def _messages() -> tuple[list[str], list[str]]:
    """(out-of-field messages, in-field messages) of the blind sets."""
    outside, inside = [], []
    for path in sorted(SETS.glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        turns = list(data.get("questions") or []) + [t for c in data.get("conversations") or [] for t in c["turns"]]
        for turn in turns:
            if turn.get("expect") == "out_of_field":
                outside.append(turn["user"])
            elif turn.get("expect") in IN_FIELD:
                inside.append(turn["user"])
    return outside, inside


def main() -> None:
    importer = TrainingDataImporter.load_from_dict(
        domain_path=str(ROOT / "bot" / "domain"), training_data_paths=[str(ROOT / "data")]
    )
    training_data = importer.get_nlu_data()
    configured = _configured()
    outside, inside = _messages()
    rows = []
    for share in SHARES:
        for minimum in MINIMA:
            config = {**configured, "unknown_share": share, "unknown_min": minimum}
            component = DomainRelevance(config, _Scratch(), None)
            component.train(training_data)
            refused_outside = sum(component.outside_field(text) for text in outside)
            refused_inside = sum(component.outside_field(text) for text in inside)
            rows.append({
                "unknown_share": share, "unknown_min": minimum,
                "out_of_field_recall": round(refused_outside / len(outside), 3),
                "in_field_refused": round(refused_inside / len(inside), 3),
                "chosen": share == configured["unknown_share"] and minimum == configured["unknown_min"],
            })
    classifier_rows = _classifier_curve(configured, training_data, outside, inside)
    RESULTS.mkdir(parents=True, exist_ok=True)
    summary = {"out_of_field_messages": len(outside), "in_field_messages": len(inside), "curve": rows,
               "classifier_curve": classifier_rows}
    (RESULTS / "refusal_curve.json").write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    lines = [
        "# Out of field on evidence: the trade-off curve (bot/relevance.py alone)",
        "",
        f"{len(outside)} out-of-field and {len(inside)} in-field messages of the blind sets in "
        "bench/understanding/. DIET's out-of-scope class adds to the recall; `make bench-understanding` "
        "gives the assistant's figures end to end. Made by `make bench-refusal`.",
        "",
        *_table(rows, ("unknown_share", "unknown_min")),
        "",
        "The second classifier (`classifier_outside`: an FAQ question is out of field from this probability "
        "of \"out of scope\" on), alone, on the same messages; in the assistant it reads only messages DIET "
        "takes for FAQ questions:",
        "",
        *_table(classifier_rows, ("classifier_outside",)),
    ]
    (RESULTS / "refusal_curve.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


def _table(rows: list[dict], settings: tuple[str, ...]) -> list[str]:
    """A Markdown table of a curve: its settings, recall, in-field refusals and the chosen row marked."""
    lines = [
        "| " + " | ".join(settings) + " | out-of-field recall | in-field refused | |",
        "|" + "---|" * (len(settings) + 3),
    ]
    for row in rows:
        values = " | ".join(str(row[name]) for name in settings)
        mark = "chosen (config.yml)" if row["chosen"] else ""
        recall, refused = row["out_of_field_recall"], row["in_field_refused"]
        lines.append(f"| {values} | {recall:.1%} | {refused:.1%} | {mark} |")
    return lines


def _classifier_curve(configured: dict, training_data, outside: list[str], inside: list[str]) -> list[dict]:
    """Recall and in-field refusals of the second classifier alone, at each threshold."""
    component = DomainRelevance(configured, _Scratch(), None)
    component.train(training_data)
    p_outside = [component.outside_probability(text) for text in outside]
    p_inside = [component.outside_probability(text) for text in inside]
    chosen = configured.get("classifier_outside", DomainRelevance.get_default_config()["classifier_outside"])
    return [
        {
            "classifier_outside": threshold,
            "out_of_field_recall": round(sum(p >= threshold for p in p_outside) / len(outside), 3),
            "in_field_refused": round(sum(p >= threshold for p in p_inside) / len(inside), 3),
            "chosen": threshold == chosen,
        }
        for threshold in OUTSIDE_PROBABILITIES
    ]


if __name__ == "__main__":
    main()
