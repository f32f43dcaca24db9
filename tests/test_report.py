"""The report page in a real headless Chromium (Debian's, through chromedriver), opened from file:// offline."""

from __future__ import annotations

import io
import json
import re
import shutil
from pathlib import Path

import duckdb
import pytest
from PIL import Image
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from parwh.report import write_report

CHROMIUM, CHROMEDRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"
SECTIONS = ["map", "rankings", "profile", "coverage", "ministries"]


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory):
    assert Path(CHROMEDRIVER).exists(), f"{CHROMEDRIVER} is missing: `make test` installs Debian's chromium-driver"
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ["--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-sync",
                     "--disable-background-networking", "--disable-component-update", "--window-size=1200,2000",
                     f"--user-data-dir={tmp_path_factory.mktemp('chromium')}",
                     # the network is off: any address the page asked for would fail, and show in the logs
                     "--proxy-server=127.0.0.1:9", "--host-resolver-rules=MAP * ~NOTFOUND"]:
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(executable_path=CHROMEDRIVER))
    yield driver
    driver.quit()


def open_page(browser, page_file: Path):
    browser.get(page_file.as_uri())
    WebDriverWait(browser, 30).until(lambda driver: driver.execute_script(
        "return document.readyState === 'complete' && document.querySelectorAll('#map-svg path').length > 0"))
    return browser


@pytest.fixture
def page(built_project: Path, browser):
    """The report page of the built project, opened again if a test took the browser elsewhere."""
    page_file = built_project / "warehouse/report/index.html"
    if browser.current_url != page_file.as_uri():
        return open_page(browser, page_file)
    # a test that failed may have left the source panel open over the page
    browser.execute_script("document.getElementById('source-panel').hidden = true")
    return browser


def marts(built_project: Path, query: str, parameters: list | None = None) -> list[tuple]:
    with duckdb.connect(str(built_project / "warehouse/par_sipas.duckdb"), read_only=True) as con:
        return con.execute(query, parameters or []).fetchall()


def console_errors(browser) -> list[dict]:
    return [entry for entry in browser.get_log("browser") if entry["level"] == "SEVERE"]


def choose(page, element_id: str, value) -> None:
    Select(page.find_element(By.ID, element_id)).select_by_value(str(value))


def requested_urls(page) -> list[str]:
    events = [json.loads(entry["message"])["message"] for entry in page.get_log("performance")]
    return [event["params"]["request"]["url"] for event in events if event["method"] == "Network.requestWillBeSent"]


def test_the_page_loads_from_file_with_no_console_error_and_no_network_request(page) -> None:
    errors = [entry for entry in page.get_log("browser") if entry["level"] == "SEVERE"]
    assert errors == []
    urls = requested_urls(page)
    assert any(url.endswith("/warehouse/report/index.html") for url in urls)
    # chrome:// is the browser's own start page; anything that leaves the machine is a failure
    assert [url for url in urls if url.startswith(("http:", "https:", "ws:", "wss:", "ftp:"))] == []
    assert page.execute_script("return document.characterSet") == "UTF-8"


def test_every_section_renders(page) -> None:
    for section in SECTIONS:
        assert page.find_element(By.ID, section).text.strip(), f"section {section} is empty"
    paths = page.find_elements(By.CSS_SELECTOR, "#map-svg path")
    known = [path for path in paths if path.get_attribute("data-known") == "yes"]
    assert len(paths) == 63 and 0 < len(known) < 63  # coloured where known, grey where not
    assert page.find_elements(By.CSS_SELECTOR, "#rankings-body tr")
    assert page.find_elements(By.CSS_SELECTOR, "#profile-body tr")
    assert len(page.find_elements(By.CSS_SELECTOR, "#coverage-grid td.cell")) >= 63 * 10
    assert len(page.find_elements(By.CSS_SELECTOR, "#ministries-table tr")) > 10
    attribution = page.find_element(By.CSS_SELECTOR, "#map .attribution").text
    assert "Open Development Mekong" in attribution and "CC BY-SA 4.0" in attribution
    assert "Bà Rịa - Vũng Tàu" in page.find_element(By.ID, "province-choice").text


def test_a_screenshot_of_each_section_is_not_blank(page) -> None:
    for section in SECTIONS:
        image = Image.open(io.BytesIO(page.find_element(By.ID, section).screenshot_as_png)).convert("RGB")
        colours = image.getcolors(maxcolors=1 << 16)
        assert colours is None or len(colours) > 20, f"section {section} looks blank"


