#!/usr/bin/env python3
"""Screenshot a page written by kg.network.render_html, e.g. for the README.

Uses Debian's Chromium through playwright (`playwright install` cannot download a browser here),
blocks every request that is not a local file, and waits until the layout has settled.

    python scripts/screenshot.py network.html docs/network.png
    python scripts/screenshot.py network.html docs/profile.png --profile "Rapid Support Forces"
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
# Set by the page once the layout has settled (a selector: the page's CSP forbids the eval
# that wait_for_function polling needs).
STABLE = 'body[data-akg-stable="1"]'
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def screenshot(html: Path, png: Path, width: int = 1400, height: int = 900,
               timeout_s: float = 60.0, profile: str | None = None) -> Path:
    """Open `html` offline in headless Chromium, wait for `window.akgStable`, write `png`; with
    `profile`, first open the profile of the actor of that label, as a click on it does."""
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        raise SystemExit(f"{CHROMIUM} is missing: run scripts/ensure-chromium")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": width, "height": height})
            page.route("**/*", lambda route: route.continue_()
                       if route.request.url.startswith("file://") else route.abort())
            page.goto(html.resolve().as_uri())
            page.wait_for_selector(STABLE, state="attached", timeout=timeout_s * 1000)
            page.wait_for_timeout(300)  # let the final fit animation and redraw finish
            if profile:
                found = page.evaluate("""(label) => {
                    const n = akgNodes.get({filter: n => n.label === label})[0];
                    if (!n) { return false; }
                    akgNetwork.selectNodes([n.id]);
                    akgShowDetails("node", n.id);
                    return true; }""", profile)
                if not found:
                    raise SystemExit(f"{profile!r} is not an actor of {html}")
            png.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(png))
        finally:
            browser.close()
    return png


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("html", type=Path, help="page written by kg.network.render_html")
    ap.add_argument("png", type=Path, help="where to write the screenshot")
    ap.add_argument("--width", type=int, default=1400)
    ap.add_argument("--height", type=int, default=900)
    ap.add_argument("--timeout", type=float, default=60.0, help="seconds to wait for the layout")
    ap.add_argument("--profile", metavar="ACTOR", help="open this actor's profile first")
    args = ap.parse_args(argv)
    if not args.html.is_file():
        ap.error(f"{args.html}: no such file")
    screenshot(args.html, args.png, args.width, args.height, args.timeout, args.profile)
    print(args.png)
    return 0


if __name__ == "__main__":
    sys.exit(main())
