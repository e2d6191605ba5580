"""A real web shop nobody here wrote, for the navigator benchmark: django-oscar's stock storefront
and dashboard.

django-oscar (pinned below, installed from PyPI into benchmarks/.venv-oscar on first use, not a
ghosttab dependency) serves its own templates, forms and scripts: a catalogue with a category menu
and search, product pages with reviews and wish lists, a basket with a folded voucher form, a
multi-step checkout (a guest or sign-in gateway, a shipping address form or the address book, a
choice of shipping methods, payment, a preview, the thank-you page), the customer's account pages
(order history, address book) and the staff dashboard (orders with their notes, products edited
in tabs, customers). Ours are only the settings, the shipping methods offered (Oscar's documented
way: a fork of its shipping app with a repository of three methods) and the seed data below.

    with oscar_shop() as url:   # the shop's base URL; sign in with USERNAME / PASSWORD
        ...
"""

from __future__ import annotations

import atexit
import contextlib
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

from local_server import django_copy

HERE = Path(__file__).resolve().parent
VENV = HERE / ".venv-oscar"
PYTHON = VENV / "bin" / "python"
OSCAR_VERSION = "4.2.1"
REQUIREMENTS = [f"django-oscar=={OSCAR_VERSION}", "django>=5.2,<6", "sorl-thumbnail==13.4.0", "Whoosh==2.7.4"]
# A customer's account, and a staff member's for the dashboard tasks (Oscar sends staff to the
# dashboard on signing in). Oscar signs in by e-mail address; the tasks' secrets are called
# username and password all the same.
USERNAME = "morgan.reyes@example.com"
PASSWORD = "Saffron-Kettle-58"
STAFF_USERNAME = "dana.whitlock@harbourbooks.example"
STAFF_PASSWORD = "Granite-Puffin-73"

SETTINGS = """
import os
from oscar.defaults import *  # noqa
import oscar

BASE = os.path.dirname(os.path.abspath(__file__))
SECRET_KEY = "benchmark-only-not-secret"
DEBUG = True
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
INSTALLED_APPS = [app if app != "oscar.apps.shipping.apps.ShippingConfig" else "shop_shipping.apps.ShippingConfig"
                  for app in oscar.INSTALLED_APPS] + ["sorl.thumbnail"]
SITE_ID = 1
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "oscar.apps.basket.middleware.BasketMiddleware",
    "django.contrib.flatpages.middleware.FlatpageFallbackMiddleware",
]
AUTHENTICATION_BACKENDS = ["oscar.apps.customer.auth_backends.EmailBackend",
                           "django.contrib.auth.backends.ModelBackend"]
ROOT_URLCONF = "shop_urls"
TEMPLATES = [{
    "BACKEND": "django.template.backends.django.DjangoTemplates",
    "APP_DIRS": True,
    "OPTIONS": {"context_processors": [
        "django.template.context_processors.debug",
        "django.template.context_processors.request",
        "django.contrib.auth.context_processors.auth",
        "django.template.context_processors.i18n",
        "django.contrib.messages.context_processors.messages",
        "oscar.apps.search.context_processors.search_form",
        "oscar.apps.checkout.context_processors.checkout",
        "oscar.apps.communication.notifications.context_processors.notifications",
        "oscar.core.context_processors.metadata",
    ]},
}]
# Tasks run side by side write at once: take SQLite's write lock up front and wait for it.
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": os.path.join(BASE, "db.sqlite3"),
                         "OPTIONS": {"timeout": 30, "transaction_mode": "IMMEDIATE"}, "ATOMIC_REQUESTS": True}}
# Oscar browses and searches its catalogue through Haystack; Whoosh is its pure-Python engine.
HAYSTACK_CONNECTIONS = {"default": {"ENGINE": "haystack.backends.whoosh_backend.WhooshEngine",
                                   "PATH": os.path.join(BASE, "whoosh_index")}}
STATIC_URL = "/static/"
MEDIA_URL = "/media/"
MEDIA_ROOT = os.path.join(BASE, "media")
USE_TZ = True
TIME_ZONE = "Europe/London"
LANGUAGE_CODE = "en-gb"
LANGUAGES = [("en-gb", "British English"), ("fr", "Français"), ("de", "Deutsch")]
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"
EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
THUMBNAIL_DEBUG = False
OSCAR_SHOP_NAME = "Harbour Books"
OSCAR_SHOP_TAGLINE = "Books, maps and stationery"
OSCAR_DEFAULT_CURRENCY = "GBP"
OSCAR_ALLOW_ANON_CHECKOUT = True
OSCAR_INITIAL_ORDER_STATUS = "Pending"
OSCAR_INITIAL_LINE_STATUS = "Pending"
OSCAR_ORDER_STATUS_PIPELINE = {
    "Pending": ("Being processed", "Cancelled"),
    # Listed as its own successor so that a task setting it runs again on the same shop (both
    # benchmark modes run on one server): Oscar then reports the change all the same.
    "Being processed": ("Being processed", "Shipped", "Cancelled"),
    "Shipped": (),
    "Cancelled": (),
}
OSCAR_LINE_STATUS_PIPELINE = OSCAR_ORDER_STATUS_PIPELINE
"""

