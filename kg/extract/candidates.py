"""Candidate pairs of actors and what the parse says about each: the input of the relation model.

A candidate is two different actors mentioned in one sentence (a pronoun or "the group" counts
once resolution has bound it to its actor). Its features are strings, each present or not: the
dependency path between the two mentions with the words on it (conjuncts read as their first
conjunct, a preposition folded into its edge), the slot each actor fills at the word where the
paths meet, the words between them, the trigger words and cues of `kg/data/relations.toml` on the path
and between, the actor types, cues of negation, modality and reporting, which sentence of the
text it is (a reader relates the actors of the opening sentences more than those of an aside
further down), how often the document names each actor (its main actors are related more
often than one named in passing), where a place stands in a list of nested places ("a town,
a province, a country": `_place_chain`), and which relation the rule frames found for the
same pair in the same sentence. `kg.extract.model` turns them into a relation and its
direction, or none.

In a full article (`LONG_TEXT` characters or more) each pair's path, meeting word, slots,
sentence and mention counts come twice, once as an article's, so the model can weigh them apart
from a news summary's:

>>> _in_full_article(["path=nsubj^ * dobj_", "ta=Person"])
['path=nsubj^ * dobj_', 'ta=Person', 'article', 'path=nsubj^ * dobj_|article']
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from .paths import Tree, coordinated_head, path_steps, slot, span_head
from .roles import placeish

__all__ = ["LONG_TEXT", "Candidate", "Cues", "candidates", "frame_labels", "is_full_article",
           "pair_features"]

LONG_TEXT = 2000  # characters from which a text is a full article rather than a news summary
_MAX_PATH = 6  # longer dependency paths say little: the pair gets a "far" feature instead
# the features that a full article reads apart from a news summary (`_in_full_article`)
_ARTICLE_OWN = ("path=", "lca=", "slots=", "sentpos=", "freqa=", "freqb=")
# the words that complete a verb into a trigger phrase: its object or particle ("take control",
# "set up"), a predicate of the object or the subject ("shoot dead", "hold responsible", "let go")
# or a preposition ("push into")
_PHRASE_DEPS = ("dobj", "prt", "acomp", "oprd", "advmod", "advcl", "ccomp", "xcomp", "prep")
_STOP_POS = {"DET", "PUNCT", "SPACE", "CCONJ", "PART", "SYM", "X"}


def is_full_article(text_length: int) -> bool:
    """Whether a text of `text_length` characters is a full article (`LONG_TEXT` or more),
    which gets features of its own and the model's `long_threshold`, rather than a news summary."""
    return text_length >= LONG_TEXT


def _in_full_article(features: list[str]) -> list[str]:
    """A pair's features in a full article: the same, and a copy of its dependency path, meeting
    word, slots, sentence and mention counts (`_ARTICLE_OWN`) marked as an article's, with an
    "article" feature. The model learns each
    weight once for both kinds of text and, from the copies, how much a full article differs
    (feature augmentation for two domains): a summary states nearly every pair of one sentence,
    an article's long sentences name many actors that do nothing to each other."""
    return features + ["article"] + [f + "|article" for f in features if f.startswith(_ARTICLE_OWN)]


@dataclass
class Candidate:
    """Two actors mentioned in one sentence, `first` before `second` in the text."""

    first: str  # actor key
    second: str
    sent_start: int  # character offsets of the sentence
    sent_end: int
    heads: tuple[int, int]  # token index of each mention's head
    lca: int  # token index where the two paths meet (the likely trigger)
    features: list[str] = field(default_factory=list)
    frames: dict[str, tuple[int, str]] = field(default_factory=dict)  # label the rule frames
    # gave this pair here ("attacks>") -> their trigger: its token and its words


