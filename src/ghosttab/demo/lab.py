"""Lab pages for perception and runtime tests (shadow DOM, iframes, big pages...)."""

from __future__ import annotations

from http import HTTPStatus

from fastapi import APIRouter, Request
from markupsafe import Markup
from starlette.exceptions import HTTPException
from starlette.responses import JSONResponse, Response

from ghosttab.demo.common import form_str, get_state, render
from ghosttab.demo.data import PORTAL_USERS

router = APIRouter(prefix="/lab")

FIRST = ["Ava", "Ben", "Chloe", "Dev", "Elena", "Farid", "Grace", "Hugo", "Ines", "Jonas"]
LAST = ["Adams", "Baker", "Chen", "Diaz", "Evans", "Fischer", "Garcia", "Hughes", "Ito"]
CITIES = ["Lisbon", "Oslo", "Austin", "Kyoto", "Dublin", "Lyon", "Perth", "Quebec", "Turin"]
ADJ = ["Classic", "Compact", "Deluxe", "Eco", "Smart", "Rugged", "Mini", "Pro", "Ultra"]
TRAVEL_AIRPORTS = ["Amsterdam (AMS)", "Copenhagen (CPH)", "Lisbon (LIS)", "London Gatwick (LGW)",
                   "London Heathrow (LHR)", "Oslo (OSL)", "Paris Orly (ORY)", "Porto (OPO)", "Vienna (VIE)"]
NOUN = ["Lamp", "Kettle", "Backpack", "Speaker", "Mug", "Chair", "Blender", "Clock", "Fan"]


def _int_param(request: Request, name: str, default: int, high: int) -> int:
    try:
        value = int(request.query_params.get(name, str(default)))
    except ValueError:
        return default
    return max(0, min(high, value))


@router.get("/")
async def index(request: Request) -> Response:
    return render(request, "lab/index.html")


@router.get("/shadow")
async def shadow(request: Request) -> Response:
    return render(request, "lab/shadow.html")


@router.get("/iframe")
async def iframe(request: Request) -> Response:
    return render(request, "lab/iframe.html")


@router.get("/iframe-inner")
async def iframe_inner(request: Request) -> Response:
    code = request.query_params.get("code", "").strip()
    return render(request, "lab/iframe_inner.html", {"code": code})


@router.get("/grid")
async def grid(request: Request) -> Response:
    count = _int_param(request, "n", 800, 20_000)
    cards = [
        f'<article class="grid-card"><h3>{ADJ[i % 9]} {NOUN[i * 7 % 9]} {i + 1}</h3>'
        f'<p class="price">${(i * 37 % 200) + 9}.{i * 13 % 100:02d}</p>'
        f'<button type="button" class="btn btn-small add">Add to cart</button> '
        f'<a href="/lab/grid/item/{i + 1}">Details</a></article>'
        for i in range(count)
    ]
    return render(request, "lab/grid.html", {"count": count, "cards": Markup("\n".join(cards))})


def _topic(i: int) -> str:
    return f"{ADJ[i * 5 % 9]} {NOUN[i % 9]} {i + 1}"


@router.get("/docs")
async def docs(request: Request) -> Response:
    """A long reference page: a scrolling table of contents, many sections, an index of topics at
    the bottom (what the task names is far below the first screen)."""
    count = _int_param(request, "n", 300, 5_000)
    sections = [f"{NOUN[i % 9]} handling, part {i + 1}" for i in range(40)]
    return render(request, "lab/docs.html", {
        "sections": [(f"part-{i + 1}", title) for i, title in enumerate(sections)],
        "topics": [(i + 1, _topic(i)) for i in range(count)],
        "appendices": list(APPENDICES.items()),
    })


APPENDICES = {"glossary": "Glossary", "error-messages": "Error messages", "release-notes": "Release notes"}


@router.get("/docs/appendix/{slug}")
async def docs_appendix(request: Request, slug: str) -> Response:
    if slug not in APPENDICES:
        raise HTTPException(404, "No such appendix.")
    return render(request, "lab/simple.html", {"title": APPENDICES[slug], "text": "An appendix."})


@router.get("/docs/topic/{number}")
async def docs_topic(request: Request, number: int) -> Response:
    if number < 1:
        raise HTTPException(404, "No such topic.")
    return render(request, "lab/simple.html", {"title": _topic(number - 1), "text": f"Topic #{number}."})


