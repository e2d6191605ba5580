"""A GOV.UK-style service, "Apply for a fishing licence", for the navigator benchmark.

Built the way UK government services are built: server-rendered pages made with the official GOV.UK
Design System (govuk-frontend v5's own Nunjucks macros and page template, its CSS, JS and assets), an
Express app with one question per page, server-side validation with the error summary, and answers
kept in a per-cookie session. The packages come from the npm registry (installed into
benchmarks/.npm-govuk on first use, not ghosttab dependencies); the app and its views below are ours.

    with govuk_site() as base:   # base URL; the start page is /, the flow ends on /confirmation
        ...

The confirmation page echoes the application in one line, for checking what was sent:

    <p id="summary">Summary: name | dd/mm/yyyy | licence type | river or - | length | contact | email/phone or - |</p>
"""

from __future__ import annotations

import contextlib
import os
import socket
from collections.abc import Iterator
from pathlib import Path

from local_server import npm_install, server_process

HERE = Path(__file__).resolve().parent
PREFIX = HERE / ".npm-govuk"
PACKAGES = ["govuk-frontend@5", "express@4", "nunjucks@3", "express-session@1"]

APP_JS = r"""'use strict';
// Apply for a fishing licence: an Express + Nunjucks service built with the GOV.UK Design System.
const crypto = require('node:crypto');
const path = require('node:path');
const express = require('express');
const session = require('express-session');
const nunjucks = require('nunjucks');

const govuk = path.join(__dirname, 'node_modules', 'govuk-frontend', 'dist');
const app = express();
const env = nunjucks.configure([govuk, path.join(__dirname, 'views')], { autoescape: true, express: app });
env.addGlobal('govukRebrand', true);
app.set('view engine', 'njk');
app.disable('x-powered-by');

app.use('/assets', express.static(path.join(govuk, 'govuk', 'assets')));
app.get('/stylesheets/govuk-frontend.min.css', (req, res) => res.sendFile(path.join(govuk, 'govuk', 'govuk-frontend.min.css')));
app.get('/javascripts/govuk-frontend.min.js', (req, res) => res.sendFile(path.join(govuk, 'govuk', 'govuk-frontend.min.js')));
app.use(express.urlencoded({ extended: false }));
app.use(session({
  name: 'fishing-licence.sid',
  secret: crypto.randomBytes(32).toString('hex'),
  resave: false,
  saveUninitialized: false,
  cookie: { httpOnly: true, sameSite: 'lax' },
}));

const LICENCE_TYPES = { 'trout-coarse': 'Trout and coarse', 'salmon-sea-trout': 'Salmon and sea trout' };
const LENGTHS = { '1-day': '1 day', '8-days': '8 days', '12-months': '12 months' };
const CONTACTS = { email: 'Email', text: 'Text message', post: 'Post' };
const FLOW = ['/name', '/date-of-birth', '/licence-type', '/length', '/contact', '/check-answers'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October',
  'November', 'December'];

const answersOf = (req) => (req.session.answers ??= {});
const field = (body, name) => String(body[name] ?? '').trim();
const pad = (n) => String(n).padStart(2, '0');

function firstMissing(a) {
  if (!a.name) return '/name';
  if (!a.dobYear) return '/date-of-birth';
  if (!a.licenceType || (a.licenceType === 'salmon-sea-trout' && !a.river)) return '/licence-type';
  if (!a.length) return '/length';
  if (!a.contact || (a.contact === 'email' && !a.email) || (a.contact === 'text' && !a.phone)) return '/contact';
  return null;
}

// One question page: GET shows it with the saved answers, POST validates and moves on (or back to
// check answers when it was reached from a "Change" link), or shows it again with the errors.
function question(pathname, view, title, check) {
  const index = FLOW.indexOf(pathname);
  const show = (req, res, values, errors) => res.render(view, {
    title,
    values,
    errors,
    errorList: Object.values(errors).map(({ text, href }) => ({ text, href })),
    backLink: req.query.change ? '/check-answers' : index === 0 ? '/' : FLOW[index - 1],
  });
  app.get(pathname, (req, res) => show(req, res, answersOf(req), {}));
  app.post(pathname, (req, res) => {
    const { values, errors, saved } = check(req.body);
    if (errors && Object.keys(errors).length) return show(req, res, values, errors);
    Object.assign(answersOf(req), saved);
    return res.redirect(req.query.change ? '/check-answers' : FLOW[index + 1]);
  });
}

question('/name', 'name', 'What is your full name?', (body) => {
  const name = field(body, 'full-name').replace(/\s+/g, ' ');
  if (!name) return { values: { name }, errors: { name: { text: 'Enter your full name', href: '#full-name' } } };
  if (name.length > 100) {
    return { values: { name }, errors: { name: { text: 'Full name must be 100 characters or less', href: '#full-name' } } };
  }
  return { saved: { name } };
});

question('/date-of-birth', 'date-of-birth', 'What is your date of birth?', (body) => {
  const parts = { day: field(body, 'date-of-birth-day'), month: field(body, 'date-of-birth-month'),
    year: field(body, 'date-of-birth-year') };
  const values = { dobDay: parts.day, dobMonth: parts.month, dobYear: parts.year };
  const fail = (text, fields) => ({ values, errors: { dob: { text, href: '#date-of-birth-' + fields[0], fields } } });
  const missing = Object.keys(parts).filter((key) => !parts[key]);
  if (missing.length === 3) return fail('Enter your date of birth', missing);
  if (missing.length) return fail('Date of birth must include a ' + missing.join(' and '), missing);
  if (!/^\d{1,2}$/.test(parts.day) || !/^\d{1,2}$/.test(parts.month) || !/^\d{4}$/.test(parts.year)) {
    return fail('Date of birth must be a real date', ['day', 'month', 'year']);
  }
  const [day, month, year] = [Number(parts.day), Number(parts.month), Number(parts.year)];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (year < 1900 || date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    return fail('Date of birth must be a real date', ['day', 'month', 'year']);
  }
  const now = new Date();
  if (date >= new Date(Date.UTC(now.getFullYear(), now.getMonth(), now.getDate()))) {
    return fail('Date of birth must be in the past', ['day', 'month', 'year']);
  }
  return { saved: { dobDay: pad(day), dobMonth: pad(month), dobYear: String(year) } };
});

question('/licence-type', 'licence-type', 'Which licence do you need?', (body) => {
  const licenceType = field(body, 'licence-type');
  const river = field(body, 'river').replace(/\s+/g, ' ');
  const values = { licenceType, river };
  if (!LICENCE_TYPES[licenceType]) {
    return { values, errors: { licenceType: { text: 'Select which licence you need', href: '#licence-type' } } };
  }
  if (licenceType === 'salmon-sea-trout' && !river) {
    return { values, errors: { river: { text: 'Enter the river you will fish', href: '#river' } } };
  }
  return { saved: { licenceType, river: licenceType === 'salmon-sea-trout' ? river : '' } };
});

question('/length', 'length', 'How long do you need the licence for?', (body) => {
  const length = field(body, 'length');
  if (!LENGTHS[length]) {
    return { values: { length }, errors: { length: { text: 'Select how long you need the licence for', href: '#length' } } };
  }
  return { saved: { length } };
});

question('/contact', 'contact', 'How should we contact you?', (body) => {
  const contact = field(body, 'contact');
  const email = field(body, 'contact-email');
  const phone = field(body, 'contact-phone');
  const values = { contact, email, phone };
  const fail = (key, text, href) => ({ values, errors: { [key]: { text, href } } });
  if (!CONTACTS[contact]) return fail('contact', 'Select how we should contact you', '#contact');
  if (contact === 'email') {
    if (!email) return fail('email', 'Enter your email address', '#contact-email');
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) {
      return fail('email', 'Enter an email address in the correct format, like name@example.com', '#contact-email');
    }
  }
  if (contact === 'text') {
    if (!phone) return fail('phone', 'Enter a mobile phone number', '#contact-phone');
    if (!/^\+?\d{10,15}$/.test(phone.replace(/[\s()-]/g, ''))) {
      return fail('phone', 'Enter a mobile phone number, like 07700 900 982 or +44 7700 900 982', '#contact-phone');
    }
  }
  return { saved: { contact, email: contact === 'email' ? email : '', phone: contact === 'text' ? phone : '' } };
});

function row(key, value, href, hidden) {
  return { key: { text: key }, value: { text: value },
    actions: { items: [{ href: href + '?change=1', text: 'Change', visuallyHiddenText: hidden }] } };
}

app.get('/', (req, res) => res.render('start', { title: 'Apply for a fishing licence' }));

app.get('/check-answers', (req, res) => {
  const a = answersOf(req);
  const missing = firstMissing(a);
  if (missing) return res.redirect(missing);
  const rows = [
    row('Full name', a.name, '/name', 'full name'),
    row('Date of birth', `${Number(a.dobDay)} ${MONTHS[Number(a.dobMonth) - 1]} ${a.dobYear}`, '/date-of-birth',
      'date of birth'),
    row('Licence type', LICENCE_TYPES[a.licenceType], '/licence-type', 'licence type'),
  ];
  if (a.licenceType === 'salmon-sea-trout') rows.push(row('River', a.river, '/licence-type', 'river'));
  rows.push(row('Licence length', LENGTHS[a.length], '/length', 'licence length'));
  rows.push(row('Contact method', CONTACTS[a.contact], '/contact', 'contact method'));
  if (a.contact === 'email') rows.push(row('Email address', a.email, '/contact', 'email address'));
  if (a.contact === 'text') rows.push(row('Mobile phone number', a.phone, '/contact', 'mobile phone number'));
  return res.render('check-answers', {
    title: 'Check your answers before sending your application', rows, backLink: '/contact', errorList: [] });
});

app.post('/check-answers', (req, res) => {
  const a = answersOf(req);
  const missing = firstMissing(a);
  if (missing) return res.redirect(missing);
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
  const reference = Array.from(crypto.randomBytes(8), (byte) => alphabet[byte % alphabet.length]).join('');
  const contactDetail = a.contact === 'email' ? a.email : a.contact === 'text' ? a.phone : '-';
  const summary = 'Summary: ' + [a.name, `${a.dobDay}/${a.dobMonth}/${a.dobYear}`, LICENCE_TYPES[a.licenceType],
    a.river || '-', LENGTHS[a.length], CONTACTS[a.contact], contactDetail].join(' | ') + ' |';
  req.session.application = { reference, summary, contact: a.contact };
  req.session.answers = {};
  return res.redirect('/confirmation');
});

app.get('/confirmation', (req, res) => {
  const application = req.session.application;
  if (!application) return res.redirect('/');
  return res.render('confirmation', { title: 'Application complete', ...application });
});

app.use((req, res) => res.status(404).render('not-found', { title: 'Page not found' }));

const port = Number(process.env.PORT) || 3000;
app.listen(port, '127.0.0.1', () => console.log(`Apply for a fishing licence: http://127.0.0.1:${port}/`));
"""

