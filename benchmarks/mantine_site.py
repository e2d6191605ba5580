"""A small outdoor-gear shop built with React 19 and Mantine 8, a component library nobody here wrote,
for the navigator benchmark (held out, blind: written and run once without looking at the navigator).

The libraries come from the npm registry (installed into benchmarks/.npm-mantine on first use, not ghosttab
dependencies): React 19, @mantine/core and @mantine/hooks 8 with Mantine's stylesheet, and Vite 7 with its
React plugin, which builds the pages below into a static site. The widgets (Drawer, NavLink, Burger, Card,
ColorSwatch, SegmentedControl, NumberInput, Select, MultiSelect, Radio.Card, Switch, Checkbox, Stepper,
Table, Tabs, Accordion, Tree) and their DOM are Mantine's; only the small apps and the page echoing a
submission are ours.

    with mantine_site() as base:   # base URL; /index.html (landing page with a menu drawer), /shop.html
        ...                        # (shop SPA), /account.html (membership wizard), /orders.html,
                                   # /returns.html, /help.html (tabs, accordions, a tree), /contact.html
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

from local_server import FormEchoHandler, serve_forms, vite_build

HERE = Path(__file__).resolve().parent
PREFIX = HERE / ".npm-mantine"
PACKAGES = ["react@19", "react-dom@19", "@mantine/core@8", "@mantine/hooks@8", "@vitejs/plugin-react@5",
            "vite@7"]  # fmt: skip
PAGES = ("index", "shop", "account", "orders", "returns", "help", "contact")
TITLES = {"index": "Northwind Outfitters", "shop": "Shop – Northwind Outfitters",
          "account": "Become a member – Northwind Outfitters", "orders": "My orders – Northwind Outfitters",
          "returns": "Returns – Northwind Outfitters", "help": "Help centre – Northwind Outfitters",
          "contact": "Contact us – Northwind Outfitters"}  # fmt: skip
APPS = {"index": "Home", "shop": "Shop", "account": "Account", "orders": "Orders", "returns": "Returns",
        "help": "Help", "contact": "Contact"}  # fmt: skip

HTML = """<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>{title}</title>
  </head>
  <body>
    <div id="root"></div>
    <script type="module" src="./{entry}-main.jsx"></script>
  </body>
</html>
"""

MAIN_JSX = """import '@mantine/core/styles.css';
import './site.css';
import { createRoot } from 'react-dom/client';
import { MantineProvider } from '@mantine/core';
import App from './__APP__.jsx';

