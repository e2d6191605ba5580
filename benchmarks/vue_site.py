"""Forms built with Vue 3 and Element Plus, a component library nobody here wrote, for the navigator
benchmark.

The libraries come from the npm registry (installed into benchmarks/.npm-vue on first use, not ghosttab
dependencies): Vue 3, Element Plus 2 with its stylesheet, and Vite 5 with its Vue plugin, which compiles
the single-file components below into a two-page static site. The DOM, poppers teleported to <body>,
hidden inputs and validation messages are Element Plus's; only the two small apps and the page echoing
a submission are ours.

    with vue_site() as base:   # base URL; /travel.html (travel request) and /claim.html (expense claim)
        ...
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

from local_server import FormEchoHandler, serve_forms, vite_build

HERE = Path(__file__).resolve().parent
PREFIX = HERE / ".npm-vue"
PACKAGES = ["vue@3", "element-plus@2", "@vitejs/plugin-vue@5", "vite@5"]
PAGES = ("travel", "claim")

CITIES = ["Amsterdam, Netherlands", "Athens, Greece", "Barcelona, Spain", "Berlin, Germany", "Boston, USA",
          "Brussels, Belgium", "Budapest, Hungary", "Cape Town, South Africa", "Chicago, USA",
          "Copenhagen, Denmark", "Dubai, UAE", "Dublin, Ireland", "Helsinki, Finland", "Istanbul, Turkey",
          "Lisbon, Portugal", "London, United Kingdom", "Madrid, Spain", "Milan, Italy", "Montreal, Canada",
          "Mumbai, India", "Nairobi, Kenya", "New York, USA", "Oslo, Norway", "Paris, France",
          "Prague, Czechia", "Rome, Italy", "Singapore, Singapore", "Stockholm, Sweden", "Tokyo, Japan",
          "Vienna, Austria", "Warsaw, Poland", "Zurich, Switzerland"]  # fmt: skip
COST_CENTRES = ["CC-1010 Finance", "CC-1040 Marketing", "CC-1100 Sales EMEA", "CC-1110 Sales Americas",
                "CC-1120 Sales APAC", "CC-2010 Engineering", "CC-2050 Research & Development",
                "CC-3000 Operations", "CC-3100 Customer Support", "CC-4000 Human Resources", "CC-4100 Legal",
                "CC-5000 Facilities"]  # fmt: skip
CATEGORIES = {"Travel": ["Flight", "Train", "Taxi", "Car hire", "Parking", "Mileage"],
              "Accommodation": ["Hotel", "Short-term rental"],
              "Meals": ["Client meal", "Team meal", "Per diem"],
              "Office": ["Supplies", "Software", "Equipment"],
              "Training": ["Course fee", "Books", "Conference ticket"]}  # fmt: skip
CURRENCIES = {"EUR": "Euro", "GBP": "British pound", "USD": "US dollar", "CHF": "Swiss franc",
              "SEK": "Swedish krona", "NOK": "Norwegian krone", "DKK": "Danish krone",
              "PLN": "Polish zloty"}  # fmt: skip

HTML = """<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>{title}</title>
  </head>
  <body>
    <div id="app"></div>
    <script type="module" src="./{entry}.js"></script>
  </body>
</html>
"""

MAIN_JS = """import { createApp } from 'vue';
import ElementPlus from 'element-plus';
import 'element-plus/dist/index.css';
import App from './__APP__.vue';

createApp(App).use(ElementPlus).mount('#app');
"""

TRAVEL_VUE = """<script setup>
import { reactive, ref } from 'vue';

