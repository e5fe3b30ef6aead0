"""Every `kg` command is documented and is one call of the library API: it has help text, every
option has help, the README's tour shows it, and its body makes the API call it stands for."""
import inspect
import re
from pathlib import Path

import pytest

import kg.api
from kg.cli import cli, main

README = Path(__file__).resolve().parents[2] / "README.md"

# each command and the library call it makes (`kg.api`: a KnowledgeGraph method or a function)
API = {"build": "build", "query": "query", "render": "render", "export": "export", "stats": "stats",
       "analyze": "analyze", "eval": "evaluate", "documents": "documents", "remove": "remove",
       "runs": "runs", "import": "import_files", "validate": "validate", "push": "push", "serve": "serve",
       "review": "review", "reject": "reject", "confirm": "confirm", "train": "train"}


def tour() -> str:
    """The README's tour of the CLI: its section up to the next one of the same level."""
    text = README.read_text(encoding="utf-8")
    return text.split("## A tour of the CLI", 1)[1].split("\n## ", 1)[0]


def test_every_command_is_listed_here():
    assert set(cli.commands) == set(API)


@pytest.mark.parametrize("name", sorted(API))
def test_command_has_help_text_and_every_option_has_help(name, capsys):
    command = cli.commands[name]
    assert command.help and command.help.strip()
    assert main([name, "--help"]) == 0
    assert command.help.split("\n")[0][:30] in " ".join(capsys.readouterr().out.split())
    for option in command.params:
        if option.param_type_name == "option":
            assert option.help, f"kg {name} {option.opts[0]} has no help"


@pytest.mark.parametrize("name", sorted(API))
def test_command_is_in_the_readme_tour(name):
    assert re.search(rf"^kg {name}\b", tour(), re.MULTILINE), f"kg {name} is missing from the README tour"


@pytest.mark.parametrize("name", sorted(API))
def test_command_is_one_call_of_the_library_api(name):
    call = API[name]
    target = getattr(kg.api.KnowledgeGraph, call, None) or getattr(kg.api, call)
    assert callable(target) and target.__doc__, f"kg.api has no documented {call}"
    body = inspect.getsource(cli.commands[name].callback)
    assert re.search(rf"[.\s]{call}\(", body), f"kg {name} does not call {call}"
