"""``--format html`` in a real headless Chromium: it renders without console errors or
network requests, highlights sit on the findings' words, the filters hide and show
rows, and markup in a linted page stays text."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result

from cliniclint.findings import FileResult, Finding, Severity
from cliniclint.report.base import Report
from cliniclint.report.html import render_html
from support import ROOT

# Slow: drives a headless browser (the fast set is `pytest -m "not slow"`).
pytestmark = pytest.mark.slow

CLI = Callable[..., Result]
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
SCREENSHOT = ROOT / "docs" / "html-report.png"

if CHROMIUM is None and os.environ.get("CI") != "true":
    pytest.skip(
        "chromium is not installed (apt-get install chromium); CI installs it",
        allow_module_level=True,
    )

PAGE_MD = """\
# Knee clinic

Our stem cell therapy cures arthritis and is 100% safe. Book a consultation today!

Stem cells may treat knee pain. <script>window.pwned = 1</script>

<img src="x" onerror="window.pwned = 2"> Results are guaranteed.
"""

PAGE_HTML = """\
<html><body><h1>IV drips</h1>
<p>Our exosome infusion reverses aging &amp; heals joints.</p>
<p>&lt;script&gt;window.pwned = 3&lt;/script&gt; A miracle cure for fatigue.</p>
</body></html>
"""


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    assert CHROMIUM is not None, "CI must install chromium (see .ci/run)"
    with sync_playwright() as p:
        launched = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        try:
            yield launched
        finally:
            launched.close()


def write_site(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    site.mkdir()
    (site / "knee.md").write_text(PAGE_MD, encoding="utf-8")
    (site / "drips.html").write_text(PAGE_HTML, encoding="utf-8")
    return site


class Opened:
    """A report open in a browser tab, with what the tab saw."""

    def __init__(self, browser: Any, path: Path):
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.page = browser.new_page(viewport={"width": 1400, "height": 1000})
        self.page.on(
            "console",
            lambda m: self.errors.append(m.text) if m.type == "error" else None,
        )
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        url = path.as_uri()
        self.page.on(
            "request",
            lambda r: self.requests.append(r.url) if r.url != url else None,
        )
        self.page.goto(url)

    def visible_rows(self) -> list[str]:
        ids: list[str] = self.page.eval_on_selector_all(
            "li.finding", "rows => rows.filter(r => !r.hidden).map(r => r.id)"
        )
        return ids


def report_for(
    cli: CLI, tmp_path: Path, mp: pytest.MonkeyPatch
) -> tuple[Path, list[Any]]:
    """The report on the two pages, and the JSON findings in the same order."""
    write_site(tmp_path)
    mp.chdir(tmp_path)  # the report names the pages `site/...`
    site = "site"
    args = ("lint", "--isolated", "--fail-on", "never")
    html = cli(*args, "--format", "html", site)
    assert html.exit_code == 0, html.stderr
    out = tmp_path / "report.html"
    out.write_text(html.stdout, encoding="utf-8")
    findings = json.loads(cli(*args, "--format", "json", site).stdout)["findings"]
    return out, findings


def test_report_renders_and_highlights_the_findings_words(
    cli: CLI, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, browser: Any
) -> None:
    out, findings = report_for(cli, tmp_path, monkeypatch)
    tab = Opened(browser, out)
    assert tab.errors == []
    assert tab.requests == []
    rows = tab.visible_rows()
    assert rows == [f"f{i + 1}" for i in range(len(findings))]
    for i, finding in enumerate(findings):
        fid = f"f{i + 1}"
        row = tab.page.locator(f"#{fid}")
        assert finding["message"].split("\n")[0].strip() in row.inner_text()
        assert row.get_attribute("data-severity") == finding["severity"]
        if finding["span"] is None:
            # Page-level findings come first in their page's section.
            assert tab.page.locator(f"ul.page-findings > #{fid}").count() == 1
            continue
        marked = tab.page.eval_on_selector_all(
            "mark[data-findings]",
            "(marks, id) => marks.filter(m => m.dataset.findings.split(' ')"
            ".includes(id)).map(m => m.textContent).join('')",
            fid,
        )
        assert marked == finding["match"], fid
    # The severity colour of a mark is its worst finding's.
    cures = tab.page.locator("mark", has_text="cures").first
    assert cures.get_attribute("class") == "error"
    title = "FTC Health Products Compliance Guidance"
    assert tab.page.locator("li.finding .refs a", has_text=title).count() > 0
    if os.environ.get("CLINICLINT_UPDATE_GOLDEN") == "1":
        # The README's picture: the Markdown page's text and first findings.
        section = tab.page.locator("section.page", has_text="site/knee.md")
        box = section.locator(".columns").bounding_box()
        assert box is not None
        clip = {"x": 0, "y": box["y"] - 12, "width": 1400, "height": 760}
        tab.page.screenshot(path=str(SCREENSHOT), clip=clip, full_page=True)


def test_filters_hide_and_show_rows(
    cli: CLI, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, browser: Any
) -> None:
    out, findings = report_for(cli, tmp_path, monkeypatch)
    tab = Opened(browser, out)
    every = [f"f{i + 1}" for i in range(len(findings))]
    errors = [f"f{i + 1}" for i, f in enumerate(findings) if f["severity"] == "error"]
    assert 0 < len(errors) < len(every)
    tab.page.uncheck("#filters input[name=severity][value=error]")
    assert tab.visible_rows() == [i for i in every if i not in errors]
    hidden_marks = tab.page.eval_on_selector_all(
        "mark.off", "marks => marks.map(m => m.dataset.findings)"
    )
    assert hidden_marks
    assert all(set(m.split()) <= set(errors) for m in hidden_marks)
    tab.page.check("#filters input[name=severity][value=error]")
    assert tab.visible_rows() == every
    assert tab.page.locator("mark.off").count() == 0
    cures = [
        f"f{i + 1}" for i, f in enumerate(findings) if f["category"] == "cure-claim"
    ]
    assert cures
    tab.page.uncheck("#filters input[name=category][value=cure-claim]")
    assert tab.visible_rows() == [i for i in every if i not in cures]
    assert tab.errors == []


def test_markup_in_a_page_stays_text_and_runs_nothing(
    cli: CLI, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, browser: Any
) -> None:
    out, _ = report_for(cli, tmp_path, monkeypatch)
    tab = Opened(browser, out)
    assert tab.page.evaluate("typeof window.pwned") == "undefined"
    texts = tab.page.eval_on_selector_all(
        "pre.text", "pres => pres.map(p => p.textContent)"
    )
    assert any("<script>window.pwned = 1</script>" in t for t in texts)
    assert any('<img src="x" onerror="window.pwned = 2">' in t for t in texts)
    # One script in the report: its own.
    assert tab.page.locator("script").count() == 1
    assert tab.page.locator("img").count() == 0
    assert tab.errors == []


def test_related_findings_and_unsafe_urls(tmp_path: Path, browser: Any) -> None:
    from cliniclint.findings import Position, Reference, Related

    page = tmp_path / "p.txt"
    page.write_text("It cures <b>all</b>.\n", encoding="utf-8")
    finding = Finding(
        path=str(page), rule_id="cure-claim", category="cure-claim",
        severity=Severity.ERROR, message="“cures” promises a cure.", pack_id="p",
        pack_version="1", start=Position(1, 4), end=Position(1, 9), offset=3,
        end_offset=8, match="cures",
        references=(Reference("<i>Bad</i>", "javascript:alert(1)"),),
        related=(
            Related("disease-claim", "disease-claim", Severity.WARNING, "x<y"),
        ),
        note="raised: <b>selling</b>",
    )  # fmt: skip
    doc = render_html(Report([FileResult(str(page), [finding])]))
    out = tmp_path / "r.html"
    out.write_text(doc, encoding="utf-8")
    tab = Opened(browser, out)
    assert tab.page.locator("#f1 .also").inner_text() == "Also: [disease-claim] x<y"
    assert tab.page.locator("#f1 .moved").inner_text() == (
        "Severity: raised: <b>selling</b>"
    )
    assert tab.page.locator("#f1 .refs a").count() == 0  # not a link
    assert "<i>Bad</i>" in tab.page.locator("#f1 .refs").inner_text()
    assert tab.page.locator("pre.text mark").inner_text() == "cures"
    assert tab.errors == []