def test_the_rankings_show_the_marts_numbers(page, built_project: Path) -> None:
    index = Select(page.find_element(By.ID, "index-choice")).first_selected_option.get_attribute("value")
    year = int(Select(page.find_element(By.ID, "year-choice")).first_selected_option.get_attribute("value"))
    with duckdb.connect(str(built_project / "warehouse/par_sipas.duckdb"), read_only=True) as con:
        scores = sorted(round(score, 2) for (score,) in con.execute(
            "select score::double from marts.fct_rankings where index_code = ? and year = ? "
            "and unit_level = 'province' and score is not null", [index, year]).fetchall())
    shown = sorted(float(cell.text.replace(",", ".")) for cell in
                   page.find_elements(By.CSS_SELECTOR, "#rankings-body td:nth-child(3) button"))
    assert shown == scores and scores


def test_choosing_another_year_changes_the_map_and_the_rankings(page) -> None:
    def fills():
        return [path.get_attribute("fill") for path in page.find_elements(By.CSS_SELECTOR, "#map-svg path")]
    before, caption = fills(), page.find_element(By.ID, "rankings-caption").text
    Select(page.find_element(By.ID, "year-choice")).select_by_value("2020")
    assert fills() != before
    assert page.find_element(By.ID, "rankings-caption").text != caption
    Select(page.find_element(By.ID, "year-choice")).select_by_value("2025")
    assert len(fills()) == 34  # the 2025 map has the 34 merged units


def test_choosing_another_province_changes_the_profile(page) -> None:
    before = page.find_element(By.ID, "profile-body").text
    Select(page.find_element(By.ID, "province-choice")).select_by_value("vn63_01")
    after = page.find_element(By.ID, "profile-body").text
    assert after != before and after.strip()


def test_clicking_a_number_shows_its_quote_and_source(page) -> None:
    Select(page.find_element(By.ID, "year-choice")).select_by_value("2020")
    page.find_element(By.CSS_SELECTOR, "#rankings-body button.number").click()
    panel = page.find_element(By.ID, "source-panel")
    assert panel.is_displayed()
    assert panel.find_element(By.TAG_NAME, "blockquote").text.strip()
    assert panel.find_element(By.TAG_NAME, "a").get_attribute("href").startswith("http")


def test_the_page_is_one_file_under_2_mb(built_project: Path) -> None:
    report = built_project / "warehouse/report"
    assert [path.name for path in report.iterdir()] == ["index.html"]
    assert (report / "index.html").stat().st_size < 2_000_000


def profile_units(built_project: Path, unit_key: str) -> list[str]:
    (predecessors,) = marts(built_project, "select predecessor_unit_keys from marts.dim_province where unit_key = ?",
                            [unit_key])[0]
    return [*(predecessors or []), unit_key]


@pytest.mark.parametrize("unit_key", ["vn63_77", "vn63_01", "vn34_79"])
def test_the_profile_charts_have_exactly_the_points_the_marts_hold(page, built_project: Path, unit_key: str) -> None:
    choose(page, "province-choice", unit_key)
    units = profile_units(built_project, unit_key)
    rows = marts(built_project, """
        select unit_key, index_code, year, score::double, official_rank from marts.fct_rankings
        where unit_level = 'province' and unit_key in (select unnest(?::varchar[]))""", [units])
    expected = {(unit, index, "score", year, round(score, 2))
                for unit, index, year, score, _ in rows if score is not None}
    expected |= {(unit, index, "rank", year, rank) for unit, index, year, _, rank in rows if rank is not None}
    shown = set()
    for circle in page.find_elements(By.CSS_SELECTOR, "#profile-charts circle[data-kind]"):
        kind, value = circle.get_attribute("data-kind"), float(circle.get_attribute("data-value"))
        shown.add((circle.get_attribute("data-unit"), circle.get_attribute("data-index"), kind,
                   int(circle.get_attribute("data-year")), round(value, 2) if kind == "score" else int(value)))
    assert shown == expected and expected
    if len(units) > 1:  # a 2025 unit: its predecessors' series and their names
        assert {unit for unit, *_ in shown} - {unit_key}
        note = page.find_element(By.ID, "profile-merger").text
        assert all(name in note for (name,) in marts(
            built_project, "select name_vi from marts.dim_province where unit_key in (select unnest(?::varchar[]))",
            [units[:-1]]))
    else:  # a 63-unit province names the unit it became
        (successor,) = marts(built_project, """select s.name_vi from marts.dim_province p
            join marts.dim_province s on s.unit_key = p.successor_unit_key where p.unit_key = ?""", [unit_key])[0]
        assert successor in page.find_element(By.ID, "profile-merger").text


