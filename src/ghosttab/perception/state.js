// The page's cheap state hash: URL, text, field values, element count, what is open, height, scroll.
// Shared by the success probe and observe.js, so an observation is filed under the state the
// page was in when it was taken, not the state a probe saw a moment earlier.
(text) => {
  let h = 2166136261 >>> 0;
  const mix = (s) => {
    for (let i = 0; i < s.length; i++) { h ^= s.charCodeAt(i); h = Math.imul(h, 16777619) >>> 0; }
  };
  mix(location.href); mix(String(text.length)); mix(text.slice(0, 4000)); mix(text.slice(-2000));
  const fields = document.querySelectorAll('input, select, textarea');
  for (let i = 0; i < fields.length && i < 500; i++) {
    const f = fields[i];
    mix(f.type === 'password' ? String(f.value.length) : f.value); mix(f.checked ? '1' : '0');
    mix(f.getAttribute('aria-checked') || '');
    if (f.multiple && f.selectedOptions) mix(String(Array.from(f.selectedOptions, (o) => o.index)));
  }
  mix(String(document.querySelectorAll('*').length));
  // What is open or chosen (a tab, an accordion, a disclosure) and the page's height: a click that
  // reveals a section changes these even when the text and the fields stay the same.
  const open = document.querySelectorAll('[aria-selected="true"], [aria-expanded="true"], details[open], dialog[open]');
  for (let i = 0; i < open.length && i < 50; i++) mix(open[i].id || (open[i].textContent || '').slice(0, 40));
  mix(String(document.documentElement.scrollHeight));
  mix(`${Math.round(window.scrollX)},${Math.round(window.scrollY)}`);
  // Boxes scrolled inside the page (counted by the listener hook, where it is installed).
  if (typeof window.__gtBoxScrolls === 'function') mix(String(window.__gtBoxScrolls()));
  return h.toString(16);
}
