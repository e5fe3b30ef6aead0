"""Every notebook in notebooks/ runs top to bottom without an error, shows its plots and writes
its files (into a temporary folder through KG_NOTEBOOK_OUT, not the repository's out/)."""
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

NOTEBOOKS = sorted((Path(__file__).resolve().parent.parent / "notebooks").glob("*.ipynb"))

# what each notebook leaves in its output folder besides the story subsets it builds
WRITES = {
    "explore.ipynb": ["explore-hostile-weekly.png", "explore-rivalries.png", "explore-network.html",
                      "explore-pyvis.html"],
    "compare-periods.ipynb": ["compare-periods-moves.png"],
}


def test_there_are_the_tour_and_the_comparison_notebooks():
    assert {p.name for p in NOTEBOOKS} >= set(WRITES)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebooks_are_stored_without_outputs(path):
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code and all(not c.outputs and c.execution_count is None for c in code)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_runs_top_to_bottom_plots_and_writes_its_files(path, tmp_path, monkeypatch):
    monkeypatch.setenv("KG_NOTEBOOK_OUT", str(tmp_path))  # the kernel inherits the environment
    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, timeout=600, kernel_name="python3",
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])]
    assert not any(o.get("output_type") == "error" for o in outputs)
    assert any("built" in "".join(o.get("text", "")) for o in outputs)
    assert any("image/png" in o.get("data", {}) for o in outputs)
    for name in WRITES.get(path.name, []):
        assert (tmp_path / name).stat().st_size > 0, name