def runs_of_known_years(years_known: list[int], years: list[int]) -> int:
    """How many unbroken stretches of consecutive years are known: a line draws one piece per stretch."""
    runs, previous_known = 0, False
    for year in years:
        known = year in years_known
        runs += known and not previous_known
        previous_known = known
    return runs


def test_the_profile_lines_break_at_a_missing_year(page, built_project: Path) -> None:
    unit_key = "vn63_77"
    choose(page, "province-choice", unit_key)
    for index in ["PAR_INDEX", "SIPAS"]:
        rows = marts(built_project, """select year, score, official_rank from marts.fct_rankings
            where unit_key = ? and index_code = ? order by year""", [unit_key, index])
        years = [year for year, *_ in rows]
        for kind, field in [("score", 1), ("rank", 2)]:
            chart = page.find_element(By.CSS_SELECTOR, f'#profile-charts [data-index="{index}"] [data-chart="{kind}"]')
            known = [row[0] for row in rows if row[field] is not None]
            line = chart.find_element(By.CSS_SELECTOR, 'g[aria-label="line"] path').get_attribute("d")
            assert line.count("M") == runs_of_known_years(known, years), (index, field, line)


def test_the_map_has_63_then_34_units_and_both_archipelagos_labelled(page) -> None:
    for year, units in [(2024, 63), (2025, 34)]:
        choose(page, "year-choice", year)
        paths = page.find_elements(By.CSS_SELECTOR, "#map-svg path[data-unit]")
        assert len({path.get_attribute("data-unit") for path in paths}) == units
        labels = [label.text for label in page.find_elements(By.CSS_SELECTOR, "#map-svg .archipelago-label")]
        assert sorted(labels) == ["Quần đảo Hoàng Sa", "Quần đảo Trường Sa"]
        for group in page.find_elements(By.CSS_SELECTOR, "#map-svg .archipelago"):
            assert group.is_displayed() and len(group.find_elements(By.TAG_NAME, "circle")) >= 10
    choose(page, "year-choice", 2024)
    legend = page.find_elements(By.CSS_SELECTOR, "#map-legend .legend-class")
    assert len(legend) >= 2 and all(" – " in item.text for item in legend)  # value ranges, not two ends


def test_hovering_a_province_shows_its_name_score_and_rank(page, built_project: Path) -> None:
    choose(page, "index-choice", "PAR_INDEX")
    choose(page, "year-choice", 2023)
    unit, name, score, rank = marts(built_project, """select unit_key, unit_name, score::double, official_rank
        from marts.fct_rankings where index_code = 'PAR_INDEX' and year = 2023 and unit_level = 'province'
        and score is not null and official_rank is not null order by official_rank limit 1""")[0]
    path = page.find_element(By.CSS_SELECTOR, f'#map-svg path[data-unit="{unit}"]')
    webdriver.ActionChains(page).move_to_element(path).perform()
    label = page.find_element(By.ID, "map-label").text
    assert name in label and f"{score:.2f}".replace(".", ",") in label and f"{rank}/" in label


def releases_with_scored_unranked_units(built_project: Path) -> list[tuple]:
    """(index, year, unit, rank just above, rank just below) for every scored unit without a published rank
    that ranked units with scores bracket: the official rank it must follow and the one it must precede."""
    return marts(built_project, """
        with release as (select * from marts.fct_rankings where unit_level = 'province')
        select u.index_code, u.year, u.unit_key,
               (select max(official_rank) from release r where (r.index_code, r.year) = (u.index_code, u.year)
                    and r.official_rank is not null and r.score >= u.score) as above,
               (select min(official_rank) from release r where (r.index_code, r.year) = (u.index_code, u.year)
                    and r.official_rank is not null and r.score < u.score) as below
        from release u where u.score is not null and u.official_rank is null
        order by all""")