URLS = """
from django.apps import apps
from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("", include(apps.get_app_config("oscar").urls[0])),
] + static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
"""

SHIPPING_APPS = """
from oscar.apps.shipping import apps


class ShippingConfig(apps.ShippingConfig):
    name = "shop_shipping"
"""

SHIPPING_MODELS = """
from oscar.apps.shipping.models import *  # noqa
"""

SHIPPING_REPOSITORY = """
from decimal import Decimal as D

from oscar.apps.shipping import methods, repository


class Standard(methods.FixedPrice):
    code = "standard"
    name = "Standard delivery"
    description = "Royal Mail, 3 to 5 working days"
    charge_excl_tax = D("3.50")
    charge_incl_tax = D("3.50")


class Express(methods.FixedPrice):
    code = "express"
    name = "Express delivery"
    description = "Courier, next working day"
    charge_excl_tax = D("9.95")
    charge_incl_tax = D("9.95")


class Collect(methods.Free):
    code = "collect"
    name = "Collect in store"
    description = "Pick it up at our Harbour Street shop"


class Repository(repository.Repository):
    methods = (Standard(), Express(), Collect())
"""

SEED = f"""
import datetime
from decimal import Decimal as D

from django.contrib.auth import get_user_model
from django.contrib.sites.models import Site
from django.utils import timezone
from oscar.apps.catalogue.categories import create_from_breadcrumbs
from oscar.core.loading import get_class, get_model
from oscar.test.factories import create_order

Site.objects.filter(pk=1).update(domain="127.0.0.1", name="Harbour Books")
Country = get_model("address", "Country")
for code, name in [("GB", "United Kingdom"), ("IE", "Ireland"), ("FR", "France"), ("DE", "Germany"),
                   ("NL", "Netherlands"), ("ES", "Spain")]:
    Country.objects.create(iso_3166_1_a2=code, iso_3166_1_a3=code + "X", iso_3166_1_numeric=str(len(code)),
                           printable_name=name, name=name, is_shipping_country=True)
gb = Country.objects.get(iso_3166_1_a2="GB")

ProductClass = get_model("catalogue", "ProductClass")
Product = get_model("catalogue", "Product")
ProductCategory = get_model("catalogue", "ProductCategory")
Partner = get_model("partner", "Partner")
StockRecord = get_model("partner", "StockRecord")
book = ProductClass.objects.create(name="Book", requires_shipping=True, track_stock=True)
partner = Partner.objects.create(name="Harbour Books warehouse")
CATALOGUE = [
    ("Books > Travel", "Tidewater Atlas of the North Sea", "9780000000011", "24.00"),
    ("Books > Travel", "Walking the Cornish Coast", "9780000000028", "14.99"),
    ("Books > Travel", "A Rail Journey Through the Alps", "9780000000035", "18.50"),
    ("Books > Fiction", "The Lighthouse Keeper's Daughter", "9780000000042", "8.99"),
    ("Books > Fiction", "Salt and Cedar", "9780000000059", "10.99"),
    ("Books > Fiction", "The Glass Orchard", "9780000000066", "12.49"),
    ("Books > Fiction", "Midnight at the Ferry Terminal", "9780000000073", "9.49"),
    ("Books > Cookery", "Bread from the Stone Oven", "9780000000080", "22.00"),
    ("Books > Cookery", "The Fishmonger's Table", "9780000000097", "19.99"),
    ("Books > Cookery", "Small Plates, Big Flavours", "9780000000103", "16.00"),
    ("Maps", "Ordnance Map: Isle of Skye", "5010000000017", "9.99"),
    ("Maps", "Ordnance Map: Lake District West", "5010000000024", "9.99"),
    ("Maps", "Nautical Chart: Solent and Approaches", "5010000000031", "27.50"),
    ("Stationery", "Field Notes Notebook, pack of 3", "5020000000014", "11.00"),
    ("Stationery", "Brass Compass Bookmark", "5020000000021", "6.50"),
    ("Stationery", "Waterproof Map Case", "5020000000038", "15.00"),
]
products = {{}}
for i, (path, title, upc, price) in enumerate(CATALOGUE):
    category = create_from_breadcrumbs(path)
    product = Product.objects.create(product_class=book, title=title, upc=upc, structure="standalone",
                                     description=f"{{title}}: one of our favourites in {{path.split(' > ')[-1]}}.")
    ProductCategory.objects.create(product=product, category=category)
    StockRecord.objects.create(product=product, partner=partner, partner_sku=f"HB-{{1001 + i}}",
                               price=D(price), num_in_stock=500)
    products[title] = product

User = get_user_model()
morgan = User.objects.create_user(username="morgan", email={USERNAME!r}, password={PASSWORD!r},
                                  first_name="Morgan", last_name="Reyes")
for first, last, email in [("Priya", "Natarajan", "priya.n@example.com"), ("Tom", "Okafor", "tom.okafor@example.com"),
                           ("Ingrid", "Solberg", "ingrid.solberg@example.com"),
                           ("Hannah", "Whitfield", "hannah.whitfield@example.com")]:
    User.objects.create_user(username=email.split("@")[0].replace(".", ""), email=email, password="Not-Used-123",
                             first_name=first, last_name=last)
User.objects.create_superuser(username="dana", email={STAFF_USERNAME!r}, password={STAFF_PASSWORD!r},
                              first_name="Dana", last_name="Whitlock")

UserAddress = get_model("address", "UserAddress")
UserAddress.objects.create(user=morgan, first_name="Morgan", last_name="Reyes", line1="14 Quay Street",
                           line4="Bristol", postcode="BS1 4DJ", country=gb, phone_number="+441179460123",
                           is_default_for_shipping=True, is_default_for_billing=True)
UserAddress.objects.create(user=morgan, first_name="Morgan", last_name="Reyes", line1="Flat 3, 52 Marine Parade",
                           line4="Brighton", postcode="BN2 1PE", country=gb)
UserAddress.objects.create(user=morgan, first_name="Alex", last_name="Reyes", line1="7 Castle Wynd",
                           line4="Edinburgh", postcode="EH1 2NG", country=gb)

Basket = get_model("basket", "Basket")
ShippingAddress = get_model("order", "ShippingAddress")
Default = get_class("partner.strategy", "Default")
Standard = get_class("shipping.repository", "Standard")
ORDERS = [
    ("100021", [("Salt and Cedar", 1), ("Brass Compass Bookmark", 2)], datetime.datetime(2026, 1, 12, 10, 30)),
    ("100034", [("Bread from the Stone Oven", 1)], datetime.datetime(2026, 2, 3, 16, 5)),
    ("100047", [("Ordnance Map: Isle of Skye", 1), ("Waterproof Map Case", 1)],
     datetime.datetime(2026, 3, 21, 9, 15)),
    ("100052", [("The Glass Orchard", 3)], datetime.datetime(2026, 4, 8, 14, 45)),
]
for number, lines, placed in ORDERS:
    basket = Basket.objects.create(owner=morgan)
    basket.strategy = Default()
    for title, quantity in lines:
        basket.add_product(products[title], quantity)
    address = ShippingAddress.objects.create(first_name="Morgan", last_name="Reyes", line1="14 Quay Street",
                                             line4="Bristol", postcode="BS1 4DJ", country=gb)
    create_order(number=number, basket=basket, user=morgan, shipping_address=address, shipping_method=Standard(),
                 date_placed=timezone.make_aware(placed))

Range = get_model("offer", "Range")
Condition = get_model("offer", "Condition")
Benefit = get_model("offer", "Benefit")
ConditionalOffer = get_model("offer", "ConditionalOffer")
Voucher = get_model("voucher", "Voucher")
everything = Range.objects.create(name="Everything", includes_all_products=True)
offer = ConditionalOffer.objects.create(
    name="Spring reader discount", offer_type=ConditionalOffer.VOUCHER,
    condition=Condition.objects.create(range=everything, type=Condition.COUNT, value=1),
    benefit=Benefit.objects.create(range=everything, type=Benefit.PERCENTAGE, value=10))
voucher = Voucher.objects.create(name="Spring readers", code="SPRING10", usage=Voucher.MULTI_USE,
                                 start_datetime=timezone.now() - datetime.timedelta(days=30),
                                 end_datetime=timezone.now() + datetime.timedelta(days=3650))
voucher.offers.add(offer)
"""


