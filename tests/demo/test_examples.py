"""The example task files load as TaskSpecs and refer to data the demo site has."""

from __future__ import annotations

from pathlib import Path

from ghosttab.demo.data import ORDERS_BY_NUMBER, PRODUCTS, SHIPPING_METHODS, SWIM_CLASSES, SWIM_LEVELS
from ghosttab.taskfile import load_tasks

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def test_example_files_load_and_match_demo_data() -> None:
    jsonl = load_tasks(EXAMPLES / "demo-tasks.jsonl")
    csv_file = load_tasks(EXAMPLES / "demo-tasks.csv")
    assert not jsonl.errors and not csv_file.errors
    assert len(jsonl.tasks) >= 24 and len(csv_file.tasks) == 6
    classes = {c.name for c in SWIM_CLASSES}
    products = {p.name for p in PRODUCTS}
    for task in [*jsonl.tasks, *csv_file.tasks]:
        assert task.start_url.startswith("http://127.0.0.1:8765/")
        data = task.data
        if "po_number" in data:
            assert data["po_number"] in ORDERS_BY_NUMBER
        if "class" in data:
            assert data["class"] in classes
            assert data["level"] in SWIM_LEVELS
        if "product" in data:
            assert data["product"] in products
            assert data["shipping_method"] in SHIPPING_METHODS
    assert {t.priority.value for t in jsonl.tasks} >= {"low", "normal", "high", "critical"}
    assert any(t.session for t in jsonl.tasks) and any(t.session is None for t in jsonl.tasks)
