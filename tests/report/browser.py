"""Open a page in headless Chromium (the Debian packages `chromium` and `chromium-driver`)
through Selenium, without fetching any driver from the network."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

BROWSERS = ("chromium", "chromium-browser", "google-chrome")


def browser_paths() -> tuple[str, str] | None:
    """Return the paths of an installed Chromium and its driver, or None."""
    browser = next((p for p in map(shutil.which, BROWSERS) if p), None)
    driver = shutil.which("chromedriver")
    return (browser, driver) if browser and driver else None


def open_page(page: Path, width: int = 1400, height: int = 1000) -> Any:
    """Return a headless Chromium driver showing a local HTML file, its console logged."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    paths = browser_paths()
    assert paths is not None, "no Chromium installed"
    options = webdriver.ChromeOptions()
    options.binary_location = paths[0]
    # CI runs as root in a container: Chromium's sandbox needs namespaces it may not have
    for argument in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        f"--window-size={width},{height}",
    ):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(paths[1]), options=options)
    driver.get(Path(page).resolve().as_uri())
    return driver


def screenshot(page: Path, png: Path, width: int = 1400, height: int | None = None) -> None:
    """Write a PNG of a page, as tall as the page (or `height` pixels)."""
    driver = open_page(page, width)
    try:
        tall = driver.execute_script("return document.documentElement.scrollHeight")
        driver.set_window_size(width, height or tall)
        driver.save_screenshot(str(png))
    finally:
        driver.quit()
