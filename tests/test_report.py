"""The report page in a real headless Chromium (Debian's, through chromedriver), opened from file:// offline."""

from __future__ import annotations

import io
import json
from pathlib import Path

import duckdb
import pytest
from PIL import Image
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

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


@pytest.fixture(scope="module")
def page(built_project: Path, browser):
    browser.get((built_project / "warehouse/report/index.html").as_uri())
    WebDriverWait(browser, 30).until(lambda driver: driver.execute_script(
        "return document.readyState === 'complete' && document.querySelectorAll('#map-svg path').length > 0"))
    return browser


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