createRoot(document.getElementById('root')).render(<MantineProvider><App /></MantineProvider>);
"""

SITE_CSS = """body { background: #f8f9fa; }
.bar { height: 60px; background: #fff; border-bottom: 1px solid #e9ecef; }
.thumb { height: 96px; border-radius: 6px; margin-bottom: 12px; }
"""

DATA_JS = """export const PRODUCTS = [
  { id: 'ridge-shell', name: 'Ridge Shell Jacket', price: 189, sizes: ['XS', 'S', 'M', 'L', 'XL'],
    colours: [['Slate', '#5b6b7a'], ['Forest', '#2f5d3a'], ['Ember', '#c2502d']],
    blurb: 'Waterproof, breathable three-layer shell for wet days on the hill.' },
  { id: 'ridge-insulated', name: 'Ridge Insulated Jacket', price: 229, sizes: ['XS', 'S', 'M', 'L', 'XL'],
    colours: [['Black', '#222222'], ['Slate', '#5b6b7a']], blurb: 'A warm synthetic-fill jacket for cold belays.' },
  { id: 'ridge-trousers', name: 'Ridge Shell Trousers', price: 129, sizes: ['XS', 'S', 'M', 'L', 'XL'],
    colours: [['Slate', '#5b6b7a'], ['Black', '#222222']], blurb: 'Full-zip waterproof over-trousers.' },
  { id: 'summit-45', name: 'Summit 45 Backpack', price: 139, sizes: [],
    colours: [['Charcoal', '#36454f'], ['Ocean', '#1f6f8b']], blurb: 'A 45-litre pack for long days and overnights.' },
  { id: 'alpine-2', name: 'Alpine 2 Tent', price: 329, sizes: [],
    colours: [['Sand', '#c2b280'], ['Olive', '#708238']], blurb: 'A two-person, three-season tunnel tent, 2.1 kg.' },
  { id: 'alpine-3', name: 'Alpine 3 Tent', price: 399, sizes: [],
    colours: [['Sand', '#c2b280'], ['Olive', '#708238']], blurb: 'The three-person version of our Alpine tent.' },
  { id: 'alpine-2-footprint', name: 'Alpine 2 Footprint', price: 39, sizes: [],
    colours: [['Grey', '#8a8a8a']], blurb: 'A groundsheet cut to fit the Alpine 2 Tent.' },
  { id: 'merino-socks', name: 'Merino Trail Socks', price: 18, sizes: ['S', 'M', 'L'],
    colours: [['Grey', '#8a8a8a'], ['Navy', '#1b2a4a']], blurb: 'Cushioned merino-wool socks that stay fresh.' },
  { id: 'trail-runner-2', name: 'Trail Runner 2', price: 139,
    sizes: ['EU 39', 'EU 40', 'EU 41', 'EU 42', 'EU 43', 'EU 44', 'EU 45'],
    colours: [['Black', '#222222'], ['Coral', '#ff6f61']], blurb: 'A grippy, light trail-running shoe.' },
  { id: 'campfire-mug', name: 'Campfire Mug', price: 12, sizes: [],
    colours: [['Enamel white', '#f1f1ec'], ['Blue', '#3f6fb5']], blurb: 'Enamel steel mug, 350 ml.' },
  { id: 'beacon-300', name: 'Beacon 300 Headlamp', price: 45, sizes: [],
    colours: [['Black', '#222222']], blurb: 'A 300-lumen rechargeable headlamp.' },
  { id: 'trek-poles', name: 'Trek Carbon Poles', price: 89, sizes: [],
    colours: [['Black', '#222222']], blurb: 'A pair of folding carbon trekking poles.' },
];
export const BESTSELLERS = ['merino-socks', 'trail-runner-2', 'beacon-300', 'campfire-mug'];
export const euro = (amount) => '€' + amount.toFixed(2);

const HOME = 'Maeve Byrne, 22 Quay Street, Galway H91 E2K3, Ireland';
export const ORDERS = [
  { number: 'NW-21102', date: '9 March 2031', status: 'Processing', carrier: 'DPD', tracking: 'Not dispatched yet',
    items: [['Trail Runner 2', 'EU 42, Black', 1, 139]], address: HOME, payment: 'Visa ending 4242' },
  { number: 'NW-21044', date: '1 March 2031', status: 'Shipped', carrier: 'DPD', tracking: '1550 2290 4471 83',
    items: [['Merino Trail Socks', 'L, Navy', 3, 18]], address: HOME, payment: 'Visa ending 4242' },
  { number: 'NW-20931', date: '14 February 2031', status: 'Delivered', carrier: 'DPD', tracking: '1550 2281 0093 12',
    items: [['Summit 45 Backpack', 'Charcoal', 1, 139], ['Campfire Mug', 'Blue', 1, 12]], address: HOME,
    payment: 'Mastercard ending 0187' },
  { number: 'NW-20817', date: '2 February 2031', status: 'Delivered', carrier: 'An Post', tracking: 'CE 1290 4471 5IE',
    items: [['Ridge Shell Jacket', 'M, Slate', 1, 189]], address: HOME, payment: 'Visa ending 4242' },
  { number: 'NW-20655', date: '18 January 2031', status: 'Delivered', carrier: 'An Post', tracking: 'CE 0871 3356 2IE',
    items: [['Beacon 300 Headlamp', 'Black', 1, 45], ['Trek Carbon Poles', 'Black', 1, 89]], address: HOME,
    payment: 'PayPal' },
];
export const orderTotal = (order) => order.items.reduce((sum, [, , qty, price]) => sum + qty * price, 0);
"""

LAYOUT_JSX = """import { Burger, Container, Drawer, Group, NavLink, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';

const LINKS = [
  ['Home', '/index.html'], ['Shop', '/shop.html'], ['My orders', '/orders.html'], ['Returns', '/returns.html'],
  ['Become a member', '/account.html'], ['Help centre', '/help.html'], ['Contact us', '/contact.html'],
];

export default function Layout({ children, right }) {
  const [opened, { toggle, close }] = useDisclosure(false);
  return (
    <>
      <header className="bar">
        <Group justify="space-between" h="100%" px="md">
          <Group gap="sm">
            <Burger opened={opened} onClick={toggle} aria-label="Open menu" size="sm" />
            <Text fw={700} size="lg">Northwind Outfitters</Text>
          </Group>
          {right}
        </Group>
      </header>
      <Drawer opened={opened} onClose={close} title="Menu" size="xs">
        {LINKS.map(([label, href]) => (
          <NavLink key={href} component="a" href={href} label={label} active={window.location.pathname === href} />
        ))}
      </Drawer>
      <Container size="md" py="lg">{children}</Container>
    </>
  );
}
"""

HOME_JSX = """import { Button, Card, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import Layout from './Layout.jsx';

const CARDS = [
  ['New season jackets', 'Our Ridge range is back, now made with recycled fabrics.'],
  ['Members save 10%', 'Plus and Pro members get 10% off everything, all year.'],
  ['45-day returns', 'Changed your mind? Send it back within 45 days for free.'],
];

export default function Home() {
  return (
    <Layout>
      <Stack gap="lg">
        <Card padding="xl" radius="md" withBorder>
          <Title order={1}>Gear for every trail</Title>
          <Text c="dimmed" mt="sm">Jackets, tents, packs and shoes tested on the west coast of Ireland.</Text>
          <Button component="a" href="/shop.html" mt="lg" w="fit-content">Shop now</Button>
        </Card>
        <SimpleGrid cols={3}>
          {CARDS.map(([title, text]) => (
            <Card key={title} withBorder radius="md">
              <Text fw={600}>{title}</Text>
              <Text size="sm" c="dimmed" mt={4}>{text}</Text>
            </Card>
          ))}
        </SimpleGrid>
      </Stack>
    </Layout>
  );
}
"""

SHOP_JSX = """import { useEffect, useMemo, useState } from 'react';
import {
  Alert, Badge, Button, Card, CheckIcon, ColorSwatch, Group, NumberInput, Radio, SegmentedControl, Select,
  SimpleGrid, Stack, Table, Text, TextInput, Title,
} from '@mantine/core';
import Layout from './Layout.jsx';
import { BESTSELLERS, PRODUCTS, euro } from './data.js';

const COUNTRIES = ['Ireland', 'United Kingdom', 'France', 'Germany', 'Netherlands', 'Belgium', 'Spain', 'Italy'];
const DELIVERY = { Standard: 0, Express: 9.95, 'Next day': 14.95 };
const SAVED = [
  { id: 'trail-runner-2', size: 'EU 42', colour: 'Black', qty: 1 },
  { id: 'campfire-mug', size: '', colour: 'Blue', qty: 2 },
  { id: 'merino-socks', size: 'L', colour: 'Navy', qty: 2 },
];
const product = (id) => PRODUCTS.find((p) => p.id === id);
const options = (line) => [line.size, line.colour].filter(Boolean).join(', ');
const describe = (line) => `${product(line.id).name} (${options(line)}) x${line.qty}`;
const route = () => window.location.hash.replace(/^#\\/?/, '');

function matches(p, query) {
  const words = query.replace(/["'\\u201c\\u201d]/g, ' ').toLowerCase().split(/\\s+/).filter(Boolean);
  return words.length > 0 && words.every((word) => p.name.toLowerCase().includes(word));
}

function ProductCard({ p, open }) {
  return (
    <Card withBorder radius="md" padding="md" onClick={() => open(p.id)} style={{ cursor: 'pointer' }}>
      <div className="thumb" style={{ background: p.colours[0][1] }} />
      <Text fw={600}>{p.name}</Text>
      <Text size="sm" c="dimmed">{euro(p.price)}</Text>
    </Card>
  );
}

function ProductPage({ p, add, go }) {
  const [colour, setColour] = useState('');
  const [size, setSize] = useState(null);
  const [qty, setQty] = useState(1);
  const [errors, setErrors] = useState({});
  const [added, setAdded] = useState(false);
  function submit() {
    const found = {};
    if (!colour) found.colour = 'Please choose a colour';
    if (p.sizes.length && !size) found.size = 'Please choose a size';
    setErrors(found);
    if (Object.keys(found).length) return;
    add({ id: p.id, size: size ?? '', colour, qty: Number(qty) || 1 });
    setAdded(true);
  }
  return (
    <Stack gap="md">
      <Button variant="subtle" w="fit-content" onClick={() => go('')}>Back to the shop</Button>
      <Title order={2}>{p.name}</Title>
      <Text fw={600}>{euro(p.price)}</Text>
      <Text c="dimmed">{p.blurb}</Text>
      <div>
        <Text size="sm" fw={500}>Colour: {colour || 'choose one'}</Text>
        <Group gap="xs" mt={6}>
          {p.colours.map(([name, hex]) => (
            <ColorSwatch key={name} component="button" type="button" color={hex} aria-label={name}
              aria-pressed={colour === name} onClick={() => setColour(name)} style={{ cursor: 'pointer' }}>
              {colour === name && <CheckIcon size={12} color={name === 'Enamel white' ? '#000' : '#fff'} />}
            </ColorSwatch>
          ))}
        </Group>
        {errors.colour && <Text c="red" size="sm">{errors.colour}</Text>}
      </div>
      {p.sizes.length > 0 && (
        <div>
          <Text size="sm" fw={500}>Size</Text>
          <SegmentedControl data={p.sizes} value={size} onChange={setSize} mt={6} />
          {errors.size && <Text c="red" size="sm">{errors.size}</Text>}
        </div>
      )}
      <NumberInput label="Quantity" value={qty} onChange={setQty} min={1} max={10} w={120} />
      <Button w="fit-content" onClick={submit}>Add to basket</Button>
      {added && (
        <Alert color="green" title="Added to your basket">
          <Group mt="xs">
            <Button size="xs" onClick={() => go('basket')}>View basket</Button>
            <Button size="xs" variant="default" onClick={() => go('')}>Continue shopping</Button>
          </Group>
        </Alert>
      )}
    </Stack>
  );
}

function Basket({ basket, remove, go, restored }) {
  const subtotal = basket.reduce((sum, line) => sum + product(line.id).price * line.qty, 0);
  return (
    <Stack gap="md">
      <Title order={2}>Your basket</Title>
      {restored && <Alert color="blue">We have restored the basket you saved on 3 March.</Alert>}
      {basket.length === 0 ? <Text>Your basket is empty.</Text> : (
        <Table>
          <Table.Thead>
            <Table.Tr><Table.Th>Product</Table.Th><Table.Th>Options</Table.Th><Table.Th>Quantity</Table.Th>
              <Table.Th>Price</Table.Th><Table.Th /></Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {basket.map((line, index) => (
              <Table.Tr key={index}>
                <Table.Td>{product(line.id).name}</Table.Td><Table.Td>{options(line)}</Table.Td>
                <Table.Td>{line.qty}</Table.Td><Table.Td>{euro(product(line.id).price * line.qty)}</Table.Td>
                <Table.Td>
                  <Button size="xs" variant="subtle" color="red" aria-label={`Remove ${product(line.id).name}`}
                    onClick={() => remove(index)}>Remove</Button>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <Text fw={600}>Subtotal: {euro(subtotal)}</Text>
      <Group>
        <Button variant="default" onClick={() => go('')}>Continue shopping</Button>
        <Button disabled={basket.length === 0} onClick={() => go('checkout')}>Checkout</Button>
      </Group>
    </Stack>
  );
}

const FIELDS = [['name', 'Full name'], ['email', 'Email'], ['street', 'Street address'], ['city', 'Town or city'],
  ['postcode', 'Postcode']];

function Checkout({ address, setAddress, go }) {
  const [errors, setErrors] = useState({});
  const set = (key) => (value) => setAddress((old) => ({ ...old, [key]: value }));
  function next() {
    const found = {};
    FIELDS.forEach(([key, label]) => { if (!address[key].trim()) found[key] = `Please enter your ${label.toLowerCase()}`; });
    if (address.email && !address.email.includes('@')) found.email = 'Please enter a valid email address';
    if (!address.country) found.country = 'Please choose a country';
    if (!address.delivery) found.delivery = 'Please choose a delivery option';
    setErrors(found);
    if (!Object.keys(found).length) go('review');
  }
  return (
    <Stack gap="sm" maw={520}>
      <Title order={2}>Delivery details</Title>
      {FIELDS.map(([key, label]) => (
        <TextInput key={key} label={label} value={address[key]} error={errors[key]}
          onChange={(event) => set(key)(event.currentTarget.value)} />
      ))}
      <Select label="Country" placeholder="Choose a country" data={COUNTRIES} value={address.country}
        onChange={set('country')} error={errors.country} searchable />
      <Radio.Group label="Delivery option" value={address.delivery} onChange={set('delivery')} error={errors.delivery}>
        <Stack gap={6} mt={6}>
          <Radio value="Standard" label="Standard – free (3–5 working days)" />
          <Radio value="Express" label="Express – €9.95 (1–2 working days)" />
          <Radio value="Next day" label="Next day – €14.95 (order before 2 pm)" />
        </Stack>
      </Radio.Group>
      <Group mt="md">
        <Button variant="default" onClick={() => go('basket')}>Back to basket</Button>
        <Button onClick={next}>Continue to review</Button>
      </Group>
    </Stack>
  );
}

function Review({ basket, address, go }) {
  const subtotal = basket.reduce((sum, line) => sum + product(line.id).price * line.qty, 0);
  const total = subtotal + DELIVERY[address.delivery];
  function place() {
    const items = basket.map(describe).join('; ');
    let hash = 7;
    for (const char of items + address.email) hash = (hash * 31 + char.charCodeAt(0)) % 100000;
    const params = new URLSearchParams({
      form: 'Order', order: `NW-${30000 + (hash % 60000)}`, items, name: address.name, email: address.email,
      street: address.street, city: address.city, postcode: address.postcode, country: address.country,
      delivery: address.delivery, total: euro(total),
    });
    window.location.assign('/submit?' + params.toString());
  }
  return (
    <Stack gap="md">
      <Title order={2}>Review your order</Title>
      <Card withBorder>
        <Group justify="space-between"><Text fw={600}>Items</Text>
          <Button size="xs" variant="subtle" aria-label="Edit basket" onClick={() => go('basket')}>Edit</Button></Group>
        {basket.map((line, index) => (
          <Text key={index}>{describe(line)} – {euro(product(line.id).price * line.qty)}</Text>
        ))}
      </Card>
      <Card withBorder>
        <Group justify="space-between"><Text fw={600}>Delivery</Text>
          <Button size="xs" variant="subtle" aria-label="Edit delivery details" onClick={() => go('checkout')}>Edit</Button>
        </Group>
        <Text>{address.name}, {address.street}, {address.city} {address.postcode}, {address.country}</Text>
        <Text>{address.email}</Text>
        <Text>{address.delivery} delivery – {euro(DELIVERY[address.delivery])}</Text>
      </Card>
      <Text fw={700}>Total to pay: {euro(total)}</Text>
      <Button w="fit-content" onClick={place}>Place order</Button>
    </Stack>
  );
}

export default function Shop() {
  const restoring = new URLSearchParams(window.location.search).get('basket') === 'saved';
  const [basket, setBasket] = useState(() => (restoring ? SAVED : []));
  const [page, setPage] = useState(() => (restoring && !route() ? 'basket' : route()));
  const [query, setQuery] = useState('');
  const [address, setAddress] = useState({ name: '', email: '', street: '', city: '', postcode: '', country: null,
    delivery: '' });
  useEffect(() => {
    if (restoring && !route()) window.history.replaceState(null, '', '#/basket');
    const listen = () => setPage(route());
    window.addEventListener('hashchange', listen);
    return () => window.removeEventListener('hashchange', listen);
  }, []);
  const go = (where) => { window.location.hash = '/' + where; window.scrollTo(0, 0); };
  const results = useMemo(() => PRODUCTS.filter((p) => matches(p, query)), [query]);
  const count = basket.reduce((sum, line) => sum + line.qty, 0);
  const open = (id) => go('product/' + id);
  let body;
  if (page.startsWith('product/') && product(page.slice(8))) {
    body = <ProductPage key={page} p={product(page.slice(8))} go={go}
      add={(line) => setBasket((old) => [...old, line])} />;
  } else if (page === 'basket') {
    body = <Basket basket={basket} go={go} restored={restoring}
      remove={(index) => setBasket((old) => old.filter((_, i) => i !== index))} />;
  } else if (page === 'checkout' && basket.length) {
    body = <Checkout address={address} setAddress={setAddress} go={go} />;
  } else if (page === 'review' && basket.length && address.delivery) {
    body = <Review basket={basket} address={address} go={go} />;
  } else {
    const shown = query.trim() ? results : BESTSELLERS.map(product);
    body = (
      <Stack gap="md">
        <TextInput aria-label="Search products" placeholder="Search products" value={query}
          onChange={(event) => setQuery(event.currentTarget.value)} leftSection={<span aria-hidden>⌕</span>} />
        <Title order={3}>{query.trim() ? `Results for “${query.trim()}”` : 'Bestsellers'}</Title>
        {shown.length === 0 && <Text>No products match your search.</Text>}
        <SimpleGrid cols={3}>{shown.map((p) => <ProductCard key={p.id} p={p} open={open} />)}</SimpleGrid>
      </Stack>
    );
  }
  return (
    <Layout right={
      <Button variant="light" onClick={() => go('basket')}
        rightSection={<Badge size="sm" circle>{count}</Badge>}>Basket</Button>
    }>
      {body}
    </Layout>
  );
}
"""

ACCOUNT_JSX = """import { useState } from 'react';
import {
  Button, Checkbox, Group, MultiSelect, Radio, SegmentedControl, Select, Stack, Stepper, Switch, Text, TextInput,
  Title,
} from '@mantine/core';
import Layout from './Layout.jsx';

const PLANS = [['Basic', 'Free', 'Member prices on selected items and our newsletter.'],
  ['Plus', '€4 a month or €40 a year', '10% off everything and free express delivery.'],
  ['Pro', '€9 a month or €90 a year', 'Everything in Plus, free repairs and early access to sales.']];
const ACTIVITIES = ['Hiking', 'Trail running', 'Climbing', 'Camping', 'Cycling', 'Kayaking', 'Skiing'];
const STORES = ['Online only', 'Dublin', 'Galway', 'Cork', 'Belfast'];

export default function Account() {
  const [active, setActive] = useState(0);
  const [errors, setErrors] = useState({});
  const [form, setForm] = useState({ first: '', last: '', email: '', phone: '', plan: '', billing: 'Monthly',
    activities: [], store: null, newsletter: false, terms: false });
  const set = (key) => (value) => setForm((old) => ({ ...old, [key]: value }));
  const text = (key) => (event) => set(key)(event.currentTarget.value);
  const billing = form.plan && form.plan !== 'Basic' ? form.billing : '-';
  const activities = ACTIVITIES.filter((a) => form.activities.includes(a));

  function check(step) {
    const found = {};
    if (step === 0) {
      if (!form.first.trim()) found.first = 'Please enter your first name';
      if (!form.last.trim()) found.last = 'Please enter your last name';
      if (!form.email.includes('@')) found.email = 'Please enter a valid email address';
    }
    if (step === 1 && !form.plan) found.plan = 'Please choose a membership';
    if (step === 2 && !form.store) found.store = 'Please choose your preferred store';
    if (step === 3 && !form.terms) found.terms = 'You must agree to the terms to create an account';
    setErrors(found);
    return Object.keys(found).length === 0;
  }
  const next = () => { if (check(active)) setActive(active + 1); };
  function create() {
    if (!check(3)) return;
    const params = new URLSearchParams({ form: 'Account', first: form.first, last: form.last, email: form.email,
      phone: form.phone, plan: form.plan, billing });
    activities.forEach((a) => params.append('activities', a));
    params.append('newsletter', form.newsletter ? 'yes' : 'no');
    params.append('store', form.store);
    window.location.assign('/submit?' + params.toString());
  }
  return (
    <Layout>
      <Title order={2} mb="md">Become a member</Title>
      <Stepper active={active} onStepClick={setActive} allowNextStepsSelect={false}>
        <Stepper.Step label="Your details" description="Name and contact">
          <Stack gap="sm" maw={480} mt="md">
            <TextInput label="First name" value={form.first} onChange={text('first')} error={errors.first} />
            <TextInput label="Last name" value={form.last} onChange={text('last')} error={errors.last} />
            <TextInput label="Email" value={form.email} onChange={text('email')} error={errors.email} />
            <TextInput label="Phone number (optional)" value={form.phone} onChange={text('phone')} />
          </Stack>
        </Stepper.Step>
        <Stepper.Step label="Membership" description="Choose a plan">
          <Radio.Group value={form.plan} onChange={set('plan')} error={errors.plan} mt="md">
            <Stack gap="sm" maw={480}>
              {PLANS.map(([name, price, perks]) => (
                <Radio.Card key={name} value={name} radius="md" p="md">
                  <Group wrap="nowrap" align="flex-start">
                    <Radio.Indicator />
                    <div><Text fw={600}>{name}</Text><Text size="sm">{price}</Text>
                      <Text size="sm" c="dimmed">{perks}</Text></div>
                  </Group>
                </Radio.Card>
              ))}
            </Stack>
          </Radio.Group>
          {form.plan && form.plan !== 'Basic' && (
            <div style={{ marginTop: 16 }}>
              <Text size="sm" fw={500}>Billing</Text>
              <SegmentedControl data={['Monthly', 'Yearly']} value={form.billing} onChange={set('billing')} mt={6} />
            </div>
          )}
        </Stepper.Step>
        <Stepper.Step label="Preferences" description="What you enjoy">
          <Stack gap="sm" maw={480} mt="md">
            <MultiSelect label="Activities you enjoy" placeholder="Pick any" data={ACTIVITIES}
              value={form.activities} onChange={set('activities')} searchable />
            <Select label="Preferred store" placeholder="Pick a store" data={STORES} value={form.store}
              onChange={set('store')} error={errors.store} />
            <Switch label="Send me the monthly newsletter" checked={form.newsletter}
              onChange={(event) => set('newsletter')(event.currentTarget.checked)} />
          </Stack>
        </Stepper.Step>
        <Stepper.Step label="Review" description="Check and confirm">
          <Stack gap={4} mt="md">
            <Text>Name: {form.first} {form.last}</Text>
            <Text>Email: {form.email}</Text>
            <Text>Phone: {form.phone || 'not given'}</Text>
            <Text>Membership: {form.plan}{billing !== '-' ? `, billed ${billing.toLowerCase()}` : ''}</Text>
            <Text>Activities: {activities.join(', ') || 'none'}</Text>
            <Text>Preferred store: {form.store}</Text>
            <Text>Newsletter: {form.newsletter ? 'yes' : 'no'}</Text>
            <Checkbox mt="md" label="I agree to the terms and conditions and the privacy notice" checked={form.terms}
              onChange={(event) => set('terms')(event.currentTarget.checked)} error={errors.terms} />
          </Stack>
        </Stepper.Step>
      </Stepper>
      <Group mt="xl">
        <Button variant="default" disabled={active === 0} onClick={() => setActive(active - 1)}>Back</Button>
        {active < 3 ? <Button onClick={next}>Next step</Button> : <Button onClick={create}>Create account</Button>}
      </Group>
    </Layout>
  );
}
"""

ORDERS_JSX = """import { useEffect, useState } from 'react';
import { Badge, Button, Stack, Table, Tabs, Text, Title } from '@mantine/core';
import Layout from './Layout.jsx';
import { ORDERS, euro, orderTotal } from './data.js';

const COLOURS = { Delivered: 'green', Shipped: 'blue', Processing: 'gray' };

function Detail({ order }) {
  return (
    <Stack gap="md">
      <Button variant="subtle" w="fit-content" onClick={() => { window.location.hash = ''; }}>Back to my orders</Button>
      <Title order={2}>Order {order.number}</Title>
      <Text>Placed on {order.date} · <Badge color={COLOURS[order.status]}>{order.status}</Badge></Text>
      <Tabs defaultValue="items" keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="items">Items</Tabs.Tab>
          <Tabs.Tab value="delivery">Delivery</Tabs.Tab>
          <Tabs.Tab value="invoice">Invoice</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="items" pt="md">
          <Table>
            <Table.Tbody>
              {order.items.map(([name, options, qty, price]) => (
                <Table.Tr key={name}><Table.Td>{name}</Table.Td><Table.Td>{options}</Table.Td>
                  <Table.Td>x{qty}</Table.Td><Table.Td>{euro(qty * price)}</Table.Td></Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Tabs.Panel>
        <Tabs.Panel value="delivery" pt="md">
          <Text>Deliver to: {order.address}</Text>
          <Text>Carrier: {order.carrier}</Text>
          <Text>Tracking number: {order.tracking}</Text>
        </Tabs.Panel>
        <Tabs.Panel value="invoice" pt="md">
          <Text>Paid with {order.payment}</Text>
          <Text>Total (VAT included): {euro(orderTotal(order))}</Text>
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}

export default function Orders() {
  const [number, setNumber] = useState(window.location.hash.slice(1));
  useEffect(() => {
    const listen = () => setNumber(window.location.hash.slice(1));
    window.addEventListener('hashchange', listen);
    return () => window.removeEventListener('hashchange', listen);
  }, []);
  const order = ORDERS.find((o) => o.number === number);
  return (
    <Layout>
      {order ? <Detail order={order} /> : (
        <Stack gap="md">
          <Title order={2}>My orders</Title>
          <Text c="dimmed" size="sm">Select an order to see its items, delivery and invoice.</Text>
          <Table highlightOnHover>
            <Table.Thead>
              <Table.Tr><Table.Th>Order</Table.Th><Table.Th>Date</Table.Th><Table.Th>Items</Table.Th>
                <Table.Th>Total</Table.Th><Table.Th>Status</Table.Th><Table.Th /></Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {ORDERS.map((o) => (
                <Table.Tr key={o.number} style={{ cursor: 'pointer' }}
                  onClick={() => { window.location.hash = o.number; }}>
                  <Table.Td>{o.number}</Table.Td><Table.Td>{o.date}</Table.Td>
                  <Table.Td>{o.items.map(([name]) => name).join(', ')}</Table.Td>
                  <Table.Td>{euro(orderTotal(o))}</Table.Td>
                  <Table.Td><Badge color={COLOURS[o.status]}>{o.status}</Badge></Table.Td>
                  <Table.Td>
                    <Button size="xs" variant="light" disabled={o.status !== 'Delivered'}
                      aria-label={`Return items from order ${o.number}`}
                      onClick={(event) => { event.stopPropagation(); window.location.assign(`/returns.html?order=${o.number}`); }}>
                      Return
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Stack>
      )}
    </Layout>
  );
}
"""

RETURNS_JSX = """import { useState } from 'react';
import { Alert, Button, Checkbox, Group, Radio, Select, Stack, Text, TextInput, Textarea, Title } from '@mantine/core';
import Layout from './Layout.jsx';
import { ORDERS } from './data.js';

const REASONS = ['Too small', 'Too big', 'Not as described', 'Damaged or faulty', 'Arrived too late',
  'Changed my mind'];

export default function Returns() {
  const initial = new URLSearchParams(window.location.search).get('order') ?? '';
  const [number, setNumber] = useState(initial);
  const [order, setOrder] = useState(() => ORDERS.find((o) => o.number === initial));
  const [notFound, setNotFound] = useState(false);
  const [items, setItems] = useState([]);
  const [reason, setReason] = useState(null);
  const [refund, setRefund] = useState('');
  const [comments, setComments] = useState('');
  const [errors, setErrors] = useState({});
  function find() {
    const found = ORDERS.find((o) => o.number.toLowerCase() === number.trim().toLowerCase());
    setOrder(found); setNotFound(!found); setItems([]);
  }
  function send() {
    const found = {};
    if (!items.length) found.items = 'Please choose at least one item';
    if (!reason) found.reason = 'Please tell us why you are returning it';
    if (!refund) found.refund = 'Please choose how you would like your refund';
    setErrors(found);
    if (Object.keys(found).length) return;
    const params = new URLSearchParams({ form: 'Return', order: order.number,
      items: order.items.map(([name]) => name).filter((name) => items.includes(name)).join(', '), reason, refund,
      comments });
    window.location.assign('/submit?' + params.toString());
  }
  return (
    <Layout>
      <Stack gap="md" maw={560}>
        <Title order={2}>Return items</Title>
        <Group align="flex-end">
          <TextInput label="Order number" value={number} onChange={(event) => setNumber(event.currentTarget.value)} />
          <Button variant="default" onClick={find}>Find order</Button>
        </Group>
        {notFound && <Alert color="red">We could not find an order with that number.</Alert>}
        {order && order.status !== 'Delivered' && (
          <Alert color="yellow">Order {order.number} has not been delivered yet, so it cannot be returned.</Alert>
        )}
        {order && order.status === 'Delivered' && (
          <>
            <Checkbox.Group label={`Which items from order ${order.number} are you returning?`} value={items}
              onChange={setItems} error={errors.items}>
              <Stack gap={6} mt={6}>
                {order.items.map(([name, options]) => (
                  <Checkbox key={name} value={name} label={name} description={options} />
                ))}
              </Stack>
            </Checkbox.Group>
            <Select label="Reason for return" placeholder="Choose a reason" data={REASONS} value={reason}
              onChange={setReason} error={errors.reason} />
            <Radio.Group label="How would you like your refund?" value={refund} onChange={setRefund} error={errors.refund}>
              <Stack gap={6} mt={6}>
                <Radio value="Original payment method" label="To my original payment method" />
                <Radio value="Store credit" label="As store credit (+10% bonus)" />
              </Stack>
            </Radio.Group>
            <div>
              <Text size="sm" fw={500}>Anything else we should know? (optional)</Text>
              <Textarea aria-label="Comments" value={comments} onChange={(event) => setComments(event.currentTarget.value)}
                autosize minRows={3} mt={6} />
            </div>
            <Button w="fit-content" onClick={send}>Request return</Button>
          </>
        )}
      </Stack>
    </Layout>
  );
}
"""

HELP_JSX = """import { useState } from 'react';
import { Accordion, Grid, Group, List, Paper, Table, Tabs, Text, Title, Tree, useTree } from '@mantine/core';
import Layout from './Layout.jsx';

const FAQ = {
  orders: [
    ['Can I change or cancel my order?', 'You can change or cancel an order until it has been dispatched: contact us with your order number.'],
    ['Which payment methods do you accept?', 'We accept Visa, Mastercard, American Express, PayPal and Northwind gift cards.'],
    ['Do you charge VAT?', 'All our prices include Irish VAT at the standard rate.'],
  ],
  delivery: [
    ['Where do you deliver?', 'We deliver to Ireland, the United Kingdom and every country in the European Union.'],
    ['How much does delivery cost?', [
      'Standard delivery is free and takes 3–5 working days.',
      'Express delivery costs €9.95 and takes 1–2 working days.',
      'Next-day delivery costs €14.95 if you order before 2 pm.']],
    ['How do I track my parcel?', 'Open the order in My orders and choose the Delivery tab for the carrier and tracking number.'],
    ['Can I collect in store?', 'Yes: click & collect is free at our Dublin, Galway, Cork and Belfast stores.'],
  ],
  returns: [
    ['How long do I have to return something?', 'You have 45 days from delivery to return unused items for free.'],
    ['How do refunds work?', 'Refunds go back to your original payment method within 5 working days, or as store credit with a 10% bonus.'],
  ],
};

const GUIDE_TREE = [
  { value: 'clothing', label: 'Clothing', children: [
    { value: 'jackets', label: 'Jackets', children: [
      { value: 'jackets/men', label: "Men's" }, { value: 'jackets/women', label: "Women's" }] },
    { value: 'base', label: 'Base layers', children: [
      { value: 'base/men', label: "Men's" }, { value: 'base/women', label: "Women's" }] }] },
  { value: 'footwear', label: 'Footwear', children: [
    { value: 'boots', label: 'Hiking boots', children: [
      { value: 'boots/men', label: "Men's" }, { value: 'boots/women', label: "Women's" }] },
    { value: 'shoes', label: 'Trail shoes', children: [
      { value: 'shoes/men', label: "Men's" }, { value: 'shoes/women', label: "Women's" }] }] },
  { value: 'socks', label: 'Socks' },
];
const KINDS = { jackets: 'jackets', base: 'base layers', boots: 'hiking boots', shoes: 'trail shoes' };
const SHOES = [['UK 4', 'EU 37', '23 cm'], ['UK 5', 'EU 38', '24 cm'], ['UK 6', 'EU 39', '24.5 cm'],
  ['UK 7', 'EU 40.5', '25.5 cm'], ['UK 8', 'EU 42', '26.5 cm'], ['UK 9', 'EU 43', '27.5 cm'], ['UK 10', 'EU 44.5', '28.5 cm']];
const CLOTHES = [['XS', '82–86 cm', '66–70 cm'], ['S', '87–92 cm', '71–76 cm'], ['M', '93–100 cm', '77–84 cm'],
  ['L', '101–108 cm', '85–92 cm'], ['XL', '109–116 cm', '93–100 cm']];

function guide(value) {
  if (value === 'socks') return ['Socks', [['S', 'EU 36–38', ''], ['M', 'EU 39–42', ''], ['L', 'EU 43–46', '']],
    ['Size', 'Shoe size', '']];
  const [kind, who] = (value ?? '').split('/');
  if (!KINDS[kind] || !who) return null;
  const title = `${who === 'men' ? "Men's" : "Women's"} ${KINDS[kind]}`;
  const shoes = kind === 'boots' || kind === 'shoes';
  return [title, shoes ? SHOES : CLOTHES, shoes ? ['UK', 'EU', 'Foot length'] : ['Size', 'Chest', 'Waist']];
}

function SizeGuides() {
  const tree = useTree();
  const shown = guide(tree.selectedState[0]);
  return (
    <Grid mt="md">
      <Grid.Col span={4}>
        <Paper withBorder p="sm">
          <Tree data={GUIDE_TREE} tree={tree} selectOnClick renderNode={({ node, expanded, hasChildren, elementProps }) => (
            <Group gap={6} {...elementProps}>
              <span aria-hidden>{hasChildren ? (expanded ? '▾' : '▸') : '·'}</span><span>{node.label}</span>
            </Group>
          )} />
        </Paper>
      </Grid.Col>
      <Grid.Col span={8}>
        {shown ? (
          <>
            <Title order={3}>Size guide: {shown[0]}</Title>
            <Table mt="sm">
              <Table.Thead><Table.Tr>{shown[2].map((h, i) => <Table.Th key={i}>{h}</Table.Th>)}</Table.Tr></Table.Thead>
              <Table.Tbody>
                {shown[1].map((row) => <Table.Tr key={row[0]}>{row.map((c, i) => <Table.Td key={i}>{c}</Table.Td>)}</Table.Tr>)}
              </Table.Tbody>
            </Table>
          </>
        ) : <Text c="dimmed">Choose a product type on the left to see its size guide.</Text>}
      </Grid.Col>
    </Grid>
  );
}

function Faq({ items }) {
  const [open, setOpen] = useState(null);
  return (
    <Accordion variant="separated" mt="md" value={open} onChange={setOpen}>
      {items.map(([question, answer]) => (
        <Accordion.Item key={question} value={question}>
          <Accordion.Control>{question}</Accordion.Control>
          <Accordion.Panel>
            {open !== question ? null : Array.isArray(answer) ? <List>{answer.map((a) => <List.Item key={a}>{a}</List.Item>)}</List> : answer}
          </Accordion.Panel>
        </Accordion.Item>
      ))}
    </Accordion>
  );
}

export default function Help() {
  return (
    <Layout>
      <Title order={2} mb="md">Help centre</Title>
      <Tabs defaultValue="orders" keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="orders">Orders & payment</Tabs.Tab>
          <Tabs.Tab value="delivery">Delivery</Tabs.Tab>
          <Tabs.Tab value="returns">Returns</Tabs.Tab>
          <Tabs.Tab value="sizes">Size guides</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="orders"><Faq items={FAQ.orders} /></Tabs.Panel>
        <Tabs.Panel value="delivery"><Faq items={FAQ.delivery} /></Tabs.Panel>
        <Tabs.Panel value="returns"><Faq items={FAQ.returns} /></Tabs.Panel>
        <Tabs.Panel value="sizes"><SizeGuides /></Tabs.Panel>
      </Tabs>
    </Layout>
  );
}
"""

CONTACT_JSX = """import { useState } from 'react';
import { Button, Select, Stack, Text, TextInput, Textarea, Title } from '@mantine/core';
import Layout from './Layout.jsx';

const TOPICS = ['Order status', 'Delivery', 'Returns and refunds', 'Product question', 'Membership', 'Something else'];

export default function Contact() {
  const [form, setForm] = useState({ topic: null, name: '', email: '', order: '', message: '' });
  const [errors, setErrors] = useState({});
  const set = (key) => (value) => setForm((old) => ({ ...old, [key]: value }));
  const text = (key) => (event) => set(key)(event.currentTarget.value);
  function send() {
    const found = {};
    if (!form.topic) found.topic = 'Please choose a topic';
    if (!form.name.trim()) found.name = 'Please enter your name';
    if (!form.email.includes('@')) found.email = 'Please enter a valid email address';
    if (!form.message.trim()) found.message = 'Please write a message';
    setErrors(found);
    if (Object.keys(found).length) return;
    window.location.assign('/submit?' + new URLSearchParams({ form: 'Contact', ...form }).toString());
  }
  return (
    <Layout>
      <Stack gap="sm" maw={560}>
        <Title order={2}>Contact us</Title>
        <Text c="dimmed">We answer every message within one working day.</Text>
        <Select label="Topic" placeholder="What is it about?" data={TOPICS} value={form.topic} onChange={set('topic')}
          error={errors.topic} />
        <TextInput label="Your name" value={form.name} onChange={text('name')} error={errors.name} />
        <TextInput label="Email" value={form.email} onChange={text('email')} error={errors.email} />
        <TextInput aria-label="Order number" placeholder="Order number, if you have one" value={form.order}
          onChange={text('order')} />
        <Text size="sm" fw={500} mt="sm">How can we help?</Text>
        <Textarea aria-label="Message" value={form.message} onChange={text('message')} error={errors.message}
          autosize minRows={4} />
        <Button w="fit-content" mt="sm" onClick={send}>Send message</Button>
      </Stack>
    </Layout>
  );
}
"""

VITE_CONFIG = """import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const src = fileURLToPath(new URL('./src/', import.meta.url));
const pages = __PAGES__;

export default defineConfig({
  root: src,
  base: '/',
  logLevel: 'warn',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('./dist/', import.meta.url)),
    emptyOutDir: true,
    chunkSizeWarningLimit: 8192,
    rollupOptions: { input: Object.fromEntries(pages.map((page) => [page, src + page + '.html'])) },
  },
});
"""

ORDERS = {
    "Order": ("order", "items", "name", "email", "street", "city", "postcode", "country", "delivery", "total"),
    "Account": ("first", "last", "email", "phone", "plan", "billing", "activities", "newsletter", "store"),
    "Return": ("order", "items", "reason", "refund", "comments"),
    "Contact": ("topic", "name", "email", "order", "message"),
}  # fmt: skip

# (id, goal, start path, data, success criteria), as in bench_navigator.py. Written before any run.
TASKS: list[tuple[str, str, str, dict[str, str], dict[str, str]]] = [
    ("mt-shop-jacket",
     'Search the shop for "Ridge Shell" and order the jacket in size {size}, colour {colour}, sent by {delivery} '
     "delivery to {name}, {street}, {city} {postcode}, {country}; email {email}",
     "/shop.html", {"size": "M", "colour": "Forest", "delivery": "express", "name": "Aoife Walsh",
                    "street": "12 Harbour Road", "city": "Galway", "postcode": "H91 X2Y4", "country": "Ireland",
                    "email": "aoife.walsh@example.ie"},
     {"text": "Ridge Shell Jacket (M, Forest) x1 | Aoife Walsh | aoife.walsh@example.ie | 12 Harbour Road | "
              "Galway | H91 X2Y4 | Ireland | Express | €198.95 |"}),
    ("mt-shop-tent",
     'I need {quantity} "Alpine 2" tents in {colour}. Order them with standard delivery to {name}, {street}, '
     "{postcode} {city}, {country} (email {email})",
     "/shop.html", {"quantity": "2", "colour": "olive", "name": "Jonas Weber", "street": "Lindenstraße 8",
                    "postcode": "10969", "city": "Berlin", "country": "Germany", "email": "jonas.weber@example.de"},
     {"text": "Alpine 2 Tent (Olive) x2 | Jonas Weber | jonas.weber@example.de | Lindenstraße 8 | Berlin | "
              "10969 | Germany | Standard | €658.00 |"}),
    ("mt-shop-saved-basket",
     "Take the {item} out of my saved basket and check out the rest with next-day delivery to {name}, "
     "{street}, {city} {postcode}, {country}; my email is {email}",
     "/shop.html?basket=saved", {"item": "Campfire Mug", "name": "Tom Hughes", "street": "4 Mill Lane",
                                 "city": "York", "postcode": "YO1 7HH", "country": "United Kingdom",
                                 "email": "tom.hughes@example.co.uk"},
     {"text": "Trail Runner 2 (EU 42, Black) x1; Merino Trail Socks (L, Navy) x2 | Tom Hughes | "
              "tom.hughes@example.co.uk | 4 Mill Lane | York | YO1 7HH | United Kingdom | Next day | €189.95 |"}),
    ("mt-account-plus",
     "Open a {plan} membership for {first_name} {last_name} ({email}, phone {phone}), billed {billing}. "
     "She enjoys {activity} and {activity_2}, doesn't want the newsletter, and her preferred store is "
     "{store}. Accept the terms and create the account.",
     "/account.html", {"plan": "Plus", "first_name": "Niamh", "last_name": "Kelly", "email": "niamh.kelly@example.ie",
                       "phone": "087 123 4567", "billing": "yearly", "activity": "climbing",
                       "activity_2": "kayaking", "store": "Cork"},
     {"text": "Summary: Niamh | Kelly | niamh.kelly@example.ie | 087 123 4567 | Plus | Yearly | "
              "Climbing, Kayaking | no | Cork |"}),
    ("mt-account-from-home",
     "Sign {first_name} {last_name} ({email}) up for a free {plan} membership with the newsletter. He mostly "
     "goes {activity} and {activity_2} and shops at the {store} store.",
     "/index.html", {"first_name": "Liam", "last_name": "Doyle", "email": "liam.doyle@example.com",
                     "plan": "Basic", "activity": "hiking", "activity_2": "camping", "store": "Galway"},
     {"text": "Summary: Liam | Doyle | liam.doyle@example.com | | Basic | - | Hiking, Camping | yes | Galway |"}),
    ("mt-contact-late",
     "Write to customer service that order {order} has not arrived (topic: {topic}). Message: \"{message}\" "
     "I'm {name}, {email}.",
     "/index.html", {"order": "NW-21044", "topic": "delivery", "message": "My socks were due last Friday and "
                     "have not arrived yet.", "name": "Maeve Byrne", "email": "maeve.byrne@example.ie"},
     {"text": "Summary: Delivery | Maeve Byrne | maeve.byrne@example.ie | NW-21044 | My socks were due last "
              "Friday and have not arrived yet. |"}),
    ("mt-order-tracking",
     "Find the tracking number of my {product} order",
     "/orders.html", {"product": "Merino Trail Socks"},
     {"text": "Tracking number: 1550 2290 4471 83"}),
    ("mt-return-backpack",
     "Send back the {product} I bought, it arrived {problem}. I'd like the refund as {refund}.",
     "/orders.html", {"product": "Summit 45 Backpack", "problem": "damaged", "refund": "store credit"},
     {"text": "Summary: NW-20931 | Summit 45 Backpack | Damaged or faulty | Store credit | |"}),
    ("mt-help-express",
     "Find out in the help centre how much {service} costs",
     "/help.html", {"service": "express delivery"},
     {"text": "Express delivery costs €9.95"}),
    ("mt-size-guide",
     "Open the size guide for {guide}",
     "/help.html", {"guide": "women's trail shoes"},
     {"text": "Size guide: Women's trail shoes"}),
]  # fmt: skip


def _sources() -> dict[str, str]:
    """The app's files, relative to PREFIX."""
    apps = {"Layout": LAYOUT_JSX, "Home": HOME_JSX, "Shop": SHOP_JSX, "Account": ACCOUNT_JSX,
            "Orders": ORDERS_JSX, "Returns": RETURNS_JSX, "Help": HELP_JSX, "Contact": CONTACT_JSX}  # fmt: skip
    sources = {"vite.config.mjs": VITE_CONFIG.replace("__PAGES__", repr(list(PAGES))), "src/data.js": DATA_JS,
               "src/site.css": SITE_CSS}  # fmt: skip
    sources.update({f"src/{name}.jsx": text for name, text in apps.items()})
    for page in PAGES:
        sources[f"src/{page}.html"] = HTML.format(title=TITLES[page], entry=page)
        sources[f"src/{page}-main.jsx"] = MAIN_JSX.replace("__APP__", APPS[page])
    return sources


def ensure_mantine() -> Path:
    """Install the libraries if missing and build the site if its source changed; return its dist folder."""
    return vite_build(PREFIX, PACKAGES, _sources(), [f"{page}.html" for page in PAGES])


class _Handler(FormEchoHandler):
    orders: ClassVar[dict[str, tuple[str, ...]]] = ORDERS


@contextlib.contextmanager
def mantine_site() -> Iterator[str]:
    with serve_forms(ensure_mantine(), _Handler) as base:
        yield base
