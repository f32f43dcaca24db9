"""A file of cited statements, in the layout of ../shared/data/sources/*/observations.csv."""

from __future__ import annotations

import re
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

from parwh.ingest.problems import Findings, IngestError, refuse
from parwh.ingest.rules import Rules
from parwh.ingest.seeds import metric_catalogue
from parwh.observations import enrich_observation
from parwh.readers import ReadRow, ReadTable
from parwh.unit_names import UnitNames, vintage_of

STATEMENT_COLUMNS = ["index_name", "year", "unit_level", "unit_name_as_written", "metric", "value", "rank",
                     "rank_of", "source_url", "source_date", "quote"]
REQUIRED_STATEMENT_FIELDS = ["index_name", "year", "unit_level", "unit_name_as_written", "metric", "source_url",
                             "quote"]
LEVELS = ("province", "ministry", "national", "region")


def is_statements_file(rows: list[ReadRow]) -> bool:
    header = {cell.lower() for cell in rows[0].cells}
    return {"unit_name_as_written", "metric", "source_url", "quote"} <= header


def read_statements(rows: list[ReadRow], findings: Findings) -> list[tuple[str, dict[str, str]]]:
    """(position, statement) per row; a row with more or fewer cells than the header is refused, never cut."""
    header = [cell.lower() for cell in rows[0].cells]
    header = ["index_name" if name == "index_code" else name for name in header]
    missing = [name for name in STATEMENT_COLUMNS if name not in header]
    if missing:
        raise IngestError(f"{rows[0].where}: missing columns {', '.join(missing)}; the layout is "
                          f"{','.join(STATEMENT_COLUMNS)}.")
    statements = []
    for row in rows[1:]:
        if len(row.cells) != len(header):
            findings.add(f"{row.where}: {len(row.cells)} cells, but the header has {len(header)} columns; a comma "
                         "inside a cell that is not in double quotes cuts the row (a quote such as \"đạt 87,61 "
                         "điểm\" must be written in quotes). Quote that cell and run again.")
            continue
        statements.append((row.where, dict(zip(header, row.cells))))
    return statements


def check_statement(where: str, statement: dict[str, str], metrics: dict, rules: Rules, findings: Findings) -> bool:
    problems_before = len(findings.problems)
    for name in REQUIRED_STATEMENT_FIELDS:
        if not statement[name]:
            findings.add(f"{where}: {name} is empty; every statement needs it.")
    statement["index_name"] = statement["index_name"].upper()
    statement["unit_level"] = statement["unit_level"].lower()
    if statement["index_name"] and statement["index_name"] not in ("PAR_INDEX", "SIPAS"):
        findings.add(f"{where}, index_name: {statement['index_name']!r}; expected PAR_INDEX or SIPAS.")
    if statement["year"] and not re.fullmatch(r"[0-9]{4}", statement["year"]):
        findings.add(f"{where}, year: {statement['year']!r}; expected a year such as 2023.")
    elif statement["year"] and statement["index_name"] in ("PAR_INDEX", "SIPAS") and not rules.has_release(
            statement["index_name"], int(statement["year"])):
        findings.add(f"{where}, year: {statement['index_name']} {statement['year']} is not a release in "
                     "seeds/reference/ref_releases.csv; check the year (the index year, not the publication year), "
                     "or add the release there with its source.")
    if statement["unit_level"] and statement["unit_level"] not in LEVELS:
        findings.add(f"{where}, unit_level: {statement['unit_level']!r}; expected one of {', '.join(LEVELS)}.")
    if statement["source_url"] and not rules.is_web_address(statement["source_url"]):
        findings.add(f"{where}, source_url: {statement['source_url']!r}; expected the http(s) address of the page.")
    # free text is allowed after the date ("2020 (listing page)"), as the gathered sources have it
    if statement["source_date"] and not rules.is_dated(statement["source_date"]):
        findings.add(f"{where}, source_date: {statement['source_date']!r}; expected a real date, YYYY-MM-DD, "
                     "YYYY-MM or YYYY (a note may follow).")
    metric = metrics.get((statement["index_name"], statement["unit_level"], statement["metric"].lower()))
    if statement["metric"] and metric is None:
        findings.add(f"{where}, metric: {statement['metric']!r} is not a metric of {statement['index_name']} "
                     f"{statement['unit_level']} in seeds/reference/ref_metrics.csv; add it there or use a known one.")
    check_statement_numbers(statement, metric, rules, where, findings)
    return len(findings.problems) == problems_before


def check_statement_numbers(statement: dict[str, str], metric: dict | None, rules: Rules, where: str,
                            findings: Findings) -> None:
    numbers = {}
    for name, pattern in (("value", r"-?[0-9]+(\.[0-9]+)?"), ("rank", r"[0-9]+"), ("rank_of", r"[0-9]+")):
        text = statement[name]
        if text and not re.fullmatch(pattern, text):
            kind = "number (decimal point)" if name == "value" else "whole number"
            findings.add(f"{where}, {name}: {text!r} is not a {kind}.")
        elif text:
            numbers[name] = Decimal(text)
    if "value" in numbers and rules.sign_problem(statement["index_name"], statement["unit_level"],
                                                 statement["metric"].lower(), numbers["value"]):
        findings.add(f"{where}, value: {statement['value']!r} is negative; only a change (a metric of kind "
                     "score_change or rank_change in seeds/reference/ref_metrics.csv) may be.")
    if metric and metric["value_unit"] == "percent" and "value" in numbers and not 0 <= numbers["value"] <= 100:
        findings.add(f"{where}, value: {statement['value']!r} is out of range; expected 0..100 for "
                     f"{statement['metric']}.")
    if "rank" in numbers and (numbers["rank"] < 1 or ("rank_of" in numbers and numbers["rank"] > numbers["rank_of"])):
        findings.add(f"{where}, rank: {statement['rank']!r} is outside 1..{statement['rank_of'] or 'rank_of'}.")


def statements_from_file(path: Path, table: ReadTable, project: Path, names: UnitNames) -> list[dict[str, str]]:
    rows, how = table.rows, table.how
    findings = Findings()
    metrics = metric_catalogue(project)
    rules = Rules.load(project)
    statements = [(where, statement) for where, statement in read_statements(rows, findings)
                  if check_statement(where, statement, metrics, rules, findings)]
    groups = defaultdict(list)
    for where, statement in statements:
        groups[(statement["unit_level"], vintage_of(project, int(statement["year"])))].append((where, statement))
    for (level, vintage), members in groups.items():
        for (where, statement), unit in zip(members, names.resolve_all(level, vintage, [s["unit_name_as_written"]
                                                                                     for _, s in members])):
            if unit is None:
                name = statement["unit_name_as_written"]
                findings.add(f"{where}, unit_name_as_written {name!r}: not a known {level}. "
                             f"{names.suggestion(name, level, int(statement['year']))}")
    refuse(findings)
    print(f"Read {path} ({how}): {len(statements)} cited statements.", flush=True)
    dataset = path.parent.name if path.name == "observations.csv" else f"ingest:{path.name}"
    return [enrich_observation(statement, dataset) for _, statement in statements]
