"""Two processes writing reviews into one database at once lose nothing and fail nothing."""

import subprocess
import sys

from scoring.review import reviews
from scoring.store import import_frame

PER_PROCESS = 1_000

# Run by a separate interpreter: a plain subprocess, so nothing of the test process (such as a
# __main__ replaced by an earlier Streamlit AppTest) leaks into the writers.
WRITER = """
from scoring.review import add_review
for i in range({count}):
    add_review({db!r}, "desk-1", {reviewer!r}, "agree", notes=f"pass {{i}}")
"""


def test_two_processes_each_writing_a_thousand_reviews_leave_exactly_two_thousand(db, scored):
    import_frame(db, scored([{"article_id": "desk-1", "outlet": "fenwick-post.example", "score": 58}]))
    writers = [
        subprocess.Popen([sys.executable, "-c", WRITER.format(count=PER_PROCESS, db=str(db), reviewer=name)])
        for name in ("Ada Finch", "Bo Lind")
    ]
    assert [w.wait(timeout=120) for w in writers] == [0, 0]

    history = reviews(db)
    assert len(history) == 2 * PER_PROCESS
    assert history["reviewer"].value_counts().to_dict() == {"Ada Finch": PER_PROCESS, "Bo Lind": PER_PROCESS}
    assert history["review_id"].is_unique
