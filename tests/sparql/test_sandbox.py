"""A confined query worker reaches no host, whatever query it runs, and cannot outgrow its memory
bound; checked in a process of its own, since confinement lasts as long as the process."""
import json
import subprocess
import sys

from listener import listener  # noqa: F401 -- a fixture

CHILD = r"""
import json, socket, sys
import pyoxigraph as ox
from kg.sparql import sandbox, workers

port, out = int(sys.argv[1]), {}
out["missing"] = sandbox.confine(int(sys.argv[2]))
try:
    socket.create_connection(("127.0.0.1", port), timeout=5)
    out["connect"] = "connected"
except OSError as e:
    out["connect"] = e.errno
query = f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}"
try:
    list(ox.Store().query(query))
    out["oxigraph"] = "ran"
except OSError as e:
    out["oxigraph"] = str(e)
workers.uses_service = lambda text: False  # a reading of the text that was fooled
status, _, _, body = workers.answer(ox.Store(), {"query": query})
out["answer"] = [status, body.decode().strip()]
if int(sys.argv[2]):
    try:
        bytearray(int(sys.argv[2]) << 21)  # twice the bound
        out["memory"] = "allocated"
    except MemoryError:
        out["memory"] = "refused"
print(json.dumps(out))
"""


def _confined(listener, max_memory: int) -> dict:
    run = subprocess.run([sys.executable, "-c", CHILD, str(listener.server_address[1]), str(max_memory)],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout)


def test_a_confined_process_reaches_no_host_even_when_it_runs_service_itself(listener):
    before = len(listener.requests)
    out = _confined(listener, 0)
    assert out["missing"] == []
    assert out["connect"] == 97  # EAFNOSUPPORT: no socket at all
    assert "os error 97" in out["oxigraph"]
    assert out["answer"] == [400, "SERVICE is refused: this endpoint does not send queries to other servers"]
    assert len(listener.requests) == before


def test_a_confined_process_cannot_allocate_past_its_bound(listener):
    assert _confined(listener, 256)["memory"] == "refused"
