"""Task builders for the worker tests: real demo-site flows, quick one-page tasks and long ones."""

from __future__ import annotations

from typing import Any

from ghosttab.spec import TaskSpec

SWIM_CLASSES = ["Monday Morning", "Tuesday Evening", "Wednesday Afternoon", "Thursday Evening"]
SWIM_SLUGS = ["monday-morning", "tuesday-evening"]


def swim_task(demo_url: str, task_id: str, index: int = 0, **extra: Any) -> TaskSpec:
    """Register a student for a swimming class: about eight steps on the demo site."""
    return TaskSpec.model_validate(
        {
            "id": task_id,
            "goal": "Register {student_name} for the {class} swimming class",
            "start_url": f"{demo_url}/swim/",
            "data": {
                "student_name": f"Student {index}",
                "class": SWIM_CLASSES[index % len(SWIM_CLASSES)],
                "contact_email": f"parent{index}@example.com",
            },
            "success": {"text": "Registration confirmed"},
            "extract": {"confirmation_number": {"pattern": r"SWM-\d{6}"}},
            **extra,
        }
    )


def portal_task(demo_url: str, task_id: str, po: str, session: str | None, **extra: Any) -> TaskSpec:
    """Download a purchase order's PDF from the supplier portal (log in first when not signed in)."""
    return TaskSpec.model_validate(
        {
            "id": task_id,
            "goal": "Download the PDF of purchase order {po_number}",
            "start_url": f"{demo_url}/portal/",
            "data": {"po_number": po},
            "secrets": {"username": "buyer1", "password": "s3cret"},
            "session": session,
            "success": {"download": True},
            **extra,
        }
    )


def page_task(demo_url: str, task_id: str, **extra: Any) -> TaskSpec:
    """Succeeds as soon as the start page has loaded: no step at all."""
    return TaskSpec.model_validate(
        {
            "id": task_id,
            "goal": "Check the status of the request",
            "start_url": f"{demo_url}/lab/never",
            "success": {"text": "Processing your request"},
            "max_steps": 3,
            **extra,
        }
    )


def slow_page_task(demo_url: str, task_id: str, slow_ms: int, **extra: Any) -> TaskSpec:
    """Like page_task, but every page of it answers only after `slow_ms` (the demo's slow fault)."""
    return page_task(
        demo_url, task_id, start_url=f"{demo_url}/lab/never?faults=slow&slow_ms={slow_ms}", **extra
    )


def one_click_task(demo_url: str, task_id: str, index: int = 0, **extra: Any) -> TaskSpec:
    """One click: from a class page to its registration form."""
    return TaskSpec.model_validate(
        {
            "id": task_id,
            "goal": "Open the registration form",
            "start_url": f"{demo_url}/swim/classes/{SWIM_SLUGS[index % len(SWIM_SLUGS)]}",
            "success": {"text": "Student name"},
            "max_steps": 3,
            **extra,
        }
    )
