from pathlib import Path

import pytest

from parwh.observations import (
    OBSERVATION_COLUMNS,
    detect_language,
    enrich_observation,
    observation_id,
    source_kind,
    write_csv,
)

SHARED_ROW = {
    "index_name": "PAR_INDEX",
    "year": "2020",
    "unit_level": "province",
    "unit_name_as_written": "Bà Rịa - Vũng Tàu",
    "metric": "total",
    "value": "86.02",
    "rank": "9",
    "rank_of": "63",
    "source_url": "https://example.invalid/made-up",
    "source_date": "2021",
    "quote": "made-up: đạt 86,02 điểm",
}


def test_observation_id_is_stable_and_depends_on_the_statement() -> None:
    row = enrich_observation(SHARED_ROW, dataset="made_up")
    assert row["observation_id"] == enrich_observation(dict(SHARED_ROW), dataset="other")["observation_id"]
    assert row["observation_id"] != observation_id({**row, "value": "86.20"})
    assert row["observation_id"].startswith("obs_")
    assert list(row) == OBSERVATION_COLUMNS


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Chỉ số CCHC của tỉnh đạt 88,54 điểm", "vi"),
        ("Da Nang ranked first with 87.14 percent", "en"),
        ("2位以下は、ハイフォン市", "ja"),
        ("广宁省 | 57.66", "zh"),
        ("Нгеан", "ru"),
    ],
)
def test_detect_language(text: str, language: str) -> None:
    assert detect_language(text) == language


@pytest.mark.parametrize(
    ("url", "kind"),
    [
        ("https://sonoivu.angiang.gov.vn/x", "provincial_government"),
        ("https://xaydungchinhsach.chinhphu.vn/x", "central_government"),
        ("https://en.vietnamplus.vn/x", "state_press"),
        ("https://gaidepnguckhung.blogspot.com/x", "spam"),
        ("https://made-up-unregistered.example/x", "unregistered"),
    ],
)
def test_source_kind(url: str, kind: str) -> None:
    assert source_kind(url) == kind


def test_write_csv_leaves_the_old_file_when_writing_fails(tmp_path: Path) -> None:
    target = tmp_path / "seed.csv"
    write_csv(target, ["a"], [{"a": "1"}])
    with pytest.raises(ValueError):
        write_csv(target, ["a"], [{"a": "2", "unexpected": "x"}])
    assert target.read_text(encoding="utf-8") == "a\n1\n"
    assert [p.name for p in tmp_path.iterdir()] == ["seed.csv"]
