"""The dashboard's pages, one module each with TITLE, ICON, URL_PATH and ``render()``."""

from __future__ import annotations

from types import ModuleType

import streamlit as st


def page_of(view: ModuleType, default: bool = False) -> st.Page:
    """The st.Page of a page module; the same url path each time, so st.switch_page finds it."""
    return st.Page(view.render, title=view.TITLE, icon=view.ICON, url_path=view.URL_PATH, default=default)
