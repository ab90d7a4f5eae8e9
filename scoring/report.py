"""The meeting report: one self-contained HTML file (or Markdown for the minutes) from the store.

For a period (articles published between ``since`` and ``until``, both days included) and
optionally some outlets: the outlets ranked by shrunk score with 95% intervals, each outlet's
trend, the reviews of those articles, where reviewers disagreed with the model, and the queue
for next time.

Every piece of stored text (titles, outlet and reviewer names, notes) is escaped before it is
placed in the output, and the HTML references nothing outside itself: inline CSS, charts as
inline SVG drawn offline by vl-convert.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

import altair as alt
import pandas as pd
import vl_convert

from scoring.outlets import outlet_summary, outlet_trend
from scoring.review import queue, reviews
from scoring.store import latest_scores, now_utc, period_bounds

QUEUE_LENGTH = 20
# Weekly points when the period's articles span at most this many days, else monthly.
WEEKLY_UP_TO_DAYS = 120


@dataclass
class Report:
    """The report's content as frames; render with ``to_html`` or ``to_markdown``."""

    since: str | None
    until: str | None
    outlets: list[str]
    generated_at: str
    articles: int
    summary: pd.DataFrame
    trend: pd.DataFrame
    trend_freq: str
    reviewed: pd.DataFrame
    disagreements: pd.DataFrame
    queue: pd.DataFrame
    model_ids: list[str] = field(default_factory=list)

    @property
    def period(self) -> str:
        if self.since and self.until:
            return f"{self.since} to {self.until}"
        if self.since:
            return f"from {self.since}"
        if self.until:
            return f"up to {self.until}"
        return "all dates"

    def to_html(self) -> str:
        return _render_html(self)

    def to_markdown(self) -> str:
        return _render_markdown(self)


def build_report(db, since=None, until=None, outlets=None) -> Report:
    """Gather everything the meeting report shows for the period and outlets."""
    period_bounds(since, until)  # a clear error for a bad date before any work
    outlets = [outlets] if isinstance(outlets, str) else list(outlets or [])
    scored = latest_scores(db, since=since, until=until, outlets=outlets)
    in_scope = set(scored["article_id"])

    history = reviews(db)
    reviewed = history[history["article_id"].isin(in_scope)].reset_index(drop=True)
    disagrees = (
        (reviewed["verdict"] != "agree")
        | reviewed["corrected_score"].notna()
        | reviewed["corrected_band"].fillna("").ne("")
    )
    freq = _trend_freq(scored)
    return Report(
        since=None if since is None else str(since),
        until=None if until is None else str(until),
        outlets=outlets,
        generated_at=now_utc(),
        articles=len(scored),
        summary=outlet_summary(scored) if len(scored) else pd.DataFrame(),
        trend=outlet_trend(scored, freq=freq) if len(scored) else pd.DataFrame(),
        trend_freq=freq,
        reviewed=reviewed,
        disagreements=reviewed[disagrees].reset_index(drop=True),
        queue=queue(db, outlets=outlets, since=since, until=until, limit=QUEUE_LENGTH),
        model_ids=sorted(scored["model_id"].dropna().unique().tolist()) if len(scored) else [],
    )


def _trend_freq(scored: pd.DataFrame) -> str:
    dates = pd.to_datetime(scored.get("published"), errors="coerce", utc=True).dropna()
    if len(dates) and (dates.max() - dates.min()).days > WEEKLY_UP_TO_DAYS:
        return "M"
    return "W"


# ---------------------------------------------------------------------------------------------
# Cells shared by both renderings

def _num(value, digits=0) -> str:
    return "" if pd.isna(value) else f"{value:.{digits}f}"


def _share(value) -> str:
    return "" if pd.isna(value) else f"{100 * value:.0f}%"


def _text(value) -> str:
    return "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value)


def _correction(row) -> str:
    bits = []
    if pd.notna(row["corrected_score"]):
        bits.append(f"score {row['corrected_score']:.0f}")
    if _text(row["corrected_band"]):
        bits.append(f"band {row['corrected_band']}")
    return ", ".join(bits)


def _seen(row) -> str:
    if pd.isna(row["reviewed_score"]):
        return ""
    return f"{row['reviewed_score']:.0f} ({_text(row['reviewed_band'])})"


