"""The whole extraction of one article: sentences → mentions → events, statements, allegiances
→ ``ArticleFacts`` (plain model objects; ``conflictkg.mapping`` makes the RDF)."""

from __future__ import annotations

import dataclasses

from ..article import Article
from ..model import Allegiance, ArticleFacts, Ref
from . import EXTRACTOR_VERSION, gazetteer, lexicon
from .allegiances import dedupe, sentence_allegiances
from .events import EventContext, merge_events, sentence_events
from .mentions import MentionFinder, detect_focus
from .reference import ReferenceIndex
from .resolution import Entities
from .sentences import split_sentences
from .statements import about_refs, sentence_statements


def extract(article: Article, reference: ReferenceIndex | None = None) -> ArticleFacts:
    """The facts of ``article``; actors and places already in ``reference`` keep their IRIs."""
    reference = reference if reference is not None else ReferenceIndex()
    body = article.body
    focus = detect_focus(article.text)
    sentences = split_sentences(body)
    learner = MentionFinder(Entities(reference, focus))
    for sentence in sentences:  # first pass: learn the article's new names, so that a name typed only
        learner.find(sentence)  # later ("X, a militant group", "X fighters") is found where it comes first
    entities = Entities(reference, focus)
    finder = MentionFinder(entities, foreknown=learner.new_names())
    ctx = EventContext(article.published)
    events, statements, allegiances = [], [], []
    statement_events: list[list[int]] = []
    previous: dict = {}
    place_counts: dict[str, int] = {}
    for sentence in sentences:
        mentions = finder.find(sentence)
        for m in mentions:
            if m.category == "place":
                place_counts[m.key] = place_counts.get(m.key, 0) + 1
        last_place = finder.last_place
        agent_before = ctx.last_agent  # "the campaign was led by X": the led side acted before
        found = sentence_events(sentence, mentions, entities, ctx, last_place)
        first = len(events)
        events.extend(found)
        for st in sentence_statements(sentence, mentions, entities, article.published, previous):
            statement_events.append(list(range(first, len(events))) + ctx.referred)
            st.about = [Ref(m.category, m.key) for m in mentions if m.key != st.speaker][:0]
            statements.append(st)
            previous["last_index"] = len(statements) - 1
            previous["last_speaker"] = st.speaker
        allegiances.extend(sentence_allegiances(sentence, mentions, entities, agent_before or ctx.last_agent,
                                               finder.affiliations))
        people = [m.key for m in mentions if m.category == "actor" and entities.actor(m.key).kind == "Person"]
        if people:
            previous["last_person"] = people[-1]
        subjects = [m.key for m in mentions if m.category == "actor"]
        if subjects and sentence.text.split()[0] not in ("It", "They"):
            previous.setdefault("last_speaker", subjects[0])
            previous["last_speaker"] = subjects[0] if not statements or statements[-1].evidence[0] != sentence.text else previous["last_speaker"]
        previous["last_agent"] = ctx.last_agent
    main = _main_place(place_counts, entities)
    for e in events:
        if e.location is None:
            e.location = main
    merged = merge_events(events)
    index_of = {id(e): i for i, e in enumerate(merged)}
    for i, e in enumerate(events):  # events merged into an earlier twin keep pointing at it
        if id(e) not in index_of:
            twin = next(m for m in merged if e.evidence[0] in m.evidence and m.type == e.type)
            index_of[id(e)] = index_of[id(twin)]
    for st, indexes in zip(statements, statement_events):
        st.about = about_refs(st, sorted({index_of[id(events[i])] for i in indexes}), [])
    facts = ArticleFacts(slug=article.slug, title=article.title or article.headline, text=article.text,
                         published=article.published, url=article.url, publisher=article.publisher,
                         rights=article.rights, events=merged, statements=statements, allegiances=dedupe(allegiances),
                         extractor_version=EXTRACTOR_VERSION)
    _implied_targets(facts)
    facts.allegiances = dedupe(facts.allegiances + _national_allegiances(facts, entities, sentences))
    _keep_used(facts, entities)
    return facts


