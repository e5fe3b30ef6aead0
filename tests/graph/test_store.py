"""Both stores are a GraphStore: the embedded Oxigraph store and a SPARQL server take the same
calls with the same signatures, so the build, queries and the network run on either."""
import inspect

import pytest

from kg.graph import GraphStore, RemoteStore, Store, open_store_at
from kg.errors import StoreError

METHODS = [name for name, value in vars(GraphStore).items()
           if callable(value) and (not name.startswith("_") or name in ("__enter__", "__exit__"))]


def test_the_protocol_names_every_store_operation():
    assert len(METHODS) == 15


@pytest.mark.parametrize("store", [Store, RemoteStore], ids=lambda c: c.__name__)
@pytest.mark.parametrize("name", METHODS)
def test_each_store_has_each_method_with_the_protocols_signature(store, name):
    expected = inspect.signature(getattr(GraphStore, name))
    actual = inspect.signature(getattr(store, name))
    assert list(actual.parameters) == list(expected.parameters), f"{store.__name__}.{name}"
    for p, q in zip(actual.parameters.values(), expected.parameters.values()):
        assert (p.kind, p.default) == (q.kind, q.default), f"{store.__name__}.{name}({p.name})"


def test_an_opened_store_is_a_graph_store(tmp_path):
    with open_store_at(tmp_path / "s") as store:
        assert isinstance(store, GraphStore) and store.path == tmp_path / "s"
    assert isinstance(RemoteStore("http://localhost:9/query"), GraphStore)


def test_a_folder_without_a_store_is_refused_where_one_must_exist(tmp_path):
    with pytest.raises(StoreError, match="no store here"):
        open_store_at(tmp_path, create=False)
    assert list(tmp_path.iterdir()) == []