# Held out, blind: written in plain words before any run of the navigator on this shop, run once.
# First run, the navigator as of cefdac6: ghosttab 2/14 (osc-search-basket, osc-browse-category).
# (id, goal, start path, data, success). The shop's tasks, signed in (where they sign in) as the
# customer, USERNAME and PASSWORD:
TASKS: list[tuple[str, str, str, dict[str, str], dict[str, str]]] = [
    ("osc-search-basket", 'Search for "Tidewater Atlas" and add it to the basket', "/", {},
     {"text": "has been added to your basket"}),
    ("osc-browse-category", "Browse the {category} books and open {product}", "/",
     {"category": "Cookery", "product": "The Fishmonger's Table"}, {"url_contains": "/catalogue/the-fishmongers-table_9/"}),
    ("osc-guest-express",
     "Buy {product} as a guest with the email {email}, have it delivered to {first_name} {last_name}, {line1}, "
     "{city}, {postcode}, {country} by {shipping}, and place the order",
     "/", {"product": "Walking the Cornish Coast", "email": "sam.carter@example.net", "first_name": "Sam",
           "last_name": "Carter", "line1": "9 Ropewalk Lane", "city": "Whitby", "postcode": "YO21 3PU",
           "country": "United Kingdom", "shipping": "Express delivery"},
     {"url_contains": "/checkout/thank-you/", "text": "Express delivery"}),
    ("osc-signin-saved-address",
     "Sign in and order {quantity} copies of {product}, delivered to my address in {city} by {shipping}", "/",
     {"quantity": "2", "product": "Salt and Cedar", "city": "Brighton", "shipping": "Standard delivery"},
     {"url_contains": "/checkout/thank-you/", "text": "52 Marine Parade"}),
    ("osc-voucher", "Put the {product} in my basket and apply the voucher code {code}", "/catalogue/",
     {"product": "Brass Compass Bookmark", "code": "SPRING10"}, {"text": "Voucher 'SPRING10' added to basket"}),
    ("osc-add-address",
     "Sign in and add a new address to my address book: {first_name} {last_name}, {line1}, {city}, {postcode}, "
     "{country}, phone {phone}",
     "/", {"first_name": "Morgan", "last_name": "Reyes", "line1": "22 Harbour Road", "city": "Falmouth",
           "postcode": "TR11 2AA", "country": "United Kingdom", "phone": "01326 210000"},
     {"text": "22 Harbour Road, Falmouth, TR11 2AA, United Kingdom' created"}),
    ("osc-order-by-date", "Sign in and open the order I placed on {date}", "/", {"date": "3 February 2026"},
     {"url_contains": "/accounts/orders/100034/"}),
    ("osc-reorder", "Sign in and buy everything from my order {number} again", "/", {"number": "100047"},
     {"text": "have been added to your basket"}),
    ("osc-review", 'Review {product} as {name} ({email}): {score} stars, title "{title}", text "{body}"', "/",
     {"product": "The Glass Orchard", "name": "Jo Bell", "email": "jo.bell@example.org", "score": "4",
      "title": "A quiet, lovely read", "body": "Slow to start but the last chapters are wonderful."},
     {"text": "Thank you for reviewing this product"}),
    ("osc-wishlist", "Sign in and add {product} to my wish list", "/",
     {"product": "A Rail Journey Through the Alps"}, {"text": "added to your wish list"}),
]  # fmt: skip