def test_a_scored_but_unranked_unit_sits_between_the_right_official_ranks(page, built_project: Path) -> None:
    cases = [case for case in releases_with_scored_unranked_units(built_project) if case[3] and case[4]]
    assert cases and ("PAR_INDEX", 2024, "vn63_11") in {case[:3] for case in cases}  # Điện Biên, 88.23
    for index, year, unit, above, below in cases:
        choose(page, "index-choice", index)
        choose(page, "year-choice", year)
        rows = page.find_elements(By.CSS_SELECTOR, "#rankings-body tr")
        units = [row.get_attribute("data-unit") for row in rows]
        ranks = [row.get_attribute("data-rank") for row in rows]
        at = units.index(unit)
        assert "rank not published" in rows[at].text
        # right after the last ranked unit scoring at least as much, before the first one scoring less
        assert int(next(rank for rank in reversed(ranks[:at]) if rank)) == above, (index, year, unit)
        assert ranks.index(str(below)) > at, (index, year, unit)


def test_every_official_rank_is_listed_in_order_with_the_counts_in_the_caption(page, built_project: Path) -> None:
    choose(page, "index-choice", "PAR_INDEX")
    choose(page, "year-choice", 2024)
    official = marts(built_project, """select official_rank, unit_key from marts.fct_rankings where index_code =
        'PAR_INDEX' and year = 2024 and unit_level = 'province' and official_rank is not null order by 1""")
    rows = page.find_elements(By.CSS_SELECTOR, "#rankings-body tr")
    shown = [(int(row.get_attribute("data-rank")), row.get_attribute("data-unit")) for row in rows
             if row.get_attribute("data-rank")]
    assert shown == official  # a rank without a score (Bà Rịa - Vũng Tàu, 2) is at its rank
    scores, ranks, units = marts(built_project, """select count(score), count(official_rank), count(*)
        from marts.fct_rankings where index_code = 'PAR_INDEX' and year = 2024 and unit_level = 'province'""")[0]
    caption = page.find_element(By.ID, "rankings-caption").text
    assert f"{scores}/{units}" in caption and f"{ranks}/{units}" in caption


def test_the_coverage_grid_is_in_vietnamese_order_with_distinct_states(page) -> None:
    choose(page, "index-choice", "PAR_INDEX")
    grid = page.find_element(By.CSS_SELECTOR, '#coverage-grid table[data-vintage="2008"]')
    names = [row.find_element(By.TAG_NAME, "td").text for row in grid.find_elements(By.TAG_NAME, "tr")[1:]]
    assert len(names) == 63
    assert names.index("Bình Định") < names.index("Bình Thuận")
    assert names.index("Cần Thơ") < names.index("Đà Nẵng") < names.index("Đắk Lắk") < names.index("Gia Lai")
    assert names.index("An Giang") == 0 and names[-1] == "Yên Bái"

    def state(name: str, year: int) -> str:
        row = grid.find_elements(By.TAG_NAME, "tr")[1 + names.index(name)]
        header = [cell.text for cell in grid.find_elements(By.CSS_SELECTOR, "tr:first-child th")]
        return row.find_elements(By.TAG_NAME, "td")[header.index(str(year)[2:])].get_attribute("data-state")
    assert state("Long An", 2023) == "resolution"
    assert state("Bà Rịa - Vũng Tàu", 2024) == "rank-only"
    assert state("Bà Rịa - Vũng Tàu", 2023) == "known"
    assert state("Bà Rịa - Vũng Tàu", 2022) == "unknown"
    new_units = page.find_elements(By.CSS_SELECTOR, '#coverage-grid table[data-vintage="2025"] tr')
    assert len(new_units) == 1 + 34


def test_the_source_panel_names_the_publisher_and_copies_a_citation(page, built_project: Path) -> None:
    choose(page, "index-choice", "PAR_INDEX")
    choose(page, "year-choice", 2023)
    row = page.find_element(By.CSS_SELECTOR, '#rankings-body tr[data-unit="vn63_77"]')
    row.find_element(By.CSS_SELECTOR, "td:nth-child(3) button").click()
    panel = page.find_element(By.ID, "source-panel")
    (ids,) = marts(built_project, """select observation_ids from marts.fct_rankings
        where index_code = 'PAR_INDEX' and year = 2023 and unit_key = 'vn63_77'""")[0]
    facts = {element.text for element in panel.find_elements(By.CSS_SELECTOR, ".source-facts")}
    sources = marts(built_project, """
        select o.publisher, o.source_domain, o.source_url, o.source_language, k.source_kind_label_en,
               coalesce(o.source_date, ''), o.source_tier
        from marts.fct_observations o
        join (select distinct source_kind, source_kind_label_en from staging.stg_reference__sources) k
            using (source_kind)
        where observation_id in (select unnest(?::varchar[]))""", [ids])
    assert len(facts) == len(sources)
    for publisher, domain, _, language, kind_en, date, _ in sources:
        assert any(f"publisher: {publisher} ({domain})" in fact and f"language: {language}" in fact
                   and kind_en in fact and date in fact for fact in facts), (publisher, facts)
    citation = panel.find_element(By.ID, "citation-text").get_attribute("value")
    assert "91,03" in citation and "Bà Rịa - Vũng Tàu" in citation
    # the citation names the official and reputable publishers, not the mirrors or spam beside them
    strong = [source[2] for source in sources if source[6] != "weak"]
    assert strong and all(url in citation for url in strong)
    assert all(source[2] not in citation for source in sources if source[6] == "weak")
    panel.find_element(By.ID, "copy-citation").click()
    WebDriverWait(page, 5).until(lambda driver: panel.find_element(By.CSS_SELECTOR, "[role=status]").text)
    assert console_errors(page) == []