def mention_spans(sent, token_actor: dict[int, str],
                  also: dict[int, tuple[str, ...]] | None = None) -> dict[str, list[tuple[int, int]]]:
    """Actor key -> token spans (start, end) of its mentions in one sentence; a token that
    stands for several actors (`also`: "the two countries") is a mention of each."""
    out: dict[str, list[tuple[int, int]]] = {}
    for i, keys in (also or {}).items():
        if sent.start <= i < sent.end:
            for key in keys:
                out.setdefault(key, []).append((i, i + 1))
    prev_key, start = None, None
    for tok in sent:
        key = token_actor.get(tok.i)
        if key != prev_key:
            if prev_key is not None:
                out.setdefault(prev_key, []).append((start, tok.i))
            prev_key, start = key, tok.i
    if prev_key is not None:
        out.setdefault(prev_key, []).append((start, sent.end))
    return out


def _bucket(n: int) -> str:
    return str(n) if n < 4 else "4-6" if n < 7 else "7+"


@dataclass(frozen=True)
class Cues:
    """Word lists the features use: trigger and cue words by relation, and modality cue words."""

    triggers: dict  # lemma (or "lemma word" phrase) -> tuple of relation names (triggers and cues)
    report_verbs: frozenset = frozenset()
    modal_words: frozenset = frozenset()
    # the rules' own triggers alone, without the cues: the word a statement quotes as its
    # trigger is one of these where there is one ("strike" in "a drone strike", not "drone")
    rule_triggers: dict = field(default_factory=dict)

    @classmethod
    def from_rules(cls, rules) -> "Cues":
        """The trigger words and cues of every relation rule and the modality rules' cue words."""
        trig: dict[str, set[str]] = {}
        own: dict[str, set[str]] = {}
        for name, r in rules.relations.items():
            words = r.verbs | r.inverse_verbs | r.nouns | r.titles | r.adjectives | r.participles
            for w in words:
                own.setdefault(w, set()).add(name)
            for w in words | r.cues:
                trig.setdefault(w, set()).add(name)
        m = rules.modality
        return cls({w: tuple(sorted(v)) for w, v in trig.items()},
                   report_verbs=frozenset(m.claim_verbs | m.attribution_verbs | m.denial_verbs),
                   modal_words=frozenset(m.conditional_auxes | m.conditional_marks),
                   rule_triggers={w: tuple(sorted(v)) for w, v in own.items()})


def _gen(tok, cues) -> str:
    """A word as the general path shows it: the relations it triggers, else its part of speech."""
    rels = cues.triggers.get(tok.lemma_.lower())
    return "[" + "/".join(rels) + "]" if rels else tok.pos_


def pair_features(doc, ha, hb, a_actor, b_actor, cues: Cues, frames: list[str],
                  tree: Tree | None = None) -> tuple[list[str], int]:
    """The features of one pair of mention heads (`ha` before `hb`), and the meeting token
    (`tree`: the document's `Tree`)."""
    f: list[str] = []
    ta, tb = a_actor.type, b_actor.type
    types = f"{ta}|{tb}"
    f += [f"ta={ta}", f"tb={tb}", f"types={types}"]
    for flag, on in (("a_generic", a_actor.generic), ("b_generic", b_actor.generic),
                     ("a_dict", a_actor.from_dictionary), ("b_dict", b_actor.from_dictionary),
                     ("a_pron", ha.pos_ == "PRON"), ("b_pron", hb.pos_ == "PRON")):
        if on:
            f.append(flag)
    gap = hb.i - ha.i
    f.append(f"dist={_bucket(gap)}")
    ea, eb = coordinated_head(ha), coordinated_head(hb)
    if ea.i != ha.i:
        f.append("a_conj")
    if eb.i != hb.i:
        f.append("b_conj")
    f += [f"depa={ea.dep_}", f"depb={eb.dep_}", f"depab={ea.dep_}|{eb.dep_}",
          f"headadep={ea.head.lemma_.lower()}|{ea.dep_}", f"headbdep={eb.head.lemma_.lower()}|{eb.dep_}"]
    if ea.i == eb.i:
        # "X and Y clashed": two sides of one coordination share their head's slot
        gov = ea.head
        lem = gov.lemma_.lower()
        f += ["coord", f"coordslot={ea.dep_}", f"coordhead={lem}|{ea.dep_}"]
        for rel in sorted(_triggers_at(gov, (ha.i, hb.i), cues)):
            f += [f"coordtrig={rel}|{ea.dep_}", f"lcatrig={rel}"]
        lca_i = gov.i
    else:
        tree = tree or Tree()
        up_a, up_b, lca = tree.path(ea, eb)
        if lca is None:
            f.append("nopath")
            lca_i = ha.i
        else:
            lca_i = lca.i
            f += _path_features(ea, eb, up_a, up_b, lca, types, cues, tree)
    if 0 < gap <= 12:
        words = [t for t in doc[ha.i + 1:hb.i] if t.pos_ not in _STOP_POS]
        f += [f"btw={t.lemma_.lower()}" for t in words]
        for t in words:
            for rel in cues.triggers.get(t.lemma_.lower(), ()):
                f.append(f"btwtrig={rel}")
        if not words:
            f.append("adjacent")
    f += [f"frame={x}" for x in frames]
    if frames:
        f.append("frame_any")
    return list(dict.fromkeys(f)), lca_i


