"""The Django project behind benchmarks/wagtail_site.py: a public library's website made with Wagtail,
written the way Wagtail's documentation and `wagtail start` template make one (settings, URLs, page
models, a snippet, a site setting, a form page, templates) plus the seed content. Only text here;
wagtail_site.py writes it to disk, migrates and seeds."""

# ruff: noqa: E501  (the strings below are the project's source files, kept as they are written)
from __future__ import annotations

USERNAME = "r.okonkwo"
PASSWORD = "Juniper-Lantern-62"

SETTINGS = """
import os

BASE = os.path.dirname(os.path.abspath(__file__))
SECRET_KEY = "benchmark-only-not-secret"
DEBUG = True
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
INSTALLED_APPS = [
    "library",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]
MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]
ROOT_URLCONF = "library_urls"
TEMPLATES = [{
    "BACKEND": "django.template.backends.django.DjangoTemplates",
    "APP_DIRS": True,
    "OPTIONS": {"context_processors": [
        "django.template.context_processors.debug",
        "django.template.context_processors.request",
        "django.contrib.auth.context_processors.auth",
        "django.contrib.messages.context_processors.messages",
        "wagtail.contrib.settings.context_processors.settings",
    ]},
}]
# Tasks run side by side write at once: take SQLite's write lock up front and wait for it.
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": os.path.join(BASE, "db.sqlite3"),
                         "OPTIONS": {"timeout": 30, "transaction_mode": "IMMEDIATE"}}}
STATIC_URL = "/static/"
MEDIA_URL = "/media/"
MEDIA_ROOT = os.path.join(BASE, "media")
USE_TZ = True
TIME_ZONE = "Europe/London"
LANGUAGE_CODE = "en-gb"
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"
EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
WAGTAIL_SITE_NAME = "Riverside Libraries"
WAGTAILADMIN_BASE_URL = "http://127.0.0.1"
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAIL_I18N_ENABLED = False
WAGTAILADMIN_COMMENTS_ENABLED = True
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10000
"""

URLS = """
from django.conf import settings
from django.conf.urls.static import static
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("", include(wagtail_urls)),
] + static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
"""

APPS = """
from django.apps import AppConfig


class LibraryConfig(AppConfig):
    name = "library"
    default_auto_field = "django.db.models.AutoField"
"""

MODELS = '''
from django.db import models
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.forms.models import AbstractEmailForm, AbstractFormField
from wagtail.contrib.forms.panels import FormSubmissionsPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index
from wagtail.snippets.models import register_snippet


@register_snippet
class Branch(models.Model):
    """One of the library's buildings."""

    name = models.CharField(max_length=100)
    address = models.CharField(max_length=250)
    phone = models.CharField(max_length=40, blank=True)
    opening_hours = models.TextField(blank=True, help_text="One line per day")
    has_parking = models.BooleanField(default=False)

    panels = [FieldPanel("name"), FieldPanel("address"), FieldPanel("phone"), FieldPanel("opening_hours"),
              FieldPanel("has_parking")]

    class Meta:
        verbose_name_plural = "branches"
        ordering = ["name"]

    def __str__(self):
        return self.name


@register_setting(icon="mail")
class ContactDetails(BaseSiteSetting):
    phone = models.CharField("Main phone number", max_length=40)
    email = models.EmailField("Enquiries email")
    facebook = models.URLField("Facebook page", blank=True)

    class Meta:
        verbose_name = "contact details"


class HomePage(Page):
    intro = RichTextField(blank=True)
    content_panels = Page.content_panels + [FieldPanel("intro")]
    max_count = 1


class StandardPage(Page):
    body = RichTextField(blank=True)
    content_panels = Page.content_panels + [FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("body")]


class NewsIndexPage(Page):
    intro = RichTextField(blank=True)
    content_panels = Page.content_panels + [FieldPanel("intro")]
    subpage_types = ["library.NewsPage"]

    def get_context(self, request):
        context = super().get_context(request)
        context["articles"] = NewsPage.objects.child_of(self).live().order_by("-date")
        return context


class NewsPage(Page):
    date = models.DateField("Post date")
    intro = models.CharField(max_length=250)
    body = RichTextField(blank=True)
    content_panels = Page.content_panels + [FieldPanel("date"), FieldPanel("intro"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]
    parent_page_types = ["library.NewsIndexPage"]


class EventIndexPage(Page):
    intro = RichTextField(blank=True)
    content_panels = Page.content_panels + [FieldPanel("intro")]
    subpage_types = ["library.EventPage"]

    def get_context(self, request):
        context = super().get_context(request)
        context["events"] = EventPage.objects.child_of(self).live().order_by("date")
        return context


class EventPage(Page):
    date = models.DateField("Event date")
    time = models.CharField("Time", max_length=40, help_text="For example 18:00 to 19:30")
    branch = models.ForeignKey(Branch, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    places = models.PositiveIntegerField("Places available", default=20)
    intro = models.CharField(max_length=250)
    body = RichTextField(blank=True)
    content_panels = Page.content_panels + [
        MultiFieldPanel([FieldRowPanel([FieldPanel("date"), FieldPanel("time")]), FieldPanel("branch"),
                         FieldPanel("places")], heading="When and where"),
        FieldPanel("intro"), FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]
    parent_page_types = ["library.EventIndexPage"]


class ContactFormField(AbstractFormField):
    page = ParentalKey("ContactPage", on_delete=models.CASCADE, related_name="form_fields")


class ContactPage(AbstractEmailForm):
    intro = RichTextField(blank=True)
    thank_you_text = RichTextField(blank=True)
    content_panels = AbstractEmailForm.content_panels + [
        FormSubmissionsPanel(),
        FieldPanel("intro"),
        InlinePanel("form_fields", label="Form fields"),
        FieldPanel("thank_you_text"),
        MultiFieldPanel([FieldRowPanel([FieldPanel("from_address"), FieldPanel("to_address")]),
                         FieldPanel("subject")], heading="Email"),
    ]
'''