const CITIES = __CITIES__.map((label) => ({ label, value: label.split(',')[0] }));
const EXTRAS = ['Hotel', 'Rental car', 'Travel insurance'];
const formRef = ref();
const form = reactive({
  name: '', email: '', project: '', destination: '', departure: '', returnDate: '', travelClass: 'Economy',
  travellers: 1, extras: [], visa: false, purpose: '',
});
const afterDeparture = (rule, value, callback) => {
  const early = value && form.departure && value < form.departure;
  callback(early ? new Error('Return must be after departure') : undefined);
};
const rules = {
  name: [{ required: true, message: "Please enter the traveller's name", trigger: 'blur' }],
  email: [
    { required: true, message: 'Please enter an email address', trigger: 'blur' },
    { type: 'email', message: 'Please enter a valid email address', trigger: ['blur', 'change'] },
  ],
  destination: [{ required: true, message: 'Please choose a destination', trigger: 'change' }],
  departure: [{ required: true, message: 'Please pick a departure date', trigger: 'change' }],
  returnDate: [{ validator: afterDeparture, trigger: 'change' }],
  purpose: [{ required: true, message: 'Please describe the purpose of the trip', trigger: 'blur' }],
};
const beforeToday = (date) => date.getTime() < Date.now() - 86400000;

async function submit() {
  try {
    await formRef.value.validate();
  } catch {
    return;
  }
  const params = new URLSearchParams({
    form: 'Travel', name: form.name, email: form.email, project: form.project,
    destination: form.destination, departure: form.departure ?? '', return: form.returnDate ?? '',
    class: form.travelClass, travellers: String(form.travellers ?? ''),
  });
  EXTRAS.filter((extra) => form.extras.includes(extra)).forEach((extra) => params.append('extras', extra));
  params.append('visa', form.visa ? 'yes' : 'no');
  params.append('purpose', form.purpose);
  window.location.assign('/submit?' + params.toString());
}
</script>

<template>
  <el-card class="page" shadow="never">
    <template #header><h1>Travel request</h1></template>
    <el-form ref="formRef" :model="form" :rules="rules" label-position="top" @submit.prevent="submit">
      <el-row :gutter="16">
        <el-col :span="12">
          <el-form-item label="Traveller name" prop="name"><el-input v-model="form.name" /></el-form-item>
        </el-col>
        <el-col :span="12">
          <el-form-item label="Work email" prop="email"><el-input v-model="form.email" /></el-form-item>
        </el-col>
      </el-row>
      <el-form-item prop="project">
        <el-input v-model="form.project" placeholder="Project code (optional)" />
      </el-form-item>
      <el-form-item label="Destination" prop="destination">
        <el-select v-model="form.destination" filterable placeholder="Choose a city">
          <el-option v-for="city in CITIES" :key="city.value" :label="city.label" :value="city.value" />
        </el-select>
      </el-form-item>
      <el-row :gutter="16">
        <el-col :span="12">
          <el-form-item label="Departure date" prop="departure">
            <el-date-picker v-model="form.departure" type="date" value-format="YYYY-MM-DD"
              placeholder="Pick a day" :disabled-date="beforeToday" style="width: 100%" />
          </el-form-item>
        </el-col>
        <el-col :span="12">
          <el-form-item label="Return date" prop="returnDate">
            <el-date-picker v-model="form.returnDate" type="date" value-format="YYYY-MM-DD"
              placeholder="Leave empty for one way" :disabled-date="beforeToday" style="width: 100%" />
          </el-form-item>
        </el-col>
      </el-row>
      <el-form-item label="Travel class" prop="travelClass">
        <el-radio-group v-model="form.travelClass">
          <el-radio-button value="Economy">Economy</el-radio-button>
          <el-radio-button value="Premium economy">Premium economy</el-radio-button>
          <el-radio-button value="Business">Business</el-radio-button>
        </el-radio-group>
      </el-form-item>
      <el-form-item label="Number of travellers" prop="travellers">
        <el-input-number v-model="form.travellers" :min="1" :max="9" />
      </el-form-item>
      <el-form-item label="Extras" prop="extras">
        <el-checkbox-group v-model="form.extras">
          <el-checkbox v-for="extra in EXTRAS" :key="extra" :value="extra">{{ extra }}</el-checkbox>
        </el-checkbox-group>
      </el-form-item>
      <el-form-item label="Needs visa letter" prop="visa">
        <el-switch v-model="form.visa" active-text="Yes" inactive-text="No" />
      </el-form-item>
      <el-form-item label="Purpose of the trip" prop="purpose">
        <el-input v-model="form.purpose" type="textarea" :rows="3" maxlength="300" show-word-limit />
      </el-form-item>
      <el-form-item>
        <el-button type="primary" native-type="submit">Submit request</el-button>
        <el-button @click="formRef.resetFields()">Clear</el-button>
      </el-form-item>
    </el-form>
  </el-card>
