"""Shared pytest fixtures for Harmonica's Python test tooling."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
TEMPLATE_PATH = HERE / "gpt_oss_chat_template.jinja"
sys.path.insert(0, str(HERE))


@pytest.fixture(scope="session")
def encodings_dir(tmp_path_factory) -> Path:
    """A directory holding o200k_base.tiktoken (checked sha256), for TIKTOKEN_ENCODINGS_BASE."""
    import make_tiny_gpt_oss as m

    d = tmp_path_factory.mktemp("encodings")
    (d / "o200k_base.tiktoken").write_bytes(m.find_rank_file(None))
    return d


@pytest.fixture(scope="module")
def monkeypatch_module():
    mp = pytest.MonkeyPatch()
    yield mp
    mp.undo()
