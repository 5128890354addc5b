"""Swedish words turned into search terms that survive missing å/ä/ö and inflection.

Each word gives up to three terms: the word itself, its lemma, and a crude stem of the lemma, all with
å/ä -> a and ö -> o. "intervjun", "intervjuer" and "intervju" then share the term "intervju", and
"overklagan" (typed without ö, and missing from the lemma table) meets "överklagandet" in "overklag".
The stem is taken from every word, not only from words the table lacks: a query word the table lacks
must still meet document words the table knows, so both sides need the same stem.

The lemmas are spaCy's Swedish lookup table from the spacy-lookups-data package — the table that
`spacy.blank("sv")` with the lemmatizer in "lookup" mode consults (lemma = table.get(word, word); the
rule mode needs a tagger, which a blank pipeline lacks). It is read here directly: importing spaCy
pulls in TensorFlow (seconds and hundreds of MB in the API process), and spaCy's own table stores its
keys hashed, so it cannot be folded to find "overklagandet" under "överklagandet".
"""
from __future__ import annotations

import gzip
import json
import re
import unicodedata
from pathlib import Path
from typing import Iterable, Mapping

import spacy_lookups_data

_WORD = re.compile(r"[^\W_]+")
# Inflection endings, longest first: plural and definite forms (-arna, -erna, -en, -et, -na), the
# genitive -s, verb forms (-ande, -ade, -ar, -er, -as) and -an (ansökan, överklagan).
_SUFFIXES = (
    "arnas", "ernas", "ornas", "andes", "andet", "arna", "erna", "orna", "ande", "ans", "ars", "ers",
    "ors", "ens", "ets", "ats", "ade", "an", "ar", "er", "or", "en", "et", "na", "as", "es", "at", "a",
    "e", "s",
)
_MIN_STEM = 3


def fold(text: str) -> str:
    """Lower case without diacritics: "Överklaga" and "overklaga" are one word.

    >>> fold("Företrädesrätt, Émile")
    'foretradesratt, emile'
    """
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def stem(folded_word: str) -> str:
    for suffix in _SUFFIXES:
        if folded_word.endswith(suffix) and len(folded_word) - len(suffix) >= _MIN_STEM:
            return folded_word[: -len(suffix)]
    return folded_word


def load_lemma_table() -> dict[str, str]:
    """spaCy's Swedish lookup table (word -> lemma), about 660 000 entries."""
    path = Path(str(spacy_lookups_data.sv["lemma_lookup"]))
    if path.exists():
        return json.loads(path.read_text(encoding="utf-8"))
    with gzip.open(path.with_name(path.name + ".gz"), "rt", encoding="utf-8") as file:
        return json.load(file)


class Analyzer:
    """Word -> search terms, given a table of lemmas (lower-case word -> lemma)."""

    def __init__(self, lemmas: Mapping[str, str]):
        self._lemmas = lemmas
        # A word typed without å/ä/ö is looked up folded; "man" may then be "man" or "mån", so a
        # folded word can have several lemmas.
        self._folded: dict[str, set[str]] = {}
        for word, lemma in lemmas.items():
            self._folded.setdefault(fold(word), set()).add(fold(lemma))

    def word_terms(self, word: str) -> set[str]:
        """The word's form, lemma(s) and stem(s), folded; a query word matches a document word that
        shares any of them."""
        word = word.lower()
        folded = fold(word)
        lemma = self._lemmas.get(word)
        lemmas = {fold(lemma)} if lemma is not None else self._folded.get(folded, {folded})
        return {folded} | lemmas | {stem(lemma) for lemma in lemmas}


def analyzer_for(texts: Iterable[str], lemmas: Mapping[str, str]) -> Analyzer:
    """An analyzer for `texts` and for queries against them, keeping only the lemmas that matter.

    A query term outside the terms of `texts` matches nothing, so the table shrinks from the whole
    language (about 660 000 words) to the few thousand words whose lemma or stem occurs in `texts`.
    """
    vocabulary: set[str] = set()
    for word in {word for text in texts for word in words(text)}:
        lemma = fold(lemmas.get(word, word))
        vocabulary |= {fold(word), lemma, stem(lemma)}
    useful = {
        lemma
        for lemma in set(lemmas.values())
        if fold(lemma) in vocabulary or stem(fold(lemma)) in vocabulary
    }
    return Analyzer({word: lemma for word, lemma in lemmas.items() if lemma in useful})