@router.get("/grid/item/{number}")
async def grid_item(request: Request, number: int) -> Response:
    if number < 1:
        raise HTTPException(404, "No such item.")
    i = number - 1
    name = f"{ADJ[i % 9]} {NOUN[i * 7 % 9]} {number}"
    return render(request, "lab/simple.html", {"title": name, "text": f"Item #{number}."})


@router.get("/table")
async def table(request: Request) -> Response:
    count = _int_param(request, "rows", 1000, 200_000)
    nf, nl, nc = len(FIRST), len(LAST), len(CITIES)
    rows = [
        f"<tr><td>{i + 1}</td><td>{FIRST[i % nf]} {LAST[i * 7 % nl]}</td>"
        f"<td>{FIRST[i % nf].lower()}.{i + 1}@example.com</td><td>{CITIES[i * 5 % nc]}</td>"
        f'<td class="num">{(i * 7919) % 100000 / 100:.2f}</td>'
        f'<td><a href="/lab/table/edit/{i + 1}">Edit</a></td></tr>'
        for i in range(count)
    ]
    return render(request, "lab/table.html", {"count": count, "rows": Markup("\n".join(rows))})


@router.get("/table/edit/{number}")
async def table_edit(request: Request, number: int) -> Response:
    return render(request, "lab/simple.html", {"title": f"Edit record {number}", "text": "Nothing to edit."})


@router.get("/storage")
async def storage(request: Request) -> Response:
    return render(request, "lab/storage.html")


@router.get("/cached.js")
async def cached_js(request: Request) -> Response:
    state = get_state(request)
    state.cached_served += 1
    served = state.cached_served
    return Response(
        f"window.gtCachedServed = {served};\n",
        media_type="application/javascript",
        headers={"Cache-Control": "max-age=3600", "X-Served-Count": str(served)},
    )


@router.get("/cached-count")
async def cached_count(request: Request) -> JSONResponse:
    return JSONResponse({"count": get_state(request).cached_served}, headers={"Cache-Control": "no-store"})


@router.get("/memory-hog")
async def memory_hog(request: Request) -> Response:
    return render(request, "lab/memory.html")


@router.get("/never")
async def never(request: Request) -> Response:
    return render(request, "lab/never.html")


@router.get("/newtab")
async def newtab(request: Request) -> Response:
    return render(request, "lab/newtab.html")


@router.get("/newtab/welcome")
async def newtab_welcome(request: Request) -> Response:
    return render(request, "lab/welcome.html")


@router.get("/travel")
async def travel(request: Request) -> Response:
    return render(request, "lab/travel.html", {"airports": TRAVEL_AIRPORTS})


@router.get("/travel/sent")
async def travel_sent(request: Request) -> Response:
    fields = ("traveller", "from", "date", "reason", "passport")
    summary = " | ".join(request.query_params.get(name, "") for name in fields)
    return render(request, "lab/simple.html", {"title": "Request received", "text": f"Summary: {summary} |"})


@router.get("/signin")
async def signin_name(request: Request) -> Response:
    return render(request, "lab/signin.html", {"step": "name", "user": "", "error": ""})


@router.post("/signin")
async def signin_password(request: Request) -> Response:
    user = form_str(await request.form(), "user")
    if not user:
        context = {"step": "name", "user": "", "error": "Enter your username."}
        return render(request, "lab/signin.html", context, status_code=400)
    return render(request, "lab/signin.html", {"step": "password", "user": user, "error": ""})


@router.post("/signin/password")
async def signin_done(request: Request) -> Response:
    form = await request.form()
    user, password = form_str(form, "user"), form_str(form, "password")
    if PORTAL_USERS.get(user) != password:
        context = {"step": "password", "user": user, "error": "That password is not right."}
        return render(request, "lab/signin.html", context, status_code=401)
    return render(request, "lab/simple.html", {"title": "Welcome", "text": f"Signed in as {user}."})


@router.get("/status/{code}")
async def status_page(request: Request, code: int) -> Response:
    if not 400 <= code <= 599:
        raise HTTPException(404, "Only 4xx and 5xx status pages exist.")
    try:
        title = HTTPStatus(code).phrase
    except ValueError:
        title = "Error"
    return render(
        request,
        "error.html",
        {
            "status_code": code,
            "title": title,
            "message": f"This page deliberately answers with HTTP status {code}.",
        },
        status_code=code,
    )
