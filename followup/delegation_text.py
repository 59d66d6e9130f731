"""Swedish text analysis for "får jag besluta om …?": the terms a delegation point is
indexed by and a question is searched with.

The database's full-text search (PostgreSQL's ``swedish`` configuration, SQLite FTS5)
finds the points; what both index is the *search text* built here, so the same Swedish
rules hold on both backends:

* words are lower-cased and stemmed with the Snowball Swedish stemmer (the algorithm
  PostgreSQL's ``swedish`` configuration uses), so "elev", "elever", "eleven" meet;
* nouns made from verbs meet their verb: "avstängning" → "avstäng" like "avstänga";
* particle verbs meet their compound: "stänga av" → "avstänga", "säga upp" → "uppsäga";
* compounds are split into known parts: "tillsvidareanställning" also gives "anställ";
* synonyms of the municipal vocabulary share one canonical term ("inköp" ~ "upphandling");
* a misspelt word of a question is corrected to the nearest word of the ordning
  (:func:`correct`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

_WORD = re.compile(r"[a-zåäöéü0-9]+")
PARTICLES = frozenset({"av", "in", "upp", "ut", "till", "över", "på", "om", "ner", "bort",
                       "fram", "under", "efter", "emot", "loss", "igen"})
_STOPWORDS_TEXT = """
    en ett den det de dem denna detta dessa och eller att som för med i vid från hos
    jag du vi ni han hon man får få kan kunna ska skall må mig dig oss er min mitt mina
    om av på till är vara var blir bli hur vad vem vilka vilken vilket när där här
    inte ej något någon några eget egen egna sin sitt sina samt också så än även
    besluta beslut beslutar beslutet fatta ärende ärenden fråga frågan gäller rörande
    angående avseende inom enligt under per mm etc t ex
