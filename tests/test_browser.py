"""The built HTML in a real browser: headless Debian Chromium driven by selenium + chromedriver.

No browser is downloaded: the test uses /usr/bin/chromium and /usr/bin/chromedriver
(`.ci/run` installs them). It is skipped, with the reason shown, only when they are
missing on a developer's machine; under CI it fails instead.
"""

from __future__ import annotations

import os
import shutil

import pytest

from .conftest import ROOT

REPORTS = ROOT / "reports"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def driver():
    if not (CHROMIUM and CHROMEDRIVER):
        if os.environ.get("CI"):
            pytest.fail("CI must have Debian's chromium and chromium-driver (see .ci/run)")
        pytest.skip("needs Debian's chromium and chromium-driver: apt-get install chromium chromium-driver")
    os.environ.setdefault("SE_OFFLINE", "true")  # never let selenium fetch a browser or driver
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1280,1600"):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    drv = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    yield drv
    drv.quit()


def _severe(driver):
    return [e for e in driver.get_log("browser") if e.get("level") == "SEVERE"]


def test_diff_report_filters_anchors_and_screenshot(driver, tmp_path):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    page = REPORTS / "diff" / "us-28-point--e3-counterproposal.html"
    driver.get(page.as_uri())
    assert _severe(driver) == []
    assert driver.find_element(By.ID, "filters").is_displayed()  # JS revealed the controls
    sections = driver.find_elements(By.CSS_SELECTOR, "section.category")
    assert len(sections) > 5 and all(s.is_displayed() for s in sections)

    Select(driver.find_element(By.ID, "filter-category")).select_by_value("armed-forces")
    visible = [s.get_attribute("data-category") for s in sections if s.is_displayed()]
    assert visible == ["armed-forces"]
    pairs = [p for p in driver.find_elements(By.CSS_SELECTOR, "article.pair") if p.is_displayed()]
    assert pairs and all("armed-forces" in p.get_attribute("data-categories").split() for p in pairs)

    # Status filter: untick "modified" and no modified pair stays visible.
    driver.find_element(By.CSS_SELECTOR, "input[name=status][value=modified]").click()
    assert not any(p.is_displayed() and p.get_attribute("data-status") == "modified"
                   for p in driver.find_elements(By.CSS_SELECTOR, "article.pair"))

    # An anchor to a clause resolves, even to one the filter had hidden.
    driver.get(page.as_uri() + "#us-28-point-14")
    target = driver.find_element(By.ID, "us-28-point-14")
    assert target.is_displayed()
    assert driver.execute_script("return document.getElementById('e3-counterproposal-6') !== null")

    shot = tmp_path / "diff.png"
    driver.save_screenshot(str(shot))
    assert shot.stat().st_size > 10_000
    assert _severe(driver) == []


def test_japanese_report_loads(driver, tmp_path):
    from selenium.webdriver.common.by import By

    driver.get((REPORTS / "ja" / "diff" / "us-28-point--e3-counterproposal.html").as_uri())
    assert _severe(driver) == []
    assert driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == "ja"
    assert "80万人" in driver.find_element(By.ID, "e3-counterproposal-6").text
    driver.save_screenshot(str(tmp_path / "ja.png"))


def test_matrix_and_index_load_without_errors(driver):
    for page in (REPORTS / "index.html", REPORTS / "matrix.html", REPORTS / "history" / "armed-forces.html"):
        driver.get(page.as_uri())
        assert _severe(driver) == [], page.name
