"""End to end: `streamlit run app.py` driven by a real headless Chromium.

Skipped when Chromium is missing, unless NORMVIZ_REQUIRE_BROWSER=1 (CI), which fails instead.
NORMVIZ_CHROMIUM names another Chromium binary than /usr/bin/chromium.
Screenshots of every page go to artifacts/screenshots/.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import pytest

from devtools.server import CHROMIUM_ARGS, IDLE, streamlit_url
from ui.pages import PAGES as APP_PAGES

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]
SCREENSHOTS = ROOT / "artifacts" / "screenshots"


def find_chromium() -> str | None:
    """Debian's Chromium (or NORMVIZ_CHROMIUM), else `chromium` on PATH."""
    path = os.environ.get("NORMVIZ_CHROMIUM", "/usr/bin/chromium")
    return path if Path(path).is_file() else shutil.which("chromium")


CHROMIUM = find_chromium()
REQUIRED = os.environ.get("NORMVIZ_REQUIRE_BROWSER") == "1"


def _missing(reason: str) -> None:
    """Skip the module, or fail it when the browser is required (CI)."""
    if REQUIRED:
        pytest.fail(f"NORMVIZ_REQUIRE_BROWSER=1 but {reason}", pytrace=False)
    pytest.skip(reason, allow_module_level=True)


if CHROMIUM is None:
    _missing("Chromium is not installed (/usr/bin/chromium or `chromium` on PATH)")
try:
    from playwright.sync_api import Page, expect, sync_playwright
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
except ImportError:  # pragma: no cover - depends on the machine
    _missing("the playwright Python package is not installed")

EXCEPTION = "[data-testid='stException']"
CHART = ".js-plotly-plot, [data-testid='stPlotlyChart']"
NAV_LINK = "[data-testid='stSidebar'] [data-testid='stPageLink-NavLink']"  # ui/pages.py
TIMEOUT_MS = 30_000
PAGES = {  # URL path → title, for the pages this file checks in detail
    "": "normviz: normalization layers, one number at a time",
    "Reduction_axes": "Reduction axes",
    "Step_by_step": "Step by step",
    "Sigmoid_saturation": "Sigmoid saturation",
}


# ---------------------------------------------------------------------------------------
# Server and browser


def streamlit_server() -> contextlib.AbstractContextManager[str]:
    """`streamlit run app.py` on a free port (devtools/server.py); yields its base URL."""
    return streamlit_url(timeout=60.0)


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    with streamlit_server() as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser) -> Iterator[Page]:
    """A fresh browser context, hence a fresh Streamlit session."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    yield page
    context.close()


# ---------------------------------------------------------------------------------------
# Helpers


def wait_idle(page: Page) -> None:
    """Wait until the script has finished its run."""
    page.wait_for_selector(IDLE, timeout=TIMEOUT_MS)


def open_page(page: Page, url: str, path: str = "", query: str = "") -> None:
    """Load a page and wait until its script ran and its title is drawn."""
    page.goto(f"{url}/{path}" + (f"?{query}" if query else ""))
    wait_idle(page)
    expect(page.locator("h1").first).to_have_text(PAGES[path])
    page.wait_for_selector(".st-key-_w_method [data-testid='stRadioOption']")


def assert_no_exception(page: Page) -> None:
    errors = page.locator(EXCEPTION)
    assert errors.count() == 0, errors.all_inner_texts()


def main_text(page: Page) -> str:
    return page.locator("[data-testid='stMain']").inner_text()


def wait_for_url(page: Page, fragment: str) -> None:
    """Wait until the app wrote `fragment` into the address bar, then for the run's end."""
    page.wait_for_url(lambda u: fragment in u, timeout=TIMEOUT_MS)
    wait_idle(page)


def open_part(page: Page, key: str) -> None:
    """Open the page's part `key` (ui.parts) by clicking its header, as a person would, and
    wait for its contents (the part's rerun)."""
    page.locator(f".st-key-part_{key} button, .st-key-detail_{key} button").first.click()
    expect(page.locator(f".st-key-partbody_{key} > *").first).to_be_attached(timeout=TIMEOUT_MS)
    wait_idle(page)


def open_parts(page: Page) -> int:
    """Open every closed part of the page (ui.parts); how many were opened."""
    headers = page.locator("[class*='st-key-part_'], [class*='st-key-detail_']")
    keys = [
        c.split("_", 1)[1]  # st-key-part_<key> -> <key>
        for classes in headers.evaluate_all("es => es.map(e => e.className)")
        for c in classes.split()
        if c.startswith(("st-key-part_", "st-key-detail_"))
    ]
    closed = [key for key in keys if page.locator(f".st-key-partbody_{key}").count() == 0]
    for key in closed:
        open_part(page, key)
    return len(closed)


