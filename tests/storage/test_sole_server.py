"""storage.sole_server: one serving process per SQLite database."""

from __future__ import annotations

from pathlib import Path

import pytest

from storage.sole_server import AlreadyServed, sole_server, sqlite_file


def test_a_second_server_of_one_sqlite_file_is_refused(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'recruitbot.db'}"
    with sole_server(url):
        second = sole_server(url)
        with pytest.raises(AlreadyServed, match="use PostgreSQL"):
            second.__enter__()
    with sole_server(url):  # the first one stopped: free again
        pass


def test_another_sqlite_file_is_served_alongside(tmp_path: Path) -> None:
    with (
        sole_server(f"sqlite:///{tmp_path / 'a.db'}"),
        sole_server(f"sqlite:///{tmp_path / 'b.db'}"),
    ):
        pass


@pytest.mark.parametrize(
    "url", ["postgresql+psycopg://postgres@127.0.0.1:5432/test", "sqlite://", "sqlite:///:memory:"]
)
def test_other_databases_have_no_such_limit(url: str) -> None:
    assert sqlite_file(url) is None
    with sole_server(url), sole_server(url):
        pass
