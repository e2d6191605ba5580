"""Which password fields take the task's secret: sign-in forms, new-user forms, password changes."""

from __future__ import annotations

from ghosttab.actions import TypeText
from ghosttab.navigator import HeuristicNavigator, PastStep, TaskMemory
from ghosttab.navigator.passwords import current_password_fields, is_sign_in_form
from ghosttab.perception.models import Element, Observation
from ghosttab.recovery.reauth import shows_sign_in
from ghosttab.spec import TaskSpec

URL = "https://admin.example.org/password_change/"
SECRETS = {"username": "admin", "password": "old-secret"}


def _field(index: int, label: str, input_type: str = "text", name: str = "") -> Element:
    return Element(index=index, ref=str(index), tag="input", role="textbox", input_type=input_type,
                   label=label, name=label, input_name=name or label.lower().replace(" ", "_"))  # fmt: skip


def _submit(index: int, name: str) -> Element:
    return Element(index=index, ref=str(index), tag="input", role="button", input_type="submit", name=name)


def _memory(goal: str, data: dict[str, str]) -> TaskMemory:
    spec = TaskSpec.model_validate(
        {"goal": goal, "start_url": URL, "data": data, "secrets": SECRETS, "success": {"text": "Done"}}
    )
    return TaskMemory(spec=spec, secret_names=sorted(SECRETS))


async def _walk(elements: list[Element], memory: TaskMemory, steps: int) -> list[TypeText]:
    """Decide `steps` times, each typing action done (the field then holds something)."""
    typed: list[TypeText] = []
    for _ in range(steps):
        action = (await HeuristicNavigator().decide(Observation(url=URL, elements=elements), memory)).action
        assert isinstance(action, TypeText), action
        typed.append(action)
        index = action.target.index
        elements = [e.model_copy(update={"value": "x"}) if e.index == index else e for e in elements]
        element = next(e for e in elements if e.index == index)
        memory.history.append(
            PastStep(url=URL, page_hash="h", action=action, ok=True, element_key=element.key)
        )
    return typed


def test_a_sign_in_form_is_one_password_asking_for_an_existing_one() -> None:
    sign_in = [_field(1, "Username"), _field(2, "Password", "password"), _submit(3, "Log in")]
    change = [_field(1, "Old password", "password"), _field(2, "New password", "password"),
              _field(3, "New password confirmation", "password")]  # fmt: skip
    sign_up = [_field(1, "Email", "email"), _field(2, "Choose a password", "password")]
    assert is_sign_in_form(sign_in) and shows_sign_in(Observation(url=URL, elements=sign_in))
    assert not is_sign_in_form(change) and not shows_sign_in(Observation(url=URL, elements=change))
    assert not is_sign_in_form(sign_up)
    assert [e.index for e in current_password_fields(change)] == [1]
    assert current_password_fields(sign_up) == []


async def test_a_password_change_types_the_secret_only_into_the_old_password() -> None:
    fields = [
        _field(1, "Old password", "password"), _field(2, "New password", "password"),
        _field(3, "New password confirmation", "password"), _submit(4, "Change my password"),
    ]  # fmt: skip
    typed = await _walk(fields, _memory("Change my password to {new_password}", {"new_password": "N3w!"}), 3)
    assert [(t.target.index, t.secret, t.field) for t in typed] == [
        (1, "password", None), (2, None, "new_password"), (3, None, "new_password"),
    ]  # fmt: skip


async def test_a_new_users_name_and_password_are_data_never_the_tasks_secrets() -> None:
    fields = [_field(1, "Username"), _field(2, "Password", "password", "password1"),
              _field(3, "Password confirmation", "password", "password2"), _submit(4, "Save")]  # fmt: skip
    memory = _memory("Create a new user {username} with the password {new_password}",
                     {"username": "jdoe", "new_password": "Vivid-1977"})  # fmt: skip
    typed = await _walk(fields, memory, 3)
    assert all(t.secret is None for t in typed)
    assert [(t.target.index, t.field) for t in typed] == [
        (1, "username"), (2, "new_password"), (3, "new_password"),
    ]  # fmt: skip


async def test_a_form_that_signs_in_and_signs_up_gets_the_secrets_in_its_sign_in_part() -> None:
    fields = [_field(1, "Email address", "email"), _field(2, "Password", "password"), _submit(3, "Log in"),
              _field(4, "Name"), _field(5, "Email address", "email"), _field(6, "Password", "password"),
              _field(7, "Password (again)", "password"), _submit(8, "Register")]  # fmt: skip
    fields = [f.model_copy(update={"form": "auth"}) for f in fields]
    fields[5] = fields[5].model_copy(update={"autocomplete": "new-password"})
    assert is_sign_in_form(fields) and [e.index for e in current_password_fields(fields)] == [2]
    memory = _memory("Sign in and open my proposals", {})
    typed = await _walk(fields, memory, 2)
    assert [(t.target.index, t.secret) for t in typed] == [(1, "username"), (2, "password")]
    for step, action in zip(memory.history, typed, strict=True):
        step.action = action
    decision = await HeuristicNavigator().decide(Observation(url=URL, elements=fields), memory)
    # Its own "Log in", not the sign-up's "Register".
    assert decision.action.target is not None and decision.action.target.index == 3
