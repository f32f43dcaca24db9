"""parwh ingest of tables as published: MADE-UP annex PDFs and noisy ranking images (generated here by
tests/fixtures/documents/make_documents.py), read by real pdfplumber and real Tesseract, then built by real dbt."""

from __future__ import annotations

import csv
import hashlib
import sys
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest
from conftest import copy_project, register_made_up_publisher, run_parwh, shared

sys.path.insert(0, str(Path(__file__).parent / "fixtures" / "documents"))
import make_documents  # noqa: E402

SEED = "seeds/raw/raw_observations.csv"
URL = "https://example.invalid/made-up-report"


def release(index: str, year: int, level: str = "province") -> list[str]:
    return ["--index", index, "--year", str(year), "--level", level, "--source-url", URL]


SIPAS_2017, PAR_2025, PAR_2022 = release("SIPAS", 2017), release("PAR_INDEX", 2025), release("PAR_INDEX", 2022)


def seeds_fingerprint(project: Path) -> dict[str, str]:
    return {str(path.relative_to(project)): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted((project / "seeds").rglob("*")) if path.is_file()}


def ingested(project: Path, file_name: str) -> list[dict[str, str]]:
    with (project / SEED).open(encoding="utf-8", newline="") as file:
        return [row for row in csv.DictReader(file) if row["dataset"] == f"ingest:{file_name}"]


def number(text: str) -> Decimal:
    return Decimal(text.replace(",", "."))


