"""README.md and docs/*.md: every example answer is what its query answers on a fresh build, every relative link
leads to a file (and heading), and the two commands stand at the top of the README."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from conftest import PROJECT_DIR

PAGES = [PROJECT_DIR / "README.md", *sorted((PROJECT_DIR / "docs").glob("*.md"))]
SQL_BLOCK = re.compile(r"^```sql\n(.*?)^```\n", re.MULTILINE | re.DOTALL)
ANY_BLOCK = re.compile(r"^```.*?^```\n", re.MULTILINE | re.DOTALL)
# A query's printed answer: the table right after its block, as `duckdb -markdown` prints it.
ANSWER = re.compile(r"\n((?:\|[^\n]*\n)+)")
LINK = re.compile(r"\]\(([^)\s]+)\)")
# The release name is the date a data version was first published in that warehouse/, so it differs per copy.
RELEASE_NAME = re.compile(r"release \d{4}-\d{2}-\d{2}(?:\.\d+)? \(")


def examples() -> list[tuple[str, str, str]]:
    """(page, query, printed answer) for every SQL block of the pages; a block without its answer fails below."""
    found = []
    for page in PAGES:
        text = page.read_text(encoding="utf-8")
        for block in SQL_BLOCK.finditer(text):
            answer = ANSWER.match(text, block.end())
            found.append((page.name, block[1], answer[1] if answer else ""))
    return found


def cells(table: str) -> list[list[str]]:
    """The table's header and rows, cell by cell; the |---| line and the padding are layout only."""
    rows = [[cell.strip() for cell in line.strip().strip("|").split("|")] for line in table.strip().splitlines()]
    return [row for row in rows if not all(re.fullmatch(r":?-+:?", cell) for cell in row)]


def test_the_pages_have_their_examples() -> None:
    pages = {page for page, _, _ in examples()}
    assert {"README.md", "marts.md", "evidence.md", "releases.md"} <= pages
    assert sum(page == "README.md" for page, _, _ in examples()) == 6  # the five questions and the citation


@pytest.mark.parametrize(("page", "query", "answer"), examples(),
                         ids=[f"{page}-{number}" for number, (page, _, _) in enumerate(examples())])
def test_every_example_answer_is_the_warehouse_s(built_project: Path, page: str, query: str, answer: str) -> None:
    assert answer, f"{page}: the query\n{query}\nhas no answer table after its block: paste what it prints"
    database = built_project / "warehouse/par_sipas.duckdb"
    with duckdb.connect(str(database), read_only=True) as connection:
        release = connection.sql("select release_name from marts.rpt_build_info").fetchone()[0]
    # the DuckDB command line, as README.md says to open the file
    command = [str(Path(sys.prefix) / "bin/duckdb"), "-readonly", "-markdown", str(database), "-c", query]
    result = subprocess.run(command, capture_output=True, text=True)
    assert result.returncode == 0, f"{page}: {result.stderr}"
    expected = RELEASE_NAME.sub(f"release {release} (", answer)
    assert cells(result.stdout) == cells(expected), (
        f"{page}: the answer printed under\n{query}\nis not what the warehouse answers now; "
        f"paste this:\n{result.stdout}")


def test_the_readme_names_the_data_version_it_was_answered_on(built_project: Path) -> None:
    database = built_project / "warehouse/par_sipas.duckdb"
    with duckdb.connect(str(database), read_only=True) as connection:
        version = connection.sql("select data_version from marts.rpt_build_info").fetchone()[0]
    named = set(re.findall(r"`([0-9a-f]{16})`", (PROJECT_DIR / "README.md").read_text(encoding="utf-8")))
    assert named == {version}, (f"README.md names the data version(s) {sorted(named)}, the warehouse is {version}: "
                                f"run `parwh coverage --readme` and write {version} where the text names it")


def heading_anchors(page: Path) -> set[str]:
    """The anchors GitHub gives a page's headings: lower case, punctuation dropped, spaces as hyphens."""
    text = ANY_BLOCK.sub("", page.read_text(encoding="utf-8"))  # a "# comment" in a block is no heading
    headings = re.findall(r"^#+ (.+)$", text, re.MULTILINE)
    return {re.sub(r"[^\w\- ]", "", heading.lower()).replace(" ", "-") for heading in headings}


@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.name)
def test_every_relative_link_resolves(page: Path) -> None:
    broken = []
    for target in LINK.findall(page.read_text(encoding="utf-8")):
        if re.match(r"[a-z]+:", target):  # https:, mailto:
            continue
        path, _, anchor = target.partition("#")
        linked = (page.parent / path).resolve() if path else page
        if not linked.exists() or (anchor and linked.suffix == ".md" and anchor not in heading_anchors(linked)):
            broken.append(target)
    assert broken == [], f"{page.relative_to(PROJECT_DIR)}: these links lead nowhere; fix the path or the heading"


def test_the_readme_says_the_two_commands_at_the_top() -> None:
    readme = (PROJECT_DIR / "README.md").read_text(encoding="utf-8")
    top = readme.split("\n## ", 1)[0]
    assert "make build" in top and "make test" in top
