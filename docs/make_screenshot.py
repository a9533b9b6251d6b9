"""Regenerate docs/report-screenshot.png from the built report (needs Debian chromium + chromedriver).

    python docs/make_screenshot.py
"""

from pathlib import Path

from selenium import webdriver
from selenium.webdriver.chrome.service import Service

ROOT = Path(__file__).resolve().parent.parent
options = webdriver.ChromeOptions()
options.binary_location = "/usr/bin/chromium"
for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--hide-scrollbars", "--window-size=1200,1300"):
    options.add_argument(arg)
driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
try:
    driver.get((ROOT / "reports" / "diff" / "us-28-point--e3-counterproposal.html").as_uri())
    driver.execute_script("document.getElementById('filters').scrollIntoView()")
    driver.save_screenshot(str(ROOT / "docs" / "report-screenshot.png"))
finally:
    driver.quit()