"""
STOPWORDS = frozenset(_STOPWORDS_TEXT.split())
# Derivational endings left after stemming: "avstängning" → "avstäng" (like the verb).
_DERIVED = ("ningar", "ningen", "ning", "ande", "ende", "else", "elser", "an")
_VERB_ENDINGS = ("a", "er", "ar", "de", "te")
_LINKS = ("s", "e", "a", "")

# Synonym groups of the municipal vocabulary; each word (stemmed) maps to the group's
# first word. Word stems are compared after :func:`base_terms`.
SYNONYMS: tuple[tuple[str, ...], ...] = (
    ("upphandla", "upphandling", "inköp", "köpa", "avrop", "avropa", "anskaffa",
     "anskaffning", "beställa", "beställning"),
    ("anställa", "anställning", "rekrytera", "rekrytering", "nyanställa", "tillsätta",
     "tillsättning"),
    ("uppsäga", "uppsägning", "avskeda", "avsked", "entlediga", "avsluta anställning"),
    ("avstänga", "avstängning", "stänga", "utestänga"),
    ("ledighet", "tjänstledighet", "ledig", "tjänstledig", "permission"),
    ("avgift", "taxa", "kostnad", "avgifter"),
    ("nedsättning", "nedsätta", "sänka", "sänkning", "befrielse", "befria", "eftergift",
     "efterge", "reducera", "reducering"),
    ("bevilja", "godkänna", "godkännande", "medge", "medgivande", "tillstyrka"),
    ("avslå", "avslag", "neka", "avvisa", "avvisning"),
    ("yttrande", "yttra", "remissvar", "remiss", "synpunkt"),
    ("överklaga", "överklagande", "omprövning", "ompröva", "rättidsprövning"),
    ("skolskjuts", "skolresa", "skolbuss", "elevresa", "skolskjutsning"),
    ("förskola", "dagis", "barnomsorg", "förskoleplats"),
    ("elev", "skolbarn", "skolelev", "studerande"),
    ("hemtjänst", "hemhjälp"),
    ("särskilt boende", "äldreboende", "vårdboende", "boendeplats", "säbo"),
    ("avtal", "kontrakt", "överenskommelse", "uppdragsavtal"),
    ("hyra", "hyresavtal", "inhyrning", "förhyrning", "lokalhyra", "hyreskontrakt"),
    ("polisanmälan", "polisanmäla", "anmäla polis"),
    ("skadestånd", "skadeståndsanspråk", "ersättningsanspråk"),
    ("bistånd", "insats", "stöd", "hjälp"),
    ("försörjningsstöd", "ekonomiskt bistånd", "socialbidrag", "socialhjälp"),
    ("ledsagning", "ledsagare", "ledsagarservice", "ledsaga"),
    ("modersmål", "modersmålsundervisning", "hemspråk"),
    ("plats", "placering", "placera"),
    ("mottagande", "ta emot", "motta", "intagning"),
    ("lön", "löne", "lönesättning", "lönesätta", "lönerevision"),
    ("attest", "attestera", "attesträtt"),
    ("utreda", "utredning", "utredning inleda", "inleda utredning"),
    ("bidrag", "stipendium", "anslag"),
    ("kränkande behandling", "kränkning", "mobbning", "trakasseri"),
    ("tillfällig", "tillfälligt", "kortvarig", "temporär"),
    ("tvångsvård", "tvång", "lvu", "lvm"),
    ("skyddad identitet", "sekretessmarkering"),
    ("dispens", "undantag", "avvikelse"),
    ("anmälan", "anmäla", "rapportera", "lex sarah", "lex maria"),
    ("arbetsmiljö", "arbetsmiljöansvar", "skyddsombud"),
    ("gåva", "donation", "gåvor"),
    ("flytta", "flyttning", "byta", "byte", "omplacering", "omplacera"),
    ("ändra", "ändring", "justera", "justering", "revidera", "revidering"),
    ("ansöka", "ansökan", "söka", "ansökning"),
    ("öppettid", "öppettider", "öppethållande"),
    ("läsår", "läsårstider", "terminstider", "skolår"),
    ("skola", "grundskola", "skolenhet", "skolan"),
)


def fold(text: str) -> str:
    """Lower case, NFC; é and ü kept (Swedish names use them), other marks dropped."""
    text = unicodedata.normalize("NFC", text.lower())
    return "".join(c for c in unicodedata.normalize("NFC", text)
                   if not unicodedata.combining(c))


def words(text: str) -> list[str]:
    return _WORD.findall(fold(text))


class SwedishStemmer:
    """The Snowball Swedish stemmer plus the derivational endings (pure, made on use)."""

    def __init__(self) -> None:
        import snowballstemmer  # type: ignore[import-untyped]

        self._stemmer: Any = snowballstemmer.stemmer("swedish")

    def stem(self, word: str) -> str:
        stem = str(self._stemmer.stemWord(word))
        for ending in _DERIVED:
            if stem.endswith(ending) and len(stem) - len(ending) >= 4:
                return str(self._stemmer.stemWord(stem[: -len(ending)] + "a"))
        return stem


@dataclass
class Analyzer:
    """Turns Swedish text into index terms. ``vocabulary``: the terms of the ordning,
    used to split compounds and correct typos (empty: neither)."""

    vocabulary: frozenset[str] = frozenset()
    stemmer: SwedishStemmer = field(default_factory=SwedishStemmer)
    _synonyms: dict[str, str] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._synonyms = {}
        for group in SYNONYMS:
            canonical = "syn" + self._phrase_key(group[0]).replace("_", "")
            for member in group:
                self._synonyms.setdefault(self._phrase_key(member), canonical)

    def _phrase_key(self, phrase: str) -> str:
        return "_".join(self.base_terms(phrase))

    def base_terms(self, text: str) -> list[str]:
        """Stems of the words (stop words out), particle verbs joined ("stänga av" →
        "avstäng"), in order."""
        raw = words(text)
        out: list[str] = []
        for i, word in enumerate(raw):
            nxt = raw[i + 1] if i + 1 < len(raw) else ""
            if (nxt in PARTICLES and word not in STOPWORDS and word not in PARTICLES
                    and word.endswith(_VERB_ENDINGS) and not word.startswith(nxt)
                    and not word.endswith(_DERIVED[:-1])):
                out.append(self.stemmer.stem(nxt + word))
            if word in STOPWORDS or word in PARTICLES:
                continue
            out.append(self.stemmer.stem(word))
        return out

    def expand(self, terms: Sequence[str]) -> list[str]:
        """``terms`` plus compound parts and synonym groups (each term once)."""
        return list(self.weighted(terms))

    def weighted(self, terms: Sequence[str]) -> dict[str, float]:
        """The expanded terms with their weight: the words and their synonyms 1, the
        parts of a compound (and their synonyms) ½."""
        out: dict[str, float] = {}

        def add(term: str, weight: float) -> None:
            if term and out.get(term, 0.0) < weight:
                out[term] = weight

        for i, term in enumerate(terms):
            add(term, 1.0)
            for size in (1, 2, 3):
                if i + size > len(terms):
                    break
                canonical = self._synonyms.get("_".join(terms[i:i + size]))
                if canonical:
                    add(canonical, 1.0)
            whole_synonym = term in self._synonyms
            for part in self.compound_parts(term):
                add(part, 0.5)
                canonical = self._synonyms.get(part)
                if canonical and not whole_synonym:
                    add(canonical, 0.5)
        return out

    def compound_parts(self, term: str) -> list[str]:
        """Known tails of a compound and its head: "tillsvidareanställ" → ["anställ",
        "tillsvidar"]; "modersmålsundervisn" → ["undervisn", "modersmål"]."""
        if len(term) < 7 or not self.vocabulary:
            return []
        for cut in range(2, len(term) - 3):
            head, tail = term[:cut], term[cut:]
            if tail not in self.vocabulary or tail == term:
                continue
            parts = [tail]
            for link in ("s", ""):
                if head.endswith(link) and len(head) - len(link) >= 4:
                    bare = head[: len(head) - len(link)] if link else head
                    parts.append(self.stemmer.stem(bare))
                    break
            return parts
        return []

    def prefixed(self, term: str, limit: int = 3) -> list[str]:
        """Known terms starting with ``term`` (a compound's first part in a question:
        "inackordering" → "inackorderingstilläg")."""
        if len(term) < 6:
            return []
        return sorted(k for k in self.vocabulary
                      if k.startswith(term) and k != term and not k.startswith("syn"))[:limit]

    def index_text(self, *texts: str) -> str:
        """The search text of a point: its expanded terms, space-separated."""
        terms: list[str] = []
        for text in texts:
            terms.extend(self.base_terms(text))
        return " ".join(self.expand(terms))

    def query_terms(self, question: str) -> list[str]:
        """A question's terms: typos corrected to the vocabulary, then expanded."""
        return list(self.query_weights(question))

    def query_weights(self, question: str) -> dict[str, float]:
        """:meth:`query_terms` with weights (see :meth:`weighted`; a known word that
        merely starts like a question's word counts ½)."""
        base = [term if term in self._synonyms else self.correct(term)
                for term in self.base_terms(question)]
        weights = self.weighted([b for b in base if b])
        for term in list(weights):
            if term not in self.vocabulary:
                for known in self.prefixed(term):
                    weights.setdefault(known, 0.5)
        return weights

    def correct(self, term: str) -> str:
        """``term`` when the ordning knows it; else its nearest known term (one edit for
        short words, two for long ones); else ``term`` unchanged."""
        if not self.vocabulary or term in self.vocabulary or term.isdigit():
            return term
        limit = 1 if len(term) <= 5 else 2
        best: tuple[int, int, str] | None = None
        for known in self.vocabulary:
            if abs(len(known) - len(term)) > limit or known.startswith("syn"):
                continue
            distance = edit_distance(term, known, limit)
            if distance <= limit:
                candidate = (distance, abs(len(known) - len(term)), known)
                if best is None or candidate < best:
                    best = candidate
        if best is not None:
            return best[2]
        # a compound of known parts ("hemtjänstbeslut") stays: its parts are found
        return term


