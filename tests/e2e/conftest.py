"""Browser tests: Playwright for Python driving Debian's Chromium (never a downloaded browser)."""

import os
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import expect

# Playwright's sync API runs an event loop in the test thread; the ORM calls made by the test itself are safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

AXE_JS = Path(__file__).parent / "vendor" / "axe.min.js"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    executable = shutil.which("chromium") or shutil.which("chromium-browser")
    if not executable:
        pytest.fail("Chromium is not installed: run scripts/test, which installs Debian's chromium package.")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def new_page(browser, live_server):
    """A page in a browser context of its own (own cookies: another person), collecting script errors."""
    context = browser.new_context(
        base_url=live_server.url, locale="nl-NL", viewport={"width": 1280, "height": 900}
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: msg.type == "error" and errors.append(msg.text))
    page.js_errors = errors
    return page


@pytest.fixture
def page(browser, live_server):
    page = new_page(browser, live_server)
    yield page
    page.context.close()


def follow(page, locator):
    """Click a link or button that loads a new page, and wait until that page has loaded: checks made right after a
    bare click may still see the old page."""
    with page.expect_navigation():
        locator.click()


# A file made on request (the programme's PDF is rendered by WeasyPrint) takes seconds, many more on a busy
# machine: longer than a page may take.
DOWNLOAD_TIMEOUT_MS = 60_000


def download(page, locator):
    """Click a link that downloads a file and return the download, waiting as long as the file may take."""
    with page.expect_download(timeout=DOWNLOAD_TIMEOUT_MS) as download_info:
        locator.click(timeout=DOWNLOAD_TIMEOUT_MS)  # the click waits for the response that brings the file
    return download_info.value


def run_worker():
    """What the worker process (`manage.py db_worker`) does in production: run the queued jobs, then stop."""
    from django.core.management import call_command

    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)


def download_made_in_background(page, locator):
    """Click "PDF downloaden" for a PDF not yet stored: the page of its background job shows the progress; the
    worker makes the PDF; the page (asking every two seconds) then offers the download."""
    follow(page, locator)
    status = page.get_by_role("status")
    expect(status).to_contain_text("De taak wacht op zijn beurt.")
    run_worker()
    button = page.get_by_test_id("job-download")
    expect(button).to_be_visible(timeout=DOWNLOAD_TIMEOUT_MS)
    return download(page, button)


def login(page, username, password):
    """Log in as a person would, entering the authenticator code when the account has one."""
    page.goto("/account/inloggen/")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(password)
    # follow(), not click() + wait_for_load_state(): the old page counts as loaded, so that wait may return
    # at once and page.url below may still be the login form's.
    follow(page, page.get_by_role("button", name="Inloggen"))
    if "/account/inloggen/code/" in page.url:
        page.get_by_label("Code uit uw authenticator-app").fill(current_code(username))
        follow(page, page.get_by_role("button", name="Inloggen"))
    elif "/account/inloggen/instellen/" in page.url:
        # A role that requires the second factor, without an app yet: set it up as a new user would.
        page.get_by_label("Code uit uw authenticator-app").fill(current_code(username))
        follow(page, page.get_by_role("button", name="Bevestigen"))
        follow(page, page.get_by_role("link", name="Ik heb de codes bewaard, doorgaan"))


def current_code(username):
    """The code the user's app shows now. A code works once: when this 30-second step was used already (tests log
    in quickly after each other), the device is told its last code is older, as if the clock had moved on."""
    from npo_planner.scholen import totp
    from npo_planner.scholen.models import TwoFactorDevice

    device = TwoFactorDevice.objects.get(user__username=username)
    step = totp.current_step()
    if device.last_used_step is not None and device.last_used_step >= step - 1:
        TwoFactorDevice.objects.filter(pk=device.pk).update(last_used_step=step - 2)
    return totp.code_at(device.secret, step)


def assert_accessible(page):
    """axe-core finds no serious or critical violation on the current page. It checks whatever page is there:
    make sure first (follow(), expect()) that it is the new page, not the one before a click."""
    page.wait_for_load_state()
    page.evaluate(AXE_JS.read_text(encoding="utf-8"))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    bad = [
        f"{v['id']} ({v['impact']}): {v['help']} – {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert not bad, "Accessibility violations:\n" + "\n".join(bad)
