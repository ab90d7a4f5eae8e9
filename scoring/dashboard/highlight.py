"""Where user text becomes markup: the article with its evidence highlighted, and plain text in Markdown.

Every piece of article text goes through ``html.escape``; the only tags in the output are
the ones written here, so the result is safe for ``st.markdown(..., unsafe_allow_html=True)``.
Headlines, outlet names, file names and notes shown in Markdown elements (subheaders,
captions, messages) go through ``markdown_text`` so they show as typed and never link or load.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from scoring.analysis import Analysis
from scoring.features import writers_own
from scoring.report import md_escape


@dataclass(frozen=True, slots=True)
class EvidenceKind:
    label: str
    colour: str  # Okabe-Ito (and Tol's indigo), readable with the common colour-vision deficiencies
    tint: str  # a light background of the same hue, so the text stays readable


# In priority order: where marks overlap, the first kind listed wins the colour.
EVIDENCE_KINDS = {
    "unnamed_source": EvidenceKind("unnamed source", "#D55E00", "#FAD9C3"),
    "named_source": EvidenceKind("named source", "#0072B2", "#CCE3F2"),
    "second_hand": EvidenceKind("second-hand source", "#56B4E9", "#D5ECFA"),
    "reply": EvidenceKind("comment sought", "#332288", "#DCD9EE"),
    "assessment": EvidenceKind("assessment", "#009E73", "#C8EDE1"),
    "booster": EvidenceKind("booster", "#CC79A7", "#F3DCE9"),
    "hedge": EvidenceKind("hedge", "#E69F00", "#FBEBC2"),
    "voice": EvidenceKind("writer's voice", "#000000", "#E4E4E4"),
    "specific": EvidenceKind("figure or date", "#F0E442", "#FBF8D2"),
}
_PRIORITY = {kind: rank for rank, kind in enumerate(EVIDENCE_KINDS)}


@dataclass(frozen=True, slots=True)
class Mark:
    """One piece of evidence to highlight: ``text[start:end]``, its kind and its tooltip."""

    start: int
    end: int
    kind: str
    tooltip: str


def evidence_marks(analysis: Analysis, kinds=None) -> list[Mark]:
    """The analysis's evidence as Marks in text order: sources (and second-hand ones: other
    media, social media, unattributed reports), requests for comment, hedges, boosters,
    assessments, the writer's own voice outside quotations, and figures and dates; only
    ``kinds`` if given."""
    marks: list[Mark] = []
    for att in analysis.attributions:
        span = att.source or att.cue
        kind = "named_source" if att.named else "unnamed_source"
        who = att.source.text if att.source else f"(no source given) {att.cue.text}"
        if att.resolved_from is not None:
            who += f" \u2192 {att.resolved_from.text}"
        tooltip = f"{EVIDENCE_KINDS[kind].label}: {who}"
        if att.named:
            tooltip += f" ({att.kind.replace('_', ' ')})"
        marks.append(Mark(span.start, span.end, kind, tooltip))
    for kind, spans in (("hedge", analysis.hedges), ("booster", analysis.boosters)):
        for span in spans:
            category = f" ({span.kind.replace('_', ' ')})" if span.kind else ""
            marks.append(Mark(span.start, span.end, kind, f"{EVIDENCE_KINDS[kind].label}: {span.text}{category}"))
    for asm in analysis.assessments:
        bits = [asm.likelihood.label()] if asm.likelihood else [asm.span.text]
        if asm.confidence:
            bits.append(f"{asm.confidence} confidence")
        bits.append("attributed to a source" if asm.attributed else "the writer's own judgement")
        marks.append(Mark(asm.span.start, asm.span.end, "assessment", "assessment: " + ", ".join(bits)))
    for kind, what, spans in _style_evidence(analysis):
        for span in spans:
            marks.append(Mark(span.start, span.end, kind, f"{EVIDENCE_KINDS[kind].label}: {what}"))
    return sorted(
        (m for m in marks if m.end > m.start and (kinds is None or m.kind in kinds)),
        key=lambda m: (m.start, m.end),
    )


def _style_evidence(analysis: Analysis):
    """(kind, what it is, spans) for the other features' evidence, counted as the features count it."""
    return (
        ("second_hand", "other news media", analysis.media_sources),
        ("second_hand", "social media", writers_own(analysis.social_media, analysis)),
        ("second_hand", "report nobody is named for", writers_own(analysis.unattributed_reports, analysis)),
        ("reply", "the writer sought a response", writers_own(analysis.comment_requests, analysis)),
        ("voice", "first person", writers_own(analysis.first_person, analysis)),
        ("voice", "addresses the reader", writers_own(analysis.second_person, analysis)),
        ("voice", "loaded word", writers_own(analysis.loaded_words, analysis)),
        ("voice", "exclamation", writers_own(analysis.exclamations, analysis)),
        ("specific", "figure", analysis.numbers),
        ("specific", "date or time", analysis.dates),
    )


