"""A stored-path style replay on the demo supplier portal: durable locators only, no refs."""

from __future__ import annotations

from pathlib import Path

from playwright.async_api import Page

from ghosttab.actions import Action, Click, Download, Navigate, TypeText

from .conftest import MakeExecutor
from .helpers import target


async def test_portal_login_search_and_download_pdf(
    page: Page, demo_url: str, make_executor: MakeExecutor, tmp_path: Path
) -> None:
    executor = make_executor(
        data={"username": "buyer1", "po_number": "PO-10023"},
        secrets={"password": "s3cret"},
        allowed_domains=["127.0.0.1"],
        downloads_dir=tmp_path,
        action_timeout_s=5.0,
    )
    steps: list[Action] = [
        Navigate(url=f"{demo_url}/portal/"),
        TypeText(target=target(label="Username", input_name="username", tag="input"), field="username"),
        TypeText(target=target(label="Password", input_name="password", tag="input"), secret="password"),
        Click(target=target(role="button", name="Sign in", tag="button")),
        TypeText(
            target=target(placeholder="e.g. PO-10023", role="searchbox"), field="po_number", submit=True
        ),
        Click(target=target(role="link", name="PO-10023", tag="a", text="PO-10023")),
        Download(target=target(role="link", name="Download PDF", tag="a", text="Download PDF")),
    ]
    results = []
    for action in steps:
        result = await executor.execute(page, action)
        assert result.ok, f"{action.kind}: {result.error}"
        results.append(result)
    assert "/portal/orders" in results[3].url_after  # signed in and redirected
    assert "q=PO-10023" in results[4].url_after
    assert results[5].url_after.endswith("/portal/orders/PO-10023")
    [pdf] = results[6].downloads
    assert Path(pdf).read_bytes().startswith(b"%PDF")
    assert "s3cret" not in "".join(r.model_dump_json() for r in results)
