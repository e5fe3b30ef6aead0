"""Learning from annotated news: gold documents aligned to the extractor's actors and sentences,
training examples, the relation model fitted, cross-validated, thresholded and calibrated
(`train`, what `kg train` runs), and the measures of `bench/relation_model.py`.

Nothing here runs at build time: extraction reads the model file only (`kg.extract.model`).
"""
from importlib import import_module

__all__ = ["FitOptions", "GoldDocument", "TrainReport", "align", "cross_validate", "examples_for",
           "fit", "load_documents", "train"]

_HOME = {"FitOptions": "trainer", "TrainReport": "trainer", "cross_validate": "trainer", "fit": "trainer",
         "train": "trainer", "GoldDocument": "gold", "align": "gold", "load_documents": "gold",
         "examples_for": "examples"}


def __getattr__(name):
    if name in _HOME:
        return getattr(import_module(f".{_HOME[name]}", __name__), name)
    raise AttributeError(f"module 'kg.learn' has no attribute {name!r}")
