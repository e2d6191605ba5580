"""Forms built from widget libraries nobody here wrote, for the navigator benchmark.

The libraries come from the npm registry (installed into benchmarks/.npm-widgets on first use, not
ghosttab dependencies): Select2 and jQuery UI (autocomplete, datepicker) on jQuery, Tom Select,
Choices.js, flatpickr and Bootstrap (tabs, accordion). Their DOM, events and hidden native controls
are theirs; only the two small forms below and the page echoing a submission are ours.

    with widget_site() as base:   # base URL; /booking.html and /travel.html
        ...
"""

from __future__ import annotations

import contextlib
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar
from urllib.parse import urlsplit

from local_server import FormEchoHandler, npm_install, serve_forms

HERE = Path(__file__).resolve().parent
PREFIX = HERE / ".npm-widgets"
PACKAGES = ["jquery@3", "select2@4.0", "tom-select@2", "choices.js@11", "flatpickr@4", "jquery-ui@1.14",
            "bootstrap@5"]  # fmt: skip

CITIES = ["Amsterdam", "Athens", "Barcelona", "Berlin", "Bologna", "Bordeaux", "Bruges", "Budapest", "Copenhagen",
          "Dublin", "Edinburgh", "Florence", "Geneva", "Granada", "Hamburg", "Helsinki", "Krakow", "Lisbon", "Ljubljana",
          "Lyon", "Madrid", "Marseille", "Milan", "Munich", "Naples", "Oslo", "Paris", "Porto", "Prague", "Riga",
          "Rome", "Salzburg", "Seville", "Stockholm", "Tallinn", "Valencia", "Vienna", "Vilnius", "Warsaw",
          "Zurich"]  # fmt: skip
AIRPORTS = [f"{city} ({code})" for city, code in (
    ("Amsterdam", "AMS"), ("Athens", "ATH"), ("Barcelona", "BCN"), ("Berlin", "BER"), ("Brussels", "BRU"),
    ("Copenhagen", "CPH"), ("Dublin", "DUB"), ("Frankfurt", "FRA"), ("Geneva", "GVA"), ("Helsinki", "HEL"),
    ("Lisbon", "LIS"), ("London Heathrow", "LHR"), ("London Gatwick", "LGW"), ("Madrid", "MAD"),
    ("Milan Malpensa", "MXP"), ("Munich", "MUC"), ("Oslo", "OSL"), ("Paris Charles de Gaulle", "CDG"),
    ("Paris Orly", "ORY"), ("Porto", "OPO"), ("Prague", "PRG"), ("Rome Fiumicino", "FCO"), ("Stockholm", "ARN"),
    ("Vienna", "VIE"), ("Warsaw", "WAW"), ("Zurich", "ZRH"),
)]  # fmt: skip

HEAD = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<link rel="stylesheet" href="/vendor/bootstrap/dist/css/bootstrap.min.css">{css}</head>
<body class="container py-4" style="max-width: 760px"><h1 class="h3 mb-4">{title}</h1>"""

BOOKING = HEAD.format(title="Book a room", css="""
<link rel="stylesheet" href="/vendor/select2/dist/css/select2.min.css">
<link rel="stylesheet" href="/vendor/flatpickr/dist/flatpickr.min.css">
<link rel="stylesheet" href="/vendor/choices.js/public/assets/styles/choices.min.css">
<link rel="stylesheet" href="/vendor/tom-select/dist/css/tom-select.bootstrap5.min.css">""") + """
<form action="/submit" method="get">
  <input type="hidden" name="form" value="Booking">
  <div class="mb-3"><label class="form-label" for="guest">Guest name</label>
    <input class="form-control" id="guest" name="guest" required></div>
  <div class="mb-3"><label class="form-label" for="email">Email</label>
    <input class="form-control" id="email" name="email" type="email" required></div>
  <div class="mb-3"><label class="form-label" for="city">City</label>
    <select id="city" name="city" style="width:100%"><option value="">Choose a city</option>{cities}</select></div>
  <div class="mb-3"><label class="form-label" for="checkin">Check-in date</label>
    <input class="form-control" id="checkin" name="checkin" placeholder="Select a date"></div>
  <div class="mb-3"><label class="form-label" for="room">Room type</label>
    <select id="room" name="room"><option value="">Pick a room</option><option>Single</option>
      <option>Standard double</option><option>Deluxe double</option><option>Family suite</option></select></div>
  <div class="mb-3"><label class="form-label" for="extras">Extras</label>
    <select id="extras" name="extras" multiple placeholder="Add extras…"><option>Breakfast</option>
      <option>Parking</option><option>Late checkout</option><option>Airport transfer</option></select></div>
  <button class="btn btn-primary" type="submit">Book now</button>
