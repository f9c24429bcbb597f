"""Two processes writing one SQLite file at once: both succeed (or are told to retry), never corrupt."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

from sqlalchemy import create_engine, text

from pmopath.bootstrap.database import open_store
from pmopath.bootstrap.files import import_people_file

PEOPLE = Path(__file__).parents[1] / "data" / "people.csv"

WRITER = textwrap.dedent(
    """
    import sys
    from pmopath.bootstrap.database import open_store
    from pmopath.domain.assessment import Assessment
    from pmopath.domain.errors import Conflict
    from pmopath.domain.people import AssessmentSource
    from pmopath.services.people import records as people

    url, who, rounds = sys.argv[1], sys.argv[2], int(sys.argv[3])
    busy = 0
    with open_store(url) as store:
        for n in range(rounds):
            try:
                people.record_assessment(
                    store, who, Assessment({"data_analysis": n % 6}), AssessmentSource.SELF, actor=who
                )
            except Conflict as error:
                assert "busy" in str(error), error
                busy += 1
    print(busy)
    """
)


def test_two_writers_on_one_file(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'shared.db'}"
    with open_store(url) as store:
        import_people_file(store, PEOPLE, actor="test", dry_run=False)
    rounds = 40
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, url, who, str(rounds)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for who in ("sam@example.org", "priya@example.org")
    ]
    results = [w.communicate(timeout=120) for w in writers]
    for writer, (_, err) in zip(writers, results, strict=True):
        assert writer.returncode == 0, err
    busy = sum(int(out.strip()) for out, _ in results)
    engine = create_engine(url)
    with engine.connect() as connection:
        assert connection.execute(text("PRAGMA integrity_check")).scalar() == "ok"
        stored = connection.execute(text("SELECT COUNT(*) FROM assessments")).scalar()
        audit = connection.execute(
            text("SELECT COUNT(*) FROM audit_log WHERE action = 'assessment.add'")
        ).scalar()
    engine.dispose()
    assert stored == audit == 2 * rounds - busy  # every write that succeeded was whole
