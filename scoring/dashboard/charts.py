"""The dashboard's Altair charts and their colours, so every page draws a thing the same way."""

from __future__ import annotations

import altair as alt
import pandas as pd

from scoring.model import BANDS

# Okabe-Ito colours (colour-blind safe), the same hues the evidence highlighter uses.
RAISES = "#0072B2"
LOWERS = "#D55E00"
NEUTRAL = "#999999"
# From the lowest band to the highest: vermillion, orange, yellow, sky blue, bluish green.
BAND_COLOURS = ("#D55E00", "#E69F00", "#F0E442", "#56B4E9", "#009E73")
# Outlets take Okabe-Ito colours in ranking order (repeating past eight outlets).
OUTLET_COLOURS = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")


def band_colours() -> dict[str, str]:
    """Each band's colour (scoring.model.BANDS), from vermillion for the lowest to green for the highest."""
    names = [band.name for band in reversed(BANDS)]  # BANDS lists the highest first
    step = (len(BAND_COLOURS) - 1) / max(len(names) - 1, 1)
    return {name: BAND_COLOURS[round(i * step)] for i, name in enumerate(names)}


def band_scale() -> alt.Scale:
    colours = band_colours()
    return alt.Scale(domain=list(colours), range=list(colours.values()))


def _effect_of(value: float) -> str:
    return "raises the score" if value >= 0 else "lowers the score"


def signal_bars(frame: pd.DataFrame, value: str, title: str, fmt: str) -> alt.Chart:
    """Horizontal bars, one per signal (columns ``signal``, ``meaning`` and ``value``), largest
    effect first: blue where the value raises the score, vermillion where it lowers it.

    No colour legend, which narrow columns clip: the pages' captions say it in words.
    """
    frame = frame.reindex(frame[value].abs().sort_values(ascending=False).index)
    frame = frame.assign(effect=frame[value].map(_effect_of))
    return (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            x=alt.X(f"{value}:Q", title=title),
            y=alt.Y("signal:N", sort=list(frame["signal"]), title=None, axis=alt.Axis(labelLimit=260)),
            color=alt.Color(
                "effect:N",
                scale=alt.Scale(domain=[_effect_of(1), _effect_of(-1)], range=[RAISES, LOWERS]),
                legend=None,
            ),
            tooltip=[alt.Tooltip("signal:N"), alt.Tooltip("meaning:N"), alt.Tooltip(f"{value}:Q", format=fmt)],
        )
        .properties(height=alt.Step(22))
    )


def contributions_chart(contributions: dict[str, float], meanings: dict[str, str]) -> alt.Chart:
    """How many points each signal added to or took from one article's score.

    Signals that moved the score by less than a tenth of a point are left out.
    """
    frame = pd.DataFrame(
        {
            "signal": [name.replace("_", " ") for name in contributions],
            "points": [float(v) for v in contributions.values()],
            "meaning": [meanings.get(name, "") for name in contributions],
        }
    )
    return signal_bars(frame[frame["points"].abs() >= 0.1], "points", "points (+ raises, - lowers)", "+.1f")
