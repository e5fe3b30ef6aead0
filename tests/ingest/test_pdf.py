"""PDF reports: the text layer read with pypdf, lines joined into sentences, a scan refused."""
from kg.errors import InputError
from kg.ingest import Document, read_paths
from kg.ingest.pdf import unwrap as unwrap_lines


def test_a_report_gives_its_text_title_and_date_with_sentences_rejoined(tmp_path, make_pdf):
    pdf = make_pdf(tmp_path / "sitrep-goma.pdf", [
        ["Situation report: eastern DRC", "M23 rebels seized the airport of Goma on Monday",
         "after heavy fighting with the Congolese army.", "Residents fled towards Rwanda."],
        ["Rwanda denied supporting the M23."]],
        title="Situation report: eastern DRC", created="D:20250127093000Z")
    (doc,) = list(read_paths([pdf]))
    assert isinstance(doc, Document)
    assert (doc.id, doc.title, doc.date) == ("sitrep-goma", "Situation report: eastern DRC", "2025-01-27")
    assert "seized the airport of Goma on Monday after heavy fighting with the Congolese army." in doc.text
    assert doc.text.endswith("Residents fled towards Rwanda.\nRwanda denied supporting the M23.")


def test_a_scanned_pdf_without_text_is_one_error_not_an_empty_document(tmp_path, make_pdf):
    pdf = make_pdf(tmp_path / "scan.pdf", [[], []])
    (item,) = list(read_paths([pdf]))
    assert isinstance(item, InputError)
    assert str(item).startswith(f"{pdf}: the PDF has no text layer (2 page(s)")


def test_a_file_named_pdf_that_is_not_one_is_an_error_naming_it(tmp_path):
    bad = tmp_path / "report.pdf"
    bad.write_text("this is not a PDF")
    (item,) = list(read_paths([bad]))
    assert isinstance(item, InputError) and str(item).startswith(f"{bad}: not a readable PDF")


def test_line_ends_join_words_and_sentences_keep_their_breaks():
    assert unwrap_lines("The army with-\ndrew from\nthe town.\nRebels moved in.") == \
        "The army withdrew from the town.\nRebels moved in."