def test_clicking_a_chart_point_opens_its_sources(page) -> None:
    choose(page, "province-choice", "vn63_77")
    point = page.find_element(By.CSS_SELECTOR, '#profile-charts circle[data-kind="score"][data-year="2023"]')
    page.execute_script("arguments[0].dispatchEvent(new MouseEvent('click', {bubbles: true}))", point)
    panel = page.find_element(By.ID, "source-panel")
    assert panel.is_displayed() and "2023" in panel.find_element(By.TAG_NAME, "h3").text
    assert panel.find_element(By.TAG_NAME, "blockquote").text.strip()


def test_the_page_reads_at_phone_width(page) -> None:
    size = page.get_window_size()
    try:
        page.set_window_size(390, 900)
        WebDriverWait(page, 5).until(lambda driver: driver.execute_script("return window.innerWidth") <= 390)
        page.execute_script("window.dispatchEvent(new Event('resize'))")
        width = page.execute_script("return window.innerWidth")
        # nothing but the wide tables (each in its own scroll box) is wider than the screen
        assert page.execute_script("return document.documentElement.scrollWidth") <= width
        assert page.find_element(By.ID, "map-svg").size["width"] <= width
        font = page.execute_script("return parseFloat(getComputedStyle(document.body).fontSize)")
        assert font >= 14
    finally:
        page.set_window_size(size["width"], size["height"])


HOSTILE_QUOTE = 'made-up test quote <!--<script> "quoted" </script><script>window.hacked=1</script> & </ScRiPt>'


def test_hostile_text_in_the_marts_is_shown_as_text_and_never_runs(built_project: Path, browser,
                                                                   tmp_path: Path) -> None:
    """A made-up quote that tries to close the inline script, and a javascript: source address, injected into a
    copy of the built warehouse: the page still renders, shows them as text, and links only http(s)."""
    database = tmp_path / "par_sipas.duckdb"
    shutil.copy(built_project / "warehouse/par_sipas.duckdb", database)
    with duckdb.connect(str(database)) as con:
        (ids,) = con.execute("""select observation_ids from marts.fct_rankings where index_code = 'PAR_INDEX'
            and year = 2023 and unit_key = 'vn63_77'""").fetchone()
        con.execute("update marts.fct_observations set quote = ?, source_url = 'javascript:window.hacked=2' "
                    "where observation_id = ?", [HOSTILE_QUOTE, ids[0]])
        con.execute("update marts.dim_unit_names "
                    "set display_name = '<img src=x onerror=window.hacked=3>Bà Rịa - Vũng Tàu' "
                    "where unit_key = 'vn63_77'")
    page = open_page(browser, write_report(database, tmp_path / "report"))
    assert console_errors(page) == []
    assert page.execute_script("return window.hacked === undefined && document.images.length === 0")
    assert len(page.find_elements(By.TAG_NAME, "script")) == 3
    choose(page, "index-choice", "PAR_INDEX")
    choose(page, "year-choice", 2023)
    page.find_element(By.CSS_SELECTOR, '#rankings-body tr[data-unit="vn63_77"] td:nth-child(3) button').click()
    panel = page.find_element(By.ID, "source-panel")
    assert HOSTILE_QUOTE in [quote.text for quote in panel.find_elements(By.TAG_NAME, "blockquote")]
    assert "javascript:window.hacked=2" in panel.find_element(By.CSS_SELECTOR, ".bad-url").text
    links = [link.get_attribute("href") for link in page.find_elements(By.CSS_SELECTOR, "a[href]")]
    assert links and all(link.startswith(("http://", "https://")) for link in links)
    assert page.execute_script("return window.hacked === undefined")
    assert console_errors(page) == []


