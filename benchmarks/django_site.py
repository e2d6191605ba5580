"""A real web application nobody here wrote, for the navigator benchmark: Django's admin site.

Django (installed from PyPI into benchmarks/.venv-django on first use, not a ghosttab dependency)
serves its stock admin for a small customer/order database: a login form, change lists with
search, filters and pagination, add and change forms with text, e-mail, date, select, foreign-key
and checkbox fields, delete confirmations, user and password forms. Only the models and the seed
data below are ours; every page, form, widget and script is Django's.

    with django_admin() as site:   # site.url, site.username, site.password
        ...
"""

from __future__ import annotations

import contextlib
import shutil
import socket
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from local_server import server_process

HERE = Path(__file__).resolve().parent
VENV = HERE / ".venv-django"
PYTHON = VENV / "bin" / "python"
USERNAME = "admin"
PASSWORD = "Quartz-Lantern-42"
# A second account, for the task that changes its own password (Django then signs that account's
# other sessions out, which would break the tasks signed in as the first).
CLERK = ("clerk", "Copper-Meadow-17")

SETTINGS = """
SECRET_KEY = "benchmark-only-not-secret"
DEBUG = True
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
INSTALLED_APPS = ["django.contrib.admin", "django.contrib.auth", "django.contrib.contenttypes",
                  "django.contrib.sessions", "django.contrib.messages", "django.contrib.staticfiles", "crm"]
MIDDLEWARE = ["django.middleware.security.SecurityMiddleware",
              "django.contrib.sessions.middleware.SessionMiddleware",
              "django.middleware.common.CommonMiddleware", "django.middleware.csrf.CsrfViewMiddleware",
              "django.contrib.auth.middleware.AuthenticationMiddleware",
              "django.contrib.messages.middleware.MessageMiddleware"]
ROOT_URLCONF = "site_urls"
TEMPLATES = [{"BACKEND": "django.template.backends.django.DjangoTemplates", "APP_DIRS": True,
              "OPTIONS": {"context_processors": ["django.template.context_processors.request",
                                                 "django.contrib.auth.context_processors.auth",
                                                 "django.contrib.messages.context_processors.messages"]}}]
# Tasks run side by side write at once: take SQLite's write lock up front and wait for it, instead
# of failing with "database is locked" (an HTTP 500) when two requests write together.
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": "db.sqlite3",
                         "OPTIONS": {"timeout": 30, "transaction_mode": "IMMEDIATE"}}}
STATIC_URL = "static/"
USE_TZ = False
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"
"""

URLS = """
from django.contrib import admin
from django.urls import path
urlpatterns = [path("admin/", admin.site.urls)]
"""

MODELS = """
from django.db import models

COUNTRIES = [("de", "Germany"), ("fr", "France"), ("es", "Spain"), ("it", "Italy"), ("pt", "Portugal"),
             ("nl", "Netherlands"), ("se", "Sweden"), ("pl", "Poland")]
PRODUCTS = [("desk", "Standing desk"), ("chair", "Office chair"), ("lamp", "Desk lamp"),
            ("monitor", "27-inch monitor"), ("keyboard", "Mechanical keyboard")]
STATUSES = [("new", "New"), ("paid", "Paid"), ("shipped", "Shipped"), ("cancelled", "Cancelled")]


class Customer(models.Model):
    name = models.CharField(max_length=100)
    email = models.EmailField()
    country = models.CharField(max_length=2, choices=COUNTRIES)
    birth_date = models.DateField("date of birth", null=True, blank=True)
    vip = models.BooleanField("VIP customer", default=False)
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Order(models.Model):
    customer = models.ForeignKey(Customer, on_delete=models.CASCADE)
    product = models.CharField(max_length=20, choices=PRODUCTS)
    quantity = models.PositiveIntegerField(default=1)
    ordered_on = models.DateField()
    status = models.CharField(max_length=20, choices=STATUSES, default="new")
    gift_wrap = models.BooleanField(default=False)

    def __str__(self):
        return f"Order {self.pk}"
"""

ADMIN = """
from django.contrib import admin
from crm.models import Customer, Order


@admin.register(Customer)
class CustomerAdmin(admin.ModelAdmin):
    list_display = ["name", "email", "country", "vip"]
    list_filter = ["country", "vip"]
    search_fields = ["name", "email"]
    list_per_page = 20


@admin.register(Order)
class OrderAdmin(admin.ModelAdmin):
    list_display = ["__str__", "customer", "product", "quantity", "ordered_on", "status"]
    list_filter = ["status", "product"]
    search_fields = ["customer__name"]
    list_per_page = 20
"""