# The dashboard's tasks, signed in as the staff member, STAFF_USERNAME and STAFF_PASSWORD (written
# with the ones above, before any run).
STAFF_TASKS: list[tuple[str, str, str, dict[str, str], dict[str, str]]] = [
    ("osc-dash-note", 'In the dashboard, add the note "{note}" to order {number}', "/",
     {"note": "Customer asked for gift wrapping", "number": "100052"}, {"text": "Note saved"}),
    ("osc-dash-price", "In the dashboard, change the price of {product} to {price}", "/",
     {"product": "Waterproof Map Case", "price": "16.50"}, {"text": "Updated product 'Waterproof Map Case'"}),
    ("osc-dash-status", "Mark order {number} as {status}", "/dashboard/",
     {"number": "100021", "status": "Being processed"}, {"text": "to 'Being processed'"}),
    ("osc-dash-customer", "Find the customer with the email {email} in the dashboard and open their details", "/",
     {"email": "ingrid.solberg@example.com"}, {"url_contains": "/dashboard/users/4/"}),
]  # fmt: skip


def ensure_oscar() -> str:
    """Make the Oscar venv if it is missing; return Oscar's version."""
    if not PYTHON.exists():
        print(f"creating {VENV} and installing django-oscar {OSCAR_VERSION} from PyPI …", flush=True)
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
        subprocess.run([str(PYTHON), "-m", "pip", "install", "-q", *REQUIREMENTS], check=True)
    done = subprocess.run(
        [str(PYTHON), "-c", "import oscar; print(oscar.get_version())"], capture_output=True, text=True, check=True
    )
    return done.stdout.strip()