LAYOUT = """{% extends "govuk/template.njk" %}
{% from "govuk/components/back-link/macro.njk" import govukBackLink %}
{% from "govuk/components/error-summary/macro.njk" import govukErrorSummary %}
{% from "govuk/components/header/macro.njk" import govukHeader %}
{% from "govuk/components/service-navigation/macro.njk" import govukServiceNavigation %}

{% block pageTitle %}{{ "Error: " if errorList | length }}{{ title }}{{ " – Apply for a fishing licence" if title != "Apply for a fishing licence" }} – GOV.UK{% endblock %}

{% block head %}
  <link rel="stylesheet" href="/stylesheets/govuk-frontend.min.css">
{% endblock %}

{% block header %}
  {{ govukHeader({}) }}
  {{ govukServiceNavigation({ serviceName: "Apply for a fishing licence", serviceUrl: "/" }) }}
{% endblock %}

{% block beforeContent %}
  {% if backLink %}{{ govukBackLink({ text: "Back", href: backLink }) }}{% endif %}
{% endblock %}

{% block content %}
  <div class="govuk-grid-row">
    <div class="govuk-grid-column-two-thirds">
      {% if errorList | length %}
        {{ govukErrorSummary({ titleText: "There is a problem", errorList: errorList }) }}
      {% endif %}
      {% block body %}{% endblock %}
    </div>
  </div>
{% endblock %}

{% block bodyEnd %}
  <script type="module" src="/javascripts/govuk-frontend.min.js"></script>
  <script type="module">
    import { initAll } from '/javascripts/govuk-frontend.min.js'
    initAll()
  </script>
{% endblock %}
"""