# Streamlit's Markdown extensions: $maths$, :colour[text] directives and :emoji: shortcodes.
_STREAMLIT_MARKUP = re.compile(r"\$|:(?=[\w-]+(?:\\?\[|:))")  # after md_escape: "\[" or "["


def markdown_text(text: str) -> str:
    """Text shown literally by Streamlit's Markdown: no HTML, links, images, maths or :directives[]."""
    return _STREAMLIT_MARKUP.sub(lambda m: "\\" + m.group(), md_escape(text))


def _winner(covering: list[Mark]) -> Mark:
    """The mark that colours a stretch covered by several: most important kind, then innermost."""
    return min(covering, key=lambda m: (_PRIORITY[m.kind], m.end - m.start))


def _escape(text: str) -> str:
    # No newline may reach the output: a blank line would end the HTML block and hand the
    # rest of the article to the Markdown parser. Brackets become entities as well, so no
    # Markdown link or image can form even if the text were ever parsed as Markdown.
    escaped = html.escape(text, quote=True).replace("[", "&#91;").replace("]", "&#93;")
    return escaped.replace("\r\n", "<br>").replace("\r", "<br>").replace("\n", "<br>")


def _segments(text: str, marks: list[Mark]) -> list[tuple[int, int, tuple[Mark, ...]]]:
    """The text cut at every mark boundary: (start, end, the marks covering that stretch)."""
    cuts = sorted({0, len(text), *(m.start for m in marks), *(m.end for m in marks)})
    out = []
    for start, end in zip(cuts, cuts[1:], strict=False):
        covering = tuple(m for m in marks if m.start <= start and m.end >= end)
        if out and out[-1][2] == covering:  # same evidence continues: one element, not two
            out[-1] = (out[-1][0], end, covering)
        else:
            out.append((start, end, covering))
    return out


def highlight_html(analysis: Analysis, kinds=None) -> str:
    """The article text as one HTML block, every piece of evidence in its kind's colour.

    Where marks overlap the text is cut at every boundary; each stretch takes the colour of
    its most important mark and a tooltip naming every mark that covers it.
    """
    text = analysis.text
    parts = ['<div class="evidence-text" style="line-height:1.7">']
    for start, end, covering in _segments(text, evidence_marks(analysis, kinds)):
        piece = _escape(text[start:end])
        if not covering:
            parts.append(piece)
            continue
        kind = EVIDENCE_KINDS[_winner(list(covering)).kind]
        tooltip = html.escape("; ".join(m.tooltip for m in covering), quote=True)
        parts.append(
            f'<mark title="{tooltip}" style="background:{kind.tint};'
            f"border-bottom:2px solid {kind.colour};padding:0 1px;border-radius:2px;color:inherit\">"
            f"{piece}</mark>"
        )
    parts.append("</div>")
    return "".join(parts)


def legend_html(counts: dict[str, int] | None = None, kinds=None) -> str:
    """A one-line key of the evidence colours (``kinds``, or all), with how many of each when ``counts`` is given."""
    items = []
    for key, kind in EVIDENCE_KINDS.items():
        if kinds is not None and key not in kinds:
            continue
        n = f" ({counts.get(key, 0)})" if counts is not None else ""
        items.append(
            f'<span style="background:{kind.tint};border-bottom:2px solid {kind.colour};display:inline-block;'
            f'white-space:nowrap;padding:0 4px;margin:0 8px 4px 0;border-radius:2px">{kind.label}{n}</span>'
        )
    return '<div class="evidence-legend">' + "".join(items) + "</div>"


def evidence_counts(analysis: Analysis) -> dict[str, int]:
    """How many marks of each kind the analysis has (the numbers the legend shows)."""
    counts = dict.fromkeys(EVIDENCE_KINDS, 0)
    for mark in evidence_marks(analysis):
        counts[mark.kind] += 1
    return counts
