"""A real C extension under load: scikit-learn's random forest (numpy, scipy, Cython), trained at
import on a fixed synthetic set, so every process that imports it has the same model."""
import numpy as np
from sklearn.datasets import make_classification
from sklearn.ensemble import RandomForestClassifier

_X, _y = make_classification(n_samples=400, n_features=8, n_informative=5, n_classes=3, random_state=7)
_model = RandomForestClassifier(n_estimators=15, max_depth=8, random_state=7).fit(_X, _y)


def rows(n):
    """n rows to predict, the same every time: plain lists of floats."""
    return np.random.RandomState(11).normal(size=(n, _X.shape[1])).tolist()


def predict(row):
    return int(_model.predict(np.asarray([row], dtype=float))[0])
