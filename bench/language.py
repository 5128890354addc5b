"""Which language identifier recognises English chat messages (bot/language.py), by measurement.

    python bench/language.py          (or: make bench-language)

The sentences are in bench/language/: `english.txt`, short English questions about the core topics,
and `swedish.txt`, Swedish chat messages typed the way people do (no å/ä/ö, typos, one to three words,
employer names, dates, diarienummer). Neither is training data. Each candidate, restricted to English
and Swedish, is measured twice: alone (English when it gives English the higher probability) and
inside the recogniser's rule (bot.language.is_english: names taken out, at least four words, no
Swedish-only word, English probability ≥ MIN_PROBABILITY). Reported per candidate: English recall,
Swedish messages taken for English (the rule must make that 0), and time per message. Writes
bench/results/language.{json,md}; the packages must be installed (lingua-language-detector only for
this benchmark: `pip install --no-deps lingua-language-detector==2.1.1` in a private venv).
"""
from __future__ import annotations

import json
import sys
from importlib import metadata
import time
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot import language  # noqa: E402

SETS = ROOT / "bench" / "language"
RESULTS = ROOT / "bench" / "results"


def sentences(name: str) -> list[str]:
    lines = (SETS / f"{name}.txt").read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def py3langid_probability() -> Callable[[str], float]:
    return language.english_probability


def lingua_probability() -> Callable[[str], float]:
    from lingua import Language, LanguageDetectorBuilder

    detector = LanguageDetectorBuilder.from_languages(Language.ENGLISH, Language.SWEDISH).build()
    return lambda text: detector.compute_language_confidence(text, Language.ENGLISH)


CANDIDATES = {"py3langid": py3langid_probability, "lingua-language-detector": lingua_probability}


def _version(distribution: str) -> str:
    return metadata.version(distribution)


def _installed_mb(distribution: str) -> float:
    """The size on disk of the distribution's files (its model included)."""
    files = metadata.files(distribution) or []
    return round(sum(path.locate().stat().st_size for path in files if path.locate().is_file()) / 1e6, 1)


def measure(name: str, probability: Callable[[str], float], english: list[str], swedish: list[str]) -> dict:
    probability("warm up")  # loads the model
    result = {"candidate": name, "version": _version(name), "installed_mb": _installed_mb(name)}
    for mode, decide in (
        ("alone", lambda text: bool(probability(text) > 0.5)),
        ("rule", lambda text: language.is_english(text, probability)),
    ):
        start = time.perf_counter()
        english_hits = sum(decide(text) for text in english)
        swedish_wrong = [text for text in swedish if decide(text)]
        elapsed = time.perf_counter() - start
        result[mode] = {
            "english_recall": round(english_hits / len(english), 3),
            "english_found": english_hits,
            "swedish_taken_for_english": len(swedish_wrong),
            "ms_per_message": round(1000 * elapsed / (len(english) + len(swedish)), 3),
        }
        if mode == "rule":
            result[mode]["english_missed"] = [text for text in english if not decide(text)]
            result[mode]["swedish_wrong"] = swedish_wrong
    return result


def markdown(results: list[dict], english: int, swedish: int) -> str:
    lines = [
        "# Recognising English (bench/language.py)",
        "",
        f"{english} English chat questions and {swedish} Swedish chat messages (bench/language/). "
        "\"alone\": the identifier restricted to English and Swedish; \"rule\": bot.language.is_english "
        f"(names out, ≥ {language.MIN_WORDS} words, no Swedish-only word or letter, English probability of the words as written ≥ "
        f"{language.MIN_PROBABILITY}). Time per message includes the rule's own work; the rule asks the "
        "identifier only about messages it has not already kept Swedish, so the identifier's own cost is "
        "the \"alone\" time.",
        "",
        "| candidate | installed MB | mode | English recall | Swedish taken for English | ms per message |",
        "|---|---|---|---|---|---|",
    ]
    for result in results:
        for mode in ("alone", "rule"):
            r = result[mode]
            lines.append(
                f"| {result['candidate']} {result['version']} | {result['installed_mb']} | {mode} | {r['english_recall']:.1%} "
                f"({r['english_found']}/{english}) | {r['swedish_taken_for_english']} | {r['ms_per_message']} |"
            )
    for result in results:
        lines += ["", f"{result['candidate']}, rule: English missed:"]
        lines += [f"- {text}" for text in result["rule"]["english_missed"]] or ["- none"]
        lines += [f"{result['candidate']}, rule: Swedish taken for English:"]
        lines += [f"- {text}" for text in result["rule"]["swedish_wrong"]] or ["- none"]
    return "\n".join(lines) + "\n"


def main() -> None:
    english, swedish = sentences("english"), sentences("swedish")
    results, missing = [], []
    for name, make in CANDIDATES.items():
        try:
            probability = make()
        except ImportError:  # lingua is not in the lock: only measured where it was installed by hand
            missing.append(name)
            continue
        results.append(measure(name, probability, english, swedish))
    report = markdown(results, len(english), len(swedish))
    if missing:
        report += f"\nNot installed here, so not measured in this run: {', '.join(missing)}.\n"
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "language.json").write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    (RESULTS / "language.md").write_text(report, encoding="utf-8")
    print(report)


if __name__ == "__main__":
    main()
