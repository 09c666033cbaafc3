"""The dashboard in a real browser: `negsim dashboard` serves it on a free local port, Debian's
headless Chromium (driven by Selenium through chromium-driver) steps a negotiation, changes the
design, compares designs and predicts a vote, and every number read off the page is checked
against the command line's for the same seed. Screenshots go to results/dashboard/ for a
person to look at."""

import json
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from sim.estimation.predict import expected_tally, vote_table
from sim.experiments.levers import apply_lever
from sim.experiments.runner import trace_run
from sim.inputs.scenario_file import load_scenario

from .conftest import ROOT, SCENARIOS

CHROMIUM, DRIVER = Path("/usr/bin/chromium"), Path("/usr/bin/chromedriver")
SCENARIO = "russia-iis-convention"  # four sessions, objectors in each, not adopted in run 0
SHOTS = ROOT / "results" / "dashboard"
WAIT = 30  # seconds for the page to show what a click asks for
BROWSER_ARGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--window-size=1400,1900",
)

pytest.importorskip("solara", reason="the dashboard needs Solara: pip install -e '.[test]'")
webdriver = pytest.importorskip("selenium.webdriver", reason="needs selenium (.[test])")
if not (CHROMIUM.exists() and DRIVER.exists()):
    pytest.skip(
        "no browser: apt-get install chromium chromium-driver (.ci/run installs them)",
        allow_module_level=True,
    )

from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402


@pytest.fixture(scope="module")
def results(tmp_path_factory):
    return tmp_path_factory.mktemp("dashboard-results")