</template>

<style>
body { margin: 0; background: #f5f7fa; font-family: system-ui, sans-serif; }
.page { max-width: 720px; margin: 32px auto; }
h1 { margin: 0; font-size: 22px; }
</style>
"""

CLAIM_VUE = """<script setup>
import { computed, reactive, ref } from 'vue';

const COST_CENTRES = __COST_CENTRES__;
const CATEGORIES = Object.entries(__CATEGORIES__).map(([group, items]) => (
  { value: group, label: group, children: items.map((item) => ({ value: item, label: item })) }));
const CURRENCIES = Object.entries(__CURRENCIES__).map(([code, name]) => (
  { value: code, label: `${code} – ${name}` }));
const PAYMENTS = ['Corporate card', 'Personal card', 'Cash'];
const EMPLOYEE_FIELDS = ['name', 'employee', 'costCentre'];
const EXPENSE_FIELDS = ['category', 'date', 'amount', 'currency', 'payment', 'description'];

const formRef = ref();
const tab = ref('employee');
const confirming = ref(false);
const form = reactive({
  name: '', employee: '', costCentre: '', category: [], date: '', amount: '', currency: 'EUR', payment: '',
  description: '', accurate: false,
});
const categoryText = computed(() => form.category.join(' / '));

function suggestCostCentres(query, callback) {
  const wanted = (query ?? '').trim().toLowerCase();
  const found = COST_CENTRES.filter((centre) => centre.toLowerCase().includes(wanted));
  setTimeout(() => callback(found.map((value) => ({ value }))), 150);  // as if asked of a server
}
const knownCostCentre = (rule, value, callback) => {
  if (!value) callback(new Error('Please enter a cost centre'));
  else if (!COST_CENTRES.includes(value)) callback(new Error('Choose a cost centre from the suggestions'));
  else callback();
};
const confirmed = (rule, value, callback) => {
  if (value) callback();
  else callback(new Error('Please confirm that the expense is accurate'));
};
const rules = {
  name: [{ required: true, message: 'Please enter your full name', trigger: 'blur' }],
  employee: [
    { required: true, message: 'Please enter your employee number', trigger: 'blur' },
    { pattern: /^E-\\d{5}$/, message: 'Employee numbers look like E-12345', trigger: 'blur' },
  ],
  costCentre: [{ required: true, validator: knownCostCentre, trigger: ['blur', 'change'] }],
  category: [{ type: 'array', required: true, message: 'Please choose a category', trigger: 'change' }],
  date: [{ required: true, message: 'Please pick the date of the expense', trigger: 'change' }],
  amount: [
    { required: true, message: 'Please enter the amount', trigger: 'blur' },
    { pattern: /^\\d+(\\.\\d{1,2})?$/, message: 'Enter an amount like 42.50', trigger: 'blur' },
  ],
  payment: [{ required: true, message: 'Please choose how you paid', trigger: 'change' }],
  accurate: [{ validator: confirmed, trigger: 'change' }],
};

async function send() {
  try {
    await formRef.value.validate();
  } catch (invalid) {
    const first = Object.keys(invalid ?? {});
    if (first.some((field) => EMPLOYEE_FIELDS.includes(field))) tab.value = 'employee';
    else if (first.some((field) => EXPENSE_FIELDS.includes(field))) tab.value = 'expense';
    return;
  }
  confirming.value = true;
}

function confirm() {
  const params = new URLSearchParams({
    form: 'Claim', name: form.name, employee: form.employee, cost_centre: form.costCentre,
    category: categoryText.value, date: form.date ?? '', amount: form.amount, currency: form.currency,
    payment: form.payment, description: form.description,
  });
  window.location.assign('/submit?' + params.toString());
}
</script>

<template>
  <el-card class="page" shadow="never">
    <template #header><h1>Expense claim</h1></template>
    <el-form ref="formRef" :model="form" :rules="rules" label-width="160px" @submit.prevent="send">
      <el-tabs v-model="tab">
        <el-tab-pane label="Employee" name="employee">
          <el-form-item label="Full name" prop="name"><el-input v-model="form.name" /></el-form-item>
          <el-form-item label="Employee number" prop="employee">
            <el-input v-model="form.employee" placeholder="E-12345" />
          </el-form-item>
          <el-form-item label="Cost centre" prop="costCentre">
            <el-autocomplete v-model="form.costCentre" :fetch-suggestions="suggestCostCentres" clearable
              placeholder="Start typing a code or department" style="width: 100%" />
          </el-form-item>
        </el-tab-pane>
        <el-tab-pane label="Expense" name="expense">
          <el-form-item label="Category" prop="category">
            <el-cascader v-model="form.category" :options="CATEGORIES" placeholder="Select a category" />
          </el-form-item>
          <el-form-item label="Date of expense" prop="date">
            <el-date-picker v-model="form.date" type="date" format="DD/MM/YYYY" value-format="YYYY-MM-DD"
              placeholder="DD/MM/YYYY" />
          </el-form-item>
          <el-row>
            <el-col :span="14">
              <el-form-item label="Amount" prop="amount">
                <el-input v-model="form.amount" placeholder="0.00" inputmode="decimal" />
              </el-form-item>
            </el-col>
            <el-col :span="10">
              <el-form-item label="Currency" prop="currency" label-width="90px">
                <el-select v-model="form.currency">
                  <el-option v-for="c in CURRENCIES" :key="c.value" :label="c.label" :value="c.value" />
                </el-select>
              </el-form-item>
            </el-col>
          </el-row>
          <el-form-item label="Payment method" prop="payment">
            <el-radio-group v-model="form.payment">
              <el-radio v-for="p in PAYMENTS" :key="p" :value="p">{{ p }}</el-radio>
            </el-radio-group>
          </el-form-item>
          <el-form-item label="Description" prop="description">
            <el-input v-model="form.description" type="textarea" :rows="3" placeholder="What was it for?" />
          </el-form-item>
        </el-tab-pane>
      </el-tabs>
      <el-form-item prop="accurate" label-width="0">
        <el-checkbox v-model="form.accurate">I confirm this expense is accurate</el-checkbox>
      </el-form-item>
      <el-form-item label-width="0">
        <el-button type="primary" native-type="submit">Send claim</el-button>
      </el-form-item>
    </el-form>
    <el-dialog v-model="confirming" title="Submit this claim?" width="420px" append-to-body>
      <p>
        {{ form.amount }} {{ form.currency }} for {{ categoryText }} will be sent to your manager
        for approval.
      </p>
      <template #footer>
        <el-button @click="confirming = false">Cancel</el-button>
        <el-button type="primary" @click="confirm">Confirm</el-button>
      </template>
    </el-dialog>
  </el-card>
</template>

<style>
body { margin: 0; background: #f5f7fa; font-family: system-ui, sans-serif; }
.page { max-width: 720px; margin: 32px auto; }
h1 { margin: 0; font-size: 22px; }
</style>
"""

VITE_CONFIG = """import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';

const src = fileURLToPath(new URL('./src/', import.meta.url));

export default defineConfig({
  root: src,
  base: '/',
  logLevel: 'warn',
  plugins: [vue()],
  build: {
    outDir: fileURLToPath(new URL('./dist/', import.meta.url)),
    emptyOutDir: true,
    chunkSizeWarningLimit: 8192,
    rollupOptions: { input: { travel: src + 'travel.html', claim: src + 'claim.html' } },
  },
});
"""

ORDERS = {
    "Travel": ("name", "email", "project", "destination", "departure", "return", "class", "travellers",
               "extras", "visa", "purpose"),
    "Claim": ("name", "employee", "cost_centre", "category", "date", "amount", "currency", "payment",
              "description"),
}  # fmt: skip

# (id, goal, start path, data, success criteria), as in bench_navigator.py.
TASKS: list[tuple[str, str, str, dict[str, str], dict[str, str]]] = [
    ("v-travel-lisbon",
     "Book {travel_class} class travel to {destination} for {travellers} people, out on {departure} and "
     "back on {return_date}, for {name} ({email}); they'll need a {extra}. Purpose: {purpose}",
     "/travel.html", {"travel_class": "Business", "destination": "Lisbon", "travellers": "2",
                      "departure": "12 April 2031", "return_date": "16 April 2031", "name": "Priya Raman",
                      "email": "priya.raman@example.com", "extra": "hotel",
                      "purpose": "Quarterly review with the Lisbon sales team"},
     {"text": "Summary: Priya Raman | priya.raman@example.com | | Lisbon | 2031-04-12 | 2031-04-16 | "
              "Business | 2 | Hotel | no | Quarterly review with the Lisbon sales team |"}),
    ("v-travel-visa",
     "{name} ({email}) has to fly to {destination} on {departure}, one way for now, economy. Charge it to "
     "project {project}, add a {extra} and travel insurance, and say that a visa letter is needed. "
     "Reason: {purpose}",
     "/travel.html", {"name": "Tomasz Nowak", "email": "tomasz.nowak@example.org", "destination": "Nairobi",
                      "departure": "2031-09-03", "project": "PRJ-5521", "extra": "rental car",
                      "purpose": "Site visit to the Nairobi field office"},
     {"text": "Summary: Tomasz Nowak | tomasz.nowak@example.org | PRJ-5521 | Nairobi | 2031-09-03 | | "
              "Economy | 1 | Rental car, Travel insurance | yes | Site visit to the Nairobi field office |"}),
    ("v-claim-taxi",
     "Claim {amount} {currency} for a {category} on {date} that I paid with my {payment}: {description}. "
     "I'm {name}, employee number {employee}, cost centre {cost_centre}",
     "/claim.html", {"amount": "38.50", "currency": "GBP", "category": "taxi", "date": "14 March 2031",
                     "payment": "personal card", "description": "Taxi from Heathrow to the client office",
                     "name": "Hannah Berg", "employee": "E-20417", "cost_centre": "Sales EMEA"},
     {"text": "Summary: Hannah Berg | E-20417 | CC-1100 Sales EMEA | Travel / Taxi | 2031-03-14 | 38.50 | "
              "GBP | Personal card | Taxi from Heathrow to the client office |"}),
    ("v-claim-hotel",
     "File an expense claim for {name} ({employee}, cost centre {cost_centre}) for one {category} night on "
     "{date}: {amount} euros on the {payment}, described as \"{description}\"",
     "/claim.html", {"name": "Luis Ortega", "employee": "E-11873", "cost_centre": "CC-2010",
                     "category": "hotel", "date": "2031-03-03", "amount": "212.00",
                     "payment": "corporate card", "description": "Hotel in Munich for the supplier audit"},
     {"text": "Summary: Luis Ortega | E-11873 | CC-2010 Engineering | Accommodation / Hotel | 2031-03-03 | "
              "212.00 | EUR | Corporate card | Hotel in Munich for the supplier audit |"}),
]  # fmt: skip


def _sources() -> dict[str, str]:
    """The app's files, relative to PREFIX."""
    return {
        "vite.config.mjs": VITE_CONFIG,
        "src/travel.html": HTML.format(title="Travel request", entry="travel"),
        "src/claim.html": HTML.format(title="Expense claim", entry="claim"),
        "src/travel.js": MAIN_JS.replace("__APP__", "Travel"),
        "src/claim.js": MAIN_JS.replace("__APP__", "Claim"),
        "src/Travel.vue": TRAVEL_VUE.replace("__CITIES__", json.dumps(CITIES)),
        "src/Claim.vue": CLAIM_VUE.replace("__COST_CENTRES__", json.dumps(COST_CENTRES))
        .replace("__CATEGORIES__", json.dumps(CATEGORIES))
        .replace("__CURRENCIES__", json.dumps(CURRENCIES)),
    }


def ensure_vue() -> Path:
    """Install the libraries if missing and build the site if its source changed; return its dist folder."""
    return vite_build(PREFIX, PACKAGES, _sources(), [f"{page}.html" for page in PAGES])


class _Handler(FormEchoHandler):
    orders: ClassVar[dict[str, tuple[str, ...]]] = ORDERS


@contextlib.contextmanager
def vue_site() -> Iterator[str]:
    with serve_forms(ensure_vue(), _Handler) as base:
        yield base