SEED = f"""
import datetime, itertools
from django.contrib.auth.models import User
from crm.models import Customer, Order, COUNTRIES, PRODUCTS, STATUSES
User.objects.create_superuser({USERNAME!r}, "admin@example.com", {PASSWORD!r})
User.objects.create_superuser({CLERK[0]!r}, "clerk@example.com", {CLERK[1]!r})
User.objects.create_user("mlopez", "m.lopez@example.com", "Plain-User-Pass-9")
first = ["Anna", "Bruno", "Carla", "David", "Elif", "Felix", "Greta", "Hamid", "Irene", "Jonas", "Katja",
         "Lucas", "Marta", "Nils", "Olga", "Pavel"]
last = ["Adler", "Berg", "Costa", "Dumont", "Engel", "Ferreira", "Gruber", "Horvat", "Ivanova", "Jansen"]
people = [f"{{f}} {{l}}" for l, f in itertools.product(last, first)][:90]
for i, name in enumerate(people):
    c = Customer.objects.create(name=name, email=name.lower().replace(" ", ".") + "@example.com",
                                country=COUNTRIES[i % len(COUNTRIES)][0],
                                birth_date=datetime.date(1960 + i % 40, 1 + i % 12, 1 + i % 28),
                                vip=i % 7 == 0)
    for j in range(i % 3):
        Order.objects.create(customer=c, product=PRODUCTS[(i + j) % len(PRODUCTS)][0], quantity=1 + j,
                             ordered_on=datetime.date(2026, 1 + (i + j) % 12, 1 + i % 28),
                             status=STATUSES[(i + j) % len(STATUSES)][0])
"""


@dataclass
class DjangoSite:
    url: str
    username: str = USERNAME
    password: str = PASSWORD


def ensure_django() -> str:
    """Make the Django venv if it is missing; return Django's version."""
    if not PYTHON.exists():
        print(f"creating {VENV} and installing Django from PyPI …", flush=True)
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
        subprocess.run([str(PYTHON), "-m", "pip", "install", "-q", "django>=5,<6"], check=True)
    done = subprocess.run(
        [str(PYTHON), "-c", "import django; print(django.get_version())"],
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.strip()


def build_project(folder: Path) -> None:
    """Write the project, migrate it and load the seed data into `folder/db.sqlite3`."""
    (folder / "crm").mkdir(parents=True)
    (folder / "site_settings.py").write_text(SETTINGS, encoding="utf-8")
    (folder / "site_urls.py").write_text(URLS, encoding="utf-8")
    (folder / "crm" / "__init__.py").write_text("", encoding="utf-8")
    (folder / "crm" / "models.py").write_text(MODELS, encoding="utf-8")
    (folder / "crm" / "admin.py").write_text(ADMIN, encoding="utf-8")
    manage = [str(PYTHON), "-m", "django"]
    env = {"DJANGO_SETTINGS_MODULE": "site_settings", "PYTHONPATH": str(folder), "PATH": "/usr/bin:/bin"}
    for command in (["makemigrations", "crm", "-v", "0"], ["migrate", "-v", "0"], ["shell", "-c", SEED]):
        subprocess.run([*manage, *command], cwd=folder, env=env, check=True, capture_output=True)


@contextlib.contextmanager
def django_admin(template: Path | None = None) -> Iterator[DjangoSite]:
    """Serve the admin on a free port with a fresh copy of the database built in `template`
    (built here when not given)."""
    ensure_django()
    with tempfile.TemporaryDirectory(prefix="gt-django-") as tmp:
        folder = Path(tmp) / "site"
        if template is None:
            build_project(folder)
        else:
            shutil.copytree(template, folder)
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        env = {"DJANGO_SETTINGS_MODULE": "site_settings", "PYTHONPATH": str(folder), "PATH": "/usr/bin:/bin"}
        url = f"http://127.0.0.1:{port}"
        command = [str(PYTHON), "-m", "django", "runserver", f"127.0.0.1:{port}", "--noreload"]
        with server_process(command, url + "/admin/login/", env=env, cwd=folder, name="Django admin"):
            yield DjangoSite(url)


@contextlib.contextmanager
def built_project() -> Iterator[Path]:
    """A migrated, seeded project folder to copy for each fresh site."""
    ensure_django()
    with tempfile.TemporaryDirectory(prefix="gt-django-template-") as tmp:
        folder = Path(tmp) / "site"
        build_project(folder)
        yield folder
