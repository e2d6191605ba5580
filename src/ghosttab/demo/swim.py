"""Flow 2: Riverside Aquatics swimming class registration."""

from __future__ import annotations

import re

from fastapi import APIRouter, Request
from starlette.exceptions import HTTPException
from starlette.responses import RedirectResponse, Response

from ghosttab.demo.common import SwimRegistration, form_str, get_state, render
from ghosttab.demo.data import (
    SWIM_BY_SLUG,
    SWIM_CLASSES,
    SWIM_LEVELS,
    SWIM_POOLS,
    SwimClass,
    digits_from,
)

router = APIRouter(prefix="/swim")

EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def _class(slug: str) -> SwimClass:
    swim_class = SWIM_BY_SLUG.get(slug)
    if swim_class is None:
        raise HTTPException(404, "We couldn't find that class. It may have been cancelled.")
    return swim_class


@router.get("/")
async def classes(request: Request) -> Response:
    return render(request, "swim/classes.html", {"classes": SWIM_CLASSES})


@router.get("/classes/{slug}")
async def class_detail(request: Request, slug: str) -> Response:
    return render(request, "swim/class.html", {"c": _class(slug)})


def _form_page(
    request: Request, swim_class: SwimClass, values: dict[str, str], errors: list[str]
) -> Response:
    return render(
        request,
        "swim/register.html",
        {
            "c": swim_class,
            "values": values,
            "errors": errors,
            "levels": SWIM_LEVELS,
            "pools": SWIM_POOLS,
        },
    )


@router.get("/classes/{slug}/register")
async def register_form(request: Request, slug: str) -> Response:
    return _form_page(request, _class(slug), {}, [])


@router.post("/classes/{slug}/register")
async def register_submit(request: Request, slug: str) -> Response:
    swim_class = _class(slug)
    form = await request.form()
    keys = ("student_name", "age", "contact_email", "level", "preferred_pool", "terms")
    values = {key: form_str(form, key) for key in keys}
    errors: list[str] = []
    if not values["student_name"]:
        errors.append("Please enter the student's name.")
    age = values["age"]
    if age and (not age.isdigit() or not 1 <= int(age) <= 110):
        errors.append("Please enter a valid age.")
    if not values["contact_email"]:
        errors.append("Please enter a contact email.")
    elif not EMAIL_RE.match(values["contact_email"]):
        errors.append("Please enter a valid email address.")
    if values["level"] and values["level"] not in SWIM_LEVELS:
        errors.append("Please choose a level.")
    if values["preferred_pool"] and values["preferred_pool"] not in SWIM_POOLS:
        errors.append("Please choose a pool.")
    if not values["terms"]:
        errors.append("You must agree to the terms and conditions.")
    if errors:
        return _form_page(request, swim_class, values, errors)

    number = "SWM-" + digits_from(
        swim_class.slug,
        values["student_name"].lower(),
        values["contact_email"].lower(),
        values["age"],
        values["level"],
        values["preferred_pool"],
    )
    get_state(request).record_effect("registration", number)
    get_state(request).registrations[number] = SwimRegistration(
        number=number,
        class_slug=swim_class.slug,
        class_name=swim_class.name,
        student_name=values["student_name"],
        contact_email=values["contact_email"],
        level=values["level"] or "Beginner",
        preferred_pool=values["preferred_pool"] or "No preference",
    )
    return RedirectResponse(f"/swim/confirmation/{number}", status_code=303)


@router.get("/confirmation/{number}")
async def confirmation(request: Request, number: str) -> Response:
    registration = get_state(request).registrations.get(number)
    if registration is None:
        raise HTTPException(404, "We couldn't find that registration.")
    return render(
        request,
        "swim/confirmed.html",
        {"r": registration, "c": SWIM_BY_SLUG[registration.class_slug]},
    )
