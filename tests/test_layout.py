"""The package shows its flow: every module imports, the wings depend only on those before them in
the flow and never in a cycle, no module grows past 400 lines, `import kg` stays light, and the
README's map of modules is the tree."""
import ast
import importlib
import pkgutil
import re
import subprocess
import sys
from pathlib import Path

import pytest

import kg

PACKAGE = Path(kg.__file__).parent
README = PACKAGE.parent / "README.md"
MODULES = sorted(m.name for m in pkgutil.walk_packages(kg.__path__, "kg."))

# the flow, shared modules first: a wing may import the ones before it
FLOW = ["kg.errors", "kg.config", "kg.names", "kg.textsafe", "kg.output", "kg.vocab", "kg.ingest",
        "kg.extract", "kg.graph", "kg.sparql", "kg.network", "kg.evaluate", "kg.learn", "kg.reviewing",
        "kg.objects", "kg.api", "kg.cli", "kg.__main__", "kg"]
# the remote store speaks SPARQL: it reads queries as text to bind values for a server
BACKWARD = {("kg.graph.remote", "kg.sparql.text"), ("kg.graph.remote", "kg.sparql")}


def _file(name: str) -> Path:
    path = PACKAGE.parent.joinpath(*name.split("."))
    return path / "__init__.py" if path.is_dir() else path.with_suffix(".py")


def _imports(name: str) -> set[str]:
    """The kg modules `name` imports anywhere in its code (function-level imports too, not those
    under `if TYPE_CHECKING`), with the packages they run, leaving out its own packages."""
    path = _file(name)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()

    def visit(node):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test):
                continue
            targets = []
            if isinstance(child, ast.Import):
                targets = [a.name for a in child.names]
            elif isinstance(child, ast.ImportFrom):
                base = package
                for _ in range(child.level - 1):
                    base = base.rpartition(".")[0]
                module = (f"{base}.{child.module}" if child.module else base) if child.level else child.module
                targets = [module] + [f"{module}.{a.name}" for a in child.names]
            for target in targets:
                parts = target.split(".")
                for i in range(1, len(parts) + 1):
                    dep = ".".join(parts[:i])
                    if dep in MODULES + ["kg"] and not (name == dep or name.startswith(dep + ".")):
                        found.add(dep)
            visit(child)

    visit(ast.parse(path.read_text(encoding="utf-8")))
    return found


def _wing(name: str) -> str:
    return next(w for w in FLOW if name == w or name.startswith(w + "."))


@pytest.mark.parametrize("name", [m for m in MODULES if m != "kg.__main__"])  # __main__ runs the CLI
def test_every_module_imports(name):
    importlib.import_module(name)


def test_no_module_imports_a_wing_after_it_in_the_flow():
    backward = sorted((name, dep) for name in MODULES for dep in _imports(name)
                      if FLOW.index(_wing(dep)) > FLOW.index(_wing(name)) and (name, dep) not in BACKWARD)
    assert backward == []


def test_there_are_no_import_cycles():
    graph = {name: _imports(name) for name in MODULES + ["kg"]}
    done, path = set(), []

    def visit(node):
        if node in path:
            pytest.fail("import cycle: " + " -> ".join(path[path.index(node):] + [node]))
        if node in done:
            return
        path.append(node)
        for dep in sorted(graph.get(node, ())):
            visit(dep)
        path.pop()
        done.add(node)

    for name in graph:
        visit(name)


@pytest.mark.parametrize("name", MODULES)
def test_modules_stay_under_400_lines(name):
    assert len(_file(name).read_text(encoding="utf-8").splitlines()) <= 400


def test_import_kg_loads_neither_spacy_nor_the_store():
    code = "import sys, kg; print(sorted(m for m in ('spacy', 'pyoxigraph', 'kg.extract') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_the_readme_map_of_modules_is_the_tree():
    text = README.read_text(encoding="utf-8").split("## How it is built", 1)[1].split("\n## ", 1)[0]
    listed = set(re.findall(r"`(kg/[\w/]+\.py)`", text))
    tree = {str(p.relative_to(PACKAGE.parent)) for p in PACKAGE.rglob("*.py")
            if p.name not in ("__init__.py", "__main__.py")}
    assert sorted(tree - listed) == [], "modules missing from the README's map"
    assert sorted(listed - tree) == [], "the README's map names modules that are not there"
    wings = set(re.findall(r"\*\*`(kg/\w+)/`\*\*", text))
    assert wings == {str(p.parent.relative_to(PACKAGE.parent)) for p in PACKAGE.glob("*/__init__.py")}