def choose_method(page: Page, label: str) -> None:
    options = page.locator(".st-key-_w_method [data-testid='stRadioOption']")
    options.filter(has_text=re.compile(f"^{re.escape(label)}$")).click()  # LN, not token LN


def nudge_slider(page: Page, field: str, key: str = "ArrowRight") -> None:
    """Move a sidebar slider one step with the keyboard on its thumb."""
    thumb = page.locator(f".st-key-_w_{field} input[type='range']")
    thumb.focus()
    page.keyboard.press(key)


def nav_labels(page: Page) -> list[str]:
    """The links' labels (the text after the Material icon's name)."""
    return [t.strip().splitlines()[-1] for t in page.locator(NAV_LINK).all_inner_texts()]


def assert_nav_labels(page: Page) -> None:
    """The sidebar's own navigation: Home, then every page by its name, never a file name."""
    pages = 1 + len(APP_PAGES)  # Home and every page of ui.pages
    expect(page.locator(NAV_LINK)).to_have_count(pages)
    labels = nav_labels(page)
    assert labels[:4] == ["Home", "Reduction axes", "Step by step", "Sigmoid saturation"], labels
    assert len(labels) == pages, labels
    assert not [t for t in labels if re.search(r"\.py|_|^\d|^app$", t)], labels


def slider_value(page: Page, field: str) -> str:
    return page.locator(f".st-key-_w_{field} input[type='range']").input_value()


def checked_method(page: Page) -> str:
    options = page.locator(".st-key-_w_method [data-testid='stRadioOption']")
    return options.filter(has=page.locator("input:checked")).inner_text().strip()