TEMPLATES = {
    "base.html": """{% load wagtailcore_tags wagtailuserbar %}<!doctype html>
<html lang="en-gb"><head><meta charset="utf-8"><title>{{ page.title }} | Riverside Libraries</title>
<style>body{font-family:sans-serif;max-width:52rem;margin:0 auto;padding:1rem}nav a{margin-right:1rem}
.card{border:1px solid #ccc;padding:.5rem 1rem;margin:.5rem 0}footer{margin-top:3rem;color:#555}</style>
</head><body>
<header><a href="/"><strong>Riverside Libraries</strong></a>
<nav aria-label="Main">{% with root=page.get_site.root_page %}{% for item in root.get_children.live.in_menu %}
<a href="{% pageurl item %}">{{ item.title }}</a>{% endfor %}{% endwith %}</nav></header>
<main>{% block content %}{% endblock %}</main>
<footer>Call us on {{ settings.library.ContactDetails.phone }} or write to
{{ settings.library.ContactDetails.email }}</footer>
{% wagtailuserbar %}</body></html>""",
    "library/home_page.html": """{% extends "base.html" %}{% load wagtailcore_tags %}{% block content %}
<h1>{{ page.title }}</h1>{{ page.intro|richtext }}{% endblock %}""",
    "library/standard_page.html": """{% extends "base.html" %}{% load wagtailcore_tags %}{% block content %}
<h1>{{ page.title }}</h1>{{ page.body|richtext }}
{% for child in page.get_children.live %}<p><a href="{% pageurl child %}">{{ child.title }}</a></p>{% endfor %}
{% endblock %}""",
    "library/news_index_page.html": """{% extends "base.html" %}{% load wagtailcore_tags %}{% block content %}
<h1>{{ page.title }}</h1>{{ page.intro|richtext }}
{% for article in articles %}<div class="card"><h2><a href="{% pageurl article %}">{{ article.title }}</a></h2>
<p>{{ article.date|date:"j F Y" }}: {{ article.intro }}</p></div>{% endfor %}{% endblock %}""",
    "library/news_page.html": """{% extends "base.html" %}{% load wagtailcore_tags %}{% block content %}
<h1>{{ page.title }}</h1><p>{{ page.date|date:"j F Y" }}</p><p><em>{{ page.intro }}</em></p>
{{ page.body|richtext }}{% endblock %}""",
    "library/event_index_page.html": """{% extends "base.html" %}{% load wagtailcore_tags %}{% block content %}
<h1>{{ page.title }}</h1>{{ page.intro|richtext }}
{% for event in events %}<div class="card"><h2><a href="{% pageurl event %}">{{ event.title }}</a></h2>
<p>{{ event.date|date:"l j F Y" }}, {{ event.time }}{% if event.branch %}, {{ event.branch.name }}{% endif %}</p>
</div>{% endfor %}{% endblock %}""",
    "library/event_page.html": """{% extends "base.html" %}{% load wagtailcore_tags %}{% block content %}
<h1>{{ page.title }}</h1>
<p>{{ page.date|date:"l j F Y" }}, {{ page.time }}</p>
{% if page.branch %}<p>At {{ page.branch.name }}, {{ page.branch.address }}</p>{% endif %}
<p>{{ page.places }} places available</p><p>{{ page.intro }}</p>{{ page.body|richtext }}{% endblock %}""",
    "library/contact_page.html": """{% extends "base.html" %}{% load wagtailcore_tags %}{% block content %}
<h1>{{ page.title }}</h1>{{ page.intro|richtext }}
<form action="{% pageurl page %}" method="POST">{% csrf_token %}{{ form.as_p }}
<button type="submit">Send message</button></form>{% endblock %}""",
    "library/contact_page_landing.html": """{% extends "base.html" %}{% load wagtailcore_tags %}{% block content %}
<h1>Message sent</h1>{{ page.thank_you_text|richtext }}{% endblock %}""",
}

