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


def effect_of(points: float) -> str:
    return "raises the score" if points >= 0 else "lowers the score"


def effect_colour() -> alt.Color:
    """Blue for what raises the score, vermillion for what lowers it (field ``effect``).

    No legend, which narrow columns clip: the captions say it in words.
    """
    return alt.Color(
        "effect:N", scale=alt.Scale(domain=[effect_of(1), effect_of(-1)], range=[RAISES, LOWERS]), legend=None
    )


def contributions_chart(contributions: dict[str, float], meanings: dict[str, str]) -> alt.Chart:
    """Horizontal bars: how many points each signal added to or took from the score.

    Signals that moved the score by less than a tenth of a point are left out.
    """
    frame = pd.DataFrame(
        {
            "signal": [name.replace("_", " ") for name in contributions],
            "points": [float(v) for v in contributions.values()],
            "meaning": [meanings.get(name, "") for name in contributions],
        }
    )
    frame = frame[frame["points"].abs() >= 0.1]
    frame = frame.reindex(frame["points"].abs().sort_values(ascending=False).index)
    frame["effect"] = frame["points"].map(effect_of)
    return (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            x=alt.X("points:Q", title="points (+ raises, - lowers)"),
            y=alt.Y("signal:N", sort=list(frame["signal"]), title=None, axis=alt.Axis(labelLimit=260)),
            color=effect_colour(),
            tooltip=[
                alt.Tooltip("signal:N"),
                alt.Tooltip("meaning:N"),
                alt.Tooltip("points:Q", format="+.1f"),
            ],
        )
        .properties(height=alt.Step(22))
    )
