"""`reliability analyze` prints the evidence a reader can check, section by section."""

from click.testing import CliRunner

from scoring.cli import main

ARTICLE = (
    "Harlow Mills will close its Tarn plant, the company said on Monday. The mill is reportedly "
    "losing money. Union leader Ada Quinn did not respond to a request for comment."
)


def test_analyze_lists_sources_requests_for_comment_and_unattributed_reports():
    result = CliRunner().invoke(main, ["analyze", "-"], input=ARTICLE)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert "  [named_org] the company  (said, paraphrase)" in lines
    section = lines.index("Requests for comment (1)")
    assert lines[section + 1] == "  'did not respond to a request for comment' [unanswered]"
    section = lines.index("Unattributed reports (1)")
    assert lines[section + 1] == "  'reportedly' [hearsay]"