def _national_allegiances(facts: ArticleFacts, entities: Entities, sentences) -> list[Allegiance]:
    """A national name on media is an allegiance (CODEBOOK): "Syrian state media" (or SANA, a state
    outlet of the known-actor lexicon) is AffiliatedWith the Syrian government (or Syria, the state,
    when the article has no Syrian government). Only
    towards an actor the facts already involve; the evidence is the first sentence naming the media.
    National forces are left out: the gold codes their LoyalTo only where the text dwells on it, and
    adding it everywhere halved the precision of allegiances on the development articles."""
    used = {k for e in facts.events for k in e.agents + e.targets} | {s.speaker for s in facts.statements} | \
        {s.cited_in for s in facts.statements if s.cited_in} | \
        {k for a in facts.allegiances for k in (a.of, a.to)}
    # an outlet named in a statement's sentence carried it ("..., the state news agency SANA reported")
    quoted = " ".join(t for s in facts.statements for t in s.evidence)
    used |= {a.key for a in entities.actors if a.kind == "MediaOutlet"
             and any(n in quoted for n in [a.label, *a.alt_labels])}
    demonyms = lexicon.demonyms()

    def country(actor) -> str | None:
        words = actor.label.split()
        for n in (2, 1):
            if len(words) > n and " ".join(words[:n]) in demonyms:
                return demonyms[" ".join(words[:n])]
        return None

    by_country: dict[tuple[str, str], str] = {}
    for a in entities.actors:
        if a.key in used and a.kind in ("Government", "State") and country(a) is not None:
            by_country.setdefault((a.kind, country(a)), a.key)
        if a.key in used and a.kind == "State" and a.territory:
            code = next((c for c, e in gazetteer.countries().items() if entities.place(a.territory).label == e.name), None)
            if code:
                by_country.setdefault(("State", code), a.key)
    def media_country(actor) -> str | None:
        """The state running a media outlet: "Syrian state media", or a state outlet of the lexicon (SANA)."""
        if "state media" in actor.label:
            return country(actor)
        known = lexicon.known_actor_by_label().get(actor.label)
        return known.country if known is not None and known.kind == "MediaOutlet" else None

    out = []
    for a in entities.actors:
        if a.key not in used or a.kind != "MediaOutlet" or media_country(a) is None:
            continue
        code = media_country(a)
        owner = by_country.get(("Government", code)) or by_country.get(("State", code)) if code else None
        names = [a.label, *a.alt_labels, *a.hidden_labels]
        evidence = next((s.text for s in sentences if any(n in s.text for n in names)), None)
        if owner and evidence:
            out.append(Allegiance(of=a.key, type="AffiliatedWith", to=owner, evidence=[evidence]))
    return out


def _main_place(counts: dict[str, int], entities: Entities) -> str | None:
    """Where an article's events happen when a sentence names no place: its most mentioned town,
    city or region (the first named on a tie), else its most mentioned country — not the place
    named last, which is often a side remark."""
    order = list(counts)
    for kinds in (("City", "Town", "Region"), ("Country",)):
        candidates = [k for k in order if entities.place(k).kind in kinds]
        if candidates:
            return max(candidates, key=lambda k: (counts[k], -order.index(k)))
    return None


_ACTS_ON_ENEMY = {"Offensive", "Airstrike", "Shelling", "TerritorialCapture"}  # a clash has two agents


def _implied_targets(facts: ArticleFacts) -> None:
    """An attack whose target the sentence leaves unsaid is on the agent's enemy, when the article
    names exactly one actor the agent fights (CODEBOOK: what the text plainly implies)."""
    enemies: dict[str, set[str]] = {}
    for a in facts.allegiances:
        if a.type == "Opposes":
            enemies.setdefault(a.of, set()).add(a.to)
            enemies.setdefault(a.to, set()).add(a.of)
    for e in facts.events:
        if e.type in _ACTS_ON_ENEMY and len(e.agents) == 1 and not e.targets:
            foes = enemies.get(e.agents[0], set())
            if len(foes) == 1:
                e.targets = sorted(foes)
        elif e.type == "Clash":
            _both_sides(e, enemies)


def _both_sides(event, enemies: dict[str, set[str]]) -> None:
    """A clash is fought by both sides (CODEBOOK: "a Clash ... with both sides as agents"): the side
    the sentence found as target is an agent too, and a lone side's one named enemy joins it."""
    sides = list(dict.fromkeys(event.agents + event.targets))
    if len(sides) == 1 and len(enemies.get(sides[0], set())) == 1:
        sides += sorted(enemies[sides[0]])
    event.agents, event.targets = sides, []


def _keep_used(facts: ArticleFacts, entities: Entities) -> None:
    """Only the actors and places the facts refer to (and the places new ones are located in)."""
    actors: set[str] = set()
    places: set[str] = set()
    for e in facts.events:
        actors.update(e.agents + e.targets)
        if e.location:
            places.add(e.location)
    for s in facts.statements:
        actors.add(s.speaker)
        if s.cited_in:
            actors.add(s.cited_in)
        for ref in s.about:
            (actors if ref.kind == "actor" else places if ref.kind == "place" else set()).add(ref.key)
    for a in facts.allegiances:
        actors.update((a.of, a.to))
    facts.actors = [dataclasses.replace(a) for a in entities.actors if a.key in actors]
    for a in facts.actors:
        if a.territory and a.iri is None:
            places.add(a.territory)
    by_key = {p.key: p for p in entities.places}
    frontier = list(places)
    while frontier:
        p = by_key.get(frontier.pop())
        if p and p.located_in and p.iri is None and p.located_in not in places:
            places.add(p.located_in)
            frontier.append(p.located_in)
    facts.places = [dataclasses.replace(p, hidden_labels=p.hidden_labels if p.key in places else [])
                    for p in entities.places if p.key in places]
