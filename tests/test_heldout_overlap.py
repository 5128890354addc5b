"""The held-out messages (tests/nlu_heldout/, bench/understanding/) must not occur in the training data
(data/nlu/).

Texts are compared normalised: lower case, å/ä/ö (and é) folded to a/a/o/e, punctuation removed,
whitespace collapsed. A failure names the training file, intent and line, never the held-out text, so
that reading the failure does not leak the held-out set into the training side.
"""
from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
HELDOUT = REPO / "tests" / "nlu_heldout"
TRAINING = REPO / "data" / "nlu"

# One- and two-word messages that every Swedish chat corpus contains, so a held-out set and a training
# set written independently cannot avoid sharing them (normalised form, see `normalise`). Nothing longer
# is excused.
UNAVOIDABLE = frozenset({
    # greet
    "hej", "hejsan", "hallo", "tjena", "tjenare", "tja", "god morgon", "god dag", "hej hej",
    # goodbye
    "hej da", "hejda", "ha det", "vi hors", "adjo",
    # thank
    "tack", "tusen tack", "tackar", "stort tack", "tack tack",
    # affirm
    "ja", "japp", "jajamen", "ja tack", "absolut", "precis", "stammer", "okej", "ok", "javisst", "ja visst",
    "det stammer", "ja garna", "yes",
    # deny
    "nej", "nej tack", "nae", "na", "nope", "inte alls",
    # stop: "avbryt" is the contract's own example of the intent
    "avbryt", "sluta", "stopp",
    # inform_agency: an employer's bare name is the answer to "which employer?"
    "forsakringskassan", "migrationsverket", "karlstads kommun", "fk",
})

_FOLD = str.maketrans({"å": "a", "ä": "a", "ö": "o", "é": "e", "ü": "u"})
_ANNOTATION = re.compile(r"\[([^\]]*)\](\([^)]*\)|\{[^}]*\})")


def normalise(text: str) -> str:
    text = _ANNOTATION.sub(r"\1", unicodedata.normalize("NFC", text)).lower().translate(_FOLD)
    text = re.sub(r"[^\w\s]", " ", text)
    return " ".join(text.split())


def _nlu_examples(path: Path) -> list[tuple[str, int, str]]:
    """(intent, line number, example text) of every example in an NLU YAML file."""
    examples, intent = [], None
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        stripped = line.strip()
        if stripped.startswith("- intent:"):
            intent = stripped.split(":", 1)[1].strip()
        elif stripped.startswith(("- synonym:", "- regex:", "- lookup:")):
            intent = None
        elif intent and stripped.startswith("- "):
            examples.append((intent, number, stripped[2:]))
    return examples


UNDERSTANDING = REPO / "bench" / "understanding"


def _understanding_texts() -> set[str]:
    """Every user message of the blind understanding sets (bench/understanding/CONTRACT.md)."""
    texts = set()
    for path in sorted(UNDERSTANDING.glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        texts |= {normalise(q["user"]) for q in data.get("questions") or []}
        texts |= {normalise(t["user"]) for c in data.get("conversations") or [] for t in c["turns"]}
    return texts


def heldout_texts() -> set[str]:
    texts = {normalise(text) for _, _, text in _nlu_examples(HELDOUT / "intents.yml")}
    cases = yaml.safe_load((HELDOUT / "first_reply.yml").read_text(encoding="utf-8"))["cases"]
    return texts | {normalise(case["text"]) for case in cases} | _understanding_texts()


def overlaps() -> list[str]:
    """Training examples equal to a held-out message, as "file:line (intent)"."""
    heldout = heldout_texts() - UNAVOIDABLE
    return [
        f"{path.relative_to(REPO)}:{number} ({intent})"
        for path in sorted(TRAINING.glob("*.yml"))
        for intent, number, text in _nlu_examples(path)
        if normalise(text) in heldout
    ]


def test_normalise_folds_case_accents_and_punctuation():
    assert normalise("Hur  överklagar jag, FK?") == "hur overklagar jag fk"
    assert normalise("jag jobbar på [Migrationsverket](agency)!") == "jag jobbar pa migrationsverket"


def test_unavoidable_messages_are_at_most_two_words_and_normalised():
    assert all(len(text.split()) <= 2 for text in UNAVOIDABLE)
    assert all(normalise(text) == text for text in UNAVOIDABLE)


def test_no_heldout_message_is_in_the_training_data():
    found = overlaps()
    assert not found, f"{len(found)} training examples equal a held-out message; reword or remove: {found}"
