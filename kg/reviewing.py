"""The review verbs of `kg.api.KnowledgeGraph`: the analyst has the last word on a statement.

`review` lists statements to check, `reject` and `confirm` record a judgement as PROV in the
store's review graph (`kg.graph.review`), which rebuilds leave alone, and `gold` gives the
reviewed documents in the format `kg eval` and `kg train` read (`kg.graph.gold`).

>>> import kg                                                        # doctest: +SKIP
>>> graph = kg.open_store(".kg/store")                               # doctest: +SKIP
>>> first = graph.review(limit=1).as_dicts()[0]                      # doctest: +SKIP
>>> graph.reject(first["id"], note="the army is the victim here").verdict  # doctest: +SKIP
'Rejected'
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from .sparql import QueryResult, find_name

if TYPE_CHECKING:
    from .graph import Judgement

__all__ = ["Reviewing"]


class Reviewing:
    """The review verbs; the class using them has `store`, `settings`, `query` and
    `group_events` (`kg.api.KnowledgeGraph`)."""

    def review(self, actor: str | None = None, *, reviewed: bool = False,
               limit: int | None = 50) -> QueryResult:
        """Statements to check, lowest confidence first (of one `actor`, by any of its names):
        those not judged yet, or all with `reviewed`. Each row's `id` is what `reject` and
        `confirm` take."""
        from .graph import to_check

        key = find_name(self.store, actor) if actor else None
        return QueryResult(*to_check(self.store, actor_key=key, reviewed=reviewed, limit=limit))

    def judge(self, statement: str, verdict: str, note: str = "", by: str | None = None) -> Judgement:
        """Record a reviewer's verdict ("Confirmed" or "Rejected") on a statement (its id or IRI)
        with a note, as PROV in the review graph, which rebuilds leave alone; who judges is `by`,
        else `$KG_REVIEWER`, else the user. A rejected statement is hidden from then on."""
        from .graph import judge

        judgement = judge(self.store, self.settings.base_iri, statement, verdict, by=by, note=note)
        self.group_events()
        return judgement

    def reject(self, statement: str, note: str = "", by: str | None = None) -> Judgement:
        """`judge` a statement wrong."""
        return self.judge(statement, "Rejected", note, by)

    def confirm(self, statement: str, note: str = "", by: str | None = None) -> Judgement:
        """`judge` a statement right."""
        return self.judge(statement, "Confirmed", note, by)

    def gold(self) -> list[dict]:
        """The reviewed documents as gold documents (`kg.graph.gold_documents`)."""
        from .graph import gold_documents

        return gold_documents(self.store, self.settings.base_iri)