</form>
<script src="/vendor/jquery/dist/jquery.min.js"></script>
<script src="/vendor/select2/dist/js/select2.min.js"></script>
<script src="/vendor/flatpickr/dist/flatpickr.min.js"></script>
<script src="/vendor/choices.js/public/assets/scripts/choices.min.js"></script>
<script src="/vendor/tom-select/dist/js/tom-select.complete.min.js"></script>
<script>
  $('#city').select2();
  flatpickr('#checkin', {dateFormat: 'Y-m-d'});
  new Choices('#room', {searchEnabled: false, itemSelectText: ''});
  new TomSelect('#extras', {plugins: ['remove_button']});
</script></body></html>"""

TRAVEL = HEAD.format(title="Travel request", css="""
<link rel="stylesheet" href="/vendor/jquery-ui/dist/themes/base/jquery-ui.min.css">""") + """
<form action="/submit" method="get">
  <input type="hidden" name="form" value="Travel">
  <div class="mb-3"><label class="form-label" for="traveller">Traveller</label>
    <input class="form-control" id="traveller" name="traveller" required></div>
  <div class="mb-3"><label class="form-label" for="from">Departure airport</label>
    <input class="form-control" id="from" name="from" placeholder="Start typing a city"></div>
  <div class="mb-3"><label class="form-label" for="date">Travel date</label>
    <input class="form-control" id="date" name="date" placeholder="mm/dd/yyyy"></div>
  <ul class="nav nav-tabs" role="tablist">
    <li class="nav-item" role="presentation"><button class="nav-link active" data-bs-toggle="tab"
      data-bs-target="#business" type="button" role="tab">Business trip</button></li>
    <li class="nav-item" role="presentation"><button class="nav-link" data-bs-toggle="tab"
      data-bs-target="#personal" type="button" role="tab">Personal trip</button></li>
  </ul>
  <div class="tab-content border border-top-0 p-3 mb-3">
    <div class="tab-pane fade show active" id="business" role="tabpanel">
      <label class="form-label" for="project">Project code</label>
      <input class="form-control" id="project" name="project"></div>
    <div class="tab-pane fade" id="personal" role="tabpanel">
      <label class="form-label" for="reason">Reason for travel</label>
      <input class="form-control" id="reason" name="reason"></div>
  </div>
  <div class="accordion mb-3" id="more">
    <div class="accordion-item"><h2 class="accordion-header"><button class="accordion-button collapsed"
      type="button" data-bs-toggle="collapse" data-bs-target="#passport-panel">Passport details</button></h2>
      <div id="passport-panel" class="accordion-collapse collapse" data-bs-parent="#more"><div class="accordion-body">
        <label class="form-label" for="passport">Passport number</label>
        <input class="form-control" id="passport" name="passport"></div></div></div>
  </div>
  <button class="btn btn-primary" type="submit">Send request</button>
</form>
<script src="/vendor/jquery/dist/jquery.min.js"></script>
<script src="/vendor/jquery-ui/dist/jquery-ui.min.js"></script>
<script src="/vendor/bootstrap/dist/js/bootstrap.bundle.min.js"></script>
<script>
  $('#from').autocomplete({source: AIRPORTS});
  $('#date').datepicker();
</script></body></html>"""


def ensure_widgets() -> Path:
    """Install the widget libraries from the npm registry if they are missing; return node_modules."""
    return npm_install(PREFIX, PACKAGES)


class _Handler(FormEchoHandler):
    modules: Path
    orders: ClassVar[dict[str, tuple[str, ...]]] = {
        "Booking": ("guest", "city", "checkin", "room", "extras"),
        "Travel": ("traveller", "from", "date", "reason", "passport"),
    }

    def translate_path(self, path: str) -> str:
        if path.startswith("/vendor/"):
            return str(self.modules / urlsplit(path).path.removeprefix("/vendor/"))
        return super().translate_path(path)


@contextlib.contextmanager
def widget_site() -> Iterator[str]:
    modules = ensure_widgets()
    with tempfile.TemporaryDirectory(prefix="gt-widgets-") as tmp:
        root = Path(tmp)
        cities = "".join(f"<option>{city}</option>" for city in CITIES)
        (root / "booking.html").write_text(BOOKING.replace("{cities}", cities), encoding="utf-8")
        (root / "travel.html").write_text(
            TRAVEL.replace("source: AIRPORTS", f"source: {AIRPORTS!r}"), encoding="utf-8")
        handler = type("Handler", (_Handler,), {"modules": modules})
        with serve_forms(root, handler) as base:
            yield base
