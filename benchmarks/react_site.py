"""Forms built from React component libraries nobody here wrote, for the navigator benchmark.

The libraries come from the npm registry (installed into benchmarks/.npm-react on first use, not
ghosttab dependencies): React 18, MUI v5 (with Emotion), antd v5 and react-select, bundled by Vite
into a two-page static site. Their DOM, portals, events and hidden inputs are theirs; only the two
small apps below and the page echoing a submission are ours.

    with react_site() as base:   # base URL; /event.html (MUI) and /support.html (antd + react-select)
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
PREFIX = HERE / ".npm-react"
PACKAGES = ["react@18", "react-dom@18", "@mui/material@5", "@emotion/react@11", "@emotion/styled@11", "antd@5",
            "react-select@5", "vite@5"]  # fmt: skip

COUNTRIES = ["Argentina", "Australia", "Austria", "Belgium", "Brazil", "Bulgaria", "Canada", "Chile", "China",
             "Colombia", "Croatia", "Czechia", "Denmark", "Egypt", "Estonia", "Finland", "France", "Germany",
             "Greece", "Hungary", "Iceland", "India", "Ireland", "Italy", "Japan", "Kenya", "Mexico", "Netherlands",
             "New Zealand", "Norway", "Poland", "Portugal", "Romania", "Singapore", "South Africa", "Spain",
             "Sweden", "Switzerland", "United Kingdom", "United States"]  # fmt: skip
PRODUCTS = ["Espresso Machine X200", "Espresso Machine X300", "Coffee Grinder G5", "Coffee Grinder G7",
            "Milk Frother F1", "Drip Coffee Maker D10", "Cold Brew Tower C3", "French Press P8", "Pour-Over Kettle K2",
            "Gooseneck Kettle K4", "Moka Pot M6", "Capsule Machine Mini", "Capsule Machine Pro", "Bean Scale S1",
            "Tamper Set T2", "Knock Box B1", "Water Filter W3", "Descaler Kit DK", "Travel Mug 350",
            "Thermal Carafe 1L", "Latte Glass Set", "Cappuccino Cup Set", "Barista Apron", "Cleaning Brush Kit",
            "Portafilter 58mm", "Steam Wand Tip", "Burr Set G5", "Grinder Hopper H2", "Tea Infuser Basket",
            "Hot Chocolate Maker H1"]  # fmt: skip

HTML = """<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>{title}</title>
  </head>
  <body>
    <div id="root"></div>
    <script type="module" src="./{entry}.jsx"></script>
  </body>
</html>
"""

EVENT_JSX = """import { useState } from 'react';
import { createRoot } from 'react-dom/client';
import {
  Autocomplete, Box, Button, Checkbox, Container, CssBaseline, FormControl, FormControlLabel, FormHelperText,
  FormLabel, InputLabel, MenuItem, Radio, RadioGroup, Select, Stack, TextField, Typography,
} from '@mui/material';

const COUNTRIES = __COUNTRIES__;
const TICKETS = ['Standard', 'Student', 'VIP', 'Speaker'];
const MEALS = ['Vegetarian', 'Vegan', 'Fish', 'Meat'];

function EventForm() {
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [ticket, setTicket] = useState('');
  const [country, setCountry] = useState(null);
  const [meal, setMeal] = useState('');
  const [accepted, setAccepted] = useState(false);
  const [showError, setShowError] = useState(false);

  const handleSubmit = (event) => {
    event.preventDefault();
    if (!accepted) {
      setShowError(true);
      return;
    }
    const params = new URLSearchParams({ form: 'Event', name, email, ticket, country: country ?? '', meal });
    window.location.assign('/submit?' + params.toString());
  };

  return (
    <Container maxWidth="sm" sx={{ py: 4 }}>
      <Typography variant="h4" component="h1" gutterBottom>Event registration</Typography>
      <Box component="form" onSubmit={handleSubmit}>
        <Stack spacing={3}>
          <TextField label="Full name" value={name} onChange={(e) => setName(e.target.value)} fullWidth />
          <TextField label="Email" type="email" value={email} onChange={(e) => setEmail(e.target.value)} fullWidth />
          <FormControl fullWidth>
            <InputLabel id="ticket-label">Ticket type</InputLabel>
            <Select labelId="ticket-label" id="ticket" value={ticket} label="Ticket type"
              onChange={(e) => setTicket(e.target.value)}>
              {TICKETS.map((t) => <MenuItem key={t} value={t}>{t}</MenuItem>)}
            </Select>
          </FormControl>
          <Autocomplete options={COUNTRIES} value={country} onChange={(e, value) => setCountry(value)}
            renderInput={(params) => <TextField {...params} label="Country" />} />
          <FormControl>
            <FormLabel id="meal-label">Meal preference</FormLabel>
            <RadioGroup row aria-labelledby="meal-label" name="meal" value={meal}
              onChange={(e) => setMeal(e.target.value)}>
              {MEALS.map((m) => <FormControlLabel key={m} value={m} control={<Radio />} label={m} />)}
            </RadioGroup>
          </FormControl>
          <FormControl error={showError}>
            <FormControlLabel label="I accept the code of conduct" control={
              <Checkbox checked={accepted}
                onChange={(e) => { setAccepted(e.target.checked); if (e.target.checked) setShowError(false); }} />
            } />
            {showError && <FormHelperText>You must accept the code of conduct to register.</FormHelperText>}
          </FormControl>
          <Box><Button type="submit" variant="contained" size="large">Register</Button></Box>
        </Stack>
      </Box>
    </Container>
  );
}

