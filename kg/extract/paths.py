"""Dependency paths between two mentions, as the candidate pairs' features read them: each
mention's head (`span_head`), the conjunct that stands for it (`coordinated_head`), the path
up to the word where the two meet and down again (`Tree`, `dep_path`), its edge labels with
prepositions folded in (`path_steps`) and the slot each mention fills at the meeting word
(`slot`). Plain functions of a parse: `kg.extract.candidates` turns them into features.

>>> import spacy
>>> from spacy.tokens import Doc
>>> words = ["Rebels", "attacked", "the", "town", "."]
>>> doc = Doc(spacy.blank("en").vocab, words=words, heads=[1, 1, 3, 1, 1],
...           deps=["nsubj", "ROOT", "det", "dobj", "punct"], lemmas=["rebel", "attack", "the", "town", "."],
...           pos=["NOUN", "VERB", "DET", "NOUN", "PUNCT"], sent_starts=[True, False, False, False, False])
>>> up_a, up_b, meet = dep_path(doc[0], doc[3])
>>> path_steps(up_a, up_b)[0], meet.text, slot(up_a), slot(up_b)
(['nsubj^', 'dobj_'], 'attacked', 'nsubj', 'dobj')
"""
from __future__ import annotations

__all__ = ["PREP_DEPS", "Tree", "coordinated_head", "dep_path", "path_steps", "slot", "span_head"]

PREP_DEPS = ("prep", "agent", "dative")  # edges a preposition hangs by: folded into its object's


def span_head(doc, start: int, end: int):
    """The token of a span whose head lies outside it (the last such one)."""
    head = doc[end - 1]
    for t in doc[start:end]:
        if not (start <= t.head.i < end) or t.head.i == t.i:
            head = t
    return head


class Tree:
    """A document's parse as its candidate pairs read it: each token's chain of heads (and where
    each head sits in it) walked once, and the path between two tokens found once, since every
    pair of a sentence walks up the same tree and the closest mentions of a pair are the ones
    its features then read. The chains and paths it hands out are shared: never change them."""

    __slots__ = ("_chains", "_paths")

    def __init__(self):
        self._chains: dict[int, tuple[list, dict[int, int]]] = {}
        self._paths: dict[tuple[int, int], tuple] = {}

    def chain(self, tok) -> tuple[list, dict[int, int]]:
        """`tok` and its heads up to the root (at most 60), and token index -> place in it."""
        hit = self._chains.get(tok.i)
        if hit is None:
            chain = [tok]
            while chain[-1].head.i != chain[-1].i and len(chain) < 60:
                chain.append(chain[-1].head)
            hit = self._chains[tok.i] = (chain, {t.i: n for n, t in enumerate(chain)})
        return hit

    def path(self, a, b) -> tuple:
        """`dep_path` of `a` and `b`."""
        key = (a.i, b.i)
        hit = self._paths.get(key)
        if hit is None:
            up_a, index = self.chain(a)
            up_b: list = []
            hit = (up_a, up_b, None)  # different sentences' roots: no path
            for t in self.chain(b)[0]:
                n = index.get(t.i)
                if n is not None:
                    hit = (up_a[:n], up_b, t)
                    break
                up_b.append(t)
            self._paths[key] = hit
        return hit

    def length(self, a, b) -> int:
        """Steps on the path between `a` and `b` (99: none)."""
        up_a, up_b, lca = self.path(a, b)
        return len(up_a) + len(up_b) if lca is not None else 99


def dep_path(a, b, tree: Tree | None = None):
    """(tokens from a up to the meeting point, tokens from b up to it, the meeting token);
    `tree`: the document's `Tree`, which keeps what it walked for the next pair."""
    return (tree or Tree()).path(a, b)


def slot(up: list) -> str:
    """The slot a mention fills at the meeting word: the dependency of the path's last step
    below it, with its preposition ("prep:by", "agent", "nsubj"); "self" when the mention is
    the meeting word."""
    if not up:
        return "self"
    top = up[-1]
    if top.dep_ in ("prep", "agent", "dative"):
        return f"{top.dep_}:{top.lower_}"
    if top.dep_ == "pobj" and top.head.dep_ in ("prep", "agent"):
        return f"prep:{top.head.lower_}"
    return top.dep_


def coordinated_head(tok):
    """The first conjunct a token is coordinated with ("Canada and Norway impose ..." gives
    Canada for Norway): conjuncts share their first conjunct's place in the clause."""
    n = 0
    while tok.dep_ == "conj" and tok.head.i != tok.i and n < 10:
        tok, n = tok.head, n + 1
    return tok


def path_steps(up_a: list, up_b: list) -> tuple[list[str], list]:
    """Edge labels from a up to the meeting word ("^") and down to b ("_"), a preposition
    folded into its object's edge ("on_" for "prep_ on pobj_"), and the words passed on the way
    (neither the two ends, nor the meeting word, nor the folded prepositions)."""
    labels = []
    k = 0
    while k < len(up_a):
        t = up_a[k]
        if t.dep_ == "pobj" and k + 1 < len(up_a) and up_a[k + 1].dep_ in PREP_DEPS:
            labels.append(f"{up_a[k + 1].lower_}^")
            k += 2
        else:
            labels.append(f"{t.dep_}^")
            k += 1
    down = list(reversed(up_b))
    k = 0
    while k < len(down):
        t = down[k]
        if t.dep_ in PREP_DEPS and k + 1 < len(down) and down[k + 1].dep_ == "pobj":
            labels.append(f"{t.lower_}_")
            k += 2
        else:
            labels.append(f"{t.dep_}_")
            k += 1
    nodes = [t for t in up_a[1:] + up_b[1:] if t.dep_ not in PREP_DEPS]
    return labels, nodes
