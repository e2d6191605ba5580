"""What perception hands to a decider: the page's interactive elements and text, bounded in size."""

from __future__ import annotations

from pydantic import BaseModel, Field

from ghosttab.actions import ElementLocator, ElementTarget


class SelectOption(BaseModel):
    value: str
    label: str
    selected: bool = False


class Element(BaseModel):
    """One visible interactive element. `ref` is the `data-gt-ref` stamped on the node."""

    index: int
    ref: str
    tag: str
    role: str = ""
    name: str = ""
    label: str = ""
    input_type: str = ""
    value: str = ""
    placeholder: str = ""
    input_name: str = ""
    element_id: str = ""
    autocomplete: str = ""  # username, current-password, new-password or one-time-code
    href: str = ""
    target: str = ""
    checked: bool | None = None
    disabled: bool = False
    required: bool = False
    expanded: bool | None = None
    options: list[SelectOption] = Field(default_factory=list)
    multiple: bool = False  # a list that takes several options (`<select multiple>`)
    group: str = ""
    form: str = ""
    context: str = ""
    in_viewport: bool = True
    in_dialog: bool = False
    # Covered by an open dialog or its overlay: visible on the page but not clickable until it closes.
    behind_dialog: bool = False
    frames: list[str] = Field(default_factory=list)
    css: str = ""
    # False for an element described a little way off screen: there for the navigator's own checks
    # and the executor, counted in the summary's note, but not listed in the compact text.
    listed: bool = True

    @property
    def is_text_input(self) -> bool:
        if self.tag == "textarea" or (
            self.role in ("textbox", "searchbox", "combobox") and self.tag == "input"
        ):
            return True
        return self.tag == "input" and self.input_type in (
            "", "text", "email", "password", "search", "tel", "url", "number", "date",
            "datetime-local", "month", "week", "time",
        )

    @property
    def key(self) -> str:
        """A durable identity for the element across observations of the same page (its index and ref
        change from one observation to the next; these do not)."""
        parts = (self.tag, self.role, self.input_name, self.element_id, self.label or self.name)
        return "|".join(parts)

    @property
    def display_name(self) -> str:
        return self.name or self.label or self.placeholder or self.input_name or self.element_id

    def locator(self) -> ElementLocator:
        return ElementLocator(
            tag=self.tag, role=self.role, name=self.name, label=self.label, placeholder=self.placeholder,
            input_name=self.input_name, element_id=self.element_id, text=self.name if self.tag in (
                "a", "button") else "", href=self.href, input_type=self.input_type, css=self.css,
            frames=tuple(self.frames),
        )

    def as_target(self) -> ElementTarget:
        return ElementTarget(index=self.index, ref=self.ref, locator=self.locator())


class LinkRef(BaseModel):
    """A link that is on the page but folded away (a collapsed menu or table of contents)."""

    name: str
    href: str


class PageSummary(BaseModel):
    """What lies outside the detailed part of the observation."""

    total_elements: int = 0
    omitted_elements: int = 0
    headings: list[str] = Field(default_factory=list)
    more_below: bool = False
    note: str = ""


class Observation(BaseModel):
    url: str
    title: str = ""
    elements: list[Element] = Field(default_factory=list)
    text: str = ""
    # The part of `text` that the element lines and headings don't already say: what the compact
    # rendering shows. None when not computed (then the rendering shows `text`).
    extra_text: str | None = None
    headings: list[str] = Field(default_factory=list)
    dialogs: list[str] = Field(default_factory=list)
    summary: PageSummary = Field(default_factory=PageSummary)
    # Links named by a phrase the observation was asked to find, present but not visible.
    hidden_links: list[LinkRef] = Field(default_factory=list)
    # The page's visible tables, each a list of rows of cell texts (for values read out of a table).
    tables: list[list[list[str]]] = Field(default_factory=list)
    page_hash: str = ""
    # The success probe's state hash, read while observing: the observation cache files it under this.
    state: str = ""
    scroll_y: float = 0.0
    scroll_height: float = 0.0
    viewport_height: float = 0.0
    tokens: int = 0
    duration_ms: float = 0.0

    def element(self, index: int) -> Element | None:
        for element in self.elements:
            if element.index == index:
                return element
        return None
