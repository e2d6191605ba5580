"""The project benchmarks/helpdesk_site.py serves django-helpdesk in: settings, URLs and the seed data
of a small company's IT and facilities help desk. Every page, form and script is django-helpdesk's
(or Django's admin); only these settings and the seed are ours."""

from __future__ import annotations

# Staff who work the queues sign in by username; tasks name the secrets username / password.
USERNAME = "sam.okafor"
PASSWORD = "Teal-Otter-4821"
STAFF = [("priya.nair", "Priya", "Nair"), ("leo.brandt", "Leo", "Brandt"), ("ines.duarte", "Ines", "Duarte")]

SETTINGS = """
import os
BASE = os.path.dirname(os.path.abspath(__file__))
SECRET_KEY = "benchmark-only-not-secret"
DEBUG = True
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
INSTALLED_APPS = ["django.contrib.admin", "django.contrib.auth", "django.contrib.contenttypes",
                  "django.contrib.sessions", "django.contrib.messages", "django.contrib.staticfiles",
                  "django.contrib.sites", "django.contrib.humanize", "rest_framework", "helpdesk"]
SITE_ID = 1
MIDDLEWARE = ["django.middleware.security.SecurityMiddleware",
              "django.contrib.sessions.middleware.SessionMiddleware",
              "django.middleware.common.CommonMiddleware", "django.middleware.csrf.CsrfViewMiddleware",
              "django.contrib.auth.middleware.AuthenticationMiddleware",
              "django.contrib.messages.middleware.MessageMiddleware"]
ROOT_URLCONF = "desk_urls"
TEMPLATES = [{"BACKEND": "django.template.backends.django.DjangoTemplates", "APP_DIRS": True,
              "OPTIONS": {"context_processors": ["django.template.context_processors.debug",
                                                 "django.template.context_processors.request",
                                                 "django.contrib.auth.context_processors.auth",
                                                 "django.contrib.messages.context_processors.messages"]}}]
# Tasks run side by side write at once: take SQLite's write lock up front and wait for it.
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": os.path.join(BASE, "db.sqlite3"),
                         "OPTIONS": {"timeout": 30, "transaction_mode": "IMMEDIATE"}}}
STATIC_URL = "/static/"
MEDIA_ROOT = os.path.join(BASE, "media")
MEDIA_URL = "/media/"
USE_TZ = True
TIME_ZONE = "UTC"
LANGUAGE_CODE = "en-us"
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"
LOGIN_URL = "/login/"
LOGIN_REDIRECT_URL = "/"
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
DEFAULT_FROM_EMAIL = "helpdesk@northwind.example"
HELPDESK_TEAMS_MODE_ENABLED = False
HELPDESK_USE_CDN = False
HELPDESK_NAVIGATION_ENABLED = True
HELPDESK_KB_ENABLED = True
HELPDESK_SUBMIT_A_TICKET_PUBLIC = True
HELPDESK_VIEW_A_TICKET_PUBLIC = True
HELPDESK_REDIRECT_TO_LOGIN_BY_DEFAULT = False
"""

URLS = """
from django.contrib import admin
from django.urls import include, path
urlpatterns = [path("admin/", admin.site.urls), path("", include("helpdesk.urls", namespace="helpdesk"))]
"""