createRoot(document.getElementById('root')).render(<><CssBaseline /><EventForm /></>);
"""

SUPPORT_JSX = """import { createRoot } from 'react-dom/client';
import { Button, Checkbox, DatePicker, Form, Input, Radio, Select, Tabs, Typography } from 'antd';
import ReactSelect from 'react-select';

const PRODUCTS = __PRODUCTS__.map((p) => ({ value: p, label: p }));
const AREAS = ['Billing', 'Shipping', 'Returns', 'Account', 'Technical'].map((a) => ({ value: a, label: a }));

function SupportForm() {
  const [form] = Form.useForm();

  const onFinish = (values) => {
    const params = new URLSearchParams({
      form: 'Support',
      name: values.name ?? '',
      area: values.area ?? '',
      product: values.product?.value ?? '',
      date: values.date ? values.date.format('YYYY-MM-DD') : '',
      urgency: values.urgency ?? '',
      description: values.description ?? '',
      phone: values.phone ?? '',
      callback: values.callback ? 'yes' : 'no',
    });
    window.location.assign('/submit?' + params.toString());
  };

  const details = (
    <>
      <Form.Item label="Your name" name="name" rules={[{ required: true, message: 'Please enter your name' }]}>
        <Input />
      </Form.Item>
      <Form.Item label="Product area" name="area">
        <Select placeholder="Select an area" options={AREAS} />
      </Form.Item>
      <Form.Item label="Product" name="product">
        <ReactSelect options={PRODUCTS} placeholder="Search products..." isClearable />
      </Form.Item>
      <Form.Item label="Purchase date" name="date">
        <DatePicker />
      </Form.Item>
      <Form.Item label="Urgency" name="urgency" initialValue="Normal">
        <Radio.Group optionType="button" options={['Low', 'Normal', 'High']} />
      </Form.Item>
      <Form.Item label="Describe the problem" name="description">
        <Input.TextArea rows={4} />
      </Form.Item>
    </>
  );
  const contact = (
    <>
      <Form.Item label="Phone" name="phone">
        <Input />
      </Form.Item>
      <Form.Item name="callback" valuePropName="checked">
        <Checkbox>Call me back</Checkbox>
      </Form.Item>
    </>
  );

  return (
    <div style={{ maxWidth: 640, margin: '0 auto', padding: 32 }}>
      <Typography.Title level={2}>Support ticket</Typography.Title>
      <Form form={form} name="support" layout="vertical" onFinish={onFinish}>
        <Tabs items={[
          { key: 'details', label: 'Details', children: details },
          { key: 'contact', label: 'Contact', children: contact },
        ]} />
        <Form.Item>
          <Button type="primary" htmlType="submit">Send ticket</Button>
        </Form.Item>
      </Form>
    </div>
  );
}

createRoot(document.getElementById('root')).render(<SupportForm />);
"""

VITE_CONFIG = """import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const src = fileURLToPath(new URL('./src/', import.meta.url));

export default defineConfig({
  root: src,
  base: '/',
  logLevel: 'warn',
  esbuild: { jsx: 'automatic' },
  build: {
    outDir: fileURLToPath(new URL('./dist/', import.meta.url)),
    emptyOutDir: true,
    chunkSizeWarningLimit: 8192,
    rollupOptions: {
      input: { event: src + 'event.html', support: src + 'support.html' },
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);  // the libraries' "use client"
      },
    },
  },
});
"""

ORDERS = {
    "Event": ("name", "ticket", "country", "meal"),
    "Support": ("name", "area", "product", "date", "urgency", "phone", "callback"),
}


def _sources() -> dict[str, str]:
    """The app's files, relative to PREFIX."""
    return {
        "vite.config.mjs": VITE_CONFIG,
        "src/event.html": HTML.format(title="Event registration", entry="event"),
        "src/support.html": HTML.format(title="Support ticket", entry="support"),
        "src/event.jsx": EVENT_JSX.replace("__COUNTRIES__", json.dumps(COUNTRIES)),
        "src/support.jsx": SUPPORT_JSX.replace("__PRODUCTS__", json.dumps(PRODUCTS)),
    }


def ensure_react() -> Path:
    """Install the libraries if missing and build the site if its source changed; return its dist folder."""
    return vite_build(PREFIX, PACKAGES, _sources(), ["event.html", "support.html"])


class _Handler(FormEchoHandler):
    orders: ClassVar[dict[str, tuple[str, ...]]] = ORDERS


@contextlib.contextmanager
def react_site() -> Iterator[str]:
    with serve_forms(ensure_react(), _Handler) as base:
        yield base