def offline_requests(browser) -> list[str]:
    return [url for url in requested_urls(browser) if url.startswith(("http:", "https:", "ws:", "wss:", "ftp:"))]


def test_the_quality_page_renders_offline_with_every_check(built_project: Path, browser) -> None:
    browser.get_log("performance")
    browser.get((built_project / "warehouse/quality/index.html").as_uri())
    text = browser.find_element(By.TAG_NAME, "body").text
    from parwh.gate import checks
    rules = [check.rule for check in checks(raw_observation_count=0)]
    assert all(rule in text for rule in rules)
    assert len(browser.find_elements(By.CSS_SELECTOR, "tbody tr")) == len(rules)
    assert len(browser.find_elements(By.CSS_SELECTOR, "td.passed")) == len(rules)
    assert offline_requests(browser) == [] and console_errors(browser) == []


def test_the_dbt_docs_open_offline_on_the_project_overview(built_project: Path, browser) -> None:
    browser.get_log("performance")
    browser.get((built_project / "warehouse/docs/index.html").as_uri())
    WebDriverWait(browser, 30).until(
        lambda driver: "Where to start" in driver.find_element(By.TAG_NAME, "body").text)
    body = browser.find_element(By.TAG_NAME, "body").text
    assert "PAR INDEX & SIPAS warehouse" in body and "fct_rankings" in body
    assert offline_requests(browser) == []


def test_the_quality_page_shows_a_failed_check_with_its_values(built_project: Path, browser, tmp_path: Path) -> None:
    from parwh.gate import run_gate
    database = tmp_path / "par_sipas.duckdb"
    shutil.copy(built_project / "warehouse/par_sipas.duckdb", database)
    with duckdb.connect(str(database)) as con:  # a made-up score of 120
        con.execute("update marts.fct_rankings set score = 120 where unit_key = 'vn63_77' and index_code = 'PAR_INDEX' "
                    "and year = 2023")
    assert not run_gate(database, tmp_path / "quality").success
    browser.get((tmp_path / "quality/index.html").as_uri())
    failed = [row.text for row in browser.find_elements(By.CSS_SELECTOR, "tbody tr") if "FAILED" in row.text]
    assert len(failed) >= 1 and any("scores within 0..100" in row and "120" in row for row in failed)
    assert (tmp_path / "quality/gx_index.html").exists()


# ---- evidence: grades, weak evidence, groups, names (the marts of the evidence work) ----------------------------
def panel_grades(page) -> dict[str, str]:
    panel = page.find_element(By.ID, "source-panel")
    return {span.get_attribute("data-field"): span.get_attribute("data-grade")
            for span in panel.find_elements(By.CSS_SELECTOR, ".grades [data-grade]")}


GRADE_WORDS = {"official": "official", "corroborated": "corroborated", "single": "single source",
               "weak": "weak evidence only", "disputed": "disputed"}


@pytest.mark.parametrize("index, year", [("PAR_INDEX", 2023), ("PAR_INDEX", 2024), ("SIPAS", 2021)])
def test_each_number_shows_the_grades_the_marts_hold(page, built_project: Path, index: str, year: int) -> None:
    choose(page, "index-choice", index)
    choose(page, "year-choice", year)
    rows = marts(built_project, """
        select unit_key, score_grade, rank_grade, score is not null, official_rank is not null
        from marts.fct_rankings where index_code = ? and year = ? and unit_level = 'province'
        and (score is not null or official_rank is not null) order by unit_key""", [index, year])
    assert {score_grade for _, score_grade, *_ in rows} - {None}, "no graded score in this release"
    for unit, score_grade, rank_grade, has_score, _has_rank in rows:
        row = page.find_element(By.CSS_SELECTOR, f'#rankings-body tr[data-unit="{unit}"]')
        cell = {item.get_attribute("data-field"): (item.get_attribute("data-grade"), item.text)
                for item in row.find_elements(By.CSS_SELECTOR, "td.grade-cell [data-grade]")}
        expected = {field: grade for field, grade in [("value", score_grade), ("rank", rank_grade)] if grade}
        assert {field: grade for field, (grade, _) in cell.items()} == expected, unit
        assert all(GRADE_WORDS[grade] in text for grade, text in cell.values())
        # the source panel of the score (or, without one, of the rank) states both grades apart
        column = 3 if has_score else 1
        row.find_element(By.CSS_SELECTOR, f"td:nth-child({column}) button").click()
        assert panel_grades(page) == expected, unit
        title = row.find_element(By.CSS_SELECTOR, f"td:nth-child({column}) button").get_attribute("title")
        assert all(GRADE_WORDS[grade] in title for grade in expected.values())
    page.find_element(By.ID, "source-close").click()


