"""How a page is checked at a screen size: its width against the viewport, and axe-core's
findings, with a full-page screenshot kept for people to look at."""

import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
AXE = Path(__file__).with_name("axe") / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = ROOT / "test-artifacts" / "layout"
SIZES = {"desktop": (1366, 900), "phone": (390, 844)}
SERIOUS = {"serious", "critical"}


def shot_name(role: str, size: str, path: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", path.lower()).strip("-") or "root"
    return f"{role}-{size}-{slug}.png"


def check_page(page, path: str, role: str, size: str) -> list[str]:
    """Opens the page and returns what is wrong with it, in words."""
    response = page.goto(path)
    problems = []
    if response is None or response.status != 200:
        return [f"{path}: HTTP {response.status if response else '?'}"]
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=ARTIFACTS / shot_name(role, size, path), full_page=True)
    width = page.evaluate("document.documentElement.scrollWidth")
    viewport = page.viewport_size["width"]
    if width > viewport:
        wide = page.evaluate(
            """(limit) => [...document.querySelectorAll('body *')]
                 .filter(e => e.getBoundingClientRect().right > limit + 1 && !e.closest('.scroll'))
                 .slice(0, 5).map(e => e.tagName + '.' + e.className)""",
            viewport,
        )
        problems.append(f"{path} at {size}: document {width} px wide in a {viewport} px viewport ({', '.join(wide)})")
    page.add_script_tag(content=AXE.read_text())
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    for violation in result["violations"]:
        if violation["impact"] in SERIOUS:
            targets = [json.dumps(node["target"], ensure_ascii=False) for node in violation["nodes"][:3]]
            problems.append(f"{path} at {size}: axe {violation['impact']} {violation['id']} on {', '.join(targets)}")
    return problems