def _env(folder: Path) -> dict[str, str]:
    return {"DJANGO_SETTINGS_MODULE": "shop_settings", "PYTHONPATH": str(folder), "PATH": "/usr/bin:/bin"}


def build_project(folder: Path) -> None:
    """Write the project, migrate it and load the seed data into `folder/db.sqlite3`."""
    shipping = folder / "shop_shipping"
    shipping.mkdir(parents=True)
    (folder / "shop_settings.py").write_text(SETTINGS, encoding="utf-8")
    (folder / "shop_urls.py").write_text(URLS, encoding="utf-8")
    (shipping / "__init__.py").write_text("", encoding="utf-8")
    (shipping / "apps.py").write_text(SHIPPING_APPS, encoding="utf-8")
    (shipping / "models.py").write_text(SHIPPING_MODELS, encoding="utf-8")
    (shipping / "repository.py").write_text(SHIPPING_REPOSITORY, encoding="utf-8")
    site_packages = subprocess.run(
        [str(PYTHON), "-c", "import oscar, os; print(os.path.dirname(oscar.__file__))"],
        capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip
    oscar_dir = Path(site_packages)
    # The shipping app's migrations come with the fork, as oscar_fork_app copies them.
    shutil.copytree(oscar_dir / "apps" / "shipping" / "migrations", shipping / "migrations",
                    ignore=shutil.ignore_patterns("__pycache__"))  # fmt: skip
    (folder / "media").mkdir()
    shutil.copy(oscar_dir / "static" / "oscar" / "img" / "image_not_found.jpg", folder / "media")
    manage = [str(PYTHON), "-m", "django"]
    for command in (["migrate", "-v", "0"], ["shell", "-c", SEED], ["update_index", "-v", "0"]):
        done = subprocess.run([*manage, *command], cwd=folder, env=_env(folder), capture_output=True, text=True)
        if done.returncode:
            raise RuntimeError(f"oscar set-up {command[0]} failed:\n{done.stderr[-3000:]}")


_template: list[Path] = []


def built_template() -> Path:
    """A migrated, seeded project, built once per process (a minute) and copied for each shop."""
    if not _template:
        folder = Path(tempfile.mkdtemp(prefix="gt-oscar-template-"))
        atexit.register(shutil.rmtree, folder, True)
        build_project(folder / "shop")
        _template.append(folder / "shop")
    return _template[0]


@contextlib.contextmanager
def oscar_shop() -> Iterator[str]:
    """Serve a fresh copy of the seeded shop on a free port; yield its base URL."""
    ensure_oscar()
    with django_copy(built_template(), PYTHON, _env, "Oscar shop") as url:
        yield url


if __name__ == "__main__":
    print(f"django-oscar {ensure_oscar()}")
    with oscar_shop() as base:
        print(f"serving {base}/ (Ctrl-C to stop); customer {USERNAME} / {PASSWORD}, "
              f"staff {STAFF_USERNAME} / {STAFF_PASSWORD}", flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            import time

            while True:
                time.sleep(3600)
