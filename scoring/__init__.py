"""source-reliability: how well is a news article sourced, and how does each outlet do over time."""

from scoring.analysis import Analysis, analyze
from scoring.text import Span

__all__ = ["Analysis", "Span", "analyze"]
