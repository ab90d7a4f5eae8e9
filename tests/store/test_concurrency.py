"""Two processes writing reviews into one database at once lose nothing and fail nothing."""

import multiprocessing

from scoring.review import reviews
from scoring.store import import_frame

PER_PROCESS = 1_000

# Run by a spawned process. Test modules are not importable by name under --import-mode=importlib,
# so the child gets its code as text for the builtin exec (which spawn can pickle).
WRITER = """
from scoring.review import add_review
for i in range({count}):
    add_review({db!r}, "desk-1", {reviewer!r}, "agree", notes=f"pass {{i}}")
"""


def test_two_processes_each_writing_a_thousand_reviews_leave_exactly_two_thousand(db, scored):
    import_frame(db, scored([{"article_id": "desk-1", "outlet": "fenwick-post.example", "score": 58}]))
    spawn = multiprocessing.get_context("spawn")
    writers = [
        spawn.Process(target=exec, args=(WRITER.format(count=PER_PROCESS, db=str(db), reviewer=name),))
        for name in ("Ada Finch", "Bo Lind")
    ]
    for w in writers:
        w.start()
    for w in writers:
        w.join(timeout=120)
    assert [w.exitcode for w in writers] == [0, 0]

    history = reviews(db)
    assert len(history) == 2 * PER_PROCESS
    assert history["reviewer"].value_counts().to_dict() == {"Ada Finch": PER_PROCESS, "Bo Lind": PER_PROCESS}
    assert history["review_id"].is_unique
