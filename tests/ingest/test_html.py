"""Saved web pages: trafilatura's main text, title, date and URL; no menu or markup as evidence."""
from kg.errors import InputError
from kg.ingest import Document, read_paths

PAGE = """<!DOCTYPE html><html><head>
<title>M23 rebels seize Goma airport | Example News</title>
<meta property="og:title" content="M23 rebels seize Goma airport">
<meta property="article:published_time" content="2025-01-27T08:00:00Z">
<link rel="canonical" href="https://news.example.org/africa/goma-airport">
<script>var tracking = "<b>not text</b>";</script>
</head><body>
<nav><a href="/">Home</a> | <a href="/africa">Africa</a> | Subscribe to our newsletter</nav>
<article><h1>M23 rebels seize Goma airport</h1>
<p>M23 rebels seized the airport of <b>Goma</b> on Monday after heavy fighting with the Congolese
army, residents said.</p>
<p>Rwanda denied supporting the M23 and accused Kinshasa of arming the FDLR militia.</p>
</article>
<footer>Copyright 2025 Example News. All rights reserved. Cookie settings.</footer>
</body></html>"""


def test_a_saved_article_gives_main_text_title_date_and_url(tmp_path):
    f = tmp_path / "goma-airport.html"
    f.write_text(PAGE, encoding="utf-8")
    (doc,) = list(read_paths([f]))
    assert isinstance(doc, Document)
    assert doc.id == "goma-airport" and doc.title == "M23 rebels seize Goma airport"
    assert doc.date == "2025-01-27" and doc.url == "https://news.example.org/africa/goma-airport"
    assert "M23 rebels seized the airport of Goma on Monday" in doc.text
    assert "accused Kinshasa of arming the FDLR militia." in doc.text
    for noise in ("<", "Subscribe", "Cookie", "tracking", "Home"):
        assert noise not in doc.text


def test_a_page_without_an_article_is_one_error(tmp_path):
    f = tmp_path / "menu.htm"
    f.write_text("<html><body><nav><a href='/'>Home</a></nav></body></html>")
    (item,) = list(read_paths([f]))
    assert isinstance(item, InputError) and str(item) == f"{f}: no article text found in this HTML page"


def test_a_folder_of_pages_is_read_and_built_with_evidence_from_the_text(tmp_path, extractor):
    from kg.api import KnowledgeGraph
    from kg.config import Settings
    from kg.graph import Store

    (tmp_path / "pages").mkdir()
    (tmp_path / "pages" / "goma-airport.html").write_text(PAGE, encoding="utf-8")
    with KnowledgeGraph(Store.open(None), Settings()) as graph:
        report = graph.build([tmp_path / "pages"], extractor=extractor)
        rows = graph.query("SELECT ?ev ?title WHERE { ?st <https://w3id.org/actor-kg/ontology#evidence> ?ev ; "
                           "<http://www.w3.org/ns/prov#wasDerivedFrom> ?d . "
                           "?d <http://purl.org/dc/terms/title> ?title }", sparql=True).rows
    assert report.built == 1 and report.errors == []
    assert rows and all("<" not in ev and title == "M23 rebels seize Goma airport" for ev, title in rows)