# Priorities: 1 Critical, 2 High, 3 Normal, 4 Low, 5 Very Low. Statuses: 1 Open, 2 Reopened,
# 3 Resolved, 4 Closed, 5 Duplicate.
SEED = f"""
import datetime
from django.contrib.auth.models import User
from django.contrib.sites.models import Site
from django.utils import timezone
from helpdesk.models import Queue, Ticket, FollowUp, KBCategory, KBItem
Site.objects.filter(pk=1).update(domain="127.0.0.1", name="Northwind Help Desk")
lead = User.objects.create_superuser({USERNAME!r}, "sam.okafor@northwind.example", {PASSWORD!r},
                                     first_name="Sam", last_name="Okafor")
staff = {{lead.username: lead}}
for username, first, last in {STAFF!r}:
    staff[username] = User.objects.create_user(username, username + "@northwind.example", "Staff-Only-Pass-1",
                                               first_name=first, last_name=last, is_staff=True)
it = Queue.objects.create(title="IT Support", slug="it", email_address="it@northwind.example", enable_notifications_on_email_events=True,
                          allow_public_submission=True)
fac = Queue.objects.create(title="Facilities", slug="facilities", email_address="facilities@northwind.example", enable_notifications_on_email_events=True,
                           allow_public_submission=True)
bil = Queue.objects.create(title="Billing", slug="billing", email_address="billing@northwind.example", enable_notifications_on_email_events=True,
                           allow_public_submission=True)
SEEDED = [
    (it, "VPN drops every few minutes", "marta.kowalski@northwind.example", 2, 1, None,
     "Since Monday the VPN disconnects every 5-10 minutes when I work from home."),
    (it, "Printer on 2nd floor shows paper jam", "tom.becker@northwind.example", 3, 1, "leo.brandt",
     "The HP printer next to the kitchen says paper jam but there is no paper stuck."),
    (it, "New laptop for Hannah Weiss", "hannah.weiss@northwind.example", 3, 1, None,
     "Hannah starts on the 1st and needs a laptop with the standard image."),
    (it, "Outlook keeps asking for password", "omar.haddad@northwind.example", 2, 1, "priya.nair",
     "Outlook prompts for my password every time I open it."),
    (it, "Shared drive S: not mapped", "julia.santos@northwind.example", 3, 2, None,
     "After the update the S: drive no longer appears in Explorer."),
    (it, "Monitor flickering", "ken.mori@northwind.example", 4, 1, None,
     "My second monitor flickers when the laptop is docked."),
    (it, "Password reset for payroll system", "anna.lind@northwind.example", 3, 3, "priya.nair",
     "Locked out of the payroll system after three attempts."),
    (fac, "Heating not working in meeting room 3", "tom.becker@northwind.example", 2, 1, None,
     "Meeting room 3 is at 15 degrees; the radiator stays cold."),
    (fac, "Broken chair at desk 14", "ken.mori@northwind.example", 4, 1, "ines.duarte",
     "The gas lift of the chair at desk 14 is broken."),
    (fac, "Kitchen dishwasher leaking", "julia.santos@northwind.example", 3, 1, None,
     "Water on the floor every time the dishwasher runs."),
    (bil, "Invoice INV-2291 charged twice", "accounts@brightline.example", 2, 1, None,
     "Our card was charged twice for invoice INV-2291 in October."),
    (bil, "Change billing address for Brightline Ltd", "accounts@brightline.example", 3, 1, None,
     "Please update our billing address to 12 Harbour Street, Leith EH6 6QT."),
    (bil, "Refund for cancelled training seat", "rui.alves@example.com", 4, 4, "sam.okafor",
     "I cancelled my seat at the October training and was refunded; closing."),
]
for i, (queue, title, email, priority, status, owner, text) in enumerate(SEEDED):
    t = Ticket.objects.create(title=title, queue=queue, submitter_email=email, priority=priority, status=status,
                              description=text, assigned_to=staff.get(owner) if owner else None)
    Ticket.objects.filter(pk=t.pk).update(created=timezone.now() - datetime.timedelta(days=20 - i))
    FollowUp.objects.create(ticket=t, title="Ticket Opened", comment=text, public=True)
cat = KBCategory.objects.create(name="Remote work", title="Working from home", slug="remote-work",
                                description="VPN, Wi-Fi and home office set-up.", public=True)
KBItem.objects.create(category=cat, title="How do I connect to the VPN?", question="How do I connect to the VPN?",
                      answer="Open the Northwind VPN app, choose the Frankfurt gateway and sign in with your "
                             "network account and the code from the authenticator app.", order=1)
KBItem.objects.create(category=cat, title="My home Wi-Fi is slow on calls", question="Calls stutter at home.",
                      answer="Plug in the laptop with a cable or sit closer to the router.", order=2)
acc = KBCategory.objects.create(name="Accounts", title="Accounts and passwords", slug="accounts",
                                description="Passwords, multi-factor sign-in and locked accounts.", public=True)
KBItem.objects.create(category=acc, title="How do I reset my network password?",
                      question="How do I reset my network password?",
                      answer="Go to password.northwind.example, enter your username and follow the e-mailed "
                             "link. Passwords must be at least 14 characters.", order=1)
KBItem.objects.create(category=acc, title="Setting up the authenticator app",
                      question="How do I set up multi-factor sign-in?",
                      answer="Install the authenticator app and scan the QR code shown at first sign-in.", order=2)
"""
