"""A listener that records every request it gets: the host a federated query would reach. Test
modules take the `listener` fixture with `from listener import listener`."""
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest


class _Listener(BaseHTTPRequestHandler):
    """Answers every request with an empty SPARQL result, and records it."""

    def do_GET(self):
        self.server.requests.append((self.command, self.path))
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+json")
        body = b'{"head":{"vars":["s"]},"results":{"bindings":[]}}'
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_POST = do_GET

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def listener():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Listener)
    httpd.requests = []
    httpd.iri = f"<http://127.0.0.1:{httpd.server_address[1]}/sparql>"
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd
    httpd.shutdown()
    thread.join()
    httpd.server_close()