def test_the_map_label_names_the_grades(page, built_project: Path) -> None:
    choose(page, "index-choice", "PAR_INDEX")
    choose(page, "year-choice", 2023)
    units = marts(built_project, """select unit_key, score_grade, rank_grade from marts.fct_rankings
        where index_code = 'PAR_INDEX' and year = 2023 and unit_level = 'province' and score is not null
        and official_rank is not null order by score_grade = rank_grade, unit_key limit 4""")
    assert units and units[0][1] != units[0][2]  # one at least whose two grades differ
    for unit, score_grade, rank_grade in units:
        path = page.find_element(By.CSS_SELECTOR, f'#map-svg path[data-unit="{unit}"]')
        webdriver.ActionChains(page).move_to_element(path).perform()
        label = page.find_element(By.ID, "map-label").text
        assert re.search(f"score: [^;\n]*{GRADE_WORDS[score_grade]}", label), (unit, label)
        assert re.search(f"rank: [^;\n]*{GRADE_WORDS[rank_grade]}", label), (unit, label)


def test_a_number_only_weak_sources_state_is_never_shown_as_a_value(page, built_project: Path) -> None:
    """Bình Thuận PAR INDEX 2023 81.87 is stated only by a mirror (vietnam.vn): listed apart as weak evidence,
    never in the rankings' scores, the chart or the profile's values."""
    (stated, domains), = marts(built_project, """
        select stated_number::double, source_domains from marts.rpt_weak_evidence
        where index_code = 'PAR_INDEX' and year = 2023 and unit_key = 'vn63_60'
            and metric = 'total' and field = 'value'""")
    choose(page, "index-choice", "PAR_INDEX")
    choose(page, "year-choice", 2023)
    shown = f"{stated:.2f}".replace(".", ",")
    assert shown not in page.find_element(By.ID, "rankings-body").text
    assert shown not in page.find_element(By.ID, "rankings-chart").text
    weak = page.find_element(By.CSS_SELECTOR, '#rankings-weak tr[data-unit="vn63_60"]')
    assert shown in weak.text and all(domain in weak.text for domain in domains)
    assert "Weak evidence only" in page.find_element(By.ID, "rankings-weak").text
    weak.find_element(By.CSS_SELECTOR, "button.weak-mark").click()
    assert panel_grades(page) == {"value": "weak"}
    assert "weak evidence only" in page.find_element(By.CSS_SELECTOR, "#source-panel h3").text
    page.find_element(By.ID, "source-close").click()
    choose(page, "province-choice", "vn63_60")
    assert not page.find_elements(
        By.CSS_SELECTOR, '#profile-charts circle[data-index="PAR_INDEX"][data-year="2023"][data-kind="score"]')
    profile_weak = page.find_element(By.CSS_SELECTOR,
        '#profile-weak tr[data-index="PAR_INDEX"][data-year="2023"][data-metric="total"][data-field="value"]')
    assert shown in profile_weak.text


def test_evidence_grade_text_is_never_drawn_over_a_pattern(page) -> None:
    """A grade written in words (BR-VT's weak 2012 and 2020 components) stays plain text: the hatched patterns
    belong to the coverage grid's cells only, although they share the grades' names."""
    choose(page, "province-choice", "vn63_77")
    grades = page.find_elements(By.CSS_SELECTOR, "#profile .grade")
    assert any("weak" in grade.get_attribute("class") for grade in grades)
    patterned = [grade.text for grade in grades if grade.value_of_css_property("background-image") != "none"]
    assert not patterned
    assert page.find_elements(By.CSS_SELECTOR, "#coverage-grid td.cell.weak"), "the grid still hatches weak cells"
    cell = page.find_element(By.CSS_SELECTOR, "#coverage-grid td.cell.weak")
    assert cell.value_of_css_property("background-image") != "none"