def screenshot(page: Page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def page_path_of(label: str) -> str:
    """The URL path of the page whose English navigation label is `label` ("Transformers" →
    "Transformer_norms"): Streamlit names it after the file, without its number."""
    from normviz.i18n import t

    for name, _ in APP_PAGES:
        if t(f"nav.{name}", "en") == label:
            return name.split("_", 1)[1]
    raise AssertionError(f"no page is called {label!r}")


def visit_by_navigation(page: Page, label: str) -> None:
    """Follow a sidebar navigation link (no page reload) and wait for the page's run."""
    page.locator(NAV_LINK).filter(has_text=label).first.click()
    page.wait_for_url(lambda u: "/" + page_path_of(label) in u)
    wait_idle(page)
    expect(page.locator("h1").first).to_have_text(re.compile(r"\S"))
    wait_idle(page)


def wait_formulas(page: Page) -> None:
    """KaTeX typesets after the markdown is drawn: wait for its first output."""
    page.wait_for_selector(".katex, .katex-error")


# ---------------------------------------------------------------------------------------
# Tests


def test_every_page_renders(page, server):
    open_page(page, server)
    assert_nav_labels(page)
    assert page.locator("[data-testid='stMetricValue']").first.inner_text() == "2×2×2×2"
    assert_no_exception(page)
    screenshot(page, "home")
    for label in nav_labels(page)[1:]:  # every page, including those other tests own
        visit_by_navigation(page, label)
        assert_no_exception(page)
        open_parts(page)  # every part drawn, so none hides an exception
        if label.replace(" ", "_") in PAGES:
            expect(page.locator("h1").first).to_have_text(label)
            page.wait_for_selector(".js-plotly-plot")
            assert page.locator(CHART).count() > 0
            if label == "Step by step":
                wait_formulas(page)
            assert page.locator(".katex-error").count() == 0, label
        page.wait_for_timeout(300)  # late widgets settle before the picture
        screenshot(page, label.lower().replace(" ", "_"))


def test_step_page_reacts_to_method_and_slider(page, server):
    open_page(page, server, "Step_by_step")
    main = page.locator("[data-testid='stMain']")
    for number in ("4.5000", "5.2500", "0.0550"):  # the formulas are typeset after the run
        expect(main).to_contain_text(number)
    choose_method(page, "LN")
    wait_for_url(page, "method=layer")
    assert_no_exception(page)
    assert checked_method(page) == "LN"
    expect(main).to_contain_text("LayerNorm")
    expect(main).to_contain_text("1.0396")
    page.locator(".st-key-_w_builder summary").click()  # the shape folds away under a preset
    wait_idle(page)
    nudge_slider(page, "n")
    wait_for_url(page, "n=3")
    assert_no_exception(page)
    assert slider_value(page, "n") == "3"
    assert "the tensor has 3 such groups" in main_text(page)  # LN: one (μ, σ²) per sample
    assert page.locator(CHART).count() > 0


def test_cube_click_groupnorm_and_page_switch(page, server):
    open_page(page, server, "Reduction_axes")
    page.wait_for_selector(".st-key-cube .js-plotly-plot")
    # the front face's click targets, channel-major: index 4 is channel 1, position 0
    page.locator(".st-key-cube .scatterlayer .trace path.point").nth(4).click(force=True)
    wait_for_url(page, "at=0%2C1%2C0%2C0")
    assert_no_exception(page)
    assert "x[0, 1, 0, 0]" in page.locator("[data-testid='stSidebar']").inner_text()
    choose_method(page, "GN")
    wait_for_url(page, "method=group")
    page.wait_for_selector(".st-key-_w_groups")
    assert "GN: averages over C/G" in main_text(page)
    assert_no_exception(page)
    visit_by_navigation(page, "Sigmoid saturation")
    assert "method=group" in page.url and "at=0%2C1%2C0%2C0" in page.url
    assert checked_method(page) == "GN"
    open_part(page, "p3_resat")  # the share at the sidebar's γ, β
    page.wait_for_selector("[data-testid='stMetricValue']")
    values = page.locator("[data-testid='stMetricValue']")
    labels = page.locator("[data-testid='stMetricLabel']")
    before, before_labels = values.all_inner_texts(), labels.all_inner_texts()
    nudge_slider(page, "gamma", "PageUp")
    wait_for_url(page, "gamma=")
    assert_no_exception(page)
    after, after_labels = values.all_inner_texts(), labels.all_inner_texts()
    # x and the standardized x̂ stay; the share at the sidebar's γ, β follows the new γ
    assert after[:4] == before[:4], (before, after)
    assert after_labels[4] != before_labels[4], (before_labels, after_labels)


@pytest.fixture
def fresh_server() -> Iterator[str]:
    """A server nobody has visited yet: the test's first request is its first visit."""
    with streamlit_server() as url:
        yield url


def test_deep_link_on_a_fresh_server(page, fresh_server):
    open_page(page, fresh_server, "Step_by_step", "method=LN&at=0,0,0,1")
    wait_formulas(page)
    assert_no_exception(page)
    assert checked_method(page) == "LN"
    text = main_text(page)
    assert "LayerNorm" in text and "x[0, 0, 0, 1]" in text and "2.1598" in text
    assert "method=layer" in page.url and "at=0%2C0%2C0%2C1" in page.url
    assert_nav_labels(page)  # the deep link did not break the navigation
    page.wait_for_selector(".js-plotly-plot")
    screenshot(page, "deep_link_step_by_step")


def test_bad_deep_link_warns(page, server):
    open_page(page, server, "Reduction_axes", "n=abc&method=XX&G=7")
    warning = page.locator("[data-testid='stAlertContentWarning']")
    expect(warning.first).to_be_visible()
    assert "n='abc'" in warning.first.inner_text()
    assert_no_exception(page)
    assert checked_method(page) == "BN"
    assert "n=abc" not in page.url


def test_home_formula_renders(page, server):
    open_page(page, server)
    wait_formulas(page)
    errors = page.locator(".katex-error")
    assert errors.count() == 0, errors.all_inner_texts()


# ---------------------------------------------------------------------------------------
# Language, presenter mode, steps


def test_chinese_link_switch_and_navigation(page, server):
    from normviz.i18n import t
    from ui.pages import HOME
    from ui.pages import PAGES as PAGE_FILES

    page.goto(f"{server}/?lang=zh")
    wait_idle(page)
    expect(page.locator("h1").first).to_have_text(t("home.title", "zh"))
    expected = [t(f"nav.{name}", "zh") for name, _ in (HOME, *PAGE_FILES)]
    expect(page.locator(NAV_LINK)).to_have_count(len(expected))  # the sidebar may draw later
    assert nav_labels(page) == expected
    assert_no_exception(page)
    screenshot(page, "zh_home")
    # a page reached through the navigation keeps the language in its link
    visit_by_navigation_label(page, t("nav.2_Step_by_step", "zh"), "Step_by_step")
    assert "lang=zh" in page.url
    assert_no_exception(page)
    page.wait_for_selector(".js-plotly-plot")
    screenshot(page, "zh_step_by_step")
    # and the sidebar switches back to English
    page.locator(".st-key-_w_lang").get_by_role("combobox").click()
    page.get_by_role("option", name="English").click()
    page.wait_for_url(lambda u: "lang=" not in u, timeout=TIMEOUT_MS)
    wait_idle(page)
    expect(page.locator("h1").first).to_have_text("Step by step")
    assert nav_labels(page)[0] == "Home"


def visit_by_navigation_label(page: Page, label: str, path: str) -> None:
    page.locator(NAV_LINK).filter(has_text=label).first.click()
    page.wait_for_url(lambda u: f"/{path}" in u)
    wait_idle(page)


def test_presenter_mode_and_steps(page, server):
    from normviz.i18n import steps, t

    normal = page.context.new_page()
    normal.goto(server)
    wait_idle(normal)
    normal_size = normal.evaluate("getComputedStyle(document.documentElement).fontSize")
    normal.close()

    page.goto(f"{server}/?present=1&stepwise=1")
    wait_idle(page)
    larger = 1.3 * float(normal_size.rstrip("px"))
    page.wait_for_function(  # the presenter style arrives with the run's elements
        f"parseFloat(getComputedStyle(document.documentElement).fontSize) >= {larger}"
    )
    intro = steps("home.intro")
    main = page.locator("[data-testid='stMain']")
    expect(main).to_contain_text(intro[0][:30])
    assert intro[1][:30] not in main.inner_text()
    expect(main).to_contain_text(t("steps.where", shown=1, total=len(intro)))
    page.get_by_role("button", name=t("steps.next")).click()
    wait_idle(page)
    expect(main).to_contain_text(intro[1][:30])
    expect(main).to_contain_text(t("steps.where", shown=2, total=len(intro)))
    assert "present=1" in page.url and "stepwise=1" in page.url
    assert_no_exception(page)
    screenshot(page, "presenter_home")


# ---------------------------------------------------------------------------------------
# Your own tensor


def test_upload_a_tensor_and_refuse_a_pickle(page, server, tmp_path):
    import numpy as np

    from normviz.i18n import t

    good = tmp_path / "acts.npy"
    x = np.arange(3 * 4 * 5, dtype=np.float32).reshape(3, 4, 5)  # N×C×L: shown as N×C×1×L
    np.save(good, x)
    pickled = tmp_path / "objects.npy"
    np.save(pickled, np.array([{"a": 1}, None], dtype=object), allow_pickle=True)

    open_page(page, server)
    page.get_by_text(t("upload.panel.title")).click()
    chooser = page.locator(".st-key-_w_upload_file input[type='file']")
    chooser.set_input_files(str(pickled))
    wait_idle(page)
    sidebar = page.locator("[data-testid='stSidebar']")
    expect(sidebar.locator("[data-testid='stAlertContentError']")).to_contain_text("pickle")
    assert page.locator("[data-testid='stMetricValue']").first.inner_text() == "2×2×2×2"

    chooser.set_input_files(str(good))
    page.wait_for_url(lambda u: "src=" in u, timeout=TIMEOUT_MS)
    wait_idle(page)
    expect(page.locator("[data-testid='stMetricValue']").first).to_have_text("3×4×1×5")
    mean = page.locator("[data-testid='stMetricValue']").nth(2).inner_text()
    assert float(mean) == pytest.approx(float(x.mean()), rel=1e-3)
    assert_no_exception(page)
    # the link opens the same upload in another session of this server
    other = page.context.browser.new_context().new_page()
    other.goto(page.url)
    wait_idle(other)
    expect(other.locator("[data-testid='stMetricValue']").first).to_have_text("3×4×1×5")
    other.context.close()
    screenshot(page, "upload")


# ---------------------------------------------------------------------------------------
# Offline: a classroom without internet


def page_paths() -> list[str]:
    """The home page and every page's URL path: its file name without the number prefix."""
    from ui.pages import PAGES as PAGE_FILES

    return ["", *(name.split("_", 1)[1] for name, _ in PAGE_FILES)]


def foreign(url: str, own: str) -> bool:
    """A request that leaves the app's own server (data: and blob: URLs stay in the page)."""
    parts = urllib.parse.urlsplit(url)
    return parts.scheme not in ("data", "blob") and parts.netloc != own


def test_no_request_leaves_the_app_server(page, server):
    """Every page in both languages loads only from the app's own server: no font host,
    no favicon service, no analytics. Lists every outside request with the page that made it."""
    own = urllib.parse.urlsplit(server).netloc
    opened = [""]
    requests: list[tuple[str, str]] = []  # (the page open, the request's URL)
    page.on("request", lambda request: requests.append((opened[0], request.url)))
    for query in ("", "?lang=zh"):
        for path in page_paths():
            opened[0] = f"/{path}{query}"
            page.goto(server + opened[0])
            wait_idle(page)
            expect(page.locator("h1").first).to_have_text(re.compile(r"\S"))
            wait_idle(page)
            with contextlib.suppress(PlaywrightTimeout):  # late fetches (icons) have started
                page.wait_for_load_state("networkidle", timeout=5_000)
            assert_no_exception(page)
    assert len({p for p, _ in requests}) == 2 * len(page_paths())  # every page was watched
    outside = sorted(
        {(urllib.parse.urlsplit(u).netloc, u, p) for p, u in requests if foreign(u, own)}
    )
    if outside:
        pytest.fail(
            "requests to other origins than the app's own:\n"
            + "\n".join(f"{origin}: {url} (on {p})" for origin, url, p in outside),
            pytrace=False,
        )