SEED = f"""
import datetime
import json

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from wagtail.contrib.forms.models import FormSubmission
from wagtail.models import Page, Site

from library.models import (Branch, ContactDetails, ContactFormField, ContactPage, EventIndexPage, EventPage,
                            HomePage, NewsIndexPage, NewsPage, StandardPage)

root = Page.objects.get(depth=1)
welcome = Page.objects.get(depth=2)
home = HomePage(title="Welcome to Riverside Libraries", slug="home-library",
                intro="<p>Three libraries, one card. Borrow books, join an event, use the makerspace.</p>")
root.add_child(instance=home)
site = Site.objects.get(is_default_site=True)
site.root_page = home
site.site_name = "Riverside Libraries"
site.save()
welcome.delete()
home.save_revision().publish()

ContactDetails.objects.create(site=site, phone="01632 960 100", email="hello@riverside-libraries.example")
central = Branch.objects.create(name="Central Library", address="1 Market Square, Riverside RV1 1AA",
                                phone="01632 960 101", has_parking=True,
                                opening_hours="Mon-Fri 09:00-20:00\\nSat 09:00-17:00\\nSun closed")
eastside = Branch.objects.create(name="Eastside Library", address="42 Canal Street, Riverside RV3 2BB",
                                 phone="01632 960 102",
                                 opening_hours="Mon-Fri 10:00-18:00\\nSat 10:00-14:00\\nSun closed")
hillcrest = Branch.objects.create(name="Hillcrest Library", address="7 Orchard Lane, Riverside RV5 9CC",
                                  phone="01632 960 103",
                                  opening_hours="Tue-Thu 10:00-17:00\\nSat 10:00-13:00")


def add(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


news = add(home, NewsIndexPage(title="News", slug="news", show_in_menus=True,
                               intro="<p>What is happening at your library.</p>"))
events = add(home, EventIndexPage(title="Events", slug="events", show_in_menus=True,
                                  intro="<p>Talks, clubs and workshops. All events are free.</p>"))
about = add(home, StandardPage(title="About us", slug="about", show_in_menus=True,
                               body="<p>Riverside Libraries has served the town since 1911.</p>"))
add(home, StandardPage(title="Holiday opening times", slug="holiday-opening-times", show_in_menus=False,
                       body="<p>All branches close on 25 and 26 December and on 1 January.</p>"))
add(home, StandardPage(title="Join the library", slug="join", show_in_menus=True,
                       body="<p>Membership is free for everyone who lives, works or studies in Riverside.</p>"))
add(about, StandardPage(title="Our history", slug="history",
                        body="<p>The Central Library opened in 1911 with a gift of 4,000 books.</p>"))
add(about, StandardPage(title="Volunteering", slug="volunteering",
                        body="<p>Volunteers run our homework club and the home library service.</p>"))

NEWS = [
    ("Makerspace opens on the second floor", "makerspace-opens", datetime.date(2026, 9, 14),
     "3D printers, a laser cutter and sewing machines are now free to book at the Central Library."),
    ("Eastside Library refurbishment finished", "eastside-refurbishment", datetime.date(2026, 8, 2),
     "New shelves, a bigger children's corner and step-free access at Eastside."),
    ("Summer reading challenge results", "summer-reading-results", datetime.date(2026, 9, 30),
     "1,240 children finished this year's challenge, a new record."),
    ("New e-book app for members", "new-ebook-app", datetime.date(2026, 7, 11),
     "Borrow e-books and audiobooks on your phone with your library card."),
    ("Fines abolished for children's books", "no-more-fines", datetime.date(2026, 6, 1),
     "From June, no child will be charged for returning a book late."),
]
for title, slug, date, intro in NEWS:
    add(news, NewsPage(title=title, slug=slug, date=date, intro=intro, body=f"<p>{{intro}}</p>"))

EVENTS = [
    ("Knitting circle", "knitting-circle", datetime.date(2026, 11, 4), "14:00 to 16:00", eastside, 12,
     "Bring your needles, or borrow ours. All levels welcome."),
    ("Local history talk: the old canal", "canal-history-talk", datetime.date(2026, 11, 12), "19:00 to 20:30",
     central, 60, "Historian Maria Santos on two hundred years of the Riverside canal."),
    ("Code club for teens", "code-club", datetime.date(2026, 11, 18), "16:30 to 18:00", central, 15,
     "Learn to build games in Python. Ages 12 to 16, laptops provided."),
    ("Author evening with Tom Ellery", "author-evening-ellery", datetime.date(2026, 11, 26), "18:30 to 20:00",
     hillcrest, 40, "The crime writer reads from his new novel and signs books."),
    ("Baby rhyme time", "baby-rhyme-time", datetime.date(2026, 12, 2), "10:30 to 11:00", hillcrest, 20,
     "Songs and rhymes for babies up to 18 months and their grown-ups."),
    ("Repair cafe", "repair-cafe", datetime.date(2026, 12, 5), "10:00 to 13:00", eastside, 30,
     "Volunteers fix your lamps, toasters and clothes for free."),
]
for title, slug, date, time, branch, places, intro in EVENTS:
    add(events, EventPage(title=title, slug=slug, date=date, time=time, branch=branch, places=places, intro=intro,
                          body=f"<p>{{intro}}</p>"))

contact = ContactPage(title="Contact us", slug="contact", show_in_menus=True,
                      intro="<p>Questions about your account, events or a book we should buy? Write to us.</p>",
                      thank_you_text="<p>Thank you for your message. We reply within two working days.</p>")
home.add_child(instance=contact)
FIELDS = [
    ("Your name", "singleline", "", True),
    ("Email address", "email", "", True),
    ("Library card number", "singleline", "", False),
    ("Topic", "dropdown", "My account\\nEvents\\nSuggest a book\\nAccessibility\\nSomething else", True),
    ("Message", "multiline", "", True),
    ("Send me the monthly newsletter", "checkbox", "", False),
]
for order, (label, kind, choices, required) in enumerate(FIELDS):
    ContactFormField.objects.create(page=contact, sort_order=order, label=label, field_type=kind, choices=choices,
                                    required=required)
contact.save_revision().publish()
for name, email, topic, message in [
    ("Priya Shah", "priya.shah@example.com", "Suggest a book", "Please buy The Lost Orchard by J. Marsh."),
    ("Owen Davies", "owen.davies@example.com", "My account", "My card number stopped working at Eastside."),
    ("Grace Liu", "grace.liu@example.com", "Accessibility", "Is there a hearing loop at Hillcrest?"),
]:
    FormSubmission.objects.create(page=contact, form_data={{
        "your_name": name, "email_address": email, "library_card_number": "", "topic": topic,
        "message": message, "send_me_the_monthly_newsletter": False}})

User = get_user_model()
editor = User.objects.create_user(username={USERNAME!r}, password={PASSWORD!r}, email="r.okonkwo@riverside.example",
                                  first_name="Rita", last_name="Okonkwo", is_staff=True, is_superuser=True)
User.objects.create_user(username="s.berg", password="Not-Used-4411", email="s.berg@riverside.example",
                         first_name="Sven", last_name="Berg")
"""
