"""Shared test set-up: pytester for plugin tests, the `--update-goldens` flag, and a
replay store of its own for every test."""

from __future__ import annotations

from pathlib import Path

import pytest

from consistency import memo
from consistency.cli import replay

pytest_plugins = ["pytester"]


def pytest_addoption(parser: pytest.Parser) -> None:
    """`--update-goldens` rewrites tests/golden/ from the current output instead of comparing."""
    parser.addoption(
        "--update-goldens",
        action="store_true",
        default=False,
        help="rewrite the golden output files in tests/golden/ instead of comparing with them",
    )


@pytest.fixture
def update_goldens(request: pytest.FixtureRequest) -> bool:
    """True when the run was asked to rewrite golden files."""
    return bool(request.config.getoption("update_goldens"))


@pytest.fixture(autouse=True)
def own_replay_store(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """Each test replays only the checks it ran itself.

    Tests change the process (a plugin registered, an engine hidden) between in-process
    runs of the command line, which a replay key made for separate processes cannot see;
    the OCR cache stays shared, as it depends only on the files read.
    """
    folder = tmp_path_factory.mktemp("replay")
    monkeypatch.setattr(replay, "_folder", lambda: folder)
    return folder


@pytest.fixture(autouse=True)
def own_readings_memo(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """Each test remembers only the readings it made (see `own_replay_store`): a test may
    hide an engine from PATH or register an extractor between two reads of one file."""
    folder = tmp_path_factory.mktemp("readings")
    monkeypatch.setattr(memo, "_path", lambda config, key: folder / f"{key}.pickle")
    return folder