@pytest.fixture(scope="module")
def documents(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    """The made-up documents and their truths, written once per test run for every worker. READ-ONLY."""
    return shared(tmp_path_factory, "documents", lambda folder: (folder, make_documents.write_all(folder)))


@pytest.fixture(scope="module")
def pdfs_ingested_and_built(documents, tmp_path_factory: pytest.TempPathFactory) -> dict:
    folder, _ = documents
    project = copy_project(tmp_path_factory.mktemp("pdf_project"))
    register_made_up_publisher(project)
    sipas = run_parwh(project, "ingest", str(folder / "made_up_sipas_2017_provinces_63.pdf"), *SIPAS_2017)
    merged = run_parwh(project, "ingest", str(folder / "made_up_par_index_2025_provinces_34.pdf"), "--pages", "1-2",
                       *PAR_2025)
    build = run_parwh(project, "build")
    return {"project": project, "sipas": sipas, "merged": merged, "build": build}


def rankings(project: Path, index: str, year: int) -> dict[str, tuple[Decimal, int]]:
    """unit key -> (score, rank) as the built marts give them."""
    with duckdb.connect(str(project / "warehouse/par_sipas.duckdb"), read_only=True) as con:
        rows = con.execute("""select unit_key, score, official_rank from marts.fct_rankings
                              where index_code = ? and year = ? and unit_level = 'province'""",
                           [index, year]).fetchall()
    return {unit: (Decimal(str(score)), rank) for unit, score, rank in rows}


def test_a_63_row_pdf_over_three_pages_gives_exactly_its_63_scores_and_ranks(pdfs_ingested_and_built, documents):
    state, truth = pdfs_ingested_and_built, documents[1]["made_up_sipas_2017_provinces_63.pdf"]
    output = state["sipas"].stdout + state["sipas"].stderr
    assert state["sipas"].returncode == 0, output
    assert "63 units resolved" in output and "pages 1-3" in output
    build = state["build"]
    assert build.returncode == 0, build.stdout[-4000:] + build.stderr[-4000:]
    rows = [row for row in ingested(state["project"], "made_up_sipas_2017_provinces_63.pdf")
            if row["metric"] == "total"]
    assert sorted((row["unit_name_as_written"], number(row["value"]), int(row["rank"])) for row in rows) == sorted(
        (name, number(score), int(rank)) for _, name, _, score, rank in truth)
    # the wrapped name and the name with a footnote mark came through whole; each quote names file and page
    assert {"Bà Rịa - Vũng Tàu", "Hà Nội"} <= {row["unit_name_as_written"] for row in rows}
    assert all(row["quote"].endswith(("page 1)", "page 2)", "page 3)")) for row in rows)
    built = rankings(state["project"], "SIPAS", 2017)
    assert len(built) == 63
    assert sorted(built.values()) == sorted((number(score), int(rank)) for *_, score, rank in truth)


def test_a_34_unit_2025_pdf_gives_34(pdfs_ingested_and_built, documents):
    state, truth = pdfs_ingested_and_built, documents[1]["made_up_par_index_2025_provinces_34.pdf"]
    assert state["merged"].returncode == 0, state["merged"].stdout + state["merged"].stderr
    built = rankings(state["project"], "PAR_INDEX", 2025)
    assert sorted(built.values()) == sorted((number(row[4]), int(row[5])) for row in truth)
    components = ingested(state["project"], "made_up_par_index_2025_provinces_34.pdf")
    assert {row["metric"] for row in components} == {"appraisal_score", "impact_score", "total"}


def test_a_ministries_pdf_reads_its_19_ministries(documents, tmp_path):
    project = copy_project(tmp_path)
    result = run_parwh(project, "ingest", str(documents[0] / "made_up_par_index_2016_ministries_19.pdf"),
                       *release("PAR_INDEX", 2016, "ministry"), "--dry-run")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "19 units resolved" in result.stdout


def ingest_or_review(project: Path, path: Path, options: list[str], review: Path):
    result = run_parwh(project, "ingest", str(path), *options, "--review", str(review))
    return result, result.stdout + result.stderr


def check_fully_ingested_or_refused(project: Path, path: Path, truth: list[list[str]], options: list[str],
                                    review: Path) -> bool:
    """True when ingested (every value equal to the truth), False when refused with a review file and nothing
    written; anything else fails."""
    before = seeds_fingerprint(project)
    result, output = ingest_or_review(project, path, options, review)
    if result.returncode != 0:
        assert review.is_file(), output
        assert seeds_fingerprint(project) == before, f"{path.name} was refused but the seeds changed"
        assert "nothing was written" in output and "Traceback" not in output, output
        return False
    by_name = {}
    for row in ingested(project, path.name):
        by_name.setdefault(row["unit_name_as_written"], {})[row["metric"]] = (number(row["value"]), row["rank"])
    assert len(by_name) == len(truth), output
    expected = sorted((number(total), rank) for *_, total, rank in truth)
    assert sorted((values["total"][0], values["total"][1]) for values in by_name.values()) == sorted(
        (value, str(rank)) for value, rank in expected), f"{path.name}: a value ingested differs from the truth"
    truth_rows = {(number(row[2]), number(row[3]), number(row[4]), row[5]) for row in truth}
    for values in by_name.values():
        assert (values["appraisal_score"][0], values["impact_score"][0], values["total"][0],
                values["total"][1]) in truth_rows, f"{path.name}: {values} is not a row of the truth"
    return True


# One test per image (the same OCR runs as one long test, spread over both workers).
@pytest.mark.parametrize("name", make_documents.NOISY_IMAGES + make_documents.CLEAN_IMAGES)
def test_noisy_images_are_each_fully_ingested_or_refused_with_a_review_file(documents, tmp_path, name):
    folder, truths = documents
    project = copy_project(tmp_path / "project")  # each image on its own copy: one release ingested once
    options = PAR_2022 if "2022" in name else PAR_2025
    taken = check_fully_ingested_or_refused(project, folder / name, truths[name], options,
                                            tmp_path / f"{name}.review.csv")
    print(f"\n{name}: {'fully ingested, every value equal to the truth' if taken else 'refused with a review file'}")
    if name == "made_up_par_index_2025_image_clean.png":
        assert taken, "a clean screenshot of a table is taken whole"


def test_the_images_are_mostly_noisy_photographs(documents):
    images = [name for name in documents[1] if "_image_" in name]
    assert sorted(images) == sorted(make_documents.NOISY_IMAGES + make_documents.CLEAN_IMAGES)
    assert sum(1 for name in images if name.endswith(".jpg")) >= 10  # the noisy ones; the clean ones are PNG


def test_a_scanned_pdf_is_read_by_ocr_and_ingested_whole_or_refused(documents, tmp_path):
    folder, truths = documents
    name = "made_up_par_index_2025_provinces_34_scanned.pdf"
    project = copy_project(tmp_path / "project")
    taken = check_fully_ingested_or_refused(project, folder / name, truths[name], PAR_2025, tmp_path / "scan.csv")
    print(f"\nscanned PDF: {'ingested' if taken else 'refused with a review file'}")


def test_a_corrected_review_file_ingests_with_the_truth(documents, tmp_path):
    folder, truths = documents
    project = copy_project(tmp_path / "project")
    before = seeds_fingerprint(project)
    image = folder / "made_up_bad_illegible_cell.jpg"
    review = tmp_path / "review.csv"
    result, output = ingest_or_review(project, image, PAR_2025, review)
    assert result.returncode != 0 and review.is_file(), output
    assert seeds_fingerprint(project) == before
    with review.open(encoding="utf-8-sig", newline="") as file:
        rows = list(csv.reader(file))
    assert rows[0][0].startswith("parwh ingest review of made_up_bad_illegible_cell.jpg")
    assert any("PROBLEM" in row[-1] for row in rows), "the review names the problem cells"
    # the person's correction: each data row's cells set to what the image shows (the made-up truth, by rank)
    truth = {row[5]: row for row in truths["made_up_par_index_2025_provinces_34.pdf"]}
    first_data = next(index for index, row in enumerate(rows) if row[0].isdigit() and row[1])
    data = [row for row in rows[first_data:] if len(row) == 7 and any(row[:6])]
    by_order = [row for _, row in sorted(truth.items(), key=lambda item: int(item[0]))]
    corrected = rows[:first_data] + [[*good, "checked against the image"] for good in by_order]
    assert len(data) >= 30, "the review holds the rows as read"
    fixed = tmp_path / "made_up_corrected_review.csv"
    with fixed.open("w", encoding="utf-8", newline="") as file:
        csv.writer(file).writerows(corrected)
    result = run_parwh(project, "ingest", str(fixed), *PAR_2025)
    assert result.returncode == 0, result.stdout + result.stderr
    totals = {row["unit_name_as_written"]: number(row["value"]) for row in ingested(project, fixed.name)
              if row["metric"] == "total"}
    assert sorted(totals.values()) == sorted(number(row[4]) for row in by_order)


@pytest.mark.parametrize("name, options, expected", [
    ("made_up_bad_62_rows.pdf", SIPAS_2017, ["62 units", "63"]),
    ("made_up_bad_page_without_table.pdf", ["--pages", "1", *PAR_2025], ["no results table on pages 1"]),
    ("made_up_bad_62_rows.jpg", PAR_2022, ["page 1"]),
    ("made_up_bad_misread_digit.jpg", PAR_2025, ["page 1"]),
    ("made_up_bad_illegible_cell.jpg", PAR_2025, []),
    ("made_up_bad_no_table.jpg", PAR_2025, []),
])
def test_every_bad_document_is_refused_naming_the_place_and_the_seeds_stay(documents, tmp_path, name, options,
                                                                        expected):
    project = copy_project(tmp_path)
    before = seeds_fingerprint(project)
    result = run_parwh(project, "ingest", str(documents[0] / name), *options)
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert name in output and "Traceback" not in output
    assert all(text in output for text in expected), output
    assert seeds_fingerprint(project) == before


def test_the_misread_digit_is_named_with_its_row_and_value(documents, tmp_path):
    project = copy_project(tmp_path)
    result = run_parwh(project, "ingest", str(documents[0] / "made_up_bad_misread_digit.jpg"), *PAR_2025)
    output = result.stdout + result.stderr
    broken = make_documents.par_2025().rows[5][4]
    wrong = make_documents.comma(float(broken.replace(",", ".")) - 10)
    assert result.returncode == 1, output
    # named by its value (as read, or as the rank check prints it) or refused as an unsure reading of its row
    assert wrong in output or wrong.replace(",", ".") in output or "confidence" in output, output


def test_the_documents_bench_reports_time_and_memory_for_the_pdf_and_the_image(tmp_path):
    from parwh.bench_documents import run_documents
    lines = run_documents(1, tmp_path)
    rows = [line.split("|") for line in lines if line.startswith("| 100-page PDF") or line.startswith("| one image")]
    assert len(rows) == 2
    assert all(float(row[2]) > 0 and float(row[4]) > 0 for row in rows), lines


@pytest.mark.parametrize("title, taken", [
    ("parwh ingest review of made_up.jpg: the table as it was read. Problems: line 7: 2 units unreadable", True),
    ("Kết quả Chỉ số PAR INDEX 2025 của 2 tỉnh", False),
])
def test_a_review_files_own_title_is_not_read_as_the_publishers_count(tmp_path, title, taken):
    """The problems a review file lists may name counts; only a publisher's title is checked against the release."""
    project = copy_project(tmp_path / "project")
    table = Path(__file__).parent / "fixtures/ingest/made_up_par_index_2025_provinces_34.csv"
    titled = tmp_path / "made_up_titled.csv"
    titled.write_text(f'"{title}"\n' + table.read_text(encoding="utf-8"), encoding="utf-8")
    result = run_parwh(project, "ingest", str(titled), *PAR_2025, "--dry-run")
    output = result.stdout + result.stderr
    assert (result.returncode == 0) is taken, output
    assert taken or "the title states 2 units" in output
