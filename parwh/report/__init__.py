"""parwh report: one self-contained, offline HTML page built from the marts of a warehouse file.

Everything the page needs is inlined: the data (read from the marts, never typed), the map paths (drawn from
boundaries/ at build time), the charting libraries (d3 and Observable Plot, from node_modules/, installed by
`npm ci` from package-lock.json), the script and the style. Nothing is fetched when the page is opened.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import duckdb

from parwh.errors import ParwhError
from parwh.report.geometry import archipelagos, unit_paths, view_box

HERE = Path(__file__).parent
# The minified UMD bundles, in load order (Plot's UMD bundle uses the global d3).
LIBRARIES = [HERE / "node_modules/d3/dist/d3.min.js", HERE / "node_modules/@observablehq/plot/dist/plot.umd.min.js"]
# Evidence columns of fct_observations shown in the source panel, with their labels, when the mart has them
# (the evidence work adds grades and publisher kinds): the one place that names them. A column the mart does
# not have is not shown; no value is ever made up for it.
EVIDENCE_COLUMNS = {
    "source_kind": "loại nguồn · kind",
    "publisher_kind": "nơi công bố · publisher kind",
    "evidence_grade": "mức chứng cứ · evidence grade",
}


def vietnamese_order(column: str) -> str:
    """SQL ordering of names in Vietnamese alphabetical order (a, ă, â, ..., d, đ, ...): DuckDB's built-in ICU."""
    return f"{column} collate vi"


QUERIES = {
    "rankings": """
        select r.index_code, r.year, r.unit_level, r.unit_key, r.score::double as score, r.official_rank, r.rank_of,
               r.computed_rank, r.has_conflict, s.value_settled_by, s.rank_settled_by, r.observation_ids
        from marts.fct_rankings r
        left join marts.fct_index_scores s
            on s.metric = 'total' and (s.index_code, s.year, s.unit_level, s.unit_key)
                = (r.index_code, r.year, r.unit_level, r.unit_key)
        order by r.index_code, r.unit_level, r.year, r.computed_rank nulls last, r.unit_key""",
    # Components with their unit; a part in points carries the year's stated maximum (raw.ref_score_parts).
    "components": """
        select s.index_code, s.year, s.unit_key, s.metric, s.value::double as value, s.value_unit,
               parts.max_points::double as max_points, s.official_rank, s.observation_ids
        from marts.fct_index_scores s
        left join raw.ref_score_parts parts
            on (parts.index_code, parts.unit_level, parts.year, parts.part_metric)
                = (s.index_code, s.unit_level, s.year, s.metric)
        where s.unit_level = 'province' and s.metric_kind in ('component', 'part', 'component_points', 'component_pct')
        order by s.index_code, s.year, s.unit_key, s.metric""",
    "deltas": """
        select index_code, year, unit_level, unit_key, score_change_computed::double as score_change_computed,
               score_change_claimed::double as score_change_claimed, rank_change_computed, rank_change_claimed,
               crosses_merger
        from marts.fct_deltas order by all""",
    "provinces": f"""
        select unit_key, vintage, name_vi, name_en, region_vi, successor_unit_key, predecessor_unit_keys
        from marts.dim_province
        where vintage in ('2008', '2025') order by vintage, {vietnamese_order('name_vi')}""",
    "ministries": "select ministry_code, name_vi, name_en from marts.dim_ministry order by ministry_code",
    "metric_names": """
        select canonical_metric, min(name_vi), min(name_en)
        from staging.stg_reference__metrics group by 1 order by 1""",
    "build": "select build_id, built_at_utc::varchar as built_at_utc, git_commit from marts.rpt_build_info",
}
OBSERVATIONS = """
    select observation_id, source_url, source_host, source_language, source_date, {evidence}
           quote, value::double as value, rank, rank_of
    from marts.fct_observations where observation_id in (select unnest(?::varchar[])) order by 1"""


class ReportError(ParwhError):
    """The report page cannot be written."""


def read_marts(database: Path) -> dict:
    """Every table the page shows, as {"columns": [...], "rows": [...]}, and the observations they cite."""
    data = {}
    with duckdb.connect(str(database), read_only=True) as con:
        for name, query in QUERIES.items():
            cursor = con.execute(query)
            data[name] = {"columns": [column[0] for column in cursor.description], "rows": cursor.fetchall()}
        cited = sorted({observation for table in ("rankings", "components") for row in data[table]["rows"]
                        for observation in (row[-1] or [])})
        present = {row[0] for row in con.execute(
            "select column_name from duckdb_columns() where schema_name = 'marts' and table_name = 'fct_observations'"
        ).fetchall()}
        evidence = {column: label for column, label in EVIDENCE_COLUMNS.items() if column in present}
        cursor = con.execute(OBSERVATIONS.format(evidence="".join(f"{column}, " for column in evidence)), [cited])
        data["observations"] = {"columns": [column[0] for column in cursor.description], "rows": cursor.fetchall()}
        data["evidence_labels"] = evidence
    return data


def script_json(data: dict) -> str:
    """JSON that cannot end or alter the <script> block it sits in: every <, > and & is written as a \\u escape."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), default=str)
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
                .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def library_code() -> str:
    missing = [str(path) for path in LIBRARIES if not path.exists()]
    if missing:
        raise ReportError(f"the charting libraries are missing ({', '.join(missing)}): run `make setup`, which "
                          "runs `npm ci` in parwh/report/.")
    code = "\n".join(path.read_text(encoding="utf-8") for path in LIBRARIES)
    if re.search(r"</script|<!--", code, re.IGNORECASE):
        raise ReportError("a charting library contains </script or <!--, which would break the inline script")
    return code


def page_html(data: dict) -> str:
    data["geometry"] = {"viewBox": view_box(), "2008": unit_paths("2008"), "2025": unit_paths("2025"),
                        "archipelagos": archipelagos("2008")}
    parts = {"STYLE": (HERE / "page.css").read_text(encoding="utf-8"), "LIBRARIES": library_code(),
             "SCRIPT": (HERE / "page.js").read_text(encoding="utf-8"), "DATA": script_json(data)}
    template = (HERE / "page.html").read_text(encoding="utf-8")
    # one pass: text put in is never searched again for a placeholder
    return re.sub(r"/\*(STYLE|LIBRARIES|SCRIPT|DATA)\*/", lambda match: parts[match.group(1)], template)


def write_report(database: Path, out_dir: Path) -> Path:
    out_dir.mkdir(parents=True, exist_ok=True)
    page = out_dir / "index.html"
    page.write_text(page_html(read_marts(database)), encoding="utf-8")
    return page