QUESTION = """{% extends "layout.njk" %}
{% from "govuk/components/button/macro.njk" import govukButton %}

{% block body %}
  <form method="post" novalidate>
    {% block question %}{% endblock %}
    {{ govukButton({ text: "Continue" }) }}
  </form>
{% endblock %}
"""

START = """{% extends "layout.njk" %}
{% from "govuk/components/button/macro.njk" import govukButton %}

{% block body %}
  <h1 class="govuk-heading-xl">Apply for a fishing licence</h1>
  <p class="govuk-body">Use this service to apply for a rod fishing licence for rivers, canals and lakes in England.</p>
  <p class="govuk-body">You can get a licence for:</p>
  <ul class="govuk-list govuk-list--bullet">
    <li>trout and coarse fish</li>
    <li>salmon and sea trout</li>
  </ul>
  <p class="govuk-body">You'll need to tell us your date of birth and how you would like us to contact you. Applying takes around 5 minutes.</p>
  {{ govukButton({ text: "Start now", href: "/name", isStartButton: true }) }}
  <h2 class="govuk-heading-m">Before you start</h2>
  <p class="govuk-body">You must have a licence to fish with a rod and line for salmon, trout, freshwater fish, smelt or eel in England.</p>
{% endblock %}
"""

NAME = """{% extends "question.njk" %}
{% from "govuk/components/input/macro.njk" import govukInput %}

{% block question %}
  {{ govukInput({
    label: { text: "What is your full name?", classes: "govuk-label--l", isPageHeading: true },
    id: "full-name",
    name: "full-name",
    value: values.name,
    autocomplete: "name",
    spellcheck: false,
    errorMessage: { text: errors.name.text } if errors.name
  }) }}
{% endblock %}
"""