SUMMARY_TABLE = (
    ("Rank", lambda i, r: str(i + 1)),
    ("Outlet", lambda i, r: _text(r["outlet"])),
    ("Articles", lambda i, r: str(r["articles"])),
    ("Failed", lambda i, r: str(r["errors"])),
    ("Mean score", lambda i, r: _num(r["mean_score"])),
    ("Shrunk score", lambda i, r: _num(r["shrunk_score"])),
    ("95% interval", lambda i, r: f"{_num(r['ci_low'])}–{_num(r['ci_high'])}" if pd.notna(r["ci_low"]) else ""),
    ("Unnamed sources", lambda i, r: _share(r["unnamed_source_share"])),
    ("Hedges /1000 words", lambda i, r: _num(r["hedges_per_1000_words"], 1)),
)
TREND_TABLE = (
    ("Outlet", lambda i, r: _text(r["outlet"])),
    ("From", lambda i, r: r["period"].strftime("%Y-%m-%d")),
    ("Articles", lambda i, r: str(r["articles"])),
    ("Mean score", lambda i, r: _num(r["mean_score"])),
)
REVIEW_TABLE = (
    ("When (UTC)", lambda i, r: _text(r["created_at"]).replace("T", " ").replace("+00:00", "")),
    ("Article", lambda i, r: _text(r["article_id"])),
    ("Outlet", lambda i, r: _text(r["outlet"])),
    ("Title", lambda i, r: _text(r["title"])),
    ("Reviewer", lambda i, r: _text(r["reviewer"])),
    ("Verdict", lambda i, r: _text(r["verdict"])),
    ("Score seen", lambda i, r: _seen(r)),
    ("Correction", lambda i, r: _correction(r)),
    ("Notes", lambda i, r: _text(r["notes"])),
)
QUEUE_TABLE = (
    ("#", lambda i, r: str(i + 1)),
    ("Article", lambda i, r: _text(r["article_id"])),
    ("Outlet", lambda i, r: _text(r["outlet"])),
    ("Title", lambda i, r: _text(r["title"])),
    ("Score", lambda i, r: f"{_num(r['score'])} ({_text(r['band'])})"),
    ("Priority", lambda i, r: _num(r["priority"], 1)),
    ("Why", lambda i, r: _text(r["reason"])),
)


def _cells(frame: pd.DataFrame, table) -> tuple[list[str], list[list[str]]]:
    rows = [[cell(i, row) for _, cell in table] for i, (_, row) in enumerate(frame.iterrows())]
    return [name for name, _ in table], rows


def _sections(report: Report):
    """(heading, intro, table spec, frame, chart, fold the table) for each part, in order."""
    freq_word = "week" if report.trend_freq == "W" else "month"
    return (
        ("Outlets ranked", "Shrunk mean score with its 95% interval: an outlet with few articles is "
         "pulled toward the overall mean and has a wide interval.", SUMMARY_TABLE, report.summary,
         _ranking_chart, False),
        (f"Trend by {freq_word}", f"Mean score of each outlet's articles per {freq_word}.",
         TREND_TABLE, report.trend, _trend_chart, True),
        ("Articles reviewed", "Every review of these articles, newest first; a changed mind is a "
         "new review, so history shows.", REVIEW_TABLE, report.reviewed, None, False),
        ("Disagreements with the model", "Reviews whose verdict was not \"agree\" or that "
         "corrected the score or band.", REVIEW_TABLE, report.disagreements, None, False),
        ("Queue for next time", "Where a human look is worth most: weak articles from usually "
         "strong outlets, high scores resting on unnamed sources, the model's least certain "
         "cases; never-reviewed articles first.", QUEUE_TABLE, report.queue, None, False),
    )


# ---------------------------------------------------------------------------------------------
# HTML

_CSS = """
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 2rem auto;
       max-width: 72rem; padding: 0 1rem; color: #1d1d1f; }
h1 { font-size: 1.6rem; margin-bottom: .2rem; } h2 { margin-top: 2.2rem; border-bottom: 1px solid #ddd; }
.meta, .intro { color: #555; } .empty { color: #777; font-style: italic; }
table { border-collapse: collapse; width: 100%; font-size: .9rem; margin-top: .6rem; }
th, td { text-align: left; padding: .3rem .5rem; border-bottom: 1px solid #eee; vertical-align: top; }
th { background: #f6f6f6; } td { overflow-wrap: break-word; }
td:nth-child(-n+2) { white-space: nowrap; }
figure { margin: 1rem 0; overflow-x: auto; }
"""


