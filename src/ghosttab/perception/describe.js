// ghosttab perception, part two: describing one chosen element (name, label, role, state,
// context, a CSS selector). Not a script of its own: observe.py splices it into observe.js
// at its slot in phase 2, inside the one function `page.evaluate` runs, so it uses
// that function's helpers (textOf, collapse, cap …); the `usedText` set it fills is read there.
  // Walk back to the nearest sibling whose position is known: described elements come in
  // document order, so a long list costs one walk, not one per element.
  const nthCache = new Map();
  function nthOfType(el) {
    let n = 0;
    for (let s = el.previousElementSibling; s; s = s.previousElementSibling) {
      if (s.tagName !== el.tagName) continue;
      const known = nthCache.get(s);
      if (known) { n += known; break; }
      n++;
    }
    nthCache.set(el, n + 1);
    return n + 1;
  }
  const nameCounts = new Map();
  function cssFor(el, tag) {
    const root = el.getRootNode();
    const t = tag.toLowerCase();
    if (el.id && root.getElementById && root.getElementById(el.id) === el) return '#' + CSS.escape(el.id);
    const nm = el.getAttribute('name');
    if (nm) {
      let counts = nameCounts.get(root);
      if (!counts) {
        counts = new Map(); nameCounts.set(root, counts);
        for (const e of root.querySelectorAll('[name]')) { const k = e.tagName + '|' + e.getAttribute('name'); counts.set(k, (counts.get(k) || 0) + 1); }
      }
      if (counts.get(tag + '|' + nm) === 1) return `${t}[name="${CSS.escape(nm)}"]`;
    }
    const parts = [];
    let e = el;
    while (e && e.nodeType === 1 && parts.length < 12) {
      if (e !== el && e.id && root.getElementById && root.getElementById(e.id) === e) { parts.unshift('#' + CSS.escape(e.id)); break; }
      const tg = e.tagName.toLowerCase();
      if (tg === 'html' || tg === 'body') { parts.unshift(tg); break; }
      parts.unshift(`${tg}:nth-of-type(${nthOfType(e)})`);
      e = e.parentElement;
    }
    return parts.join(' > ');
  }
  function byIds(el, attr) {
    const ids = (el.getAttribute(attr) || '').trim();
    if (!ids) return '';
    const root = el.getRootNode();
    return collapse(ids.split(/\s+/).map((id) => { const n = root.getElementById ? root.getElementById(id) : null; return n ? textOf(n, 120, 0, true) : ''; }).join(' '));
  }
  // A nameless control drawn as a picture (an icon font, a CSS image, an `<img>` without alt): the
  // words its image file, id and classes carry ("trash", "send-reply", "fa-star"), as a person
  // reads the picture. Words that only style or lay out the box are left out.
  const ICON_JUNK = /^(icons?|ico|btn|button|fa[srbl]?|glyph(icon)?|material|symbols?|outlined|round(ed)?|mdi|bi|svg|img|image|png|gif|jpe?g|webp|hover|active|clicked|selected|highlighted|current|disabled|focus|hidden|hide|show|open|js|ui|el|pull|float|left|right|top|bottom|sm|lg|xs|md|xl|small|large|inline|block|flex|col|row|span|div|wrap(per)?|container|item|inner|outer|default|primary|secondary|light|dark|white|black|url|data|static|common|special|assets?)$/;
  function iconWords(el) {
    const bits = [];
    const fromUrl = (v) => { const m = /url\(["']?([^"')]+)["']?\)/.exec(v || ''); if (m && !m[1].startsWith('data:')) bits.push(m[1].split(/[/?#]/).filter(Boolean).pop() || ''); };
    const nodes = [el, ...Array.from(el.children).slice(0, 3)];
    for (const n of nodes) {
      const cs = getComputedStyle(n);
      fromUrl(cs.content); fromUrl(cs.backgroundImage);
      if (n.tagName === 'IMG') bits.push(n.getAttribute('alt') || (n.getAttribute('src') || '').split(/[/?#]/).filter(Boolean).pop() || '');
      const use = n.tagName.toLowerCase() === 'svg' && n.querySelector('use');
      if (use) bits.push(use.getAttribute('href') || use.getAttribute('xlink:href') || '');
      if (n.id) bits.push(n.id);
      bits.push(n.getAttribute('class') || '');
    }
    const words = bits.join(' ').replace(/\.(png|svg|gif|jpe?g|webp)\b/gi, ' ').replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase()
      .split(/[^a-z]+/).filter((w) => w.length > 1 && !ICON_JUNK.test(w));
    return Array.from(new Set(words)).slice(0, 4).join(' ');
  }
  const usedText = new Set(); // elements whose text the element lines already carry
  function labelsText(el) {
    if (!el.labels || !el.labels.length) return '';
    for (const l of el.labels) usedText.add(l);
    return collapse(Array.from(el.labels).map((l) => textOf(l, 120, 1, true)).join(' '));
  }
  function nearbyText(el, after) {
    let node = el;
    for (let depth = 0; depth < 3 && node; depth++) {
      for (let s = after ? node.nextSibling : node.previousSibling; s; s = after ? s.nextSibling : s.previousSibling) {
        if (s.nodeType === 3) { const t = collapse(s.data); if (t) return t; continue; }
        if (s.nodeType !== 1) continue;
        if (/^(INPUT|SELECT|TEXTAREA|BUTTON)$/.test(s.tagName) || s.querySelector('input,select,textarea,button')) return '';
        const t = textOf(s, 200, 1, false);
        if (t) return after ? t : t.slice(-80);
      }
      node = node.parentElement;
      if (!node || /^(FORM|FIELDSET|BODY|TABLE|TBODY|UL|OL)$/.test(node.tagName)) break;
    }
    return '';
  }
  const implicitRole = (el, tag) => {
    if (tag === 'A') return 'link';
    if (tag === 'BUTTON' || tag === 'SUMMARY') return 'button';
    if (tag === 'SELECT') return el.multiple || el.size > 1 ? 'listbox' : 'combobox';
    if (tag === 'TEXTAREA') return 'textbox';
    if (tag === 'INPUT') {
      const t = el.type;
      if (/^(button|submit|reset|image|file|color)$/.test(t)) return 'button';
      if (t === 'checkbox' || t === 'radio') return t;
      if (t === 'range') return 'slider';
      if (t === 'number') return 'spinbutton';
      if (t === 'search') return el.hasAttribute('list') ? 'combobox' : 'searchbox';
      return el.hasAttribute('list') ? 'combobox' : 'textbox';
    }
    if (el.isContentEditable) return 'textbox';
    return '';
  };
  function describe(rec) {
    const el = rec.el, tag = rec.tag;
    const o = { tag: tag.toLowerCase() };
    const role = rec.role || implicitRole(el, tag);
    if (role) o.role = role;
    const isInput = tag === 'INPUT', type = isInput ? (el.type || 'text') : '';
    const formish = isInput || tag === 'SELECT' || tag === 'TEXTAREA' || el.isContentEditable
      || /^(textbox|searchbox|combobox|slider|spinbutton|checkbox|radio|switch|listbox)$/.test(role);
    const nameFromContent = !formish || /^(checkbox|radio|switch)$/.test(role) && !isInput;
    const aria = byIds(el, 'aria-labelledby') || collapse(el.getAttribute('aria-label') || '');
    const labs = labelsText(el);
    let name = aria || labs;
    if (!name && isInput && /^(button|submit|reset)$/.test(type)) name = el.value || (type === 'submit' ? 'Submit' : type === 'reset' ? 'Reset' : '');
    if (!name && isInput && type === 'image') name = el.getAttribute('alt') || '';
    if (!name && nameFromContent) name = textOf(el, 160, 0, true);
    if (!name) name = collapse(el.getAttribute('title') || '');
    if (!name && formish && el.getAttribute('placeholder')) name = collapse(el.getAttribute('placeholder'));
    if (!name && !formish) name = iconWords(el);
    if (name) o.name = cap(name, 80);
    if (formish) {
      const toggle = type === 'checkbox' || type === 'radio';
      let label = labs || aria || collapse(el.getAttribute('placeholder') || '');
      if (!label) label = toggle ? nearbyText(el, true) || nearbyText(el, false) : nearbyText(el, false);
      label = label.replace(/[\s:*]+$/, '');
      if (label) o.label = cap(label, 80);
      if (!o.name && label && toggle) o.name = o.label;
    }
    if (isInput) o.input_type = type;
    if (isInput || tag === 'TEXTAREA' || tag === 'SELECT') {
      if (type !== 'password' && type !== 'file' && !/^(button|submit|reset|image)$/.test(type)) {
        const v = String(el.value || '');
        // A text area keeps more of its text (words read out of it); the rendering clips it as any value.
        if (v && !(type === 'checkbox' || type === 'radio') || (tag === 'SELECT' && v)) o.value = cap(v, tag === 'TEXTAREA' ? 2000 : 200);
        if ((type === 'checkbox' || type === 'radio') && v && v !== 'on') o.value = cap(v, 200);
      }
    } else if (el.isContentEditable) {
      const v = textOf(el, 200, 0, false);
      if (v) o.value = v;
    } else if (role === 'slider' || role === 'spinbutton' || role === 'combobox' || role === 'textbox') {
      const v = el.getAttribute('aria-valuetext') || el.getAttribute('aria-valuenow') || '';
      if (v) o.value = cap(v, 200);
    }
    const ph = el.getAttribute('placeholder'); if (ph) o.placeholder = cap(collapse(ph), 80);
    const nm = el.getAttribute('name'); if (nm) o.input_name = cap(nm, 80);
    if (el.id) o.element_id = cap(el.id, 80);
    // What the field says it holds for the browser's password manager: an existing or a new password.
    const acm = /\b(username|current-password|new-password|one-time-code)\b/.exec(el.getAttribute('autocomplete') || '');
    if (acm) o.autocomplete = acm[1];
    const fm = el.form;
    if (fm && fm.tagName === 'FORM') {
      o.form = cap(fm.getAttribute('id') || fm.getAttribute('name') || 'form ' + Array.prototype.indexOf.call(fm.ownerDocument.forms, fm), 80);
    }
    if (tag === 'A' && el.href) { o.href = cap(String(el.href), 300); const tg = el.getAttribute('target'); if (tg) o.target = tg; }
    if (isInput && (type === 'checkbox' || type === 'radio')) o.checked = !!el.checked;
    // The ARIA state wins: a library that keeps aria-checked (Element Plus's switch) may leave the
    // native state behind.
    if (isInput && (type === 'checkbox' || type === 'radio') || /^(checkbox|radio|switch|menuitemcheckbox|menuitemradio|option|tab)$/.test(role)) {
      const ac = el.getAttribute(role === 'option' || role === 'tab' ? 'aria-selected' : 'aria-checked');
      if (ac === 'true' || ac === 'false') o.checked = ac === 'true';
    }
    if ((el.matches(':disabled')) || el.getAttribute('aria-disabled') === 'true') o.disabled = true;
    if (el.required || el.getAttribute('aria-required') === 'true') o.required = true;
    const ex = el.getAttribute('aria-expanded');
    if (ex === 'true' || ex === 'false') o.expanded = ex === 'true';
    else if (tag === 'SUMMARY' && el.parentElement && el.parentElement.tagName === 'DETAILS') o.expanded = el.parentElement.open;
    if (tag === 'SELECT') {
      // The first 50 options, the selected ones and any the task's values name (a customer far down a
      // list of hundreds).
      const named = (op) => { const t = collapse(op.label || op.text).toLowerCase(); return FIND_PHRASES.some((w) => w.length >= 3 && t.includes(w)); };
      o.options = Array.from(el.options).filter((op, i) => i < 50 || op.selected || (FIND_PHRASES.length && named(op))).slice(0, 80)
        .map((op) => ({ value: cap(op.value, 80), label: cap(collapse(op.label || op.text), 60), selected: op.selected }));
      if (el.multiple) o.multiple = true;
    }
    if (formish && (role === 'radio' || role === 'checkbox' || role === 'switch')) {
      const fs = el.closest('fieldset');
      const lg = fs && fs.querySelector('legend');
      let g = lg ? textOf(lg, 80, 1, false) : '';
      const grp = !g && el.closest('[role="radiogroup"],[role="group"]');
      if (grp) g = byIds(grp, 'aria-labelledby') || collapse(grp.getAttribute('aria-label') || '');
      if (!g && nm) g = nm;
      if (g) o.group = cap(g, 80);
    }
    const c = contextOf(el, formish && !(role === 'checkbox' || role === 'radio'), rec.dialog);
    if (c && c !== o.name && c !== o.label) o.context = c;
    if (!rec.inView) o.in_viewport = false;
    if (rec.dialog) o.in_dialog = true;
    if (rec.behind) o.behind_dialog = true;
    if (rec.ctx.frames.length) o.frames = rec.ctx.frames;
    o.css = cssFor(el, tag);
    o.offset = Math.round(rec.offset);
    return o;
  }
  const ROW_SEL = 'tr,li,[role="row"],[role="listitem"],[role="option"],article,[role="article"]';
  function contextOf(el, textInput, dialog) {
    const row = el.parentElement && el.parentElement.closest(ROW_SEL);
    if (row) {
      // A table row's own text, without its action links ("Edit"); a list item or card in full.
      const table = row.tagName === 'TR' || row.getAttribute('role') === 'row';
      if (textOf(row, 8, 2, false).length < 3) {
        // Nothing but link and button names ("Users | Add | Change"): a short name after the row's
        // first one, like "Add", takes the row's names as its context, so it says what it adds.
        const own = collapse(textOf(el, 30, 0, false));
        const all = collapse(textOf(row, 160, 1, false));
        if (!own || own.length > 16 || all.length <= own.length + 3 || all.startsWith(own)) return '';
        return cap(all, 120);
      }
      usedText.add(row);
      let own = textOf(row, 160, table ? 2 : 1, false);
      // A table row's commands ("Take", "Delete") say which record they act on by its link's name.
      const first = table && row.querySelector('a[href]');
      if (first && first !== el && !first.contains(el)) {
        const named = collapse(textOf(first, 80, 0, false));
        if (named && !own.includes(named)) own = named + ' ' + own;
      }
      return cap(own, 120);
    }
    if (textInput || el.closest('nav,header,footer,[role="navigation"],[role="banner"],[role="contentinfo"]')) return '';
    const own = textOf(el, 200, 1, false).length;
    let p = el.parentElement;
    for (let i = 0; i < 4 && p && p !== dialog && !/^(BODY|FORM|MAIN|TABLE)$/.test(p.tagName); i++, p = p.parentElement) {
      const t = textOf(p, 201, 1, false);
      if (t.length > 200) return '';
      // What the box shows: a folded menu's entries inside it are not its text.
      const shown = t.length > own + 3 ? collapse(p.innerText || '') : '';
      if (shown.length > own + 3) {
        if (p.querySelector('input:not([type=checkbox]):not([type=radio]):not([type=button]):not([type=submit]),select,textarea')) return '';
        // A toolbar (nothing but names): the record it belongs to may be further up.
        if (textOf(p, 8, 2, false).length < 3) continue;
        usedText.add(p);
        return cap(shown, 120);
      }
    }
    return '';
  }