def edit_distance(a: str, b: str, limit: int) -> int:
    """Optimal-string-alignment distance (transpositions count one), ``limit + 1`` as
    soon as it is certainly above ``limit``."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if (i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb):
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


def vocabulary_of(search_texts: Iterable[str]) -> frozenset[str]:
    return frozenset(term for text in search_texts for term in text.split())


@dataclass(frozen=True)
class Scored:
    point_id: int
    score: float


def rank(query: Sequence[str] | dict[str, float], documents: dict[int, tuple[str, str]],
         candidates: Iterable[int] | None = None, *, limit: int = 10) -> list[Scored]:
    """Rank points for the query terms. ``documents``: point id → (search text of its
    ärende, search text of the rest) for the whole ordning (the statistics);
    ``candidates``: the ids the full-text search found (None: all). Terms rare in the
    ordning weigh more (IDF); a hit in the ärende itself counts double."""
    import math

    if not query or not documents:
        return []
    doc_terms = {pid: (set(m.split()), set(rest.split())) for pid, (m, rest) in
                 documents.items()}
    n = len(doc_terms)
    weights = query if isinstance(query, dict) else dict.fromkeys(query, 1.0)
    unique = list(weights)
    df = {q: sum(1 for m, r in doc_terms.values() if q in m or q in r) for q in unique}
    wanted = set(doc_terms) if candidates is None else set(candidates) & set(doc_terms)
    scored: list[Scored] = []
    for pid in wanted:
        matter, rest = doc_terms[pid]
        score = 0.0
        for q in unique:
            if df[q] == 0:
                continue
            idf = weights[q] * math.log(1 + n / df[q])
            if q in matter:
                score += 2.0 * idf
            elif q in rest:
                score += idf
        if score > 0:
            size = len(matter) + 0.5 * len(rest)
            scored.append(Scored(pid, score / (1 + 0.02 * size)))
    scored.sort(key=lambda s: (-s.score, s.point_id))
    return scored[:limit]


def point_search_texts(points: Sequence[tuple[str, str, str, str]]) -> list[tuple[str, str]]:
    """(search text of the ärende, of the whole point) for (ärendegrupp, ärende, note,
    lagrum) of every point of an ordning; the ordning's own words split its compounds."""
    plain = Analyzer()
    vocabulary = frozenset(term for group, matter, _n, _l in points
                           for term in plain.base_terms(f"{group} {matter}"))
    analyzer = Analyzer(vocabulary=vocabulary, stemmer=plain.stemmer)
    return [(analyzer.index_text(matter), analyzer.index_text(matter, group, note, legal))
            for group, matter, note, legal in points]
