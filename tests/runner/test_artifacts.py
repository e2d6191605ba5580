from __future__ import annotations

import zipfile
from pathlib import Path

from ghosttab.perception.models import Element, Observation
from ghosttab.runner.artifacts import mask_secrets, scrub_zip


def test_observation_handed_to_deciders_holds_no_secret() -> None:
    observation = Observation(
        url="https://portal.example.com/",
        title="Signed in as buyer-77",
        text="Welcome back, buyer-77",
        elements=[
            Element(index=1, ref="1", tag="input", label="Username", value="buyer-77", context="buyer-77")
        ],
    )
    masked = mask_secrets(observation, ["buyer-77"])
    assert "buyer-77" not in masked.model_dump_json()
    assert masked.elements[0].value == "***" and masked.elements[0].label == "Username"


def test_trace_archive_is_scrubbed_of_raw_and_encoded_secrets(tmp_path: Path) -> None:
    trace = tmp_path / "trace.zip"
    with zipfile.ZipFile(trace, "w") as archive:
        archive.writestr("trace.trace", '{"params": {"value": "p@ss word!"}}')
        archive.writestr("resources/post.dat", "user=bob&password=p%40ss+word%21")
    scrub_zip(trace, ["p@ss word!"])
    with zipfile.ZipFile(trace) as archive:
        blob = b"".join(archive.read(name) for name in archive.namelist())
    assert b"p@ss" not in blob and b"p%40ss" not in blob and blob.count(b"***") == 2
