"""A parsed document's sentences, their entities and its text, found once per document.

spaCy finds them afresh on every question: `Token.sent` walks out to the ends of the sentence,
`Span.ents` reads every entity of the document and `Doc.text` joins every token. Asked once
per relation, that made extraction grow with the square of a document's length (a million
characters took minutes). `Sentences` reads the document once; the steps that look at each
relation's sentence (frames, modality, dates) ask it instead.

>>> import spacy
>>> nlp = spacy.blank("en"); nlp.add_pipe("sentencizer")  # doctest: +ELLIPSIS
<...>
>>> s = Sentences(nlp("Hamas fought. Israel struck back."))
>>> s.of(4).text, s.span_text(s.of(4))
('Israel struck back.', 'Israel struck back.')
"""
from __future__ import annotations

__all__ = ["Sentences"]


class Sentences:
    """The sentences of a parsed `doc` (its `doc.sents`), the entities inside each (as
    `Span.ents` gives them: those wholly inside) and the document's text."""

    def __init__(self, doc):
        self.doc = doc
        self.text = doc.text
        self.spans = list(doc.sents)
        self._at = [0] * len(doc)
        for n, sent in enumerate(self.spans):
            self._at[sent.start:sent.end] = [n] * (sent.end - sent.start)
        self._ents: list[list] = [[] for _ in self.spans]
        for ent in doc.ents:
            n = self._at[ent.start]
            if ent.end <= self.spans[n].end:
                self._ents[n].append(ent)

    def of(self, i: int):
        """The sentence of token `i`."""
        return self.spans[self._at[i]]

    def ents(self, i: int) -> list:
        """The entities of the sentence of token `i`, in order."""
        return self._ents[self._at[i]]

    def span_text(self, span) -> str:
        """The verbatim text of `span`, cut from the document's text."""
        return self.text[span.start_char:span.end_char]
