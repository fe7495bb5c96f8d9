"""Turn extracted job descriptions into a JD × skill matrix, following scikit-learn's estimator contract."""
from __future__ import annotations

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.utils.validation import check_is_fitted

from skillgap.weights import WEIGHTINGS, skill_weights


class SkillVectorizer(TransformerMixin, BaseEstimator):
    """Convert job descriptions into a sparse matrix of skill weights.

    Documents may be `JobExtraction` objects, `skillgap extract` JSON objects or raw text
    (extracted with `taxonomy`, the bundled one by default).

    Parameters
    ----------
    weighting : {"requirement", "binary", "count"}
        "requirement" weighs each skill by its strongest section (required 1.0, responsibility 0.8,
        preferred 0.6, other 0.3); "binary" marks presence; "count" counts mentions.
    include_implied : bool
        Also count parents implied by a mentioned skill (listed with no mentions).
    vocabulary : list of skill ids or None
        Fixed columns; learned from the training documents when None.
    taxonomy : Taxonomy or None
        Used only for raw-text documents.
    """

    def __init__(self, weighting="requirement", include_implied=False, vocabulary=None, taxonomy=None):
        self.weighting = weighting
        self.include_implied = include_implied
        self.vocabulary = vocabulary
        self.taxonomy = taxonomy

    def _rows(self, X):
        if self.weighting not in WEIGHTINGS:
            raise ValueError(f"weighting must be one of {WEIGHTINGS}, got {self.weighting!r}")
        return [skill_weights(doc, self.taxonomy, self.weighting, self.include_implied) for doc in X]

    def _learn(self, rows) -> None:
        ids = self.vocabulary if self.vocabulary is not None else sorted({k for row in rows for k in row})
        self.vocabulary_ = {skill_id: index for index, skill_id in enumerate(ids)}

    def fit(self, X, y=None):
        """Learn the skill vocabulary (sorted ids) from the documents."""
        self._learn(self._rows(X))
        return self

    def transform(self, X):
        """Return a CSR matrix of shape (n_documents, n_skills); unknown skills are ignored."""
        check_is_fitted(self, "vocabulary_")
        return self._matrix(self._rows(X))

    def fit_transform(self, X, y=None):
        """Fit the vocabulary and transform in one pass over the documents."""
        rows = self._rows(X)
        self._learn(rows)
        return self._matrix(rows)

    def _matrix(self, rows):
        data, indices, indptr = [], [], [0]
        for row in rows:
            for skill_id, value in sorted(row.items()):
                column = self.vocabulary_.get(skill_id)
                if column is not None:
                    indices.append(column)
                    data.append(value)
            indptr.append(len(indices))
        return sp.csr_matrix((np.asarray(data, dtype=float), indices, indptr),
                             shape=(len(rows), len(self.vocabulary_)))

    def get_feature_names_out(self, input_features=None):
        """Return the skill ids of the matrix columns."""
        check_is_fitted(self, "vocabulary_")
        return np.asarray(list(self.vocabulary_), dtype=object)
