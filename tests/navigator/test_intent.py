"""The goal parsed once into an Intent: values to type, lists to tick, constraints, and the memory
that carries it."""

from __future__ import annotations

from ghosttab.dates import time_input_value
from ghosttab.navigator.base import TaskMemory
from ghosttab.navigator.goal import Quantity, read_goal
from ghosttab.spec import TaskSpec


def test_values_named_by_their_fields_and_where_they_go() -> None:
    goal = 'Enter the username "karrie" and the password "AU" into the text fields and press login.'
    intent = read_goal(goal)
    assert [(t.target, t.value) for t in intent.typed] == [("username", "karrie"), ("password", "AU")]
    assert intent.presses == ("login",)
    counted = read_goal('Check the 1st radio button and enter the number "-5" into the 2nd textbox.')
    assert counted.typed[0].value == "-5" and counted.typed[0].ordinal == 2


def test_unquoted_values_named_as_a_field_and_changes_of_case() -> None:
    assert read_goal("Enter 9:37 PM as the time and press submit.").typed[0].target == "time"
    shout = read_goal('Type "agustina" in all upper case letters in the text input and press Submit.')
    assert shout.typed[0].text == "AGUSTINA"


def test_lists_quantities_and_ordinals() -> None:
    intent = read_goal("Select nb, 8qiSp3m and U6gHF and click Submit.")
    assert intent.choice_items == ("nb", "8qiSp3m", "U6gHF")
    assert read_goal('Enter the password "yA" into both text fields').quantity == Quantity.BOTH
    assert read_goal("Find the last word in the text area").ordinal == -1
    assert read_goal("Focus into the 3rd input textbox.").ordinal == 3


def test_memory_parses_the_goal_once_with_data_and_secret_keys() -> None:
    spec = TaskSpec.model_validate({
        "goal": "Log in and change the email of {name} to {email}", "start_url": "http://127.0.0.1/",
        "data": {"email": "a@example.com", "name": "Ann"},
        "secrets": {"username": "user1", "password": "pass1"},
    })  # fmt: skip
    memory = TaskMemory(spec=spec, secret_names=sorted(spec.secrets))
    assert memory.intent.data_keys == ("name", "email")
    assert memory.intent.secret_keys == ("password", "username")
    assert memory.intent is memory.intent  # one parse, kept
    assert "secret_keys" in memory.intent.summary()


def test_time_input_values() -> None:
    assert time_input_value("9:37 PM") == "21:37"
    assert time_input_value("12:05 am") == "00:05"
    assert time_input_value("21:37") == "21:37"
    assert time_input_value("25:00") is None


def test_records_recipients_messages_and_counts() -> None:
    posts = read_goal('Click the "Retweet" button on 3 posts by @leonie and then click Submit.')
    assert posts.subjects == ("@leonie",) and posts.count == 3
    mail = read_goal('Find the email by Audrey and reply to them with the text "Vel quis."')
    assert mail.subjects == ("Audrey",)
    assert [(t.target, t.value) for t in mail.typed] == [("message", "Vel quis.")]
    sent = read_goal("Give Bobine the message you received from Cora,")
    assert sent.subjects == ("Cora",) and [(t.target, t.value) for t in sent.typed] == [("to", "Bobine")]
    # From the task's own values, a subject or a message is the data's, not the goal's words.
    filled = read_goal(
        'Create an order for Irene Dumont with the comment "ring twice"',
        template="Create an order for {customer} with the comment \"{comments}\"",
        data={"customer": "Irene Dumont", "comments": "ring twice"},
    )
    assert filled.subjects == () and filled.typed == ()
