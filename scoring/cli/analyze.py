"""``reliability analyze``: the evidence found in one article, as a readable report or JSON."""

from __future__ import annotations

import json
import sys

import click

from scoring.analysis import Analysis, analyze
from scoring.text import SentenceIndex


def read_article(path: str, encoding: str = "utf-8") -> str:
    """Article text from a file path, or stdin for ``-``; undecodable bytes become U+FFFD."""
    if path == "-":
        return sys.stdin.buffer.read().decode(encoding, errors="replace")
    with open(path, "rb") as fh:
        return fh.read().decode(encoding, errors="replace")


def format_report(a: Analysis) -> str:
    lines: list[str] = []
    c = a.counts
    lines.append(
        f"{c['words']} words, {c['sentences']} sentences, {c['attributions']} attributions "
        f"({c['named_sources']} named, {c['unnamed_sources']} unnamed), {c['quotes']} quotes, "
        f"{c['numbers']} numbers, {c['dates']} dates"
    )
    index = SentenceIndex(a.sentences)
    lines.append("")
    lines.append("Sources")
    if not a.attributions:
        lines.append("  (none found)")
    for att in a.attributions:
        who = att.source.text if att.source else "(no source given)"
        if att.resolved_from is not None:
            who += f" -> {att.resolved_from.text}"
        quote = "quote" if att.direct_quote else "paraphrase"
        lines.append(f"  [{att.kind}] {who}  ({att.cue.text}, {quote})")
        sentence = index.sentences[att.sentence].text if 0 <= att.sentence < len(index.sentences) else ""
        lines.append(f"      {' '.join(sentence.split())}")
        if att.anonymity_reason is not None:
            lines.append(f"      anonymity: {att.anonymity_reason.text}")
    for name, spans in (
        ("Requests for comment", a.comment_requests),
        ("Unattributed reports", a.unattributed_reports),
        ("Hedges", a.hedges),
        ("Boosters", a.boosters),
    ):
        lines.append("")
        lines.append(f"{name} ({len(spans)})")
        for s in spans:
            lines.append(f"  {s.text!r} [{s.kind}]")
    lines.append("")
    lines.append(f"Assessments ({len(a.assessments)})")
    for asm in a.assessments:
        bits = ["attributed" if asm.attributed else "writer's own"]
        if asm.likelihood:
            bits.append(asm.likelihood.label())
        if asm.confidence:
            bits.append(f"{asm.confidence} confidence")
        lines.append(f"  {asm.span.text!r} ({', '.join(bits)})")
    return "\n".join(lines)


@click.command("analyze")
@click.argument("file", type=click.Path(allow_dash=True, dir_okay=False))
@click.option("--title", help="The article's headline, if it is not in the file.")
@click.option("--json", "as_json", is_flag=True, help="Print Analysis.to_dict() as JSON.")
@click.option("--encoding", default="utf-8", show_default=True, help="Text encoding of FILE.")
def analyze_command(file: str, title: str | None, as_json: bool, encoding: str) -> None:
    """Show the sources, requests for comment, unattributed reports, hedges, boosters and assessments
    found in FILE (- for stdin)."""
    try:
        text = read_article(file, encoding)
    except OSError as exc:
        raise click.FileError(file, hint=exc.strerror) from exc
    analysis = analyze(text, title)
    if as_json:
        click.echo(json.dumps(analysis.to_dict(), ensure_ascii=False, indent=2))
    else:
        click.echo(format_report(analysis))
