"""The Streamlit dashboard: one module per page under ``views/``, started by ``app.main()``.

Nothing in ``scoring`` outside this package imports Streamlit.
"""
