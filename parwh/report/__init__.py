"""parwh report: one self-contained, offline HTML page built from the marts of a warehouse file.

Everything the page needs is inlined: the data (read from the marts, never typed), the map paths (drawn from
boundaries/ at build time), the script and the style. Nothing is fetched when the page is opened.
"""

from __future__ import annotations

import json
from pathlib import Path

import duckdb

from parwh.report.geometry import unit_paths, view_box

HERE = Path(__file__).parent
QUERIES = {
    "rankings": """
        select index_code, year, unit_level, unit_key, score::double as score, official_rank, rank_of, computed_rank,
               has_conflict, observation_ids
        from marts.fct_rankings order by index_code, unit_level, year, computed_rank nulls last, unit_key""",
    "components": """
        select index_code, year, unit_key, metric, value::double as value, value_unit, official_rank, observation_ids
        from marts.fct_index_scores
        where unit_level = 'province' and metric_kind in ('component', 'part', 'component_points', 'component_pct')
        order by index_code, year, unit_key, metric""",
    "deltas": """
        select index_code, year, unit_level, unit_key, score_change_computed::double as score_change_computed,
               score_change_claimed::double as score_change_claimed, rank_change_computed, rank_change_claimed,
               crosses_merger
        from marts.fct_deltas order by all""",
    "provinces": """
        select unit_key, vintage, name_vi, name_en, region_vi from marts.dim_province
        where vintage in ('2008', '2025') order by vintage, name_vi""",
    "ministries": "select ministry_code, name_vi, name_en from marts.dim_ministry order by ministry_code",
    "metric_names": """
        select canonical_metric, min(name_vi), min(name_en)
        from staging.stg_reference__metrics group by 1 order by 1""",
    "build": "select build_id, built_at_utc::varchar as built_at_utc, git_commit from marts.rpt_build_info",
}
OBSERVATIONS = """
    select observation_id, source_url, source_date, quote, value::double as value, rank, rank_of
    from marts.fct_observations where observation_id in (select unnest(?::varchar[])) order by 1"""


def read_marts(database: Path) -> dict:
    """Every table the page shows, as {"columns": [...], "rows": [...]}, and the observations they cite."""
    data = {}
    with duckdb.connect(str(database), read_only=True) as con:
        for name, query in QUERIES.items():
            cursor = con.execute(query)
            data[name] = {"columns": [column[0] for column in cursor.description], "rows": cursor.fetchall()}
        cited = sorted({observation for table in ("rankings", "components") for row in data[table]["rows"]
                        for observation in (row[-1] or [])})
        cursor = con.execute(OBSERVATIONS, [cited])
        data["observations"] = {"columns": [column[0] for column in cursor.description], "rows": cursor.fetchall()}
    return data


def page_html(data: dict) -> str:
    data["geometry"] = {"viewBox": view_box(), "2008": unit_paths("2008"), "2025": unit_paths("2025")}
    # "</" cannot end the inline script early once escaped
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":"), default=str).replace("</", "<\\/")
    template = (HERE / "page.html").read_text(encoding="utf-8")
    return (template.replace("/*STYLE*/", (HERE / "page.css").read_text(encoding="utf-8"))
                    .replace("/*SCRIPT*/", (HERE / "page.js").read_text(encoding="utf-8"))
                    .replace("/*DATA*/", payload))


def write_report(database: Path, out_dir: Path) -> Path:
    out_dir.mkdir(parents=True, exist_ok=True)
    page = out_dir / "index.html"
    page.write_text(page_html(read_marts(database)), encoding="utf-8")
    return page
