// Records what a person does in the page: clicks, text entered, options chosen, Enter pressed.
// Each event is reported with a description of its element, the way a path's locator keeps it.
(() => {
  if (window.__gtTeaching) return;
  window.__gtTeaching = true;
  const text = (value) => (value || '').replace(/\s+/g, ' ').trim().slice(0, 200);
  const implicitRole = (el) => {
    const tag = el.tagName.toLowerCase();
    const type = (el.getAttribute('type') || '').toLowerCase();
    if (tag === 'a' && el.hasAttribute('href')) return 'link';
    if (tag === 'button' || (tag === 'input' && ['submit', 'button', 'reset'].includes(type))) return 'button';
    if (tag === 'input' && (type === 'checkbox' || type === 'radio')) return type;
    if (tag === 'select') return 'combobox';
    if (tag === 'textarea' || (tag === 'input' && ['', 'text', 'email', 'tel', 'url', 'password', 'number'].includes(type))) return 'textbox';
    if (tag === 'input' && type === 'search') return 'searchbox';
    return '';
  };
  const labelOf = (el) => {
    const labels = el.labels ? Array.from(el.labels).map((l) => text(l.textContent)).filter(Boolean) : [];
    return labels[0] || '';
  };
  const nameOf = (el) => {
    const aria = el.getAttribute('aria-label');
    if (aria) return text(aria);
    const ids = el.getAttribute('aria-labelledby');
    if (ids) return text(ids.split(/\s+/).map((id) => (document.getElementById(id) || {}).textContent || '').join(' '));
    const label = labelOf(el);
    if (label) return label;
    const tag = el.tagName.toLowerCase();
    if (tag === 'input' && ['submit', 'button', 'reset'].includes((el.type || '').toLowerCase())) return text(el.value);
    if (['a', 'button', 'summary', 'option'].includes(tag) || el.getAttribute('role')) return text(el.innerText);
    return text(el.getAttribute('title') || el.getAttribute('alt') || el.getAttribute('placeholder') || '');
  };
  const cssPath = (el) => {
    const parts = [];
    for (let node = el; node && node.nodeType === 1 && parts.length < 6; node = node.parentElement) {
      if (node.id) { parts.unshift(`#${CSS.escape(node.id)}`); break; }
      const parent = node.parentElement;
      const tag = node.tagName.toLowerCase();
      const same = parent ? Array.from(parent.children).filter((c) => c.tagName === node.tagName) : [];
      parts.unshift(same.length > 1 ? `${tag}:nth-of-type(${same.indexOf(node) + 1})` : tag);
    }
    return parts.join(' > ');
  };
  const describe = (el) => ({
    tag: el.tagName.toLowerCase(),
    role: el.getAttribute('role') || implicitRole(el),
    name: nameOf(el),
    label: labelOf(el),
    placeholder: el.getAttribute('placeholder') || '',
    input_name: el.getAttribute('name') || '',
    element_id: el.id || '',
    text: ['a', 'button'].includes(el.tagName.toLowerCase()) ? text(el.innerText) : '',
    href: el.href && el.tagName.toLowerCase() === 'a' ? el.href : '',
    input_type: (el.getAttribute('type') || '').toLowerCase(),
    css: cssPath(el),
  });
  const report = (kind, el, extra) => {
    try { window.__gtTaught({ kind, url: location.href, element: describe(el), ...extra }); } catch (e) { /* page gone */ }
  };
  // Enter in a field submits its form with a synthetic click on the form's button (detail 0): that
  // click is part of the Enter, not a step of its own.
  let enteredAt = -Infinity;
  const actionable = (el) => el.closest('a[href], button, input, select, textarea, summary, label, [role], [onclick]') || el;
  document.addEventListener('click', (event) => {
    if (event.detail === 0 && performance.now() - enteredAt < 1000) return;
    const el = actionable(event.target);
    const tag = el.tagName.toLowerCase();
    const type = (el.getAttribute('type') || '').toLowerCase();
    if (tag === 'label' && el.control) return;  // the click reaches the control it labels next
    if (tag === 'select' || tag === 'textarea' || (tag === 'input' && !['submit', 'button', 'reset', 'checkbox', 'radio', 'image'].includes(type))) return;
    if (tag === 'input' && (type === 'checkbox' || type === 'radio')) { report('check', el, { checked: el.checked }); return; }
    report('click', el, {});
  }, true);
  document.addEventListener('change', (event) => {
    const el = event.target;
    const tag = el.tagName.toLowerCase();
    if (tag === 'select') { report('select', el, { value: text(el.selectedOptions[0] ? el.selectedOptions[0].label : el.value) }); return; }
    const type = (el.getAttribute('type') || '').toLowerCase();
    if (tag === 'textarea' || (tag === 'input' && !['checkbox', 'radio', 'submit', 'button', 'file'].includes(type))) {
      report('type', el, { value: el.value });
    }
  }, true);
  document.addEventListener('keydown', (event) => {
    if (event.key !== 'Enter') return;
    const el = event.target;
    if (el.tagName && ['input', 'textarea'].includes(el.tagName.toLowerCase())) {
      enteredAt = performance.now();
      report('enter', el, { value: el.value });
    }
  }, true);
})();
