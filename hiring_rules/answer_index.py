"""The HR helpdesk's search over the assistant's answers: values in, values out.

An `AnswerIndex` is built from `Answer`s (read from the files by `hiring_rules.answer_files`) and a
table of Swedish lemmas. Search: BM25 over the answer's title (counted three times), text and item
name. A query word matches a word of the answer that shares a term with it (`swedish_terms`: form,
lemma or stem, without å/ä/ö); ties keep the answers' order.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Iterable, Mapping

from . import messages
from .errors import InvalidInput
from .faq import Button
from .swedish_terms import Analyzer, analyzer_for, fold, words

MAX_QUERY_LENGTH = 200
TITLE_WEIGHT = 3
# BM25's usual constants: how fast repeated words stop adding (K1) and how much length counts (B).
K1 = 1.2
B = 0.75


@dataclass(frozen=True)
class SourcePage:
    """A page an answer rests on, as data/sources.yml lists it: a seed page about one employer, or
    LEGAL.md (employer None), with the answers it is the source of."""

    file: str
    title: str
    employer: str | None
    answers: frozenset[str]


@dataclass(frozen=True)
class Answer:
    item: str
    title: str
    agency: str | None  # registry key; None for the variation that answers for every employer
    agency_name: str
    text: str
    buttons: tuple[Button, ...]
    sources: tuple[SourcePage, ...]


@dataclass(frozen=True)
class Hit:
    answer: Answer
    score: float


class AnswerIndex:
    def __init__(self, answers: Iterable[Answer], analyzer: Analyzer):
        self.answers = tuple(answers)
        self._analyzer = analyzer
        # Per answer: each indexed word's weight, and the positions of the words giving each term.
        self._weights: list[list[int]] = []
        self._positions: list[dict[str, set[int]]] = []
        for answer in self.answers:
            weights, positions = [], {}
            for weight, word in _indexed_words(answer):
                for term in analyzer.word_terms(word):
                    positions.setdefault(term, set()).add(len(weights))
                weights.append(weight)
            self._weights.append(weights)
            self._positions.append(positions)
        self._lengths = [sum(weights) for weights in self._weights]
        self._average_length = sum(self._lengths) / len(self._lengths)

    def search(self, query: str, agency: str | None = None) -> list[Hit]:
        """Answers matching `query`, best first; with `agency`, that employer's and the general ones.

        `agency` is a registry key the caller has checked. An empty query, or one without a single
        word, is refused: every answer would match equally, which is a listing, not a search.
        """
        if len(query) > MAX_QUERY_LENGTH:
            raise InvalidInput("q", messages.ANSWER_QUERY_TOO_LONG.format(max=MAX_QUERY_LENGTH))
        query_words = {fold(word): word for word in words(query)}  # a word typed twice counts once
        if not query_words:
            raise InvalidInput("q", messages.ANSWER_QUERY_EMPTY)
        scores = [0.0] * len(self.answers)
        for word in query_words.values():
            frequencies = self._frequencies(self._analyzer.word_terms(word))
            matched = sum(1 for frequency in frequencies if frequency)
            idf = math.log(1 + (len(self.answers) - matched + 0.5) / (matched + 0.5))
            for index, frequency in enumerate(frequencies):
                if frequency:
                    scores[index] += idf * self._saturation(frequency, self._lengths[index])
        hits = [
            Hit(answer, score)
            for answer, score in zip(self.answers, scores)
            if score > 0 and (agency is None or answer.agency in (agency, None))
        ]
        return sorted(hits, key=lambda hit: -hit.score)  # stable: ties keep the answers' order

    def _frequencies(self, terms: set[str]) -> list[int]:
        """Per answer, the weighted count of its words sharing a term with the query word.

        A word counts once however many of its terms match, so a query word is one BM25 term whether
        it meets the document word by its form, its lemma or its stem.
        """
        frequencies = []
        for weights, positions in zip(self._weights, self._positions):
            matching = set().union(*(positions.get(term, ()) for term in terms))
            frequencies.append(sum(weights[position] for position in matching))
        return frequencies

    def _saturation(self, frequency: int, length: int) -> float:
        return frequency * (K1 + 1) / (frequency + K1 * (1 - B + B * length / self._average_length))


def _indexed_words(answer: Answer) -> list[tuple[int, str]]:
    """(weight, word) for the title, the text and the item name ("faq/appeal_how": faq, appeal, how)."""
    item_words = answer.item.replace("/", " ").replace("_", " ")
    return [(TITLE_WEIGHT, word) for word in words(answer.title)] + [
        (1, word) for word in words(f"{answer.text} {item_words}")
    ]


def build_index(answers: list[Answer], lemmas: Mapping[str, str]) -> AnswerIndex:
    """The index of `answers`, its terms analysed with `lemmas` (lower-case word -> lemma)."""
    texts = (" ".join(word for _, word in _indexed_words(answer)) for answer in answers)
    return AnswerIndex(answers, analyzer_for(texts, lemmas))