def _triggers_at(tok, skip, cues) -> set[str]:
    """Relations a word triggers, alone or with its object or particle ("take control"), or as a
    phrase with a word that completes it ("shoot dead", "push into", "hold responsible")."""
    lem = tok.lemma_.lower()
    trig = set(cues.triggers.get(lem, ()))
    for c in tok.children:
        if c.i in skip:
            continue
        if c.dep_ in ("dobj", "prt"):
            trig |= set(cues.triggers.get(c.lemma_.lower(), ()))
        if c.dep_ in _PHRASE_DEPS:
            trig |= set(cues.triggers.get(f"{lem} {c.lemma_.lower()}", ()))
    return trig


def _path_features(ea, eb, up_a, up_b, lca, types, cues, tree: Tree) -> list[str]:
    f = []
    labels, nodes = path_steps(up_a, up_b)
    n = len(labels)
    lem = lca.lemma_.lower()
    f.append(f"plen={_bucket(n)}")
    # where the meeting word sits among the steps: after the upward ones
    ups = sum(1 for x in labels if x.endswith("^"))
    if n <= _MAX_PATH:
        path = " ".join(labels)
        mid = lambda word: " ".join(labels[:ups] + [word] + labels[ups:])  # noqa: E731
        f += [f"path={mid('*')}", f"pathlex={mid(lem)}", f"pathgen={mid(_gen(lca, cues))}",
              f"pathtypes={path}|{types}"]
    else:
        f.append("far")
    f += [f"lca={lem}", f"lcapos={lca.pos_}", f"lcatypes={lem}|{types}"]
    sa, sb = slot(up_a), slot(up_b)
    f += [f"slots={sa}|{sb}", f"lcaslots={lem}|{sa}|{sb}", f"slotstypes={sa}|{sb}|{types}"]
    for rel in sorted(_triggers_at(lca, (ea.i, eb.i), cues)):
        f += [f"lcatrig={rel}", f"trigslots={rel}|{sa}|{sb}", f"trigtypes={rel}|{types}"]
    if lca.i == ea.i:
        f.append("lca_is_a")
    elif lca.i == eb.i:
        f.append("lca_is_b")
    for c in lca.children:
        if c.dep_ == "neg":
            f.append("neg")
        if c.dep_ in ("aux", "mark") and c.lower_ in cues.modal_words:
            f.append(f"modal={c.lower_}")
        if c.dep_ in ("auxpass", "nsubjpass"):
            f.append("passive")
    for anc in tree.chain(lca)[0][1:4]:  # its first three heads (Token.ancestors)
        lemma = anc.lemma_.lower()
        if lemma in cues.report_verbs:
            f.append(f"reported={lemma}")
    on_a = {t.i for t in up_a}
    for t in nodes:
        if t.i == lca.i or t.pos_ in _STOP_POS:
            continue
        lemma = t.lemma_.lower()
        f.append(f"on={lemma}")
        for rel in cues.triggers.get(lemma, ()):
            side = "a" if t.i in on_a else "b"
            f += [f"trig={rel}", f"trigside={rel}|{side}"]
    return f


