"""Who is quoted: reporting cues, their sources, the claims, and how identifiable each source is.

Rule-based and linear in the text: one compiled regex finds every reporting cue ("said",
"according to", "court filings show", a colon after a speaker); around each cue a short scan
over the words of its sentence finds the source (to the left, "Officials said"; or to the right,
"said Pat Ryder", "according to a report"), the claim (an adjacent quotation or the rest of the
sentence) and the kind of source. Pronoun sources take the kind of the nearest earlier source
they can refer to. Lexicons: ``reporting_verbs``, ``person_titles``, ``person_nouns``,
``organisation_words``, ``document_words`` and ``anonymous_sources``.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache

from scoring.lexicons import load, lowered, phrase_pattern
from scoring.signals.cues import scan
from scoring.text import SentenceIndex, Span

SOURCE_KINDS = ("named_person", "named_org", "document", "unnamed")


@dataclass(frozen=True, slots=True)
class Attribution:
    """One claim attributed to a source.

    ``kind`` is one of SOURCE_KINDS. For a pronoun source ("he said") ``source`` is the pronoun,
    ``resolved_from`` the antecedent it was resolved to, and ``kind`` the antecedent's kind.
    """

    cue: Span
    source: Span | None
    content: Span | None
    direct_quote: bool
    kind: str
    sentence: int
    resolved_from: Span | None = None
    anonymity_reason: Span | None = None

    @property
    def named(self) -> bool:
        return self.kind != "unnamed"

    def to_dict(self) -> dict:
        def span(s: Span | None):
            return None if s is None else s.to_dict()

        return {
            "cue": span(self.cue),
            "source": span(self.source),
            "content": span(self.content),
            "direct_quote": self.direct_quote,
            "kind": self.kind,
            "sentence": self.sentence,
            "resolved_from": span(self.resolved_from),
            "anonymity_reason": span(self.anonymity_reason),
        }


def _words(spaced: str) -> frozenset[str]:
    return frozenset(spaced.split())


def _key(phrase: str) -> str:
    return " ".join(phrase.lower().replace("’", "'").split())


_CUES = {row[0]: row[2] for row in load("reporting_verbs")}
_LEMMAS = {_key(row[0]): row[1] for row in load("reporting_verbs")}
# AP style: "said" attributes a claim without colouring it ("claimed", "admitted", "slammed"
# do); "told" and "according to" are as neutral.
NEUTRAL_LEMMAS = frozenset({"say", "tell", "according to"})
_TITLES = {row[0]: (row[1] if len(row) > 1 else "") for row in load("person_titles")}
_PERSON_NOUNS = {row[0]: (row[1], row[2] if len(row) > 2 else "") for row in load("person_nouns")}
_ORG_WORDS = frozenset(row[0] for row in load("organisation_words"))
_DOCUMENT_WORDS = frozenset(row[0] for row in load("document_words"))
_ANONYMITY = {_key(row[0]): row[1] for row in load("anonymous_sources")}
# News outlets are organisations, even as one word opening a sentence ("Reuters said").
_OUTLETS = frozenset(row[0] for row in load("news_media") if row[1] == "outlet")

# Lexicon patterns run case-sensitively over the lower-cased text: the fast way (see phrase_pattern).
# The cues come from the shared lexicon scan (scoring.signals.cues); one counts at the text start
# or after a space, an opening quote mark, a bracket or a dash.
_BEFORE_CUE = frozenset("“\"‘([—–")
# A colon after a speaker that opens a quotation: "Smith: “We will win.”"
_COLON_RE = re.compile(r":(?=[ \t\u00a0]*[“\"‘])")
_ANONYMITY_RE = re.compile(r"\s(" + phrase_pattern(_ANONYMITY, flags=0).pattern + ")")
# A reason runs from its opening words to the end of its clause.
_CLAUSE_END_RE = re.compile(r"[.;,!?\n”\"]|\s[–—]\s|$")
_REASON_AFTER_MARKER_RE = re.compile(
    r"[\s,]*((?:because|since|as|to|in order to|for fear|for)\b)", re.IGNORECASE
)

_SPACES_RE = re.compile(r"\s*")
# Words and single punctuation marks ("U.S." is four tokens; the scans step over such stops).
_TOKEN_RE = re.compile(r"[^\W_]+(?:[-'’&][^\W_]+)*|[^\w\s]")

_PRONOUNS = {
    "he": ("person", "male", "singular"),
    "him": ("person", "male", "singular"),
    "she": ("person", "female", "singular"),
    "her": ("person", "female", "singular"),
    "it": ("thing", "", "singular"),
    "they": ("any", "", "plural"),
    "them": ("any", "", "plural"),
}
_FIRST_PERSON = frozenset({"i", "we", "you", "me", "us"})
_RELATIVES = frozenset({"who", "which"})
_DETERMINERS = _words(
    "a an the his her their its our this these those another one two three four five six seven eight"
    " nine ten several some many most few other both all each every any no none neither"
)
# Words that may stand between a source and its cue ("Smith also said", "officials have long argued").
_BETWEEN = _words(
    "also even has have had later then once again previously repeatedly recently publicly privately still"
    " would will could may might did does do not never often first further last earlier already now"
    " since initially separately subsequently reportedly further today yesterday"
)
# Words that open a clause before its subject ("But Smith said", "When asked, officials said").
_CLAUSE_OPENERS = _words(
    "and but so yet as then still also meanwhile however when while if after before since because"
    " though although once until unless where whereas instead indeed now thus hence today yesterday"
    " tonight last this earlier later on in at by for from with what how why or nor that"
)
# Modifiers of an unnamed source: "senior administration official", "U.S. intelligence officials".
_MODIFIERS = _words(
    "senior top former current high-ranking high-level ranking administration intelligence campaign"
    " state federal local military government press white chief deputy independent outside other"
    " foreign western european american party police company election health security defense defence"
    " law enforcement anonymous unnamed some many most few several two three four five six seven"
    " eight nine ten dozen dozens hundreds thousands percent fellow longtime veteran prominent leading"
    " congressional legislative republican democratic conservative liberal progressive political gop"
    " u.s. us white house senate house court legal key close trusted junior retired"
    " military-affiliated public private regional national international israeli russian chinese"
    " british french german iranian iraqi syrian turkish ukrainian palestinian"
)
# "a person familiar with the matter", "people close to the talks", "a spokesman for the company".
_POST_MODIFIER_OPENERS = frozenset({"familiar", "close", "briefed", "knowledgeable", "involved", "with"})
# After a source, these go on only to a place or a body: "officials in Washington", not "in a statement".
_PLACE_PREPOSITIONS = frozenset({"in", "on", "at"})
_PREPOSITIONS_IN_SOURCE = frozenset({"of", "for", "at", "with", "to", "on", "from", "in", "about", "by"})
_TIME_WORDS = _words(
    "monday tuesday wednesday thursday friday saturday sunday yesterday today tonight earlier later"
)
# Cues that attribute even with a source noun we do not know ("the bill's sponsors said").
_STRONG_CUES = frozenset({"said", "says", "say", "told", "tells", "wrote", "writes", "tweeted", "stated"})
# A capitalised title and the name after it: "Mr. Dale Pruitt", "Senator Rhea Voss".
_TITLE_RE = phrase_pattern({t[:1].upper() + t[1:] for t in _TITLES}, flags=0)
_NAME_AFTER_TITLE_RE = re.compile(r"\.?[ \t\u00a0]+(?:[A-Z][\w'’-]*\.?[ \t\u00a0]+){0,2}[A-Z][\w'’-]+")
# Cues whose object is the hearer, not the source: in "..., told the Sentinel" the Sentinel listens.
_HEARER_CUES = frozenset({"told", "tells", "tell", "asked", "asks"})
# Passives that attribute a claim without saying to whom: "he is said to have fled".
_SOURCELESS_CUES = frozenset({"said", "reported", "claimed", "alleged", "believed", "told"})
_PASSIVE_BEFORE = frozenset({"is", "was", "are", "were", "be", "been", "being"})
_ABBREVIATIONS = frozenset(
    t.rstrip(".") for t in _TITLES if t.endswith(".")
) | {"jr", "sr", "st", "inc", "corp", "co", "ltd", "u.s", "u.k", "u.n"}
_OPEN_QUOTES = "“\"‘'"
_CLOSE_QUOTES = "”\"’'"
# Quotations in curly or straight double quotes, or in doubled apostrophes (''like this'', as some
# wire copy has them). A quotation stops at a line break and holds no other opening mark, so an
# unmatched mark costs one scan to the end of its line.
_QUOTE_RE = re.compile(r"“[^“”\n]*”|\"[^\"\n]*\"|''(?:[^'\n]|'(?!'))*''")


@dataclass(slots=True)
class _Found:
    """An attribution while it is being built: the pieces still to be resolved."""

    cue: Span
    source: Span | None
    kind: str
    sentence: int
    pronoun: str = ""
    gender: str = ""
    number: str = "singular"
    content: Span | None = None
    direct_quote: bool = False
    resolved_from: Span | None = None
    anonymity_reason: Span | None = None
    unsure_person: bool = False  # a one-word name the article never shows as a person or anything else


def find_quotes(text: str) -> tuple[Span, ...]:
    """Quoted passages (straight or curly double quotes, or doubled apostrophes), marks included."""
    return tuple(Span(m.start(), m.end(), m.group(), "quote") for m in _QUOTE_RE.finditer(text))


def find_attributions(text: str, sentences: tuple[Span, ...]) -> tuple[Attribution, ...]:
    """Every attribution in the text, in text order."""
    if not sentences:
        return ()
    index = SentenceIndex(sentences)
    quotes = [m.span() for m in _QUOTE_RE.finditer(text)]
    quote_starts = [q[0] for q in quotes]
    lower = lowered(text)
    cues = [(s, e) for s, e, _ in scan(text)["reporting_verbs"] if s == 0 or text[s - 1].isspace() or text[s - 1] in _BEFORE_CUE]
    cues += [(m.start(), m.end()) for m in _COLON_RE.finditer(text)]
    found: list[_Found] = []
    last_end = -1
    for start, end in sorted(cues):
        if start < last_end or _inside(quotes, quote_starts, start):
            continue  # inside a quotation the words are the speaker's, not the article's sourcing
        i = index.index_of(start)
        sentence = sentences[i]
        if text[start] == ":":
            attribution = _colon(text, sentence, start, i)
        else:
            attribution = _cue(text, lower[start:end], sentence, start, end, i, found)
        if attribution is not None and (attribution.source is None or _is_source(text, attribution)):
            found.append(attribution)
            last_end = attribution.cue.end
    # "in a statement" is the cue only where no verb in its sentence is one
    spoken = {f.sentence for f in found if f.cue.detail != "medium"}
    found = [f for f in found if f.cue.detail != "medium" or f.sentence not in spoken]
    _add_content(text, sentences, found, quotes, quote_starts)
    _settle_one_word_names(text, found)
    _resolve_pronouns(text, found, index)
    _add_anonymity_reasons(text, lower, sentences, found)
    return tuple(
        Attribution(f.cue, f.source, f.content, f.direct_quote, f.kind, f.sentence, f.resolved_from, f.anonymity_reason)
        for f in found
    )


def neutral_verb(attribution: Attribution) -> bool:
    """True when the cue attributes without colouring the claim: said, told, according to."""
    return _LEMMAS.get(_key(attribution.cue.text)) in NEUTRAL_LEMMAS


def _inside(ranges: list[tuple[int, int]], starts: list[int], pos: int) -> bool:
    k = bisect.bisect_right(starts, pos) - 1
    return k >= 0 and ranges[k][0] < pos < ranges[k][1]


def _tokens(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group()) for m in _TOKEN_RE.finditer(text, start, end)]


def _left(text: str, lo: int, pos: int, width: int) -> list[tuple[int, int, str]]:
    """The words before ``pos`` back to ``lo`` (a sentence start), at most ``width`` characters."""
    return _tokens(text, max(lo, pos - width), pos)


def _cue(
    text: str, word: str, sentence: Span, start: int, end: int, index: int, found: list[_Found]
) -> _Found | None:
    """The attribution a cue (``word``, lower-cased, at ``text[start:end]``) makes, or None."""
    if not word.isalpha():
        word = _key(word)  # "said  in a\u00a0statement"
    cue_type = _CUES.get(word)
    if cue_type is None:
        return None
    if text[start].isupper() and not _opens_sentence(text, sentence.start, start):
        return None  # "the United States", "Media Reports": a name, not a cue
    if not _cue_in_context(text, word, end):
        return None
    cue = Span.of(text, start, end, "cue", cue_type)
    if cue_type == "according":
        source = _source_after(text, end, sentence.end, loose=True)
        return _found(text, cue, source, index) if source else None
    if cue_type == "medium":
        return _medium(text, sentence, cue, index)
    strong = word in _STRONG_CUES
    # A short window first: most sources are a few words ("Mayor Jane Okafor said").
    for width in (28, 100):
        left = _left(text, sentence.start, start, width)
        truncated = bool(left) and left[0][0] > sentence.start
        if truncated:
            left = left[1:]  # the window may have cut its first word in two
        while left and (left[-1][2].lower() in _BETWEEN or _is_adverb(left[-1][2])):
            left.pop()
        if not truncated or len(left) > 2:
            break
    if left and left[-1][2].lower() in _PASSIVE_BEFORE and cue_type != "participle":
        if cue_type == "speech" and text.startswith("by", _skip_space(text, end)):
            source = _source_after(text, _skip_space(text, end) + 2, sentence.end, loose=True)
            return _found(text, cue, source, index) if source else None
        if word in _SOURCELESS_CUES and (word != "told" or text.startswith("that", _skip_space(text, end))):
            return _Found(cue, None, "unnamed", index)  # "it was reported that": a claim nobody is named for
        return None  # "was expected", "was asked": no claim of a source
    if cue_type == "participle" and left and left[-1][2].lower() in _PASSIVE_BEFORE:
        left.pop()  # "Trump is insisting": a progressive, its subject stands before it
        cue_type = "speech"
    elif cue_type == "participle" or (left and left[-1][2].lower() in ("and", "but") and cue_type in ("speech", "stance")):
        # "..., saying", "... but said": the subject of the clause they hang on speaks
        if not left or left[-1][2] not in (",", "and", "but", "And", "But"):
            return None
        return _clause_subject(text, sentence, cue, index, found)
    if left and left[-1][2] in "–—":
        # "Many speakers at the service — including imams — said": the source is before the dashes
        wide = _left(text, sentence.start, left[-1][0], 240)
        dashes = [k for k, t in enumerate(wide) if t[2] in "–—"]
        if dashes:
            source = _np_before(text, wide[:dashes[-1]], strong)
            return _found(text, cue, source, index) if source else None
    if not left or left[-1][2] in ",”\"’'–—-(":
        if cue_type not in ("speech", "stance", "document"):
            return None
        source = None
        after_quote = len(left) > 1 and left[-1][2] == "," and left[-2][2] in _CLOSE_QUOTES
        if left and left[-1][2] == "," and not after_quote:
            source = _appositive_subject(text, _left(text, sentence.start, start, 240))
        if cue_type == "document":
            # "Two analysts, Jane Roe and John Doe, found": only people who study find
            head = source.text.partition(",")[0] if source else ""
            keep = source is not None and (_studies(head) or _classify(head)[0] == "document")
            return _found(text, cue, source, index) if keep else None
        if source is None and word not in _HEARER_CUES and cue_type == "speech":
            source = _source_after(text, end, sentence.end, loose=False)
        return _found(text, cue, source, index) if source else None
    last = left[-1][2].lower()
    if last in _FIRST_PERSON or last.startswith(("i'", "i’")):
        return None
    if last in _PRONOUNS:
        if cue_type in ("document", "cognition"):
            return None  # "said he expects": the belief is reported by the speech cue before it
        s, e, w = left[-1]
        return _found(text, cue, Span.of(text, s, e, "source"), index, pronoun=last)
    if last in _RELATIVES:
        wide = _left(text, sentence.start, left[-1][0], 240)
        if wide and wide[-1][2] == ",":
            source = _appositive_subject(text, wide) or _np_before(text, wide[:-1], False)
        else:  # "a woman who claimed": the noun the relative clause belongs to
            source = _np_before(text, wide, False)
        return _found(text, cue, source, index) if source else None
    source = _np_before(text, left, strong)
    if source is not None and truncated and _may_go_on(left, source.start):
        source = _np_before(text, _left(text, sentence.start, left[-1][1], 120), strong)
    if source is None:
        if cue_type != "document":
            return None
        source = _document_before(text, _left(text, sentence.start, left[-1][1], 120))
        return _Found(cue, source, "document", index) if source else None
    attribution = _found(text, cue, source, index)
    if cue_type == "document" and attribution.kind != "document" and not _studies(source.text):
        document = _document_before(text, _left(text, sentence.start, left[-1][1], 120))
        return _Found(cue, document, "document", index) if document else None
    if cue_type == "cognition" and attribution.kind == "document":
        return None
    return attribution


# "recalls 84,000 heaters" is a product recall; only "recalled that", "recalls how" report memory.
_RECALL_CUES = frozenset({"recall", "recalls", "recalled"})
_RECALL_OBJECTS_RE = re.compile(r"\s+(?:that|how|when|being)\b", re.IGNORECASE)
# "reports of units overheating", "reports are filed": a noun, not a report verb ("31 reported
# fires" has a number for its source, which is none; see _is_source).
_REPORT_CUES = frozenset({"report", "reports", "reported"})
_REPORT_AS_NOUN_RE = re.compile(r"\s+(?:of|are|were|have|had|show|showed|say|said|suggest)\b")
# "the change adds no more than 2,000": arithmetic, not speech.
_ADD_CUES = frozenset({"add", "adds", "added"})
_ADDS_A_NUMBER_RE = re.compile(r"\s+(?:\d|no more|up to|about \d|nearly|almost|roughly)")
# "who asked not to be named": a request for anonymity, no claim.
_ASK_CUES = frozenset({"asked", "asks", "ask"})
_ASKS_NOT_RE = re.compile(r"\s+not\b")


def _cue_in_context(text: str, word: str, end: int) -> bool:
    """Whether a cue word whose sense depends on the word after it is a reporting cue here."""
    if word in _RECALL_CUES:
        return _RECALL_OBJECTS_RE.match(text, end) is not None
    if word in _REPORT_CUES:
        return _REPORT_AS_NOUN_RE.match(text, end) is None
    if word in _ADD_CUES:
        return _ADDS_A_NUMBER_RE.match(text, end) is None
    if word in _ASK_CUES:
        return _ASKS_NOT_RE.match(text, end) is None
    return True


def _medium(text: str, sentence: Span, cue: Span, index: int) -> _Found | None:
    """"In a statement, the ministry blamed ...", "Okafor, in an interview, was blunt": the speaker."""
    left = _left(text, sentence.start, cue.start, 120)
    if left and left[-1][2] == ",":
        source = _np_before(text, left[:-1], False)
    else:
        comma = text.find(",", cue.end, min(sentence.end, cue.end + 80))
        if comma < 0:
            return None
        after = _tokens(text, comma + 1, min(sentence.end, comma + 30))
        if after and after[0][2].lower() in ("he", "she", "they", "it"):
            s, e, w = after[0]
            return _found(text, cue, Span.of(text, s, e, "source"), index, pronoun=w.lower())
        source = _source_after(text, comma + 1, sentence.end, loose=False)
    return _found(text, cue, source, index) if source else None


def _document_before(text: str, left: list[tuple[int, int, str]]) -> Span | None:
    """"A survey conducted by Jane Roe found": the document noun the clause opens with."""
    for k in range(len(left) - 1, max(-1, len(left) - 16), -1):
        w = left[k][2].lower()
        if w in _DOCUMENT_WORDS:
            start = k
            while start > 0 and (_opens_noun(left[start - 1][2]) and left[start - 1][2].lower() not in _CLAUSE_OPENERS):
                start -= 1
            return Span.of(text, left[start][0], left[-1][1], "source")
        if w in ",;:" or w in _NOT_NOUNS and w not in ("by", "from", "of", "in", "on", "for", "at"):
            return None
    return None


def _may_go_on(left: list[tuple[int, int, str]], start: int) -> bool:
    """Whether a phrase starting at ``start`` in a cut window may begin before the window.

    It may when it starts the window, or after a word that links it to more ("[People familiar]
    with the matter", "[the company] and the agency").
    """
    k = next((n for n, t in enumerate(left) if t[0] == start), 0)
    if k == 0:
        return True
    before = left[k - 1][2]
    # a word that may modify the noun, kept once a determiner is found: "[the national] safety agency"
    modifier = before.isalpha() and before.islower() and before not in _NOT_NOUNS | _CUES.keys()
    return modifier or before.lower() in _PREPOSITIONS_IN_SOURCE | _POST_MODIFIER_OPENERS | {"and"}


def _clause_subject(text: str, sentence: Span, cue: Span, index: int, found: list[_Found]) -> _Found | None:
    """The source of a cue that hangs on a clause: its earlier attribution, or its opening subject."""
    if found and found[-1].sentence == index and found[-1].source is not None:
        prior = found[-1]
        return _Found(cue, prior.source, prior.kind, index, prior.pronoun, prior.gender, prior.number,
                      resolved_from=prior.resolved_from)
    toks = _tokens(text, sentence.start, min(cue.start, sentence.start + 200))
    k = 0
    # Past a dateline ("WASHINGTON (AP) —") and an opening phrase ("Speaking in Ohio, he ...").
    dash = next((n for n, t in enumerate(toks[:8]) if t[2] in "–—"), None)
    if dash is not None:
        k = dash + 1
    if k < len(toks) and (toks[k][2].lower() in _PREPOSITIONS_IN_SOURCE or toks[k][2].endswith("ing")):
        comma = next((n for n in range(k, len(toks)) if toks[n][2] == ","), None)
        k = comma + 1 if comma is not None else k
    while k < len(toks) and (toks[k][2].lower() in _CLAUSE_OPENERS or toks[k][2] in _OPEN_QUOTES):
        k += 1
    if k >= len(toks):
        return None
    s, e, w = toks[k]
    if w.lower() in _PRONOUNS and w.lower() not in ("him", "her", "them"):
        return _found(text, cue, Span.of(text, s, e, "source"), index, pronoun=w.lower())
    source = _source_after(text, s, cue.start, loose=False)
    if source is None:
        return None
    attribution = _found(text, cue, source, index)
    return attribution if attribution.kind != "document" else None


def _colon(text: str, sentence: Span, colon: int, index: int) -> _Found | None:
    if colon - sentence.start > 80:
        return None  # the speaker opens the sentence: a colon far into it follows no speaker
    left = _tokens(text, sentence.start, colon)
    if not left or left[-1][2].lower() in _CUES or not left[-1][2][:1].isupper():
        return None
    source = _np_before(text, left, False)
    # Only a speaker who opens the sentence ("Smith: “...”"); "told Fox News: “...”" has its cue.
    if source is None or not _opens_sentence(text, sentence.start, source.start):
        return None
    cue = Span.of(text, colon, colon + 1, "cue", "colon")
    found = _found(text, cue, source, index)
    return found if found.kind in ("named_person", "named_org", "unnamed") else None


def _opens_sentence(text: str, sentence_start: int, pos: int) -> bool:
    """Whether only quote marks, brackets and spaces stand between the sentence start and ``pos``."""
    return pos - sentence_start <= 4 and not text[sentence_start:pos].strip(_OPEN_QUOTES + " (")


def _skip_space(text: str, pos: int) -> int:
    return _SPACES_RE.match(text, pos).end()


# Nouns that end like adverbs: "a spokesman for the family said".
_LY_NOUNS = _words("family ally rally assembly supply monopoly anomaly reply homily bully italy july")


def _is_adverb(word: str) -> bool:
    return len(word) > 4 and word.endswith("ly") and word.islower() and word not in _MODIFIERS | _LY_NOUNS


def _post_modified(left: list[tuple[int, int, str]], i: int) -> int | None:
    """Where a source noun stands before the post-modifier words ending at ``left[i]``, or None.

    "a person familiar with", "a spokesman for", "Secretary of": the noun a source phrase goes on to.
    """
    j = i
    while j >= 0 and left[j][2].lower() in _POST_MODIFIER_OPENERS | _PREPOSITIONS_IN_SOURCE:
        j -= 1
    if j == i or j < 0:
        return None
    word = left[j][2]
    lw = word.lower()
    if lw in _PERSON_NOUNS or lw in _TITLES or (_is_name_word(word) and lw not in _CLAUSE_OPENERS):
        return j
    # a place named with its owner, on the way to the source: "workers at [the Greenholt factory] on the estate"
    if j > 0 and word.isalpha() and word.islower() and lw not in _NOT_NOUNS and _is_name_word(left[j - 1][2]):
        return j
    return None


def _opens_noun(word: str) -> bool:
    """Words before a noun: "many reporters", "Democratic voters", "Cruz's allies"."""
    lw = word.lower()
    return lw in _DETERMINERS or lw in _MODIFIERS or lw.endswith(("'s", "’s")) or (
        _is_name_word(word) and lw not in _CLAUSE_OPENERS
    )


def _is_source_noun(word: str) -> bool:
    return word in _PERSON_NOUNS or word in _TITLES or word in _ORG_WORDS or word in _DOCUMENT_WORDS


def _is_name_word(word: str) -> bool:
    return word[:1].isupper() or word[:1].isdigit()


def _np_before(text: str, left: list[tuple[int, int, str]], strong: bool) -> Span | None:
    """The noun phrase that ends at the last of ``left`` (the words before a cue), or None."""
    if not left:
        return None
    i = len(left) - 1
    start_i = None
    confirmed = None  # the start, unless a determiner comes before the words we did not know
    has_head = False
    while i >= 0 and len(left) - i <= 16:
        s, e, w = left[i]
        lw = w.lower()
        if w == "." and i > 0 and (left[i - 1][2].lower() in _ABBREVIATIONS or len(left[i - 1][2]) == 1):
            i -= 1
            continue
        if lw in ("'s", "’s", "'", "’") and start_i is not None:
            i -= 1
            continue
        if w == ")" and not has_head:
            # "Sen. Johnny Isakson (R-Ga.)": step over the parenthesis to the name
            j = i - 1
            while j > 0 and i - j < 10 and left[j][2] != "(":
                j -= 1
            if left[j][2] != "(":
                return None
            i = j - 1
            continue
        if lw in _DETERMINERS and has_head:
            start_i = confirmed = i
            j = _post_modified(left, i - 1)
            if j is not None:  # "people familiar with [the matter]": go on to "people"
                i = start_i = confirmed = j
                continue
            # "one of the officials", "some of the president's aides"
            if i >= 2 and left[i - 1][2].lower() == "of" and left[i - 2][2].lower() in _DETERMINERS | _MODIFIERS:
                start_i = confirmed = i - 2
            break
        if (_is_name_word(w) and lw not in _CLAUSE_OPENERS) or _is_source_noun(lw):
            start_i = confirmed = i
            has_head = True
        elif has_head and (lw in _MODIFIERS or lw.endswith(("'s", "’s"))):
            start_i = confirmed = i
        elif has_head and w.replace("-", "").isalpha() and w.islower() and lw not in _CLAUSE_OPENERS and lw not in _NOT_NOUNS and lw not in _CUES:
            start_i = i  # "two city officials": kept only if a determiner comes before it
        elif has_head and lw in _PREPOSITIONS_IN_SOURCE | _POST_MODIFIER_OPENERS:
            j = _post_modified(left, i)
            if j is None:
                break
            i = start_i = confirmed = j
            continue
        elif not has_head and w.isalpha() and w.islower() and lw not in _CLAUSE_OPENERS and lw not in _NOT_NOUNS and lw not in _CUES and (
            strong or (i > 0 and _opens_noun(left[i - 1][2]))
        ):
            start_i = confirmed = i  # a source noun we do not know: "the bill's sponsors said"
            has_head = True
        else:
            break
        i -= 1
    start_i = confirmed
    if start_i is None or not has_head:
        return None
    start_i = _coordinated_start(text, left, start_i, strong)
    # Trim openers and time words a capitalised sentence start let in ("But Smith", "Yesterday Smith").
    end_i = len(left) - 1
    while start_i <= end_i and (left[start_i][2].lower() in _CLAUSE_OPENERS | _TIME_WORDS or left[start_i][2] in ".'’"):
        if left[start_i][2].lower() in _DETERMINERS:
            break
        start_i += 1
    if start_i > end_i:
        return None
    return Span.of(text, left[start_i][0], left[end_i][1], "source")


# Where a source phrase may begin: the sentence's start, or after one of these.
_PHRASE_OPENERS = frozenset({",", ";", ":", "(", "—", "–", "”", "\"", "but", "that", "while", "as"})


def _coordinated_start(text: str, left: list[tuple[int, int, str]], start_i: int, strong: bool) -> int:
    """Where the source starts when two sources share a cue: "the company and the agency said".

    The phrase before "and" joins only when it opens its clause and holds nothing but words a
    source phrase is made of, so "praised the plan and the mayor said" keeps only "the mayor" and
    "met Ada Quinn and officials said" only "officials". A pronoun does not join ("he and his
    wife" stays as found).
    """
    if start_i < 2 or left[start_i - 1][2].lower() != "and":
        return start_i
    other = _np_before(text, left[: start_i - 1], strong)
    if other is None or other.text.lower() in _PRONOUNS:
        return start_i
    k = next(k for k, token in enumerate(left) if token[0] == other.start)
    # Only words a source phrase is made of: a verb means a clause ("the minister met Ada Quinn
    # and officials said", "prices rose and analysts said"), and the source is after "and".
    source_words = _DETERMINERS | _MODIFIERS | _PREPOSITIONS_IN_SOURCE | _POST_MODIFIER_OPENERS
    for _, _, w in left[k : start_i - 1]:
        lw = w.lower()
        if w.isalpha() and w.islower() and lw not in source_words and not _is_source_noun(lw):
            return start_i
    if not (_is_name_word(left[start_i - 2][2]) or _is_source_noun(left[start_i - 2][2].lower())):
        return start_i
    opens_clause = k == 0 or left[k - 1][2].lower() in _PHRASE_OPENERS
    return k if opens_clause else start_i


# Lower-case words that end a clause rather than name a source ("the plan that Smith said").
_NOT_NOUNS = _words(
    "is are was were be been being has have had do does did will would can could may might must shall"
    " should not also just only even that which who whom whose what where when why how there here it"
    " this these those than then and or but if so as to of in on at by for from with about into over"
    " after before under again further very too more less much well cannot can't therefore"
)


_VERBS = frozenset(
    {"is", "are", "was", "were", "had", "has", "have", "be", "been", "will", "would", "can", "could", "may",
     "might", "must", "should", "did", "do", "does"}
)


def _appositive_subject(text: str, left: list[tuple[int, int, str]]) -> Span | None:
    """"Lamar Smith, a representative from Texas, said": the name before the appositive commas."""
    commas = [k for k, t in enumerate(left) if t[2] == ","]
    if not commas or commas[-1] != len(left) - 1:
        return None
    for k in reversed(commas[:-1][-3:]):
        segment = [t[2] for t in left[k + 1:-1]]  # as written: "published in May" has no verb "may"
        if not segment or len(segment) > 24 or segment[0] in ("and", "but", "or") or (
            segment[0].lower() not in _RELATIVES and _VERBS & set(segment)
        ):
            return None  # a clause, not an appositive: "they had been travelling together, wrote X"
        head = _np_before(text, left[:k], True)
        if head is not None and (head.text[:1].isupper() or _key(head.text).split()[-1] in _PERSON_NOUNS):
            return Span.of(text, head.start, left[-2][1], "source")
    return None


def _source_after(text: str, start: int, limit: int, loose: bool) -> Span | None:
    """The noun phrase just after a cue ("said Pat Ryder", "according to a report by ...")."""
    toks = _tokens(text, start, min(limit, start + 120))
    if toks and toks[0][2].lower() in _PRONOUNS and (len(toks) == 1 or not toks[1][2][0].isalnum()):
        return Span.of(text, toks[0][0], toks[0][1], "source")  # "according to her, ..."
    end_i = None
    has_head = False
    i = 0
    while i < len(toks) and i < 20:
        s, e, w = toks[i]
        lw = w.lower()
        if w == "." and i > 0 and (toks[i - 1][2].lower() in _ABBREVIATIONS or len(toks[i - 1][2]) == 1):
            end_i = i
        elif (_is_name_word(w) and lw not in _CLAUSE_OPENERS | _TIME_WORDS) or _is_source_noun(lw):
            end_i, has_head = i, True
        elif lw in _MODIFIERS or lw in _DETERMINERS or lw.endswith(("'s", "’s")):
            pass  # part of the phrase, not its head
        elif has_head and lw in _PREPOSITIONS_IN_SOURCE | _POST_MODIFIER_OPENERS and i + 1 < len(toks):
            nxt = toks[i + 1][2]
            if lw in _PLACE_PREPOSITIONS and not loose:
                if not _is_name_word(nxt):
                    break  # "said Tomas Hendry in a statement": the phrase ends at the name
            elif not (nxt.lower() in _DETERMINERS or _is_name_word(nxt) or nxt.lower() in _MODIFIERS
                      or nxt.lower() in _POST_MODIFIER_OPENERS | _PREPOSITIONS_IN_SOURCE):
                break
        elif loose and w.replace("-", "").isalpha() and w.islower() and lw not in _NOT_NOUNS:
            end_i, has_head = i, True
        elif w.isalpha() and w.islower() and lw not in _NOT_NOUNS and i + 1 < len(toks) and _is_source_noun(toks[i + 1][2].lower()):
            pass  # a noun before a source noun: "said an industry analyst"
        else:
            break
        i += 1
    if not has_head or end_i is None:
        return None
    return Span.of(text, toks[0][0], toks[end_i][1], "source")


# Words that never make a source on their own: "The reports" ("her" is also a pronoun).
_NOT_HEADS = _words("a an the his their its our this that these those")
# "most serious calls": after these the word is an adjective; a person is not "more".
_DEGREE_WORDS = _words("most more least less very")
_ADJECTIVE_ENDINGS = ("ous", "ful", "ical")  # not "-able": "the new timetable"


_WORD_AFTER_RE = re.compile(r"[ \t\u00a0]+([a-z]+)\b")


def _is_source(text: str, found: _Found) -> bool:
    """Whether the source of an attribution is one: not a lone determiner or an adjective, and a
    bare number only in poll results ("nine in 10 said they", "43 said the same"), not before a
    plural noun ("870 calls") or with a participle before its noun ("31 reported fires")."""
    shape = _source_shape(found.source.text)
    if shape != "number":
        return shape == "source"
    after = _WORD_AFTER_RE.match(text, found.cue.end)
    noun_after = after is not None and after.group(1) not in _NOT_NOUNS | _DETERMINERS and after.group(1) not in _PRONOUNS
    return not (found.cue.text.endswith("s") or noun_after)


@lru_cache(maxsize=4096)  # sources repeat ("he", "officials"): read each once
def _source_shape(phrase: str) -> str:
    """"source", "number" (a bare number) or "none" (a lone determiner or an adjective)."""
    words = [w for w in _TOKEN_RE.findall(phrase) if w[0].isalnum()]
    if not words or all(w.lower() in _NOT_HEADS for w in words):
        return "none"
    if all(w.isdigit() or w.lower() in _NOT_HEADS for w in words):
        return "number"
    head = words[-1]
    if not head.islower() or _is_source_noun(head):
        return "source"
    adjective = head.endswith(_ADJECTIVE_ENDINGS) or (len(words) > 1 and words[-2].lower() in _DEGREE_WORDS)
    return "none" if adjective else "source"


def _found(text: str, cue: Span, source: Span, index: int, pronoun: str = "") -> _Found:
    pronoun = pronoun or (source.text.lower() if source.text.lower() in _PRONOUNS else "")  # "according to him"
    if pronoun:
        _, gender, number = _PRONOUNS[pronoun]
        return _Found(cue, source, "", index, pronoun=pronoun, gender=gender, number=number)
    kind, gender, number = _classify(source.text)
    return _Found(cue, source, kind, index, gender=gender, number=number)


_STUDY_PEOPLE = frozenset({"researchers", "scientists", "economists", "investigators", "analysts", "experts", "auditors"})


def _studies(source: str) -> bool:
    """Sources that find and show as well as say: "researchers found", "two analysts at Acme found"."""
    words = [w for w in _TOKEN_RE.findall(source) if w not in ".,'’()"]
    return bool(words) and _core(words)[-1].lower() in _STUDY_PEOPLE


@lru_cache(maxsize=4096)  # sources repeat ("he", "Trump", "officials"): classify each once
def _classify(source: str) -> tuple[str, str, str]:
    """(kind, gender, number) of a source phrase; an appositive decides only for an unnamed head.

    "Tad Devine, a top adviser" is a named person; "a spokeswoman, Jane Roe" is too.
    """
    head, _, appositive = source.partition(",")
    first, joined, second = head.partition(" and ")
    found = _classify_coordinated(first, second) if joined else _classify_phrase(head)
    if found[0] == "named_person" and appositive.split()[:1] == ["which"]:
        return "named_org", "", "singular"  # "Corrow Marine, which lost the tender": a person is "who"
    if found[0] == "unnamed" and any(_is_name_word(w) for w in appositive.split()):
        return _classify_phrase(appositive)
    return found


def _classify_coordinated(first: str, second: str) -> tuple[str, str, str]:
    """Two sources sharing a cue are named when either is: the claim rests on someone a reader
    can identify. A bare name after a place or body ("officials in Dunmore and Kestrel County",
    "Department of Health and Human Services") continues the first phrase, which decides."""
    first_kind = _classify_phrase(first)[0]
    first_words = [w.lower() for w in _TOKEN_RE.findall(first)]
    second_words = _TOKEN_RE.findall(second)
    continues_first = bool(_PREPOSITIONS_IN_SOURCE & set(first_words[1:])) and bool(second_words) and (
        _is_name_word(second_words[0]) and second_words[0].lower() not in _DETERMINERS | _TITLES.keys()
    )
    if continues_first:
        return first_kind, "", "plural" if first_kind == "unnamed" else "singular"
    second_kind = _classify_phrase(second)[0]
    named = [k for k in (first_kind, second_kind) if k != "unnamed"]
    return (named[0] if named else "unnamed"), "", "plural"


def _classify_phrase(source: str) -> tuple[str, str, str]:
    words = [w for w in _TOKEN_RE.findall(source) if w not in ".,'’()"]
    if not words:
        return "unnamed", "", "singular"
    lowered = [w.lower() for w in words]
    gender = next((_TITLES[w] for w in lowered if _TITLES.get(w)), "") or next(
        (_PERSON_NOUNS[w][1] for w in lowered if w in _PERSON_NOUNS and _PERSON_NOUNS[w][1]), ""
    )
    core = _core(words)
    head = core[-1]
    lhead = head.lower()
    number = _PERSON_NOUNS[lhead][0] if lhead in _PERSON_NOUNS else ("plural" if lhead.endswith("s") and not head[:1].isupper() else "singular")
    if lhead in _DOCUMENT_WORDS:
        return "document", "", number
    names = [w for w in core if _is_name_word(w) and w.lower() not in _TITLES and w.lower() not in _MODIFIERS
             and w.lower() not in _PERSON_NOUNS and w.lower() not in _DETERMINERS]
    orgish = any(w.lower() in _ORG_WORDS for w in core if _is_name_word(w)) or any(
        w.isupper() and len(w) > 1 and w.isalpha() for w in names
    )
    if head[:1].isupper() and lhead not in _PERSON_NOUNS and lhead not in _TITLES and lhead not in _DETERMINERS:
        run = _final_name_run(core)
        acronym = head.isupper() and len(head) > 1 and len(run) == 1
        before = core[len(core) - len(run) - 1].lower() if len(run) < len(core) else ""
        if _titled(run):
            return "named_person", gender, "singular"  # "Bank of Kestovia Governor Helena Moravec"
        # "the Washington Examiner", "grid operator Westgrid"
        if acronym or any(w.lower() in _ORG_WORDS for w in run) or before == "the" or before in _ORG_WORDS:
            return "named_org", "", "singular"
        return "named_person", gender, "singular"
    if lhead in _TITLES and lhead not in _PERSON_NOUNS:
        definite = core[0].lower() in ("the", "his", "her", "their", "its") or core[0].endswith(("'s", "’s"))
        if names:
            return ("named_org" if orgish else "named_person"), gender, number
        return ("named_person" if definite else "unnamed"), gender, number
    if lhead in _ORG_WORDS:
        # "the company", "police", "the Trump campaign" are known bodies; "a company" is not
        definite = core[0].lower() in ("the", "its", "their", lhead) or bool(names)
        # A court speaks through its rulings, which are on record: "a lower court rejected".
        on_record = lhead in _COURTS
        return ("named_org" if definite or on_record else "unnamed"), "", "singular"
    rest = words[len(core):]
    if lhead in _DELEGATES and rest[:1] and rest[0].lower() in ("from", "of") and any(
        _is_name_word(w) and w.lower() in _ORG_WORDS for w in rest
    ):
        return "named_org", "", "singular"  # "observers from the Regional Election Monitoring Mission"
    # "A spokesman for Acme Corp." and "Okafor's spokeswoman" are unnamed: a reader cannot tell who spoke.
    return "unnamed", gender, number


_COURTS = frozenset({"court", "tribunal"})
# People who speak for the body that sent them: "monitors from the Election Mission" report its
# findings; "officials from the ministry" stay unnamed (any one of them may speak for themselves).
_DELEGATES = frozenset({"observers", "monitors", "inspectors", "delegates", "delegation", "mission"})


def _titled(run: list[str]) -> bool:
    """Whether a name ends with a title and a person's name: "Bank of Kestovia Governor Helena Moravec"."""
    k = next((k for k in range(len(run) - 2, -1, -1) if run[k].lower() in _TITLES), None)
    return k is not None and not any(w.lower() in _ORG_WORDS for w in run[k + 1:])


_ONE_NAME_RE = re.compile(r"[A-Z][\w'’&-]*[a-z][\w'’&-]*")
# "Vell, who" is a person; "Corrow, which" is not.
_RELATIVE_AFTER_RE = re.compile(r",\s+(which|who)\b")
_NEXT_WORD_RE = re.compile(r"[ \t\u00a0]+([A-Z][a-z]+)\b")
# "Okafor said her budget", "Tessaro declined to comment on its suppliers": later in the clause.
_CLAUSE_POSSESSIVE_RE = re.compile(r"[^.;!?\n]{0,60}?\b(its|his|her)\b")


def _settle_one_word_names(text: str, found: list[_Found]) -> None:
    """The kind of a one-word source ("Okonjo said", "Westgrid said"), from the whole article.

    News copy introduces a person by full name or title ("Ruth Okonjo", "Mr. Okonjo") before a
    surname alone; a company or an outlet has no first name. So a one-word name is a person only
    when the article shows it as one: after a title or a first name, before "who", "his" or "her".
    The company word after it ("Tessaro Motors") or "its" makes it an organisation. A plural or
    a word also written in lower case that only ever opens a sentence ("Stallholders said") is
    a noun, not a name: unnamed. A name also seen inside a sentence, never as a person, is an
    organisation ("told Ledgerlight"); one seen only opening sentences stays a person, but a
    "he" or "she" after it refers to a person named with a title since, if any.
    """
    kinds: dict[str, str] = {}
    for f in found:
        if f.kind != "named_person" or f.pronoun or f.source is None or not _ONE_NAME_RE.fullmatch(f.source.text):
            continue
        name = f.source.text
        if name.lower() in _TITLES:
            continue  # "said Commander": a title whose name the scan did not reach
        if name not in kinds:
            kinds[name] = _one_word_kind(text, name, f.source.start)
        if kinds[name] == "":
            f.unsure_person = True
        elif kinds[name] != "named_person":
            f.kind, f.gender = kinds[name], ""


# The part of the text searched for evidence about a name: an article and then some, so that the
# time stays linear in a text of many articles.
_NAME_EVIDENCE_BEFORE, _NAME_EVIDENCE_AFTER = 12_000, 6_000


def _one_word_kind(text: str, name: str, at: int) -> str:
    """The kind of a one-word name; "" when the article tells nothing (it stays a person)."""
    lo, hi = max(0, at - _NAME_EVIDENCE_BEFORE), at + _NAME_EVIDENCE_AFTER
    inside_sentence = organisation = False
    for start, end in _occurrences(text, name, lo, hi):
        words_before = text[max(0, start - 30):start].split()
        prev = words_before[-1] if words_before else ""
        lprev = prev.lower()
        if lprev in _TITLES or (prev.isalpha() and prev[0].isupper() and lprev not in _DETERMINERS and lprev not in _CLAUSE_OPENERS):
            return "named_person"  # "Mr. Okonjo", "Mayor Okafor", a first name: "Ruth Okonjo"
        relative = _RELATIVE_AFTER_RE.match(text, end)
        possessive = _CLAUSE_POSSESSIVE_RE.match(text, end)
        if (relative and relative.group(1) == "who") or (possessive and possessive.group(1) != "its"):
            return "named_person"
        company = _NEXT_WORD_RE.match(text, end)
        organisation = organisation or bool(relative or possessive) or (
            company is not None and company.group(1).lower() in _ORG_WORDS
        )
        inside_sentence = inside_sentence or (prev != "" and prev[-1] not in ".!?" + _CLOSE_QUOTES + _OPEN_QUOTES)
    if organisation or inside_sentence or name.lower() in _OUTLETS:
        return "named_org"
    noun = name.endswith("s") or any(_occurrences(text, name.lower(), lo, hi))
    return "unnamed" if noun else ""  # nothing to go on: a person, but one a pronoun may skip


def _occurrences(text: str, word: str, lo: int, hi: int):
    """(start, end) of ``word`` as a whole word in ``text[lo:hi]``; str.find is much faster than a regex here."""
    start = text.find(word, lo, hi)
    while start >= 0:
        end = start + len(word)
        if (start == 0 or not text[start - 1].isalnum()) and (end >= len(text) or not text[end].isalnum()):
            yield start, end
        start = text.find(word, end, hi)


def _final_name_run(words: list[str]) -> list[str]:
    """The name that ends a phrase: "Brigadier General Pat Ryder", "Department of Homeland Security"."""
    k = len(words)
    while k > 0 and (
        (_is_name_word(words[k - 1]) and words[k - 1].lower() not in _DETERMINERS)
        or (words[k - 1] in ("of", "for", "&") and k > 1 and _is_name_word(words[k - 2]))
    ):
        k -= 1
    return words[k:]


def _core(words: list[str]) -> list[str]:
    """The words of a source up to its post-modifier ("a person" of "a person familiar with ...")."""
    for k, w in enumerate(words):
        lw = w.lower()
        if k > 0 and (lw in _POST_MODIFIER_OPENERS or (lw in _PREPOSITIONS_IN_SOURCE and lw != "of")):
            return words[:k]
        if k > 0 and w.endswith("ed") and w.islower() and words[k - 1].islower():
            return words[:k]  # "a report released Tuesday", "a draft report obtained by"
        if k > 0 and lw in _DETERMINERS and words[k - 1].lower() in _DOCUMENT_WORDS:
            return words[:k]  # "figures the ministry published": the clause after the document is no head
        name_of_name = (k + 1 < len(words) and _is_name_word(words[k + 1]) and _is_name_word(words[k - 1])
                        and words[k - 1].lower() not in _PERSON_NOUNS)  # "Residents of Dunmore" is no title
        if k > 0 and lw == "of" and not name_of_name:
            # "one of the officials": the head follows "of"; "Secretary of State Kerry" stays whole
            if words[k - 1].lower() in _DETERMINERS | _MODIFIERS:
                continue
            return words[:k]
    return words


# A paraphrase runs to the end of its sentence, cut at this length (a text without full stops
# is one long sentence).
_LONGEST_CLAIM = 600
_THAT_SOON_RE = re.compile(r"(?:[\w.'’-]+\s+){0,6}?that\s+")


def _add_content(text: str, sentences, found: list[_Found], quotes, quote_starts) -> None:
    """The claim of each attribution: an adjacent quotation, else the rest of its sentence."""
    for f in found:
        first = min(f.cue.start, f.source.start if f.source else f.cue.start)
        last = max(f.cue.end, f.source.end if f.source else f.cue.end)
        quote = _adjacent_quote(text, quotes, quote_starts, first, last)
        if quote is not None:
            f.content = Span.of(text, quote[0], quote[1], "content", "quote")
            f.direct_quote = True
            continue
        sentence = sentences[f.sentence]
        after = _skip_space(text, last)
        if text.startswith((",", ":"), after):
            after = _skip_space(text, after + 1)
        that = _THAT_SOON_RE.match(text, after, min(sentence.end, after + 60))
        if that is not None:  # past the hearer and the time: "told reporters on Monday that"
            after = that.end()
        end = min(sentence.end, after + _LONGEST_CLAIM)
        while end > after and text[end - 1] in ".!?":
            end -= 1
        if end - after >= 12:
            f.content = Span.of(text, after, end, "content", "paraphrase")
            continue
        before = first
        while before > sentence.start and text[before - 1] in " ,\u00a0\t–—":
            before -= 1
        if before - sentence.start >= 12:
            f.content = Span.of(text, sentence.start, before, "content", "paraphrase")


def _adjacent_quote(text: str, quotes, quote_starts, first: int, last: int) -> tuple[int, int] | None:
    """A quotation just before the source and cue (“...,” he said) or just after ("said: “...”")."""
    k = bisect.bisect_right(quote_starts, first) - 1
    if k >= 0 and quotes[k][1] <= first <= quotes[k][1] + 4 and not text[quotes[k][1]:first].strip(" ,\u00a0\t\r\n"):
        return quotes[k]
    if k + 1 < len(quotes):
        nxt = quotes[k + 1]
        if last <= nxt[0] <= last + 4 and not text[last:nxt[0]].strip(" ,:\u00a0\t\r\n"):
            return nxt
    return None


def _titled_people(text: str) -> list[_Found]:
    """People named with a title anywhere ("Mr. Dale Pruitt arrived"): antecedents for "he"/"she"."""
    people = []
    for m in _TITLE_RE.finditer(text):
        name = _NAME_AFTER_TITLE_RE.match(text, m.end())
        if name is None:
            continue
        gender = _TITLES.get(m.group().lower(), "")
        source = Span.of(text, m.start(), name.end(), "source")
        people.append(_Found(source, source, "named_person", -1, gender=gender))
    return people


def _resolve_pronouns(text: str, found: list[_Found], index: SentenceIndex) -> None:
    """A pronoun source takes the kind of the nearest earlier source it can refer to.

    Candidates are earlier sources and people named with a title ("Mr. Dale Pruitt arrived late.").
    """
    if not any(f.pronoun for f in found):
        return
    sources = sorted((f for f in found if f.source is not None and not f.pronoun), key=lambda f: f.source.end)
    source_ends = [f.source.end for f in sources]
    people = people_ends = None  # found only when a pronoun has no source to refer to: a scan of the whole text
    for f in found:
        if not f.pronoun or f.kind:
            continue  # a kind already: copied from the clause it hangs on
        category = _PRONOUNS[f.pronoun][0]
        match = _antecedent(f, category, sources, source_ends)
        if category == "person" and (match is None or match.unsure_person):
            # No source, or only a one-word name the article never showed as a person: a person
            # named with a title since then is nearer ("Dr. Jonas Fell reran it. ... he said").
            if people is None:
                people = _titled_people(text)
                people_ends = [p.source.end for p in people]
                for p in people:
                    p.sentence = index.index_of(p.cue.start)
            titled = _antecedent(f, category, people, people_ends)
            if titled is not None and (match is None or titled.source.end > match.source.end):
                match = titled
        if match is None:
            f.kind = {"person": "named_person", "thing": "named_org", "any": "unnamed"}[category]
            continue
        f.kind = match.kind
        f.resolved_from = match.source
        if f.gender and not match.gender:
            match.gender = f.gender  # "Smith said ... he said": later "she" is someone else


def _antecedent(pronoun: _Found, category: str, candidates: list[_Found], ends: list[int]) -> _Found | None:
    """The nearest of ``candidates`` (sorted by ``ends``, where their sources end) the pronoun can refer to."""
    before = bisect.bisect_right(ends, pronoun.source.start)
    return next((a for a in reversed(candidates[max(0, before - 12):before]) if _can_refer(pronoun, category, a)), None)


def _can_refer(pronoun: _Found, category: str, antecedent: _Found) -> bool:
    """Whether ``pronoun`` (he, she, it, they) can refer back to ``antecedent``'s source."""
    if category == "person":
        # An unnamed person is "he" or "she" only nearby; further back it is the named people.
        near = pronoun.sentence - antecedent.sentence <= 2
        person = antecedent.kind == "named_person" or (antecedent.kind == "unnamed" and near)
        return person and antecedent.number == "singular" and antecedent.gender in ("", pronoun.gender)
    if category == "thing":
        return antecedent.kind in ("named_org", "document")
    return antecedent.number == "plural" or antecedent.kind == "named_org"


def _add_anonymity_reasons(text: str, lower: str, sentences: tuple[Span, ...], found: list[_Found]) -> None:
    """Why an unnamed source was granted anonymity, when its sentence or the next one says so."""
    first_in, last_in = {}, {}
    for f in found:
        if f.kind == "unnamed":
            first_in.setdefault(f.sentence, f)
            last_in[f.sentence] = f
    for i in sorted(set(first_in) | {k + 1 for k in last_in if k + 1 < len(sentences)}):
        sentence = sentences[i]
        for m in _ANONYMITY_RE.finditer(lower, max(0, sentence.start - 1), sentence.end):
            kind = _ANONYMITY[_key(m.group(1))]
            start = m.start(1)
            if kind == "marker":
                reason = _REASON_AFTER_MARKER_RE.match(text, m.end())
                if reason is None:
                    continue
                start = reason.start(1)
            end = _CLAUSE_END_RE.search(text, m.end(), m.end() + _LONGEST_CLAIM).start()
            target = first_in.get(i) or last_in.get(i - 1)
            if target is not None and target.anonymity_reason is None and end > start:
                target.anonymity_reason = Span.of(text, start, end, "anonymity_reason")
