"""The dashboard's entry point: page set-up, first-start sample data, and the page router."""

from __future__ import annotations

import streamlit as st


def main() -> None:
    st.set_page_config(page_title="Source reliability", layout="wide")
    st.title("Source reliability")


if __name__ == "__main__":
    main()
