"""Whether a chat message is written in English: conservative, so that a Swedish message is never
answered in English.

The assistant speaks Swedish; an English message gets a short English answer on the core topics
(bot/english.py). Getting a Swedish message wrong is the costly error, so a message counts as English
only when all of these hold:

- it has at least `MIN_WORDS` words once the names are taken out: the employers' names and aliases from
  the registry and the Swedish terms people quote in English ("företrädesrätt", "Statens
  överklagandenämnd") are no language, and "ok", "hi", "fk", a date or a diarienummer are too short to
  tell;
- none of its words is a Swedish word that English never uses ("jag", "hur", "hej", "tack"), or has a
  letter English never uses (å, ä, ö): a mixed message ("hej, how do I appeal?") stays Swedish;
- py3langid, restricted to English and Swedish, gives English a probability of at least
  `MIN_PROBABILITY`, judging the words as they were written: without their å, ä and ö, Swedish words
  lose what tells them from English ("socialtjanst telefonnummer for orosanmalan" passes for English).

py3langid was chosen by measurement over lingua-language-detector (bench/language.py,
bench/results/language.md); its model ships inside the wheel, nothing is downloaded.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Callable

from py3langid.langid import MODEL_FILE, LanguageIdentifier

from hiring_rules.agencies import default_registry
from hiring_rules.sealing import tokens_in
from hiring_rules.swedish_terms import fold

# Four: on bench/language every English core question has more, and of the blind Swedish in-field turns
# (bench/understanding) two three-word answers passed for English at three.
MIN_WORDS = 4
MIN_PROBABILITY = 0.9
_WORD = re.compile(r"[^\W\d_]+")
# Swedish words (folded, no å/ä/ö) that are no English word ("men", "far", "den" are): one of them makes
# a message Swedish. So does a word with one of SWEDISH_LETTERS.
SWEDISH_ONLY = frozenset("""
    jag du ni vi hon dom mig dig oss sig mina din ditt och att det ar inte ej hur vad vem vilken vilket
    vart nar varfor har hade vill ska skulle kan kunde maste fick fa blev hej hejsan tja tack nej jo nja
    pa med som denna detta sen da eller ocksa efter innan jobbet tjansten beslutet overklaga overklagan
    overklagandet anstalld uppsagd arbetsbrist ju nu bara lite mycket nagon nagot inga ingen alla gor gora
    gjorde finns galler betyder undrar
""".split())
# Swedish terms an English question quotes as they are; like the employers' names, they say nothing of
# the language of the message.
QUOTED_TERMS = ("företrädesrätt", "statens överklagandenämnd", "överklagandenämnd", "kommun", "kommunen")
SWEDISH_LETTERS = frozenset("åäö")


@lru_cache(maxsize=1)
def _names() -> tuple[str, ...]:
    """The employers' names and aliases and the quoted terms, folded, longest first."""
    names = {fold(term) for term in QUOTED_TERMS}
    for agency in default_registry():
        names.add(fold(agency.display_name))
        names.update(fold(alias) for alias in agency.aliases)
    return tuple(sorted(names, key=len, reverse=True))


# The letters a folded word stands for: "a" was written "a", "å" or "ä" ...
_LETTER_CLASSES = {"a": "[aåäáà]", "o": "[oöó]", "e": "[eéè]", "u": "[uü]"}


def _spelt_any_way(folded: str) -> str:
    """A pattern of the folded word `folded` as written with or without its diacritics.

    >>> bool(re.fullmatch(_spelt_any_way("forsakringskassan"), "försäkringskassan"))
    True
    """
    return "".join(_LETTER_CLASSES.get(letter, re.escape(letter)) for letter in folded)


@lru_cache(maxsize=1)
def _names_pattern() -> re.Pattern:
    """The employers' names and aliases and the quoted terms, however spelt, at the start of a word."""
    names = "|".join(_spelt_any_way(name) for name in _names())
    return re.compile(rf"(?<![^\W\d_])(?:{names})\w*")


def words_to_judge(text: str) -> list[str]:
    """The words of `text` that can tell its language, in lower case as written: names, quoted terms,
    numbers and sealed personnummer tokens taken out."""
    for token in tokens_in(text):
        text = text.replace(token, " ")
    return _WORD.findall(_names_pattern().sub(" ", text.lower()))


@lru_cache(maxsize=1)
def _identifier() -> LanguageIdentifier:
    identifier = LanguageIdentifier.from_pickled_model(MODEL_FILE, norm_probs=True)
    identifier.set_languages(["en", "sv"])
    return identifier


def english_probability(text: str) -> float:
    """py3langid's probability that `text` is English rather than Swedish."""
    language, probability = _identifier().classify(text)
    return float(probability) if language == "en" else 1.0 - float(probability)


def _swedish_only(word: str) -> bool:
    return fold(word) in SWEDISH_ONLY or not SWEDISH_LETTERS.isdisjoint(word)


def is_english(text: str, probability: Callable[[str], float] = english_probability) -> bool:
    """True when `text` is surely English (see the module docstring); `probability` is the language
    identifier's (bench/language.py compares candidates through it).

    >>> is_english("How do I appeal a hiring decision at Försäkringskassan?")
    True
    >>> is_english("hej, how do I appeal?")
    False
    >>> is_english("ok thanks")
    False
    """
    words = words_to_judge(text)
    if len(words) < MIN_WORDS or any(_swedish_only(word) for word in words):
        return False
    return probability(" ".join(words)) >= MIN_PROBABILITY
