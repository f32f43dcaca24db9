import pytest

from parwh.coverage import END, START, replace_between_markers


def test_replaces_only_between_markers() -> None:
    text = f"intro\n{START}\nold table\n{END}\noutro\n"
    assert replace_between_markers(text, "new") == f"intro\n{START}\nnew\n{END}\noutro\n"


def test_missing_markers_is_an_error() -> None:
    with pytest.raises(ValueError, match="markers"):
        replace_between_markers("no markers here", "new")
