"""Files and folders that cannot be read are named, one error each, and the rest is read: an
unreadable folder or file, a file named under a folder that cannot be searched, and, inside a
folder, a FIFO, a device, a broken link and a loop of links."""
import os
import shutil
import stat
import tempfile
from pathlib import Path

import pytest

from kg.errors import InputError
from kg.ingest import Document, expand_paths, read_paths

NOBODY = 65534


@pytest.fixture()
def tree():
    """A folder anyone may enter (a test run by root reads as `nobody`, whom modes bind)."""
    path = Path(tempfile.mkdtemp(prefix="kg-files-"))
    path.chmod(0o755)
    yield path
    for p in [path, *path.rglob("*")]:
        if p.is_dir() and not p.is_symlink():
            p.chmod(0o755)
    shutil.rmtree(path)


def _read(paths) -> tuple[list[str], list[str]]:
    """(ids of documents, error lines) of `paths`, read as a user whom file modes bind."""
    if os.geteuid() != 0:
        items = list(read_paths(paths))
    else:  # root reads everything: read in a child as nobody
        list(read_paths(paths))  # as root first, for the modules it loads (nobody may not)
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(read)
            try:
                os.setgid(NOBODY)
                os.setuid(NOBODY)
                lines = [("doc\t" + i.id) if isinstance(i, Document) else ("err\t" + str(i))
                         for i in read_paths(paths)]
                os.write(write, "\n".join(lines).encode())
            finally:
                os._exit(0)
        os.close(write)
        with os.fdopen(read, "rb") as f:
            out = f.read().decode()
        os.waitpid(pid, 0)
        return ([line[4:] for line in out.splitlines() if line.startswith("doc\t")],
                [line[4:] for line in out.splitlines() if line.startswith("err\t")])
    return ([i.id for i in items if isinstance(i, Document)],
            [str(i) for i in items if isinstance(i, InputError)])


def test_an_unreadable_subfolder_is_one_error_and_the_rest_is_read(tree):
    (tree / "ok.txt").write_text("Hamas fought Israel.")
    (tree / "locked").mkdir()
    (tree / "locked" / "hidden.txt").write_text("Unread.")
    (tree / "locked").chmod(0o000)
    for p in tree.rglob("*.txt"):
        p.chmod(0o644)
    ids, errors = _read([tree])
    assert ids == ["ok"]
    assert errors == [f"{tree / 'locked'}: cannot read this folder (Permission denied)"]


def test_a_file_named_under_an_unsearchable_folder_is_one_error_and_the_rest_is_built(tree):
    (tree / "ok.txt").write_text("Hamas fought Israel.")
    (tree / "shut").mkdir()
    (tree / "shut" / "a.txt").write_text("Unread.")
    (tree / "ok.txt").chmod(0o644)
    (tree / "shut").chmod(0o644)  # readable, not searchable
    ids, errors = _read([tree / "shut" / "a.txt", tree / "ok.txt"])
    assert ids == ["ok"]
    assert errors == [f"{tree / 'shut' / 'a.txt'}: cannot reach this path (Permission denied)"]


def test_fifos_devices_broken_links_and_link_loops_in_a_folder_are_named(tree):
    (tree / "ok.txt").write_text("Hamas fought Israel.")
    os.mkfifo(tree / "pipe.txt")
    os.symlink(tree / "missing.txt", tree / "broken.txt")
    os.symlink(tree / "loop.txt", tree / "loop.txt")
    os.symlink("/dev/null", tree / "null.txt")
    found = expand_paths([tree], warn=False)
    assert [p.name for p in found if not isinstance(p, InputError)] == ["ok.txt"]
    assert sorted(str(e) for e in found if isinstance(e, InputError)) == [
        f"{tree / 'broken.txt'}: a link to nothing, skipped",
        f"{tree / 'loop.txt'}: a loop of symbolic links, skipped",
        f"{tree / 'null.txt'}: a device, not a file; skipped",
        f"{tree / 'pipe.txt'}: a FIFO, not a file; skipped"]


def test_a_fifo_named_on_the_command_line_is_not_waited_on(tree):
    os.mkfifo(tree / "pipe.txt")
    (found,) = expand_paths([tree / "pipe.txt"])
    assert str(found) == f"{tree / 'pipe.txt'}: a FIFO, not a file; skipped"
    assert stat.S_ISFIFO(os.stat(tree / "pipe.txt").st_mode)
