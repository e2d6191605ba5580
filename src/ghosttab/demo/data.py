"""Deterministic fake data of the demo site."""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass
from datetime import date, timedelta

# ---------------------------------------------------------------- portal

PORTAL_USERS: dict[str, str] = {
    "buyer1": "s3cret",
    "buyer2": "hunter2",
    "buyer3": "opensesame",
}

SUPPLIERS = [
    "Northwind Traders",
    "Contoso Industrial",
    "Fabrikam Components",
    "Globex Packaging",
    "Initech Office Supply",
    "Tailspin Logistics",
    "Blue Yonder Metals",
    "Litware Electronics",
    "Wide World Importers",
    "Proseware Chemicals",
]

ITEMS: list[tuple[str, int]] = [
    ("Hex bolt M8 x 40, zinc plated (box of 100)", 1450),
    ("Corrugated shipping box 40x30x30 cm", 185),
    ("Nitrile gloves, size L (box of 200)", 2399),
    ("Stretch wrap film 500 mm x 300 m", 3275),
    ("Cable tie 300 mm, black (pack of 500)", 1120),
    ("Safety glasses, clear anti-fog", 695),
    ("Printer paper A4 80 g (ream)", 549),
    ("Pallet label roll 100 x 150 mm", 1890),
    ("Stainless steel washer M10 (pack of 250)", 980),
    ("Industrial degreaser 5 L", 4150),
    ("LED panel light 600 x 600 mm", 5600),
    ("Hydraulic hose 1/2 in, per metre", 1275),
]

STATUSES = ["Open", "Approved", "Shipped", "Invoiced", "Closed"]


@dataclass(frozen=True)
class OrderLine:
    description: str
    quantity: int
    unit_cents: int

    @property
    def total_cents(self) -> int:
        return self.quantity * self.unit_cents


@dataclass(frozen=True)
class PurchaseOrder:
    number: str
    supplier: str
    date: date
    status: str
    lines: tuple[OrderLine, ...]

    @property
    def amount_cents(self) -> int:
        return sum(line.total_cents for line in self.lines)


