"""Run the dashboard: ``streamlit run app.py`` (the pages live in the package)."""

from scoring.dashboard.app import main

main()
