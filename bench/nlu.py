"""NLU accuracy of the trained assistant on the held-out messages in tests/nlu_heldout/intents.yml.

    python bench/nlu.py [--model models/assistant.tar.gz]     (or: make bench-nlu)

Runs `rasa test nlu` on the held-out file and writes bench/results/nlu.json and nlu.md: intent macro-F1
(over the intents the held-out file contains), intent accuracy, FAQ response-selection accuracy, how
many held-out messages the FallbackClassifier would turn into nlu_fallback (Rasa's evaluation reverts
those to the top intent, so they are counted here from the confidences), how many held-out texts also
occur verbatim in the training data, and the F1 of every intent. Rasa's own reports stay in
var/bench/nlu/. The held-out messages were written without looking at the training data; never copy them
into data/nlu/ (tests/nlu_heldout/README.md).
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
HELDOUT = ROOT / "tests" / "nlu_heldout" / "intents.yml"
RESULTS = ROOT / "bench" / "results"
REPORTS = ROOT / "var" / "bench" / "nlu"
CONFIG = ROOT / "config.yml"
TRAINING_NLU = ROOT / "data" / "nlu"
SUMMARY_ROWS = ("accuracy", "macro avg", "weighted avg", "micro avg")


def run_rasa_test(model: Path, heldout: Path, out: Path) -> None:
    rasa = Path(sys.executable).with_name("rasa")
    subprocess.run(
        [str(rasa), "test", "nlu", "--model", str(model), "--nlu", str(heldout), "--out", str(out),
         "--successes"],
        check=True,
        cwd=ROOT,
    )


def _read(path: Path):
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else []


def per_label_f1(report: dict) -> dict[str, dict]:
    """Labels of the held-out set (support > 0) with their F1 and support."""
    return {
        label: {"f1": round(row["f1-score"], 4), "support": row["support"]}
        for label, row in sorted(report.items())
        if label not in SUMMARY_ROWS and isinstance(row, dict) and row.get("support", 0) > 0
    }


def fallback_threshold(config: Path) -> float:
    pipeline = yaml.safe_load(config.read_text(encoding="utf-8"))["pipeline"]
    return next(c["threshold"] for c in pipeline if c["name"] == "FallbackClassifier")


def example_texts(path: Path) -> set[str]:
    """The example texts of an NLU YAML file, lower-cased."""
    items = (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("nlu") or []
    return {
        line.strip()[2:].strip().lower()
        for item in items
        if "intent" in item
        for line in item["examples"].splitlines()
        if line.strip().startswith("- ")
    }


def summarise(reports: Path, model: Path, heldout: Path) -> dict:
    intent_report = json.loads((reports / "intent_report.json").read_text(encoding="utf-8"))
    selection_report = json.loads((reports / "response_selection_report.json").read_text(encoding="utf-8"))
    intents = per_label_f1(intent_report)
    predictions = _read(reports / "intent_errors.json") + _read(reports / "intent_successes.json")
    threshold = fallback_threshold(CONFIG)
    fallbacks = sum(1 for p in predictions if p["intent_prediction"]["confidence"] < threshold)
    training = set().union(*(example_texts(path) for path in TRAINING_NLU.glob("*.yml")))
    faq_examples = sum(row["support"] for row in per_label_f1(selection_report).values())
    return {
        "date": dt.date.today().isoformat(),
        "model": str(model.relative_to(ROOT) if model.is_relative_to(ROOT) else model),
        "heldout": str(heldout.relative_to(ROOT) if heldout.is_relative_to(ROOT) else heldout),
        "examples": len(predictions),
        # Macro over the held-out intents only: nlu_fallback is a prediction, never a gold label, so
        # sklearn's macro average (which counts it as a label with F1 0) is kept apart for reference.
        "intent_macro_f1": round(sum(r["f1"] for r in intents.values()) / len(intents), 4),
        "intent_macro_f1_sklearn": round(intent_report["macro avg"]["f1-score"], 4),
        "intent_accuracy": round(intent_report["accuracy"], 4),
        "response_selection_accuracy": round(selection_report["accuracy"], 4),
        "faq_examples": faq_examples,
        "fallback_threshold": threshold,
        "below_fallback_threshold": fallbacks,
        "also_in_training_data": len(example_texts(heldout) & training),
        "intents": intents,
    }


def markdown(summary: dict) -> str:
    lines = [
        "# NLU on the held-out set",
        "",
        f"Model `{summary['model']}` on `{summary['heldout']}` ({summary['examples']} messages), "
        f"{summary['date']}. Made by `make bench-nlu` (bench/nlu.py).",
        "",
        "| measure | value |",
        "|---|---|",
        f"| intent macro-F1 (held-out intents) | {summary['intent_macro_f1']:.3f} |",
        f"| intent accuracy | {summary['intent_accuracy']:.3f} |",
        f"| FAQ response selection accuracy ({summary['faq_examples']} FAQ messages) | "
        f"{summary['response_selection_accuracy']:.3f} |",
        f"| messages below the fallback threshold {summary['fallback_threshold']} (would get "
        f"\"rephrase\") | {summary['below_fallback_threshold']} |",
        "| held-out texts that also occur verbatim in the training data | "
        f"{summary['also_in_training_data']} |",
        "",
        "| intent | F1 | held-out messages |",
        "|---|---|---|",
    ]
    for label, row in summary["intents"].items():
        lines.append(f"| {label} | {row['f1']:.3f} | {row['support']} |")
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, default=ROOT / "models" / "assistant.tar.gz")
    parser.add_argument("--heldout", type=Path, default=HELDOUT)
    args = parser.parse_args()
    model, heldout = args.model.resolve(), args.heldout.resolve()
    if not heldout.exists():
        print(
            f"bench/nlu.py: the held-out set {heldout} does not exist. It is written separately from the "
            "training data (see tests/nlu_heldout/README.md); the benchmark cannot run without it.",
            file=sys.stderr,
        )
        return 2
    if not model.exists():
        print(f"bench/nlu.py: no model at {model}; run `make train` first.", file=sys.stderr)
        return 2
    run_rasa_test(model, heldout, REPORTS)
    summary = summarise(REPORTS, model, heldout)
    RESULTS.mkdir(parents=True, exist_ok=True)
    as_json = json.dumps(summary, ensure_ascii=False, indent=2) + "\n"
    (RESULTS / "nlu.json").write_text(as_json, encoding="utf-8")
    (RESULTS / "nlu.md").write_text(markdown(summary), encoding="utf-8")
    print(markdown(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main())
