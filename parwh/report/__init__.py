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

from parwh import paths
from parwh.errors import ParwhError
from parwh.project_vars import dbt_vars
from parwh.report.geometry import archipelagos, unit_paths, view_box

HERE = Path(__file__).parent
# The minified UMD bundles, in load order (Plot's UMD bundle uses the global d3).
LIBRARIES = [HERE / "node_modules/d3/dist/d3.min.js", HERE / "node_modules/@observablehq/plot/dist/plot.umd.min.js"]
# What the source panel says of each statement besides its quote and address, with its label: the one place that
# names them (columns of marts.fct_observations).
EVIDENCE_COLUMNS = {
    "publisher": "nơi công bố · publisher",
    "source_kind": "loại nguồn · kind",
    "source_language": "ngôn ngữ · language",
    "source_date": "ngày · date",
}
# Units are listed in Vietnamese alphabetical order by the marts' name_sort_key (docs/marts.md, "Units and names");
# the page keeps the order the queries give.
QUERIES = {
    "units": """
        select distinct unit_level, vintage, unit_key, display_name, name_en, name_sort_key
        from marts.dim_unit_names where unit_level in ('province', 'ministry')
        order by unit_level, vintage, name_sort_key""",
    "provinces": """
        select unit_key, vintage, region_vi, successor_unit_key, predecessor_unit_keys
        from marts.dim_province where vintage in ('2008', '2025') order by vintage, name_sort_key""",
    "rankings": """
        select r.index_code, r.year, r.unit_level, r.unit_key, r.score::double as score, r.score_grade,
               r.official_rank, r.rank_grade, r.rank_of, r.computed_rank, r.has_conflict, s.value_settled_by,
               s.rank_settled_by, r.observation_ids
        from marts.fct_rankings r
        left join marts.fct_index_scores s
            on s.metric = 'total' and (s.index_code, s.year, s.unit_level, s.unit_key)
                = (r.index_code, r.year, r.unit_level, r.unit_key)
        order by r.index_code, r.unit_level, r.year, r.computed_rank nulls last, r.name_sort_key""",
    # Components with their label, unit and, for points, the year's cited maximum: all from the metric catalogue.
    "components": """
        select s.index_code, s.year, s.unit_key, s.metric, m.label_vi, m.label_en, s.value::double as value,
               s.value_unit, s.value_grade,
               list_filter(m.max_points_by_year, e -> e.year = s.year)[1].max_points::double as max_points,
               s.official_rank, s.rank_grade, s.observation_ids
        from marts.fct_index_scores s
        left join marts.dim_metric m on (m.index_code, m.unit_level, m.metric) = (s.index_code, s.unit_level, s.metric)
        where s.unit_level = 'province' and s.metric_kind in ('component', 'part', 'component_points', 'component_pct')
        order by s.index_code, s.year, s.unit_key, s.metric""",
    # Numbers only weak sources state: never shown as settled values, listed as weak evidence with their sources.
    "weak_evidence": """
        select w.index_code, w.year, w.unit_key, w.metric, m.label_vi, m.label_en, w.field,
               w.stated_number::double as stated_number, m.value_unit, w.source_domains, w.observation_ids
        from marts.rpt_weak_evidence w
        left join marts.dim_metric m on (m.index_code, m.unit_level, m.metric) = (w.index_code, w.unit_level, w.metric)
        where w.unit_level = 'province'
        order by w.index_code, w.year, w.unit_key, w.metric = 'total' desc, w.metric, w.field""",
    # Group statements (top 5, bottom group, score bands) that are settled; weak-only ones are not shown.
    "groups": """
        select index_code, year, unit_key, group_code, group_label_vi, group_label_en, grade, source_domains,
               example_quote, observation_ids
        from marts.fct_group_memberships where unit_level = 'province' and is_settled
        order by index_code, year, group_code""",
    "source_kinds": """
        select distinct source_kind, source_tier, source_kind_label_vi, source_kind_label_en
        from staging.stg_reference__sources order by 1""",
    # Each province's change per year as the scorecard settles it (computed, else claimed): the page never redoes it.
    "deltas": """
        select 'PAR_INDEX' as index_code, year, unit_key, par_score_change::double as score_change,
               par_rank_change as rank_change
        from marts.rpt_province_scorecard where par_score_change is not null or par_rank_change is not null
        union all
        select 'SIPAS', year, unit_key, sipas_score_change::double, sipas_rank_change
        from marts.rpt_province_scorecard where sipas_score_change is not null or sipas_rank_change is not null
        order by all""",
    "build": "select build_id, built_at_utc::varchar as built_at_utc, git_commit from marts.rpt_build_info",
}
CITING_TABLES = ["rankings", "components", "weak_evidence", "groups"]  # their last column is observation_ids
OBSERVATIONS = f"""
    select observation_id, source_url, source_domain, {", ".join(EVIDENCE_COLUMNS)},
           quote, value::double as value, value_unit, rank, rank_of
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
        cited = sorted({observation for table in CITING_TABLES for row in data[table]["rows"]
                        for observation in (row[-1] or [])})
        cursor = con.execute(OBSERVATIONS, [cited])
        data["observations"] = {"columns": [column[0] for column in cursor.description], "rows": cursor.fetchall()}
    data["evidence_labels"] = EVIDENCE_COLUMNS
    # the first year on the 34 merged units: which map and series a year belongs to (one home: the dbt var)
    data["merger_first_year"] = dbt_vars(paths.PROJECT_DIR)["merger_first_year"]
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
