"""A linear text classifier for the NLU components, and how it is stored.

A logistic regression on TF-IDF features of the folded text (lower case, no å/ä/ö,
hiring_rules.swedish_terms.fold): character n-grams of two to five letters within words, and words and
word pairs. It classifies the FAQ item (bot/faq_selector.py) and whether a question lies outside the
field (bot/relevance.py). It is stored with skops, which loads only the types it is told to trust.
"""
from __future__ import annotations

from pathlib import Path
from typing import Sequence

import skops.io as sio
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline, make_pipeline, make_union

from hiring_rules.swedish_terms import fold

# Beyond sklearn's own types, the fitted TF-IDF vectorizers hold a sparse matrix.
TRUSTED_TYPES = ["scipy.sparse._csr.csr_matrix"]


class UntrustedModel(RuntimeError):
    """The stored model holds types that are not trusted to be loaded."""


def fit(texts: Sequence[str], labels: Sequence[str], regularisation: float) -> Pipeline:
    """The classifier fitted on `texts` (folded here) with their `labels`; `regularisation` is sklearn's C."""
    model = make_pipeline(
        make_union(
            TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True),
            TfidfVectorizer(analyzer="word", ngram_range=(1, 2), sublinear_tf=True),
        ),
        LogisticRegression(C=regularisation, max_iter=3000),
    )
    return model.fit([fold(text) for text in texts], list(labels))


def probabilities(model: Pipeline, texts: Sequence[str]):
    """Each text's probability of each of `model.classes_`, one row per text."""
    return model.predict_proba([fold(text) for text in texts])


def save(model: Pipeline, path: Path) -> None:
    sio.dump(model, path)


def load(path: Path) -> Pipeline:
    untrusted = set(sio.get_untrusted_types(file=path)) - set(TRUSTED_TYPES)
    if untrusted:
        raise UntrustedModel(", ".join(sorted(untrusted)))
    return sio.load(path, trusted=TRUSTED_TYPES)
