"""The Action union a decider returns and the ActionResult the executor gives back.

Actions name their values by reference where they can (`field` for task data, `secret`
for a secret's name) so a stored or replayed path never holds a secret or one task's data.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter

from ghosttab.errors import StructuredError


class ElementLocator(BaseModel):
    """How to find an element again on a later visit: semantic first, structural as fallback."""

    model_config = ConfigDict(frozen=True)

    tag: str = ""
    role: str = ""
    name: str = ""
    label: str = ""
    placeholder: str = ""
    input_name: str = ""
    element_id: str = ""
    text: str = ""
    href: str = ""
    input_type: str = ""
    css: str = ""
    frames: tuple[str, ...] = ()


class ElementTarget(BaseModel):
    """An element of the current observation (`index`, `ref`) plus its durable locator."""

    index: int | None = None
    ref: str | None = None
    locator: ElementLocator = Field(default_factory=ElementLocator)

    def describe(self) -> str:
        loc = self.locator
        name = loc.name or loc.label or loc.placeholder or loc.text or loc.input_name or loc.css
        return f"[{self.index}] {loc.role or loc.tag} {name!r}"


class _Base(BaseModel):
    model_config = ConfigDict(extra="forbid")

    @property
    def element(self) -> ElementTarget | None:
        """The element the action works on, if it works on one."""
        return None

    @property
    def data_field(self) -> str | None:
        """The task data field whose value the action enters, if any."""
        return None

    @property
    def secret_name(self) -> str | None:
        """The secret the action types (by name), if any."""
        return None


class _OnElement(_Base):
    target: ElementTarget

    @property
    def element(self) -> ElementTarget:
        return self.target


class Navigate(_Base):
    kind: Literal["navigate"] = "navigate"
    url: str


class Click(_OnElement):
    kind: Literal["click"] = "click"


DatePart = Literal["day", "month", "year"]


class TypeText(_OnElement):
    """Type a literal `text`, the task's data `field`, or the task's `secret` (by name). With `part`,
    only that part of the field's date goes in (a form that asks for day, month and year apart)."""

    kind: Literal["type"] = "type"
    text: str | None = None
    field: str | None = None
    secret: str | None = None
    submit: bool = False
    part: DatePart | None = None

    @property
    def data_field(self) -> str | None:
        return self.field

    @property
    def secret_name(self) -> str | None:
        return self.secret


class Select(_OnElement):
    """Choose `option`, or the option that is the task's data `field` (or that field date's `part`)."""

    kind: Literal["select"] = "select"
    option: str | None = None
    field: str | None = None
    part: DatePart | None = None

    @property
    def data_field(self) -> str | None:
        return self.field


class Check(_OnElement):
    kind: Literal["check"] = "check"
    checked: bool = True


class Press(_Base):
    kind: Literal["press"] = "press"
    key: str
    target: ElementTarget | None = None

    @property
    def element(self) -> ElementTarget | None:
        return self.target


class Scroll(_Base):
    kind: Literal["scroll"] = "scroll"
    direction: Literal["down", "up"] = "down"
    pages: float = 1.0


class Wait(_Base):
    kind: Literal["wait"] = "wait"
    seconds: float = Field(default=1.0, ge=0, le=120)


class Extract(_Base):
    kind: Literal["extract"] = "extract"


class Download(_OnElement):
    kind: Literal["download"] = "download"


class Back(_Base):
    kind: Literal["back"] = "back"


class Done(_Base):
    kind: Literal["done"] = "done"
    reason: str = ""


class Fail(_Base):
    kind: Literal["fail"] = "fail"
    reason: str


class AskHuman(_Base):
    kind: Literal["ask_human"] = "ask_human"
    reason: str


Action = Annotated[
    Navigate
    | Click
    | TypeText
    | Select
    | Check
    | Press
    | Scroll
    | Wait
    | Extract
    | Download
    | Back
    | Done
    | Fail
    | AskHuman,
    Field(discriminator="kind"),
]
ACTION_ADAPTER: TypeAdapter[Action] = TypeAdapter(Action)

TERMINAL_KINDS = frozenset({"done", "fail", "ask_human"})


def parse_action(payload: object) -> Action:
    return ACTION_ADAPTER.validate_python(payload)


class ActionResult(BaseModel):
    ok: bool
    error: StructuredError | None = None
    url_before: str = ""
    url_after: str = ""
    navigated: bool = False
    downloads: list[str] = Field(default_factory=list)
    new_tab: bool = False
    duration_ms: float = 0.0