def candidates(doc, token_actor: dict[int, str], actors: dict, cues: Cues,
               frame_pairs: dict | None = None, also: dict | None = None) -> list[Candidate]:
    """Every pair of different actors mentioned in one sentence, with its features.

    `frame_pairs` maps (sentence start char, first key, second key) to the labels the rule
    frames gave that pair ("attacks>", "fights=" ...), so the frames' verdict is a feature.
    Two places make no pair: the relations between places (partOf) come from the gazetteer.
    """
    out: list[Candidate] = []
    frame_pairs = frame_pairs or {}
    by_sentence: dict[int, list] = {}  # sentence start -> its frame pairs, read once
    for pair, labels in frame_pairs.items():
        by_sentence.setdefault(pair[0], []).append((pair, labels))
    text = doc.text  # once: Doc.text joins every token, so once per sentence would grow as n^2
    tree = Tree()  # the chains of heads and paths, shared by every pair
    sents = [(sent, mention_spans(sent, token_actor, also)) for sent in doc.sents]
    named = Counter()  # actor key -> its mentions in the document
    for _, spans in sents:
        named.update({k: len(v) for k, v in spans.items()})
    for n_sent, (sent, spans) in enumerate(sents):
        start = sentence_start(text, sent)
        keys = [k for k in spans if k in actors]
        if start in by_sentence:
            out += _unnamed_pairs(doc, keys, spans, actors, start, sent.end_char, by_sentence[start])
        if len(keys) < 2:
            continue
        events = _sentence_events(sent, cues)
        heads = {k: [span_head(doc, s, e) for s, e in spans[k]] for k in keys}
        chain = _place_chain(doc, spans, actors, heads)
        for i, ka in enumerate(keys):
            for kb in keys[i + 1:]:
                a, b = actors[ka], actors[kb]
                if a.is_place and b.is_place:
                    continue
                # the closest pair of mentions stands for the pair
                # (not one token for both: "the two countries" relates its actors to others)
                pairs = [(x, y) for x in heads[ka] for y in heads[kb] if x.i != y.i]
                if not pairs:
                    continue  # "the two countries" alone: its pair is the frames' to state
                x, y = pairs[0] if len(pairs) == 1 else min(
                    pairs, key=lambda p: (tree.length(*p), abs(p[0].i - p[1].i)))
                if x.i > y.i:
                    x, y, ka2, kb2 = y, x, kb, ka
                else:
                    ka2, kb2 = ka, kb
                frames = frame_pairs.get((start, ka2, kb2), {})
                feats, lca = pair_features(doc, x, y, actors[ka2], actors[kb2], cues, list(frames), tree)
                feats += [f"sentpos={_bucket(n_sent)}", f"freqa={_bucket(named[ka2])}",
                          f"freqb={_bucket(named[kb2])}"]
                types = f"{actors[ka2].type}|{actors[kb2].type}"
                feats += [f"senttrig={rel}|{types}" for rel in events]
                feats += [f for side, h in (("a", x), ("b", y)) if h.i in chain
                          for f in (f"chain{side}={chain[h.i]}", f"chain{side}={chain[h.i]}|{types}")]
                out.append(Candidate(ka2, kb2, start, sent.end_char, (x.i, y.i), lca, feats,
                                     dict(frames)))
    if is_full_article(len(text)):
        for c in out:
            c.features = _in_full_article(c.features)
    return out


