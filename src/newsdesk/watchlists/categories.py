"""Categories learned from examples: a text classifier trained by the analyst, stored in the desk.

The model: TF-IDF of word unigrams and bigrams plus TF-IDF of character 3-5-grams within word
boundaries (both sublinear), a linear SVM over their union, calibrated (sigmoid, 2-fold) so each
label gets a probability-like score. Character n-grams carry inflections, names and compounds a
word model splits or misses; both parts are cheap on two cores (60k short articles train in well
under two minutes: bench/bench_watchlists.py). `baseline()` is the plain TF-IDF + logistic
regression the results are compared with.

scikit-learn is an optional dependency (`pip install 'newsdesk[categories]'`), imported only when a
model is trained or loaded (it takes about two seconds to import); a desk has no model until
`newsdesk categories train`.
A model is stored pickled (base64) in the desk's `classifiers` table: load only desks you trust.
"""

from __future__ import annotations

import base64
import pickle
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

MIN_SCORE = 0.25  # labels besides the best one are kept when they score at least this
MAX_CHARS = 20_000  # of each article: the lead carries the category; long texts cost time only


def article_text(title: str | None, text: str | None) -> str:
    return f"{title or ''}\n{(text or '')[:MAX_CHARS]}"


class CategoriesUnavailable(ValueError):
    """scikit-learn is not installed."""


def model() -> Any:
    try:  # optional dependency, and slow to import: only here, when a model is built
        # optional: pip install newsdesk[categories] (scikit-learn)
        from sklearn.calibration import CalibratedClassifierCV
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.pipeline import FeatureUnion, Pipeline
        from sklearn.svm import LinearSVC
    except ImportError as exc:
        raise CategoriesUnavailable("categories need scikit-learn: pip install 'newsdesk[categories]'") from exc
    features = FeatureUnion([
        ("words", TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=2, max_df=0.9,
                                  strip_accents="unicode", lowercase=True)),
        ("chars", TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True, min_df=2,
                                  max_features=300_000, strip_accents="unicode", lowercase=True)),
    ])
    svm = CalibratedClassifierCV(LinearSVC(C=0.5), method="sigmoid", cv=2, ensemble=False)
    return Pipeline([("features", features), ("classify", svm)])


def baseline() -> Any:
    try:  # optional dependency (see model())
        # optional: pip install newsdesk[categories] (scikit-learn)
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression
        from sklearn.pipeline import Pipeline
    except ImportError as exc:
        raise CategoriesUnavailable("categories need scikit-learn: pip install 'newsdesk[categories]'") from exc
    return Pipeline([("tfidf", TfidfVectorizer()), ("classify", LogisticRegression(max_iter=1000))])


@dataclass
class Classifier:
    pipeline: Any
    labels: list[str]

    @classmethod
    def train(cls, texts: Sequence[str], labels: Sequence[str], kind: str = "model") -> Classifier:
        if len(set(labels)) < 2:
            raise ValueError("training needs examples of at least two labels")
        if min(list(labels).count(lb) for lb in set(labels)) < 3:
            raise ValueError("training needs at least 3 examples of every label")
        pipe = model() if kind == "model" else baseline()
        pipe.fit(list(texts), list(labels))
        return cls(pipe, [str(c) for c in pipe.classes_])

    def scores(self, texts: Sequence[str]) -> list[list[tuple[str, float]]]:
        """Per text, (label, score) best first."""
        if not texts:
            return []
        probs = self.pipeline.predict_proba(list(texts))
        out = []
        for row in probs:
            ranked = sorted(zip(self.labels, (float(p) for p in row), strict=True), key=lambda t: -t[1])
            out.append(ranked)
        return out

    def categories(self, texts: Sequence[str]) -> list[list[tuple[str, float]]]:
        """Per text, the labels it gets: the best one, and any other scoring at least MIN_SCORE."""
        return [[r for i, r in enumerate(ranked) if i == 0 or r[1] >= MIN_SCORE] for ranked in self.scores(texts)]

    def predict(self, texts: Sequence[str]) -> list[str]:
        return [str(x) for x in self.pipeline.predict(list(texts))]

    def dumps(self) -> str:
        return base64.b64encode(pickle.dumps(self.pipeline, protocol=pickle.HIGHEST_PROTOCOL)).decode("ascii")

    @classmethod
    def loads(cls, data: str) -> Classifier:
        try:  # unpickling imports scikit-learn
            pipe = pickle.loads(base64.b64decode(data))  # noqa: S301 - the desk's own table (see module doc)
        except ImportError as exc:
            raise CategoriesUnavailable("this desk has categories: pip install 'newsdesk[categories]'") from exc
        return cls(pipe, [str(c) for c in pipe.classes_])