DATE_OF_BIRTH = """{% extends "question.njk" %}
{% from "govuk/components/date-input/macro.njk" import govukDateInput %}

{% block question %}
  {% set dobError = errors.dob %}
  {{ govukDateInput({
    id: "date-of-birth",
    namePrefix: "date-of-birth",
    fieldset: { legend: { text: "What is your date of birth?", isPageHeading: true, classes: "govuk-fieldset__legend--l" } },
    hint: { text: "For example, 27 3 2007" },
    errorMessage: { text: dobError.text } if dobError,
    items: [
      { name: "day", classes: "govuk-input--width-2" + (" govuk-input--error" if dobError and "day" in dobError.fields), value: values.dobDay, autocomplete: "bday-day" },
      { name: "month", classes: "govuk-input--width-2" + (" govuk-input--error" if dobError and "month" in dobError.fields), value: values.dobMonth, autocomplete: "bday-month" },
      { name: "year", classes: "govuk-input--width-4" + (" govuk-input--error" if dobError and "year" in dobError.fields), value: values.dobYear, autocomplete: "bday-year" }
    ]
  }) }}
{% endblock %}
"""

LICENCE_TYPE = """{% extends "question.njk" %}
{% from "govuk/components/input/macro.njk" import govukInput %}
{% from "govuk/components/radios/macro.njk" import govukRadios %}

{% block question %}
  {% set riverHtml %}
    {{ govukInput({
      label: { text: "Which river will you fish?" },
      id: "river",
      name: "river",
      value: values.river,
      classes: "govuk-!-width-two-thirds",
      errorMessage: { text: errors.river.text } if errors.river
    }) }}
  {% endset %}
  {{ govukRadios({
    name: "licence-type",
    idPrefix: "licence-type",
    value: values.licenceType,
    fieldset: { legend: { text: "Which licence do you need?", isPageHeading: true, classes: "govuk-fieldset__legend--l" } },
    errorMessage: { text: errors.licenceType.text } if errors.licenceType,
    items: [
      { value: "trout-coarse", text: "Trout and coarse", hint: { text: "Brown and rainbow trout, and coarse fish such as carp, bream and pike" } },
      { value: "salmon-sea-trout", text: "Salmon and sea trout", hint: { text: "Also covers trout and coarse fish" }, conditional: { html: riverHtml } }
    ]
  }) }}
{% endblock %}
"""

LENGTH = """{% extends "question.njk" %}
{% from "govuk/components/radios/macro.njk" import govukRadios %}

{% block question %}
  {{ govukRadios({
    name: "length",
    idPrefix: "length",
    value: values.length,
    fieldset: { legend: { text: "How long do you need the licence for?", isPageHeading: true, classes: "govuk-fieldset__legend--l" } },
    errorMessage: { text: errors.length.text } if errors.length,
    items: [
      { value: "1-day", text: "1 day" },
      { value: "8-days", text: "8 days" },
      { value: "12-months", text: "12 months" }
    ]
  }) }}
{% endblock %}
"""