@pytest.fixture(scope="module")
def url(results):
    """`negsim dashboard SCENARIO` running; its address as printed."""
    command = [sys.executable, "-m", "sim.cli", "--scenarios", str(SCENARIOS), "dashboard"]
    server = subprocess.Popen(
        [*command, SCENARIO, "--results", str(results)],
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    try:
        deadline = time.monotonic() + 120
        address = None
        while address is None and time.monotonic() < deadline:
            line = server.stdout.readline()
            if not line and server.poll() is not None:
                pytest.fail(f"negsim dashboard stopped (exit code {server.returncode})")
            found = re.search(r"negsim dashboard: (http://127\.0\.0\.1:\d+/)", line)
            address = found.group(1) if found else None
        assert address, "negsim dashboard printed no address"
        yield address
    finally:
        server.send_signal(2)  # Ctrl-C: the command stops its server and exits
        try:
            server.wait(20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        server.stdout.close()


@pytest.fixture(scope="module")
def browser():
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for arg in BROWSER_ARGS:
        options.add_argument(arg)
    driver = webdriver.Chrome(service=Service(str(DRIVER)), options=options)
    yield driver
    driver.quit()


def page_text(driver) -> str:
    return driver.find_element(By.TAG_NAME, "body").text


def wait_for(driver, pattern: str) -> re.Match:
    """Wait until the page's text matches `pattern`; return the match."""
    found = []

    def matches(d):
        found[:] = [re.search(pattern, page_text(d))]
        return found[0] is not None

    try:
        WebDriverWait(driver, WAIT, poll_frequency=0.2).until(
            matches, f"no '{pattern}' on the page"
        )
    except Exception:
        shot(driver, "failure")  # what the page showed instead
        raise
    return found[0]


def click_button(driver, label: str) -> None:
    driver.find_element(By.XPATH, f"//button[.//span[normalize-space()='{label}']]").click()


def click_tab(driver, label: str) -> None:
    driver.find_element(
        By.XPATH, f"//div[contains(@class,'v-tab')][normalize-space()='{label}']"
    ).click()


def pick(driver, label: str, *options: str) -> None:
    """Choose `options` in the (Vuetify) select labelled `label`, then close its menu."""
    field = f"//div[contains(@class,'v-select')][.//label[normalize-space()='{label}']]"
    driver.find_element(By.XPATH, field + "//div[@role='button']").click()
    for option in options:
        item = (
            "//div[contains(@class,'menuable__content__active')]"
            f"//div[contains(@class,'v-list-item__title')][normalize-space()='{option}']"
        )
        WebDriverWait(driver, WAIT).until(lambda d, item=item: d.find_elements(By.XPATH, item))
        driver.find_element(By.XPATH, item).click()
    if len(options) > 1:  # a multiple choice stays open: click beside it
        driver.find_element(By.XPATH, "//div[contains(@class,'v-toolbar__title')]").click()
        WebDriverWait(driver, WAIT).until(
            lambda d: not d.find_elements(By.CSS_SELECTOR, ".menuable__content__active")
        )


def type_into(driver, label: str, text: str) -> None:
    field = f"//div[contains(@class,'v-text-field')][.//label[normalize-space()='{label}']]//input"
    box = driver.find_element(By.XPATH, field)
    box.click()
    box.send_keys(Keys.CONTROL, "a")
    for key in text:  # one by one, as a person types: each goes to the server and back
        box.send_keys(key)
        time.sleep(0.3)
    box.send_keys(Keys.ENTER)


def shot(driver, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    driver.save_screenshot(str(SHOTS / f"{name}.png"))


def objectors_in(table, session: int) -> list[str]:
    rows = table[(table["session"] == session) & (table["stance"] == "object")]
    return sorted(rows["iso3"])


def test_dashboard_in_a_browser_shows_the_numbers_of_the_command_line(url, browser, results):
    scenario = load_scenario(SCENARIOS / f"{SCENARIO}.toml")
    browser.get(url)
    wait_for(browser, r"Before session 1 of 4")

    # One negotiation: step twice; the objectors and texts are run 0 of seed 0, traced.
    _, sessions, delegations = trace_run(scenario, 0, 0)
    for k in (1, 2):
        click_button(browser, "Step")
        wait_for(browser, rf"Session {k} of 4")
    shown = wait_for(browser, r"Objectors \((\d+)\): ([A-Z, ]*|none)")
    expected = objectors_in(delegations, 2)
    assert int(shown.group(1)) == len(expected) == int(sessions["objectors"].iloc[1])
    assert shown.group(2).strip().split(", ") == expected
    row = wait_for(browser, r"\ninstrument ([\d.]+) ([\d.]+) ([\d.]+) ([\d.]+)")
    assert float(row.group(3)) == round(float(sessions["text_instrument"].iloc[1]), 1)
    shot(browser, "negotiation")

    # Play steps on to the end, a Step pressed while it plays included, with no error shown.
    click_button(browser, "Play")
    wait_for(browser, r"Session 3 of 4")
    click_button(browser, "Step")
    wait_for(browser, r"Negotiation over after session 4")
    play = "//button[.//span[normalize-space()='Play']]"
    WebDriverWait(browser, WAIT).until(lambda d: not d.find_element(By.XPATH, play).is_enabled())
    assert "Traceback" not in page_text(browser) and "Error" not in page_text(browser)

    # Another design: the majority rule; session 1 is the traced run under that rule.
    pick(browser, "decision rule", "majority")
    wait_for(browser, r"design: rule=majority")
    click_button(browser, "Step")
    verdict = wait_for(browser, r"Session 1 of 4: (adopted|not adopted) \(vote\)")
    _, sessions, delegations = trace_run(apply_lever(scenario, "rule", "majority"), 0, 0)
    assert (verdict.group(1) == "adopted") == bool(sessions["adopted"].iloc[0])
    shown = wait_for(browser, r"Recorded vote: yes (\d+), abstain (\d+), no (\d+)")
    votes = delegations[delegations["session"] == 1]["vote"].value_counts()
    assert [int(n) for n in shown.groups()] == [votes.get(c, 0) for c in ("yes", "abstain", "no")]
    shot(browser, "negotiation-majority")

    # Compare designs: adoption by design equals `negsim compare` on the same seed.
    click_tab(browser, "Compare designs")
    wait_for(browser, r"designs varying")
    pick(browser, "designs", "consensus", "majority")
    type_into(browser, "runs per design", "40")
    wait_for(browser, r"2 designs varying rule, 40 runs each")
    click_button(browser, "Run")
    wait_for(browser, r"80 runs written to")
    shown = {
        m.group(1): float(m.group(2))
        for m in re.finditer(r"(rule=\w+) 40 ([\d.]+) ", page_text(browser))
    }
    shot(browser, "compare")
    cli = subprocess.run(
        [sys.executable, "-m", "sim.cli", "--scenarios", str(SCENARIOS), "compare", SCENARIO,
         "--rules", "consensus,majority", "--runs", "40", "--seed", "0", "--format", "json",
         "--quiet", "--results", str(results / "cli")],
        capture_output=True, text=True, check=True, cwd=ROOT,
    )  # fmt: skip
    designs = {
        d["design"]: round(100 * d["adoption"], 1) for d in json.loads(cli.stdout)["designs"]
    }
    assert shown == designs
    assert len(list(results.glob(f"{SCENARIO}-dashboard-*/runs.parquet"))) == 1

    # Predict a vote: the expected tally of `negsim predict`.
    click_tab(browser, "Predict a vote")
    tally = expected_tally(vote_table(scenario))
    wait_for(
        browser, rf"yes {tally['yes']['expected']:.2f}, abstain {tally['abstain']['expected']:.2f}"
    )
    shot(browser, "vote")