def test_the_coverage_grid_counts_weak_evidence_only_as_its_own_state(page, built_project: Path) -> None:
    choose(page, "index-choice", "PAR_INDEX")
    grid = page.find_element(By.CSS_SELECTOR, '#coverage-grid table[data-vintage="2008"]')
    header = [cell.text for cell in grid.find_elements(By.CSS_SELECTOR, "tr:first-child th")][1:]
    states = [[cell.get_attribute("data-state") for cell in row.find_elements(By.CSS_SELECTOR, "td.cell")]
              for row in grid.find_elements(By.TAG_NAME, "tr")[1:]]
    counts = dict(marts(built_project, """select year, units_with_weak_score_only from marts.rpt_coverage
        where index_code = 'PAR_INDEX' and unit_level = 'province' and vintage = '2008'"""))
    assert sum(counts.values()) > 0
    for column, year in enumerate(header):
        assert sum(row[column] == "weak" for row in states) == counts[2000 + int(year)], year
    assert "weak evidence only" in page.find_element(By.ID, "coverage-legend").text


@pytest.mark.parametrize("vintage", ["2008", "2025"])
def test_the_coverage_grid_and_the_province_choice_follow_name_sort_key(page, built_project: Path,
                                                                        vintage: str) -> None:
    choose(page, "index-choice", "PAR_INDEX")
    expected = marts(built_project, """select p.unit_key, n.display_name from marts.dim_province p
        join (select distinct unit_key, display_name from marts.dim_unit_names) n using (unit_key)
        where p.vintage = ? order by p.name_sort_key""", [vintage])
    grid = page.find_element(By.CSS_SELECTOR, f'#coverage-grid table[data-vintage="{vintage}"]')
    rows = grid.find_elements(By.CSS_SELECTOR, "tr[data-unit]")
    shown = [(row.get_attribute("data-unit"), row.find_element(By.TAG_NAME, "td").get_attribute("textContent"))
             for row in rows]
    assert shown == expected and len(expected) == {"2008": 63, "2025": 34}[vintage]
    group = 1 if vintage == "2008" else 2
    options = page.find_elements(By.CSS_SELECTOR, f"#province-choice optgroup:nth-of-type({group}) option")
    assert [(option.get_attribute("value"), option.text) for option in options] == expected


def test_the_ministries_are_listed_by_name_sort_key(page, built_project: Path) -> None:
    expected = [name for name, _ in marts(built_project, """select distinct n.display_name, n.name_sort_key
        from marts.dim_unit_names n join marts.fct_rankings r on r.unit_key = n.unit_key
        where n.unit_level = 'ministry' and r.index_code = 'PAR_INDEX' order by n.name_sort_key""")]
    rows = page.find_elements(By.CSS_SELECTOR, "#ministries-table tr")[1:]
    assert [row.find_element(By.TAG_NAME, "td").text for row in rows] == expected and len(expected) > 10


def test_a_profile_shows_its_settled_group_memberships_with_their_sources(page, built_project: Path) -> None:
    # the unit with the most settled memberships, and one whose only membership rests on weak sources
    (unit,), = marts(built_project, """select unit_key from marts.fct_group_memberships
        where unit_level = 'province' and is_settled group by 1 order by count(*) desc, 1 limit 1""")
    choose(page, "province-choice", unit)
    expected = marts(built_project, """select index_code, year, group_code, group_label_en, grade, source_domains,
        observation_ids from marts.fct_group_memberships where unit_key = ? and is_settled order by all""", [unit])
    rows = page.find_elements(By.CSS_SELECTOR, "#groups-body tr[data-group]")
    shown = {(row.get_attribute("data-index"), int(row.get_attribute("data-year")), row.get_attribute("data-group"))
             for row in rows}
    assert shown == {(index, year, group) for index, year, group, *_ in expected} and len(expected) >= 2
    for index, year, group, label_en, grade, domains, ids in expected:
        row = page.find_element(
            By.CSS_SELECTOR, f'#groups-body tr[data-index="{index}"][data-year="{year}"][data-group="{group}"]')
        assert label_en in row.text and GRADE_WORDS[grade] in row.text and all(domain in row.text for domain in domains)
        row.find_element(By.TAG_NAME, "button").click()
        assert panel_grades(page) == {"group": grade}
        quotes = page.find_elements(By.CSS_SELECTOR, "#source-panel blockquote")
        assert len(quotes) == len(ids) and all(quote.text.strip() for quote in quotes)
    page.find_element(By.ID, "source-close").click()
    # a membership only weak sources state is not shown
    (weak_unit, weak_group), = marts(built_project, """select unit_key, group_code from marts.fct_group_memberships
        where unit_level = 'province' and not is_settled order by all limit 1""")
    choose(page, "province-choice", weak_unit)
    assert not page.find_elements(
        By.CSS_SELECTOR, f'#groups-body tr[data-group="{weak_group}"][data-unit="{weak_unit}"]')