def _make_orders() -> list[PurchaseOrder]:
    orders: list[PurchaseOrder] = []
    start = date(2024, 1, 8)
    for index in range(60):
        number = f"PO-{10001 + index}"
        rng = random.Random(number)
        lines = tuple(
            OrderLine(desc, rng.randint(1, 40) * (5 if unit < 1000 else 1), unit)
            for desc, unit in rng.sample(ITEMS, rng.randint(1, 4))
        )
        orders.append(
            PurchaseOrder(
                number=number,
                supplier=rng.choice(SUPPLIERS),
                date=start + timedelta(days=index * 3 + rng.randint(0, 2)),
                status=STATUSES[max(0, min(4, (60 - index) // 12 + rng.randint(-1, 0)))],
                lines=lines,
            )
        )
    orders.reverse()  # newest first, like most portals
    return orders


ORDERS: list[PurchaseOrder] = _make_orders()
ORDERS_BY_NUMBER: dict[str, PurchaseOrder] = {o.number: o for o in ORDERS}

# ---------------------------------------------------------------- swim


@dataclass(frozen=True)
class SwimClass:
    slug: str
    name: str
    day: str
    time: str
    level: str
    spots: int
    price_cents: int
    weeks: int
    instructor: str
    pool: str
    description: str


SWIM_CLASSES: list[SwimClass] = [
    SwimClass(
        "monday-morning",
        "Monday Morning",
        "Monday",
        "9:00 – 9:45 AM",
        "Adult beginners",
        6,
        12000,
        8,
        "Grace Holloway",
        "Indoor 25 m pool",
        "A relaxed session for adults who are new to swimming or want to rebuild "
        "confidence in the water. We cover floating, breathing and basic strokes.",
    ),
    SwimClass(
        "tuesday-evening",
        "Tuesday Evening",
        "Tuesday",
        "6:30 – 7:15 PM",
        "Kids 7–12",
        4,
        11000,
        8,
        "Marcus Bell",
        "Indoor 25 m pool",
        "Our most popular after-school class. Children work on freestyle and "
        "backstroke technique in small groups of six.",
    ),
    SwimClass(
        "wednesday-afternoon",
        "Wednesday Afternoon",
        "Wednesday",
        "3:45 – 4:30 PM",
        "Kids 5–8",
        7,
        11000,
        8,
        "Priya Nair",
        "Teaching pool",
        "Water skills for younger swimmers: kicking, gliding, safe entries and exits, and first strokes.",
    ),
    SwimClass(
        "thursday-evening",
        "Thursday Evening",
        "Thursday",
        "7:30 – 8:30 PM",
        "Adult improvers",
        9,
        14500,
        8,
        "Tom Okafor",
        "Indoor 25 m pool",
        "For adults who can swim a length and want better technique, endurance and tumble turns.",
    ),
    SwimClass(
        "friday-morning",
        "Friday Morning",
        "Friday",
        "10:00 – 10:45 AM",
        "Seniors",
        11,
        9000,
        6,
        "Helen Park",
        "Indoor 25 m pool",
        "Gentle low-impact swimming and aqua fitness for swimmers aged 60 and over.",
    ),
    SwimClass(
        "saturday-family-swim",
        "Saturday Family Swim",
        "Saturday",
        "1:00 – 2:00 PM",
        "All ages",
        14,
        6000,
        6,
        "Lifeguard on duty",
        "Outdoor leisure pool",
        "Supervised family session with floats and games. Children under 8 must be "
        "accompanied by an adult in the water.",
    ),
    SwimClass(
        "sunday-lap-swim",
        "Sunday Lap Swim",
        "Sunday",
        "7:00 – 8:30 AM",
        "Advanced",
        20,
        7500,
        6,
        "Coach Daniel Reyes",
        "Outdoor 50 m pool",
        "Lane swimming with a coach on deck giving sets for fitness swimmers and triathletes.",
    ),
    SwimClass(
        "toddler-splash",
        "Toddler Splash",
        "Saturday",
        "9:30 – 10:00 AM",
        "Ages 2–4 with parent",
        3,
        8500,
        6,
        "Sofia Lindqvist",
        "Teaching pool",
        "Songs, splashing and first water confidence for toddlers together with a parent or carer.",
    ),
]

SWIM_BY_SLUG: dict[str, SwimClass] = {c.slug: c for c in SWIM_CLASSES}
SWIM_LEVELS = ["Beginner", "Intermediate", "Advanced"]
SWIM_POOLS = ["Indoor", "Outdoor"]

# ---------------------------------------------------------------- shop


@dataclass(frozen=True)
class Product:
    slug: str
    name: str
    category: str
    price_cents: int
    rating: float
    blurb: str


_PRODUCTS: list[tuple[str, str, int, str]] = [
    ("Trail Runner 2 Shoes", "Footwear", 11900, "Grippy, breathable trail shoes for long days."),
    ("Summit 45L Backpack", "Packs", 16900, "Top-loading trekking pack with rain cover."),
    ("Daypack 22L", "Packs", 6900, "Lightweight daypack with hydration sleeve."),
    ("Alpine Down Jacket", "Clothing", 22900, "800-fill down jacket that packs into its pocket."),
    ("Harbor Rain Shell", "Clothing", 14900, "Waterproof breathable 3-layer shell."),
    ("Merino Base Layer", "Clothing", 6500, "Soft merino wool long-sleeve top."),
    ("Coastal Sun Hat", "Clothing", 3200, "Wide-brim UPF 50 hat with chin strap."),
    ("Ridge Insulated Bottle 750 ml", "Kitchen", 3400, "Keeps drinks cold for 24 hours."),
    ("Camp Stove Mini", "Kitchen", 4900, "Compact gas stove that boils water in 3 minutes."),
    ("Titanium Spork", "Kitchen", 1200, "Ultralight spork with bottle opener."),
    ("Canyon Trekking Poles", "Hiking", 8900, "Adjustable aluminium poles with cork grips."),
    ("Firefly Headlamp", "Lighting", 3900, "350-lumen rechargeable headlamp."),
    ("Lantern 300", "Lighting", 4500, "Collapsible LED camp lantern."),
    ("Basecamp 2-Person Tent", "Tents", 27900, "Freestanding three-season tent, 2.1 kg."),
    ("Basecamp 4-Person Tent", "Tents", 39900, "Roomy family tent with two vestibules."),
    ("Glacier Sleeping Bag", "Sleeping", 18900, "Comfort rating -5 °C, synthetic fill."),
    ("Cloud Sleeping Pad", "Sleeping", 9900, "Self-inflating pad, R-value 4.2."),
    ("Travel Pillow", "Sleeping", 2500, "Inflatable pillow with brushed cover."),
    ("Lakeside Camp Chair", "Camp furniture", 5900, "Folding chair with cup holder."),
    ("Meadow Picnic Blanket", "Camp furniture", 4200, "Water-resistant picnic blanket."),
    ("Roll Table", "Camp furniture", 7900, "Aluminium roll-top table."),
    ("Trail Map Case", "Navigation", 1900, "Clear waterproof map case with lanyard."),
    ("Baseplate Compass", "Navigation", 2900, "Compass with declination adjustment."),
    ("First Aid Kit Hiker", "Safety", 3500, "Compact kit for 1–4 people."),
    ("Emergency Bivvy", "Safety", 2200, "Reflective emergency shelter."),
    ("Water Filter Straw", "Water", 2900, "Filters up to 4,000 litres."),
    ("Collapsible Bucket 10 L", "Water", 1800, "Packs flat, handy at camp."),
    ("Hiking Socks (2 pairs)", "Footwear", 2400, "Cushioned merino blend socks."),
    ("Gaiters", "Footwear", 3600, "Keeps mud and snow out of your boots."),
    ("Trail Runner 2 Shoes Wide", "Footwear", 11900, "Wide fit version of the Trail Runner 2."),
]


def _slug(name: str) -> str:
    cleaned = "".join(c.lower() if c.isalnum() else "-" for c in name)
    return "-".join(part for part in cleaned.split("-") if part)


PRODUCTS: list[Product] = [
    Product(_slug(name), name, category, price, round(3.6 + (i * 7 % 14) / 10, 1), blurb)
    for i, (name, category, price, blurb) in enumerate(_PRODUCTS)
]
PRODUCTS_BY_SLUG: dict[str, Product] = {p.slug: p for p in PRODUCTS}
SHIPPING_METHODS: dict[str, tuple[int, str]] = {
    "Standard": (0, "Free, 5–7 business days"),
    "Express": (995, "2–3 business days"),
    "Overnight": (2495, "Next business day"),
}


def search_products(query: str) -> list[Product]:
    """Products whose name or category contains every word of ``query``."""
    words = query.lower().split()
    return [p for p in PRODUCTS if all(w in f"{p.name} {p.category}".lower() for w in words)]


def digits_from(*parts: str, count: int = 6) -> str:
    """Deterministic ``count``-digit number derived from ``parts``."""
    digest = hashlib.sha256("\x1f".join(parts).encode()).hexdigest()
    return f"{int(digest, 16) % 10**count:0{count}d}"


@dataclass
class Contact:
    """A supplier contact in the portal's contact book."""

    id: int
    name: str
    email: str
    company: str
    phone: str


_CONTACT_FIRST = ["Amara", "Bjorn", "Camille", "Dario", "Esther", "Farah", "Gustav", "Hana"]
_CONTACT_LAST = ["Okafor", "Lindqvist", "Moreau", "Rossi", "Kowalski", "Haddad"]


def seed_contacts() -> dict[int, Contact]:
    """48 contacts, one per first and last name, at the suppliers in turn."""
    contacts: dict[int, Contact] = {}
    for number, (last, first) in enumerate(
        ((last, first) for last in _CONTACT_LAST for first in _CONTACT_FIRST), start=1
    ):
        company = SUPPLIERS[number % len(SUPPLIERS)]
        domain = company.split()[0].lower()
        contacts[number] = Contact(
            id=number, name=f"{first} {last}", email=f"{first.lower()}.{last.lower()}@{domain}.example",
            company=company, phone=f"+44 20 7946 {number:04d}",
        )  # fmt: skip
    return contacts
