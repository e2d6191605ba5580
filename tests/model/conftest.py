from __future__ import annotations

from collections.abc import Iterator

import pytest

from .scripted import ScriptedModel, serving


@pytest.fixture
def scripted() -> Iterator[tuple[ScriptedModel, str]]:
    model = ScriptedModel()
    with serving(model) as url:
        yield model, url
