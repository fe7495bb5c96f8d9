import pickle

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.feature_extraction.text import TfidfTransformer
from sklearn.pipeline import Pipeline

from skillgap.extract import extract_document
from skillgap.models import RawDocument
from skillgap.vectorize import SkillVectorizer

DOCS = ["자격요건\n- 파이썬\n- 쿠버네티스\n\n우대사항\n- 스파크",
        "Requirements\n- Python\n\nResponsibilities\n- Run Docker services"]


@pytest.fixture
def extracted(mini_taxonomy, mini_matcher):
    return [extract_document(RawDocument(f"d{i}", d), mini_taxonomy, mini_matcher) for i, d in enumerate(DOCS)]


def test_matrix_weights_follow_requirements(extracted):
    vec = SkillVectorizer()
    matrix = vec.fit_transform(extracted).toarray()
    names = list(vec.get_feature_names_out())
    assert names == ["apache-spark", "docker", "kubernetes", "python"]
    np.testing.assert_allclose(matrix, [[0.6, 0, 1.0, 1.0], [0, 0.8, 0, 1.0]])


def test_binary_and_extract_json_dicts(extracted):
    dicts = [job.to_dict() for job in extracted]
    matrix = SkillVectorizer(weighting="binary").fit(dicts).transform(dicts).toarray()
    assert matrix.sum() == 5


def test_raw_text_uses_the_given_taxonomy(mini_taxonomy):
    vec = SkillVectorizer(taxonomy=mini_taxonomy).fit(DOCS)
    assert "kubernetes" in vec.get_feature_names_out()


def test_clone_pickle_pipeline(extracted):
    vec = SkillVectorizer(weighting="count")
    assert clone(vec).get_params() == vec.get_params()
    fitted = vec.fit(extracted)
    restored = pickle.loads(pickle.dumps(fitted))
    assert (restored.transform(extracted) != fitted.transform(extracted)).nnz == 0
    pipe = Pipeline([("skills", SkillVectorizer()), ("tfidf", TfidfTransformer())])
    assert pipe.fit_transform(extracted).shape == (2, 4)


def test_unfitted_and_bad_params(extracted):
    from sklearn.exceptions import NotFittedError

    with pytest.raises(NotFittedError):
        SkillVectorizer().transform(extracted)
    with pytest.raises(ValueError, match="weighting must be one of"):
        SkillVectorizer(weighting="tfidf").fit(extracted)


def test_fixed_vocabulary_ignores_other_skills(extracted):
    matrix = SkillVectorizer(vocabulary=["python", "rust"]).fit_transform(extracted).toarray()
    np.testing.assert_allclose(matrix, [[1.0, 0], [1.0, 0]])