CONTACT = """{% extends "question.njk" %}
{% from "govuk/components/input/macro.njk" import govukInput %}
{% from "govuk/components/radios/macro.njk" import govukRadios %}

{% block question %}
  {% set emailHtml %}
    {{ govukInput({
      label: { text: "Email address" },
      id: "contact-email",
      name: "contact-email",
      type: "email",
      autocomplete: "email",
      spellcheck: false,
      value: values.email,
      classes: "govuk-!-width-two-thirds",
      errorMessage: { text: errors.email.text } if errors.email
    }) }}
  {% endset %}
  {% set phoneHtml %}
    {{ govukInput({
      label: { text: "Mobile phone number" },
      id: "contact-phone",
      name: "contact-phone",
      type: "tel",
      autocomplete: "tel",
      value: values.phone,
      classes: "govuk-!-width-one-half",
      errorMessage: { text: errors.phone.text } if errors.phone
    }) }}
  {% endset %}
  {{ govukRadios({
    name: "contact",
    idPrefix: "contact",
    value: values.contact,
    fieldset: { legend: { text: "How should we contact you?", isPageHeading: true, classes: "govuk-fieldset__legend--l" } },
    hint: { text: "Select one option." },
    errorMessage: { text: errors.contact.text } if errors.contact,
    items: [
      { value: "email", text: "Email", conditional: { html: emailHtml } },
      { value: "text", text: "Text message", conditional: { html: phoneHtml } },
      { value: "post", text: "Post" }
    ]
  }) }}
{% endblock %}
"""

CHECK_ANSWERS = """{% extends "layout.njk" %}
{% from "govuk/components/button/macro.njk" import govukButton %}
{% from "govuk/components/summary-list/macro.njk" import govukSummaryList %}

{% block body %}
  <h1 class="govuk-heading-l">Check your answers before sending your application</h1>
  {{ govukSummaryList({ rows: rows, classes: "govuk-!-margin-bottom-9" }) }}
  <h2 class="govuk-heading-m">Now send your application</h2>
  <p class="govuk-body">By submitting this application you are confirming that, to the best of your knowledge, the details you are providing are correct.</p>
  <form method="post" novalidate>
    {{ govukButton({ text: "Accept and send", preventDoubleClick: true }) }}
  </form>
{% endblock %}
"""

CONFIRMATION = """{% extends "layout.njk" %}
{% from "govuk/components/panel/macro.njk" import govukPanel %}

{% block body %}
  {{ govukPanel({ titleText: "Application complete", html: "Your reference number<br><strong>" + reference + "</strong>" }) }}
  {% if contact == "post" %}
    <p class="govuk-body">We will post your licence to you within 10 working days.</p>
  {% else %}
    <p class="govuk-body">We have sent your licence details to you. Keep your reference number in case you need to contact us.</p>
  {% endif %}
  <h2 class="govuk-heading-m">What you sent</h2>
  <p class="govuk-body" id="summary">{{ summary }}</p>
  <p class="govuk-body"><a href="/" class="govuk-link">Apply for another licence</a></p>
{% endblock %}
"""

NOT_FOUND = """{% extends "layout.njk" %}

{% block body %}
  <h1 class="govuk-heading-l">Page not found</h1>
  <p class="govuk-body">If you typed the web address, check it is correct.</p>
  <p class="govuk-body"><a href="/" class="govuk-link">Apply for a fishing licence</a></p>
{% endblock %}
"""

SOURCES = {
    "app.js": APP_JS,
    "views/layout.njk": LAYOUT,
    "views/question.njk": QUESTION,
    "views/start.njk": START,
    "views/name.njk": NAME,
    "views/date-of-birth.njk": DATE_OF_BIRTH,
    "views/licence-type.njk": LICENCE_TYPE,
    "views/length.njk": LENGTH,
    "views/contact.njk": CONTACT,
    "views/check-answers.njk": CHECK_ANSWERS,
    "views/confirmation.njk": CONFIRMATION,
    "views/not-found.njk": NOT_FOUND,
}


def ensure_govuk() -> Path:
    """Install the packages if missing and write the app where it changed; return the app's folder."""
    npm_install(PREFIX, PACKAGES)
    for name, text in SOURCES.items():
        path = PREFIX / name
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    return PREFIX


@contextlib.contextmanager
def govuk_site() -> Iterator[str]:
    """Run the service with Node on a free port of 127.0.0.1; yield its base URL."""
    folder = ensure_govuk()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "PORT": str(port), "NODE_ENV": "production"}
    url = f"http://127.0.0.1:{port}"
    with server_process(["node", "app.js"], url + "/", env=env, cwd=folder, name="GOV.UK service"):
        yield url