def _html_table(frame: pd.DataFrame, table) -> str:
    if frame is None or frame.empty:
        return '<p class="empty">Nothing in this period.</p>'
    headers, rows = _cells(frame, table)
    head = "".join(f"<th>{html.escape(h)}</th>" for h in headers)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(cell)}</td>" for cell in row) + "</tr>" for row in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _render_html(report: Report) -> str:
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>Sourcing review: {html.escape(report.period)}</title>",
        f"<style>{_CSS}</style></head><body>",
        f"<h1>Sourcing review: {html.escape(report.period)}</h1>",
        f'<p class="meta">{html.escape(_scope_line(report))}</p>',
    ]
    for heading, intro, table, frame, chart, fold in _sections(report):
        parts.append(f"<h2>{html.escape(heading)}</h2>")
        parts.append(f'<p class="intro">{html.escape(intro)}</p>')
        if chart is not None and frame is not None and not frame.empty:
            parts.append(f"<figure>{safe_svg(chart(frame))}</figure>")
        if fold and frame is not None and not frame.empty:
            parts.append(f"<details><summary>The figures</summary>{_html_table(frame, table)}</details>")
        else:
            parts.append(_html_table(frame, table))
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def _scope_line(report: Report) -> str:
    outlets = ", ".join(report.outlets) if report.outlets else "all outlets"
    models = ", ".join(report.model_ids) if report.model_ids else "none"
    return (
        f"{report.articles} articles ({report.period}); {outlets}. "
        f"Models: {models}. Generated {report.generated_at}."
    )


def _ranking_chart(summary: pd.DataFrame) -> alt.TopLevelMixin:
    data = summary.dropna(subset=["shrunk_score"])[["outlet", "articles", "shrunk_score", "ci_low", "ci_high"]]
    order = data["outlet"].tolist()
    base = alt.Chart(data).encode(y=alt.Y("outlet:N", sort=order, title=None))
    interval = base.mark_rule(strokeWidth=2, color="#8aa").encode(
        x=alt.X("ci_low:Q", scale=alt.Scale(domain=[0, 100]), title="shrunk score (95% interval)"),
        x2="ci_high:Q",
    )
    point = base.mark_point(filled=True, size=70, color="#245").encode(x="shrunk_score:Q")
    return (interval + point).properties(width=520, height=alt.Step(22))


def _trend_chart(trend: pd.DataFrame) -> alt.TopLevelMixin:
    data = trend.assign(period=trend["period"].dt.strftime("%Y-%m-%d"))
    return (
        alt.Chart(data)
        .mark_line(point=True)
        .encode(
            x=alt.X("period:T", title=None),
            y=alt.Y("mean_score:Q", scale=alt.Scale(domain=[0, 100]), title="mean score"),
        )
        .properties(width=220, height=120)
        .facet(facet=alt.Facet("outlet:N", title=None), columns=3)
    )


# Elements a vl-convert SVG is made of; anything else (script, foreignObject, image, a ...) is
# refused, as is any event-handler or link attribute, so a chart can never carry active content.
_SVG_ELEMENTS = frozenset((
    "svg", "g", "path", "rect", "line", "circle", "ellipse", "polygon", "polyline", "text", "tspan",
    "title", "desc", "defs", "clippath", "lineargradient", "radialgradient", "stop",
))
_XMLNS = re.compile(r'\s+xmlns(?::\w+)?="[^"]*"')


class _SvgCheck(HTMLParser):
    def __init__(self):
        super().__init__()
        self.problems: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag not in _SVG_ELEMENTS:
            self.problems.append(f"element <{tag}>")
        for name, value in attrs:
            value = (value or "").replace(" ", "").lower()
            outside_url = "url(" in value and not value.startswith("url(#")
            if name.startswith("on") or "href" in name or outside_url:
                self.problems.append(f"attribute {name}")


def safe_svg(chart: alt.TopLevelMixin) -> str:
    """The chart as inline SVG, checked to hold drawing elements only.

    The XML namespace declarations are dropped: HTML5 does not need them inline, and the file
    then names no outside address at all.
    """
    svg = _XMLNS.sub("", vl_convert.vegalite_to_svg(chart.to_json()))
    check = _SvgCheck()
    check.feed(svg)
    if check.problems:
        return '<p class="empty">Chart left out: it contained ' + html.escape(", ".join(check.problems)) + "</p>"
    return svg


# ---------------------------------------------------------------------------------------------
# Markdown

_MD_SPECIAL = re.compile(r"([\\`*_\[\]|~])")


def md_escape(text: str) -> str:
    """Text safe in a Markdown table cell: HTML escaped, Markdown syntax escaped, one line."""
    one_line = " ".join(str(text).split())
    return _MD_SPECIAL.sub(r"\\\1", html.escape(one_line, quote=False))


def _md_table(frame: pd.DataFrame, table) -> str:
    if frame is None or frame.empty:
        return "_Nothing in this period._"
    headers, rows = _cells(frame, table)
    lines = ["| " + " | ".join(md_escape(h) for h in headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(md_escape(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def _render_markdown(report: Report) -> str:
    parts = [f"# Sourcing review: {md_escape(report.period)}", "", md_escape(_scope_line(report))]
    for heading, intro, table, frame, _chart, _fold in _sections(report):
        parts += ["", f"## {md_escape(heading)}", "", md_escape(intro), "", _md_table(frame, table)]
    return "\n".join(parts) + "\n"
