"""docs/ARCHITECTURE.md names parts that exist; the package keeps the shape the map asks for."""

from __future__ import annotations

import re
from pathlib import Path

import ghosttab

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "ghosttab"
MAP = ROOT / "docs" / "ARCHITECTURE.md"
MAX_MODULE_LINES = 500


def _parts_table_modules() -> list[str]:
    text = MAP.read_text()
    table = text.split("## Parts", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in table.splitlines() if line.startswith("| ") and not line.startswith("| part")]
    modules = []
    for row in rows:
        cells = [cell.strip() for cell in row.strip("|").split("|")]
        if len(cells) >= 2 and not set(cells[1]) <= {"-"}:
            modules += re.findall(r"`([\w/]+(?:\.py|/))`", cells[1])
    return modules


def test_every_part_the_map_names_exists_in_the_package() -> None:
    modules = _parts_table_modules()
    assert len(modules) >= 20, modules
    missing = [module for module in modules if not (PACKAGE / module).exists()]
    assert missing == []


def test_no_module_is_over_the_size_limit() -> None:
    sizes = {path.relative_to(PACKAGE): len(path.read_text().splitlines()) for path in PACKAGE.rglob("*.py")}
    assert {path: lines for path, lines in sizes.items() if lines > MAX_MODULE_LINES} == {}


def test_the_public_api_is_small_and_importable() -> None:
    assert len(ghosttab.__all__) <= 20
    assert all(hasattr(ghosttab, name) for name in ghosttab.__all__)


def test_no_action_is_read_by_attribute_name() -> None:
    offenders = [
        str(path.relative_to(PACKAGE))
        for path in PACKAGE.rglob("*.py")
        if re.search(r"getattr\([\w.]*action", path.read_text())
    ]
    assert offenders == []