def _sentence_events(sent, cues) -> list[str]:
    """The relations the nouns and verbs of a sentence trigger, wherever they stand: a news
    summary's sentence mostly tells one event, and a pair's relation follows from it even when
    the path between the two runs through another word ("Tarkinian airstrikes kill nine in
    Bel": the path meets at "kill", the event is an attack on Bel). With the pair's types, as
    a feature of every pair of the sentence."""
    return sorted({rel for t in sent if t.pos_ in ("VERB", "NOUN")
                   for rel in cues.triggers.get(t.lemma_.lower(), ())})


def _place_chain(doc, spans, actors, heads) -> dict[int, str]:
    """Mention head -> where a place or country of the sentence stands in a list of nested
    places ("in a town, a province, a country"): first (the most specific), mid, last (the
    widest) or alone. A reader relates a strike to the town and to the country, seldom to the
    province between them.

    The list is read from the commas: place mentions one after another with ", " between them.
    A list that goes on with "and" or "or" and a place ("Tarkin, Bel and Kesh") is three places
    side by side, not nested (the parse cannot tell: it calls nested places conjuncts too)."""
    at = {s: (e, h) for k, sp in spans.items() if k in actors and placeish(actors[k])
          for (s, e), h in zip(sp, heads.get(k, []))}  # start -> (end, head)
    ends = {e for e, _ in at.values()}
    out: dict[int, str] = {}
    for s in sorted(at):
        if s - 2 >= 0 and doc[s - 1].text == "," and s - 1 in ends:
            continue  # not the first of its list
        chain = [s]
        while (e := at[chain[-1]][0]) < len(doc) and doc[e].text == "," and e + 1 in at:
            chain.append(e + 1)
        e = at[chain[-1]][0]
        nxt = e + 1 if e < len(doc) and doc[e].text == "," else e  # an Oxford comma
        side_by_side = nxt < len(doc) and doc[nxt].lower_ in ("and", "or") and nxt + 1 in at
        for n, start in enumerate(chain):
            out[at[start][1].i] = ("alone" if len(chain) == 1 or side_by_side else "first" if n == 0
                                   else "last" if n == len(chain) - 1 else "mid")
    return out


def _unnamed_pairs(doc, keys, spans, actors, start: int, end: int, frame_pairs: list) -> list[Candidate]:
    """Pairs of an actor in the sentence and one it does not name, when the frames read a
    relation between them there ("President Jo Doe" leads Jo Doe's country, `kg.extract.titles`):
    a candidate of its own, so that the model weighs the frames' reading as it weighs theirs in
    any pair (its features: the types, the frames, "unnamed")."""
    out = []
    named = set(keys)
    for (_, key, other), frames in frame_pairs:  # those of this sentence: ((start, a, b), labels)
        if key not in named or other in named or other not in actors:
            continue
        head = span_head(doc, *spans[key][0])
        feats = [f"ta={actors[key].type}", f"tb={actors[other].type}", "unnamed_b",
                 *(f"frame={x}" for x in frames), "frame_any"]
        out.append(Candidate(key, other, start, end, (head.i, head.i), head.i, feats, dict(frames)))
    return out


def sentence_start(text: str, sent) -> int:
    """Where a sentence's text starts in the document's `text` once leading whitespace is
    dropped (as statements quote it)."""
    raw = text[sent.start_char:sent.end_char]
    return sent.start_char + len(raw) - len(raw.lstrip())


def frame_labels(relations, symmetric: frozenset[str]) -> dict:
    """(sentence start, first key, second key) -> {label: (trigger token, trigger words)}, from
    the rule frames' relations; the pair's text order is not known here, so both orders are stored, each with
    its direction ("attacks>" one way, "attacks<" the other)."""
    out: dict = {}
    for r in relations:
        if r.predicate in symmetric:
            labels = (f"{r.predicate}=", f"{r.predicate}=")
        else:
            labels = (f"{r.predicate}>", f"{r.predicate}<")
        trigger = (r.trigger_i, r.trigger)
        out.setdefault((r.start, r.subject, r.object), {}).setdefault(labels[0], trigger)
        out.setdefault((r.start, r.object, r.subject), {}).setdefault(labels[1], trigger)
    return out
