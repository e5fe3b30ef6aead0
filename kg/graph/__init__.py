"""The graph: relations -> RDF quads (`triples`, run records in `runs`), a `GraphStore` with the
embedded Oxigraph store and a SPARQL server behind it, building and removing documents with a
PROV-O record of each run, what a store holds, RDF files in and out, SHACL validation, and the
analysts' review of statements (kept apart from the documents, so it survives rebuilds).

>>> from kg.graph import open_store_at
>>> with open_store_at(None) as store:
...     store.named_graphs()
[]
"""
from .build import BuildReport, build, build_documents, ensure_ontology, remove, remove_documents
from .embedded import FORMATS, Store
from .inventory import DocumentInfo, RunInfo, documents, runs
from .rdf_io import (FORMAT_NAMES, ImportReport, ParsedImport, export_rdf, import_rdf, read_import,
                     read_quads, write_import)
from .remote import Endpoints, PushReport, RemoteStore, is_url, push
from .gold import gold_documents
from .review import VERDICTS, Judgement, judge, judgements, review_graph, reviewer, statement_iri, to_check
from .runs import Run, run_quads
from .store import GraphStore, open_store_at
from .triples import Minter, document_quads, ontology_quads
from .validate import ValidationReport, Violation, validate, validate_file, validate_graph, validate_store

__all__ = ["VERDICTS", "Judgement", "gold_documents", "judge", "judgements", "review_graph", "reviewer",
           "statement_iri", "to_check",
           "FORMATS", "FORMAT_NAMES", "BuildReport", "DocumentInfo", "Endpoints", "GraphStore",
           "ImportReport", "Minter", "ParsedImport", "PushReport", "RemoteStore", "Run", "RunInfo",
           "Store", "ValidationReport", "Violation", "build", "build_documents", "document_quads",
           "documents", "ensure_ontology", "export_rdf", "import_rdf", "is_url", "ontology_quads",
           "open_store_at", "push", "read_import", "read_quads", "remove", "remove_documents",
           "run_quads", "runs", "validate", "validate_file", "validate_graph", "validate_store",
           "write_import"]
