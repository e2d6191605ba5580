"""The shape of what `observe.js` returns, validated before anything else reads it."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from ghosttab.perception.models import Element, LinkRef


class ScriptElement(Element):
    """An element as the page script reports it: an `Element` plus its distance from the viewport."""

    model_config = ConfigDict(extra="ignore")

    # Signed pixels from the viewport: 0 inside it, > 0 below, < 0 above.
    offset: float = 0.0

    def to_element(self) -> Element:
        return Element.model_validate(self.model_dump(exclude={"offset"}))


class ScriptResult(BaseModel):
    """One run of the page script: the described elements and the counts of everything else."""

    model_config = ConfigDict(extra="ignore")

    url: str
    title: str = ""
    elements: list[ScriptElement] = Field(default_factory=list, max_length=500)
    text: str = Field(default="", max_length=20_000)
    extra_text: str = Field(default="", max_length=20_000)
    headings: list[str] = Field(default_factory=list, max_length=50)
    dialogs: list[str] = Field(default_factory=list, max_length=10)
    elsewhere_headings: list[str] = Field(default_factory=list, max_length=50)
    total: int = Field(default=0, ge=0)
    above: int = Field(default=0, ge=0)
    below: int = Field(default=0, ge=0)
    unlisted: int = Field(default=0, ge=0)  # in the viewport but past `max_elements`
    covered: int = Field(default=0, ge=0)
    pruned: bool = False
    hidden_links: list[LinkRef] = Field(default_factory=list, max_length=20)
    tables: list[list[list[str]]] = Field(default_factory=list, max_length=5)
    page_hash: str = ""
    state: str = ""
    scroll_y: float = 0.0
    scroll_height: float = 0.0
    viewport_height: float = 0.0
    script_ms: float = 0.0
