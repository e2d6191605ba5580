// ghosttab perception: one pass over the live page -> a plain JSON observation.
// Phases: (1) read-only walk collecting candidates, rects and text; (2) describe the
// candidates in and near the viewport; (3) write `data-gt-ref` / `data-gt-frame` stamps.
// Reads never follow writes, so the walk causes at most one layout. observe.py splices
// describe.js and state.js into their slots, once, to make the one function page.evaluate runs.
(opts) => {
  const t0 = performance.now();
  const MAX = Math.max(0, Math.min(opts.maxElements | 0, 500));
  const TEXT_CHARS = Math.max(0, Math.min(opts.textChars | 0, 20000));
  // The rendered text (`extra_text`) holds only text inside the viewport, capped tighter.
  const VIEW_TEXT_CHARS = Math.max(0, Math.min(opts.viewTextChars === undefined ? TEXT_CHARS : opts.viewTextChars | 0, TEXT_CHARS));
  const W = window.innerWidth, H = window.innerHeight;
  // "Near" = the viewport plus a quarter of one above and half of one below.
  const NEAR_TOP = -0.25 * H, NEAR_BOTTOM = 1.5 * H;
  const ELSEWHERE_MAX = 8;
  const FIND_MAX = 8, FIND_PER_PHRASE = 3, FIND_TOTAL = 16;
  const topDoc = document;
  // Small documents are walked whole; big ones skip subtrees far from the viewport.
  const SMALL = topDoc.getElementsByTagName('*').length <= 3000;
  const SKIP = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'HEAD', 'META', 'LINK', 'TITLE', 'BASE']);
  const ROLES = new Set(['button', 'link', 'checkbox', 'radio', 'tab', 'menuitem', 'menuitemcheckbox',
    'menuitemradio', 'option', 'combobox', 'switch', 'textbox', 'searchbox', 'listbox', 'slider',
    'treeitem', 'spinbutton']);
  // Roles whose descendants are part of one click target (a pointer span in a button is the button).
  const CLICK_ROLES = new Set(['button', 'link', 'tab', 'menuitem', 'option', 'switch', 'treeitem',
    'checkbox', 'radio']);
  // Drag handles (a sidebar resizer) act on the page too.
  const DRAG_CURSORS = new Set(['grab', 'move', 'col-resize', 'row-resize', 'ew-resize', 'ns-resize']);
  const NO_POINTER = new Set(['HTML', 'BODY', 'MAIN', 'FORM', 'TABLE', 'TBODY', 'THEAD', 'TFOOT', 'UL', 'OL',
    'NAV', 'HEADER', 'FOOTER', 'OPTION', 'IFRAME', 'FRAME']);
  const BLOCK = new Set(['DIV', 'P', 'LI', 'TD', 'TH', 'TR', 'BR', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'DT',
    'DD', 'SECTION', 'ARTICLE', 'HEADER', 'FOOTER', 'LABEL', 'OPTION', 'BUTTON', 'UL', 'OL', 'TABLE',
    'FORM', 'FIELDSET', 'LEGEND', 'NAV', 'ASIDE', 'MAIN', 'PRE', 'BLOCKQUOTE', 'FIGCAPTION', 'SUMMARY']);
  // Far regions are counted by tag with the browser's cached tag collections (a selector query
  // over 100k nodes costs tens of ms); attribute-made candidates there are extrapolated.
  const TAGS = ['a', 'button', 'input', 'select', 'textarea', 'summary'];
  const TAG_SET = new Set(['A', 'BUTTON', 'INPUT', 'SELECT', 'TEXTAREA', 'SUMMARY']);
  const VIS = { checkOpacity: true, checkVisibilityCSS: true, opacityProperty: true, visibilityProperty: true };
  const VIS_SEE_THROUGH = { checkVisibilityCSS: true, visibilityProperty: true };

  const collapse = (s) => s.replace(/\s+/g, ' ').trim();
  // The task's phrases to look for (find-in-page and select options), folded.
  const FIND_PHRASES = (opts.find || []).map((s) => collapse(String(s)).toLowerCase()).filter((s) => s.length >= 2).slice(0, 20);
  const cap = (s, n) => (s.length > n ? s.slice(0, n - 1).trimEnd() + '…' : s);

  // Text of a subtree, stopping early at `limit` characters. Skips scripts and, with `skip` 1, form
  // controls; with `skip` 2, links and buttons too.
  function textOf(node, limit, skip, withAlt) {
    const out = [];
    let len = 0;
    const stack = [node.shadowRoot || node];
    if (node.shadowRoot) stack.push(...Array.from(node.childNodes).reverse());
    while (stack.length && len < limit) {
      const n = stack.pop();
      // Whitespace between tags (an indented template) does not count toward the limit.
      if (n.nodeType === 3) { out.push(n.data); if (/\S/.test(n.data)) len += n.data.length; continue; }
      if (n.nodeType !== 1 && n.nodeType !== 11) continue;
      const tag = n.tagName;
      if (tag) {
        if (SKIP.has(tag) || n.getAttribute('aria-hidden') === 'true') continue;
        if (skip && (tag === 'SELECT' || tag === 'TEXTAREA' || tag === 'INPUT')) continue;
        if (skip === 2 && (tag === 'A' || tag === 'BUTTON')) continue;
        if (withAlt && tag === 'IMG') { const a = n.getAttribute('alt') || ''; out.push(' ' + a + ' '); len += a.length; }
        if (BLOCK.has(tag)) out.push(' ');
      }
      const kids = n.childNodes;
      for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]);
    }
    return collapse(out.join('')).slice(0, limit);
  }

  // ---------- phase 1: walk ----------
  const cands = [];          // candidate records in document order
  // Visible text pieces: text, vertical position, the candidate holding it, the parent element.
  const segs = [], segY = [], segEnd = [], segOwner = [], segParent = [];
  // segBrk[i]: a block boundary or whitespace lies between segment i and the one before it
  // (inline pieces like `<b>1</b>,<b>2</b>` join without a space).
  const segBrk = [], segNode = [], segOy = [];
  let brk = true;
  const heads = [], seenHeads = new Set(); // near h1-h3: [element, text]
  const dialogs = [];
  const occluders = [];      // positioned boxes that may cover other elements (top-level coords)
  let farAbove = 0, farBelow = 0, pruned = false, attrMade = 0;
  const frameSeq = () => (window.__gtFrameSeq = (window.__gtFrameSeq || 0) + 1);
  const newFrames = [];      // [iframe element, number] to stamp in phase 3

  // Visit one element and its subtree; true when it was skipped for lying below the near region.
  function visit(el, ctx) {
    const tag = el.tagName;
    if (SKIP.has(tag)) return;
    const hasAttrs = el.hasAttributes();
    if (hasAttrs && (el.getAttribute('aria-hidden') === 'true' || el.hasAttribute('inert'))) return;
    const r = el.getBoundingClientRect();
    const top = r.top + ctx.oy, bottom = r.bottom + ctx.oy;
    if (r.width === 0 && r.height === 0 && el.getClientRects().length === 0
        && getComputedStyle(el).display !== 'contents') return; // display:none subtree
    const near = bottom > NEAR_TOP && top < NEAR_BOTTOM;
    if (!near && !SMALL && r.height > 0 && tag !== 'BODY' && tag !== 'HTML') {
      // Far from the viewport on a big page: count its candidates, describe none.
      let n = TAG_SET.has(tag) ? 1 : 0;
      for (const t of TAGS) n += el.getElementsByTagName(t).length;
      pruned = true;
      if (top >= NEAR_BOTTOM) { farBelow += n; return true; }
      farAbove += n;
      return false;
    }
    let kind = 0, role = '';
    if (hasAttrs) role = (el.getAttribute('role') || '').trim().split(/\s+/)[0].toLowerCase();
    switch (tag) {
      case 'A': kind = el.hasAttribute('href') ? 2 : 0; break;
      case 'BUTTON': case 'SELECT': case 'TEXTAREA': case 'SUMMARY': kind = 2; break;
      case 'INPUT': kind = el.type === 'hidden' ? 0 : 2; break;
    }
    if (!kind && hasAttrs) {
      const ce = el.getAttribute('contenteditable');
      if (ROLES.has(role) || (ce !== null && ce !== 'false')) kind = 2;
      else if (!ctx.click && (el.tabIndex >= 0 && el.hasAttribute('tabindex') || el.hasAttribute('onclick'))) kind = 1;
    }
    // Focusable only (a keyboard-reachable list or region): its pointer-styled entries are the targets.
    const focusOnly = kind === 1 && !el.hasAttribute('onclick');
    // Style is read only near the viewport: for the pointer heuristic, overlays and clipping.
    const cs = near && (r.width > 0 || r.height > 0) ? getComputedStyle(el) : null;
    let clip = ctx.clip;
    if (cs) {
      const pos = cs.position;
      if (pos === 'fixed') clip = ctx.frame ? ctx.frameClip : null;
      // An absolute box escapes the overflow of ancestors inside its containing block (a dropdown
      // menu popped out of a clipped header): only the clip at its positioned ancestor holds.
      else if (pos === 'absolute') clip = ctx.posClip;
      if ((pos === 'fixed' || pos === 'sticky' || pos === 'absolute' || (pos === 'relative' && cs.zIndex !== 'auto'))
          && cs.pointerEvents !== 'none' && r.width > 0 && r.height > 0) {
        occluders.push({ el, l: r.left + ctx.ox, t: top, r: r.right + ctx.ox, b: bottom });
      }
      if (tag !== 'HTML' && tag !== 'BODY' && (cs.overflowX !== 'visible' || cs.overflowY !== 'visible')) {
        const own = [cs.overflowX !== 'visible' ? r.left + ctx.ox : -Infinity, cs.overflowY !== 'visible' ? top : -Infinity,
          cs.overflowX !== 'visible' ? r.right + ctx.ox : Infinity, cs.overflowY !== 'visible' ? bottom : Infinity];
        clip = clip ? [Math.max(clip[0], own[0]), Math.max(clip[1], own[1]), Math.min(clip[2], own[2]), Math.min(clip[3], own[3])] : own;
      }
    }
    // A click listener of its own (noted by listeners.js): a target even inside another one (a
    // toolbar's pointer-styled box around its Reply and Forward entries), and even when its pointer
    // cursor shows only on hover.
    let own = false;
    if (kind !== 2 && r.width > 0 && r.height > 0 && !NO_POINTER.has(tag)) {
      const view = el.ownerDocument.defaultView;
      own = !!(view && view.__gtHasClick && view.__gtHasClick(el)) || typeof el.onclick === 'function';
      if (own) kind = 1;
    }
    if (!kind && !ctx.click && cs && r.width > 0 && r.height > 0 && !NO_POINTER.has(tag)) {
      const cursor = cs.cursor;
      if (cursor === 'pointer' || DRAG_CURSORS.has(cursor)) {
        const p = el.parentElement || (el.parentNode && el.parentNode.host);
        const lbl = tag === 'LABEL' && el.control;
        if (!lbl && (!p || getComputedStyle(p).cursor !== cursor)) kind = 1;
      }
    }
    let dialog = ctx.dialog;
    if (tag === 'DIALOG' || role === 'dialog' || role === 'alertdialog' || (hasAttrs && el.getAttribute('aria-modal') === 'true')) {
      if ((tag !== 'DIALOG' || el.open) && r.width > 0 && r.height > 0 && el.checkVisibility(VIS)) {
        dialog = el;
        const modal = el.getAttribute('aria-modal') === 'true' || (tag === 'DIALOG' && el.matches(':modal'))
          || el.getAttribute('role') === 'alertdialog';
        dialogs.push({ el, modal, native: tag === 'DIALOG' && el.matches(':modal'), r: [r.left + ctx.ox, top, r.right + ctx.ox, bottom] });
      }
    }
    if ((tag === 'H1' || tag === 'H2' || tag === 'H3') && near && r.height > 0) {
      const t = textOf(el, 100, 0, false);
      if (t) { heads.push([el, t]); seenHeads.add(el); }
    }
    let rec = null;
    if (kind) {
      if (!TAG_SET.has(tag)) attrMade++;
      rec = { el, kind, own, role, tag, r, ctx, dialog, order: cands.length, dropped: false, chosen: false };
      cands.push(rec);
    }
    // The clip an absolute descendant keeps: the one inside the nearest positioned (or transformed) box.
    const posClip = cs && (cs.position !== 'static' || cs.transform !== 'none') ? clip : ctx.posClip;
    let child = ctx;
    const clicky = (kind === 1 && !focusOnly) || (kind === 2 && (tag === 'A' || tag === 'BUTTON' || tag === 'SUMMARY' || CLICK_ROLES.has(role)));
    if (rec || (clicky && !ctx.click) || dialog !== ctx.dialog || clip !== ctx.clip
      || posClip !== ctx.posClip) {
      child = Object.assign({}, ctx, { click: ctx.click || clicky, dialog, clip, posClip, cand: rec || ctx.cand });
    }
    const blockish = BLOCK.has(tag) || (cs !== null && !cs.display.startsWith('inline') && cs.display !== 'contents');
    if (blockish) brk = true;
    if (tag === 'SELECT' || tag === 'TEXTAREA' || tag === 'INPUT') { brk = true; return; }
    if (tag === 'IFRAME' || tag === 'FRAME') { enterFrame(el, r, child); return; }
    if (el.shadowRoot) walkChildren(el.shadowRoot, child, top, bottom);
    walkChildren(el, child, top, bottom);
    if (blockish) brk = true;
    if (rec && kind === 1) {
      for (let i = rec.order + 1; i < cands.length; i++) {
        if (cands[i].kind === 2 || (focusOnly && !cands[i].dropped) || (!own && cands[i].own)) { rec.dropped = true; break; }
      }
    }
  }

  function walkChildren(parent, ctx, y, yEnd) {
    if (!SMALL && parent.childElementCount > 64 && walkLongList(parent, ctx, y, yEnd)) return;
    walkRange(parent, parent.firstChild, null, ctx, y, yEnd);
  }

  // Visit the child nodes of `parent` from `first` up to (not including) `stop`.
  function walkRange(parent, first, stop, ctx, y, yEnd) {
    const c = ctx.clip, hiddenText = !!c && (y >= c[3] || yEnd <= c[1]); // scrolled out of its box
    const holder = parent.nodeType === 1 ? parent : parent.host;
    let cut = hiddenText; // text after a child that lies below the near region is not near either
    for (let n = first; n && n !== stop; n = n.nextSibling) {
      if (n.nodeType === 1) { if (visit(n, ctx)) cut = true; }
      else if (n.nodeType === 3 && !cut) {
        const d = n.data;
        if (d.length && /\S/.test(d)) {
          segs.push(d); segY.push(y); segEnd.push(yEnd); segOwner.push(ctx.cand); segParent.push(holder);
          segBrk.push(brk); brk = false; segNode.push(n); segOy.push(ctx.oy);
        } else brk = true;
      }
    }
  }

  // Many children laid out top to bottom (table rows, list items, grid cards): binary-search the
  // near ones and visit only those; the rest are counted from the tag collections.
  function walkLongList(parent, ctx, y, yEnd) {
    const kids = parent.children, n = kids.length;
    const rect = (i) => kids[i].getBoundingClientRect();
    const step = Math.max(1, Math.floor(n / 16));
    let prev = -Infinity;
    for (let i = 0; i < n; i += step) {
      const r = rect(i);
      if (r.height === 0 && r.width === 0) return false;
      if (r.top + 1 < prev) return false; // not top-to-bottom: walk normally
      prev = r.top;
    }
    const first = (pred) => { let a = 0, b = n; while (a < b) { const m = (a + b) >> 1; if (pred(m)) b = m; else a = m + 1; } return a; };
    const lo = Math.max(0, first((i) => rect(i).bottom + ctx.oy > NEAR_TOP) - 4);
    const hi = Math.min(n, first((i) => rect(i).top + ctx.oy >= NEAR_BOTTOM) + 4);
    if (lo === 0 && hi === n) return false;
    // Count tagged candidates outside kids[lo..hi): walk each tag's document-ordered collection
    // with a cursor over the children (compareDocumentPosition is linear in the sibling count).
    // The cursor stops at kids[hi]: everything after it is below.
    for (const t of TAGS) {
      const all = parent.getElementsByTagName(t), m = all.length;
      let kid = parent.firstElementChild, ki = 0, j = 0;
      for (; j < m; j++) {
        let k = all[j];
        while (k.parentNode !== parent) k = k.parentNode;
        while (kid !== k) { kid = kid.nextElementSibling; ki++; }
        if (ki >= hi) break;
        if (ki < lo) farAbove++;
      }
      farBelow += m - j;
    }
    pruned = true;
    const made = attrMade;
    walkRange(parent, kids[lo], hi < n ? kids[hi] : null, ctx, y, yEnd);
    const perKid = hi > lo ? (attrMade - made) / (hi - lo) : 0;
    farAbove += Math.round(perKid * lo);
    farBelow += Math.round(perKid * (n - hi));
    return true;
  }

  function enterFrame(el, r, ctx) {
    let doc = null;
    try { doc = el.contentDocument; } catch (e) { doc = null; }
    if (!doc || !doc.documentElement) return;
    let num = el.getAttribute('data-gt-frame');
    if (!num) { num = String(frameSeq()); newFrames.push([el, num]); }
    const ox = ctx.ox + r.left + el.clientLeft, oy = ctx.oy + r.top + el.clientTop;
    const frame = { el, ox, oy, parent: ctx.frame };
    const box = [ox, oy, ox + el.clientWidth, oy + el.clientHeight];
    const clip = ctx.clip ? [Math.max(ctx.clip[0], box[0]), Math.max(ctx.clip[1], box[1]), Math.min(ctx.clip[2], box[2]),
      Math.min(ctx.clip[3], box[3])] : box;
    const fctx = Object.assign({}, ctx, { ox, oy, frame, clip, posClip: clip, frameClip: clip,
      frames: ctx.frames.concat(`iframe[data-gt-frame="${num}"]`) });
    walkChildren(doc.documentElement, fctx, r.top + ctx.oy, r.bottom + ctx.oy);
  }

  const rootCtx = { ox: 0, oy: 0, frame: null, frameClip: null, frames: [], click: false, dialog: null, clip: null, posClip: null, cand: null };
  if (topDoc.documentElement) walkChildren(topDoc.documentElement, rootCtx, 0, Infinity);

  // ---------- phase 2: choose and describe ----------
  const openModal = dialogs.length > 0;
  const clippedAway = /* @clipped.js */;
  function visibleBox(rec) {
    const el = rec.el;
    const toggle = rec.tag === 'INPUT' && (el.type === 'checkbox' || el.type === 'radio');
    const ok = rec.r.width >= 1 && rec.r.height >= 1 && el.checkVisibility(VIS) && !(toggle && clippedAway(el));
    if (ok) return { box: rec.r, via: null };
    // A select widget's search box, transparent until typed into (antd, rc-select): the widget shows.
    if (rec.tag === 'INPUT' && el.getAttribute('role') === 'combobox' && rec.r.width >= 1 && rec.r.height >= 1
      && el.checkVisibility(VIS_SEE_THROUGH)) return { box: rec.r, via: null };
    if (rec.tag === 'INPUT' && (el.type === 'checkbox' || el.type === 'radio') && el.labels) {
      for (const lab of el.labels) {
        const lr = lab.getBoundingClientRect();
        if (lr.width >= 1 && lr.height >= 1 && lab.checkVisibility(VIS)) return { box: lr, via: lab };
      }
    }
    return null;
  }
  const sameWidget = /* @widget.js */;
  // Does a click at the top-level point (x, y) reach `rec`'s element (or its label)?
  function hitsElement(rec, via, x, y) {
    let f = rec.ctx.frame;
    const target = via || rec.el;
    const root = target.getRootNode();
    const hit = root.elementFromPoint ? root.elementFromPoint(x - rec.ctx.ox, y - rec.ctx.oy) : null;
    if (!hit) return { ok: false, hit: null };
    if (!(hit === target || target.contains(hit) || (hit.tagName === 'LABEL' && hit.control === rec.el)
      || (hit.closest && hit.closest('label') && hit.closest('label').control === rec.el)
      || sameWidget(rec.el, hit))) return { ok: false, hit };
    while (f) { // the iframe itself must not be covered in its parent document
      const pr = f.el.getRootNode();
      const px = x - (f.parent ? f.parent.ox : 0), py = y - (f.parent ? f.parent.oy : 0);
      const h = pr.elementFromPoint(px, py);
      if (h !== f.el) return { ok: false, hit: h };
      f = f.parent;
    }
    return { ok: true, hit };
  }
  function behindDialog(hit) {
    for (const d of dialogs) {
      if (d.el === hit || d.el.contains(hit) || (hit && hit.contains && hit.contains(d.el))) return true;
    }
    if (hit && hit.nodeType === 1) {
      const hr = hit.getBoundingClientRect();
      const cs = getComputedStyle(hit);
      if ((cs.position === 'fixed' || cs.position === 'absolute') && hr.width * hr.height >= 0.5 * W * H) return true;
    }
    return false;
  }

  // Hit-testing is slow on huge layouts, so only elements that an overlay box overlaps are tested.
  const nativeModal = dialogs.some((d) => d.native);
  function mayBeCovered(rec) {
    if (nativeModal) return true;
    const el = rec.el, via = rec.via;
    for (const o of occluders) {
      if (o.l >= rec.vright || o.r <= rec.vleft || o.t >= rec.vbottom || o.b <= rec.vtop) continue;
      if (o.el === el || o.el.contains(el) || el.contains(o.el)) continue;
      if (via && (o.el === via || o.el.contains(via) || via.contains(o.el))) continue;
      return true;
    }
    return false;
  }
  const live = [];
  for (const rec of cands) {
    if (rec.dropped) continue;
    const vb = visibleBox(rec);
    if (!vb) continue;
    const b = vb.box;
    rec.via = vb.via;
    let top = b.top + rec.ctx.oy, bottom = b.bottom + rec.ctx.oy;
    let left = b.left + rec.ctx.ox, right = b.right + rec.ctx.ox;
    const c = rec.ctx.clip; // scrolled or clipped out of an overflow container counts as hidden
    if (c) {
      left = Math.max(left, c[0]); top = Math.max(top, c[1]); right = Math.min(right, c[2]); bottom = Math.min(bottom, c[3]);
      if (right - left < 1 || bottom - top < 1) continue;
    }
    // Wholly above or left of the document's start (a visually hidden skip link): no scrolling
    // shows it, so it is hidden.
    if (bottom + window.scrollY <= 0 || right + window.scrollX <= 0) { rec.hidden = true; continue; }
    rec.vtop = top; rec.vbottom = bottom; rec.vleft = left; rec.vright = right;
    rec.inView = bottom > 0 && top < H && right > 0 && left < W;
    rec.offset = rec.inView ? 0 : (top >= H ? top - H + 1 : bottom - 1);
    live.push(rec);
  }
  const nearRecs = live.filter((c) => c.vbottom > NEAR_TOP && c.vtop < NEAR_BOTTOM);
  const order = nearRecs.slice().sort((a, b) => (b.dialog ? 1 : 0) - (a.dialog ? 1 : 0)
    || Math.abs(a.offset) - Math.abs(b.offset));
  const chosen = [];
  let covered = 0;
  for (const rec of order) {
    if (chosen.length >= MAX) break;
    rec.behind = false;
    if (rec.inView && mayBeCovered(rec)) {
      const x0 = Math.max(rec.vleft, 0), x1 = Math.min(rec.vright, W), y0 = Math.max(rec.vtop, 0), y1 = Math.min(rec.vbottom, H);
      const pts = [[(x0 + x1) / 2, (y0 + y1) / 2], [x0 + (x1 - x0) * 0.25, y0 + (y1 - y0) * 0.3],
        [x0 + (x1 - x0) * 0.75, y0 + (y1 - y0) * 0.7]];
      let res = null;
      for (const [x, y] of pts) { res = hitsElement(rec, rec.via, x, y); if (res.ok) break; }
      if (!res.ok) {
        if (openModal && !rec.dialog && behindDialog(res.hit)) rec.behind = true;
        else { covered++; continue; }
      }
    } else if (openModal && !rec.dialog && dialogs.some((d) => d.modal)) rec.behind = true;
    rec.chosen = true;
    chosen.push(rec);
  }
  const hiddenLinks = [];
  findElsewhere(chosen);
  formButtons(chosen);
  chosen.sort((a, b) => a.order - b.order);

  // An element the walk did not describe (far away on a big page, or clipped by a scrolled box): not
  // in view either way, placed after the walked ones.
  function farRec(el, r, order) {
    const role = (el.getAttribute('role') || '').trim().split(/\s+/)[0].toLowerCase();
    const rec = { el, kind: 2, role, tag: el.tagName, r, ctx: rootCtx, dialog: null, order, dropped: false, chosen: false };
    rec.inView = false;
    rec.offset = r.top >= H ? r.top - H + 1 : (r.bottom <= 0 ? r.bottom - 1 : H);
    return rec;
  }

  // A form whose fields are in view ends with the button that sends it, however far below: it is
  // listed as a person knows it is there (a long edit form's "Save" under its text areas and uploads).
  function formButtons(chosen) {
    const taken = new Set(chosen.map((c) => c.el));
    const byEl = new Map(live.map((c) => [c.el, c]));
    const forms = new Set(chosen.filter((c) => c.el.form && /^(INPUT|TEXTAREA|SELECT)$/.test(c.el.tagName)).map((c) => c.el.form));
    let order = cands.length + FIND_TOTAL;
    for (const form of [...forms].slice(0, 3)) {
      if (form.tagName !== 'FORM') continue;
      const sends = Array.from(form.querySelectorAll('button, input[type=submit]'))
        .filter((b) => (b.type || '').toLowerCase() === 'submit' && b.checkVisibility(VIS));
      // The last two: a wizard's "Continue" sits beside its "or save as draft".
      for (const button of sends.slice(-2)) {
        if (taken.has(button)) continue;
        let rec = byEl.get(button);
        if (rec && rec.inView) continue; // in view and not chosen: covered or past the cap
        if (!rec) {
          const r = button.getBoundingClientRect();
          if (r.width === 0 && r.height === 0) continue;
          rec = farRec(button, r, order++);
        }
        rec.behind = false;
        rec.chosen = true;
        chosen.push(rec);
      }
    }
  }

  // ---------- find: links and buttons anywhere on the page named by one of `opts.find` ----------
  // Like a person's find-in-page: what the task names may sit far below the viewport (a module in
  // a long index, a method in a sidebar). Exact names first, then names that contain the phrase
  // (short ones, or ones that start with it).
  function findElsewhere(chosen) {
    // Two letters are enough for an exact name (the `fs` module); containing needs three.
    const wanted = FIND_PHRASES;
    if (!wanted.length) return;
    const taken = new Set(chosen.map((c) => c.el));
    const byEl = new Map(live.map((c) => [c.el, c]));
    const nodes = topDoc.querySelectorAll('a[href],button,summary,[role="link"],[role="button"],[role="tab"],[role="menuitem"]');
    // Each phrase gets its own few partial matches, the task's values (listed first) before the
    // goal's names, so a common word in the goal cannot crowd out the value.
    const exact = [], partial = wanted.map(() => []);
    for (let i = 0; i < nodes.length && exact.length < FIND_MAX; i++) {
      const el = nodes[i];
      if (taken.has(el)) continue;
      const name = collapse(el.getAttribute('aria-label') || el.textContent || '').toLowerCase();
      if (!name || name.length > 120) continue;
      if (wanted.includes(name)) { exact.push(el); continue; }
      wanted.forEach((w, k) => {
        if (partial[k].length < FIND_PER_PHRASE && w.length >= 3 && name.includes(w)
          && (name.length <= w.length * 3 || name.startsWith(w))) partial[k].push(el); // `fs.readfile(path, …)`
      });
    }
    let order = cands.length;
    for (const el of [...new Set([...exact, ...partial.flat()])].slice(0, FIND_TOTAL)) {
      let rec = byEl.get(el);
      if (!rec) {
        const r = el.getBoundingClientRect();
        if (!el.checkVisibility(VIS) || (r.width === 0 && r.height === 0)) {
          // Folded away (a collapsed menu or contents): its address is still worth knowing.
          if (el.tagName === 'A' && el.href && hiddenLinks.length < FIND_MAX) {
            hiddenLinks.push({ name: cap(textOf(el, 120, 0, false), 80), href: cap(String(el.href), 300) });
          }
          continue;
        }
        rec = farRec(el, r, order++);
      }
      if (rec.inView) continue; // in view and not chosen: covered or past the cap
      rec.behind = false;
      rec.chosen = true;
      chosen.push(rec);
    }
  }

  /* @describe.js */
  const pageState = /* @state.js */;

  const described = chosen.map(describe);

  // ---------- text, headings, dialogs ----------
  // Page text: a window of `TEXT_CHARS` around the viewport, grown downward first. `text` is all
  // of it; `extra` is the text inside the viewport that the element lines and headings don't
  // already say (names, labels, row and card contexts), capped at `VIEW_TEXT_CHARS`, for the
  // compact rendering.
  function windowText(segs, segY) {
    if (TEXT_CHARS <= 0 || !segs.length) return '';
    let i0 = segY.findIndex((y) => y >= 0 && y < H);
    if (i0 < 0) i0 = Math.max(0, segY.findIndex((y) => y >= 0));
    let lo = i0, hi = i0, len = 0;
    while (hi < segs.length && segY[hi] < H && len < TEXT_CHARS) len += segs[hi++].length + 1;
    while (len < TEXT_CHARS && (hi < segs.length || lo > 0)) {
      if (hi < segs.length) len += segs[hi++].length + 1;
      if (hi < segs.length) len += segs[hi++].length + 1;
      if (lo > 0 && len < TEXT_CHARS) len += segs[--lo].length + 1;
    }
    const t = cap(collapse(segs.slice(lo, hi).join(' ')), TEXT_CHARS);
    return lo > 0 && t ? '… ' + t : t;
  }
  const told = (p) => { for (let e = p, i = 0; e && i < 10; e = e.parentElement, i++) if (usedText.has(e)) return true; return false; };
  for (const h of seenHeads) usedText.add(h);
  let extra = '', more = false, gap = false;
  const range = topDoc.createRange();
  // A text node whose parent crosses the viewport's edge (a long code block) is placed by its own box.
  const offView = (i) => {
    if (segY[i] >= H || segEnd[i] <= 0) return true;
    if (segY[i] >= 0 && segEnd[i] <= H) return false;
    try { range.selectNodeContents(segNode[i]); } catch (e) { return false; }
    const rr = range.getBoundingClientRect();
    return rr.height > 0 && (rr.top + segOy[i] >= H || rr.bottom + segOy[i] <= 0);
  };
  for (let i = 0; i < segs.length; i++) {
    if (offView(i)
        || (segOwner[i] && (segOwner[i].chosen || segOwner[i].hidden)) || told(segParent[i])) { gap = true; continue; }
    if (extra.length >= VIEW_TEXT_CHARS) { more = true; break; }
    extra += (segBrk[i] || gap ? ' ' : '') + segs[i];
    gap = false;
  }
  const text = windowText(segs, segY);
  extra = collapse(extra);
  if (extra.length > VIEW_TEXT_CHARS || (more && extra)) {
    const cut = extra.slice(0, Math.max(0, VIEW_TEXT_CHARS - 1));
    const sp = cut.lastIndexOf(' ');
    extra = (sp > cut.length * 0.7 ? cut.slice(0, sp) : cut).trimEnd() + '…';
  }
  const elsewhereEls = [];
  for (const t of ['h1', 'h2']) { // section titles only: far-away h3s are mostly card titles
    let k = 0;
    for (const h of topDoc.getElementsByTagName(t)) {
      if (k >= 20) break;
      if (!seenHeads.has(h) && h.checkVisibility(VIS)) { elsewhereEls.push(h); k++; }
    }
  }
  elsewhereEls.sort((a, b) => (a.compareDocumentPosition(b) & 4 ? -1 : 1));
  // Deduplicated, and capped: a summary of the rest of the page, not its table of contents.
  const elsewhere = [];
  for (const h of elsewhereEls) {
    const t = cap(textOf(h, 100, 0, false), 60);
    if (t && !elsewhere.includes(t)) elsewhere.push(t);
    if (elsewhere.length >= ELSEWHERE_MAX) break;
  }
  const dialogTexts = dialogs.slice(0, 5).map((d) => {
    const el = d.el;
    let title = byIds(el, 'aria-labelledby') || collapse(el.getAttribute('aria-label') || '');
    if (!title) { const h = el.querySelector('h1,h2,h3,h4,h5,h6,[class*="title" i]'); if (h) title = textOf(h, 100, 0, false); }
    const body = textOf(el, 300, 1, false);
    const rest = title && body.startsWith(title) ? body.slice(title.length).trim() : body;
    return cap(title ? (rest ? `${title}: ${rest}` : title) : rest, 240);
  });

  const state = pageState(topDoc.body ? topDoc.body.innerText : '');

  // ---------- phase 3: stamp refs (writes only from here on) ----------
  const used = new Set();
  for (let i = 0; i < chosen.length; i++) {
    const el = chosen[i].el;
    let ref = el.getAttribute('data-gt-ref');
    if (!ref || el.__gtRef !== ref || used.has(ref)) { // unstamped, cloned, or duplicated node
      window.__gtRefSeq = (window.__gtRefSeq || 0) + 1;
      ref = String(window.__gtRefSeq);
      el.setAttribute('data-gt-ref', ref);
      el.__gtRef = ref;
    }
    used.add(ref);
    described[i].ref = ref;
    described[i].index = i + 1;
  }
  for (const [el, num] of newFrames) el.setAttribute('data-gt-frame', num);

  // ---------- hash and summary ----------
  let h = 0x811c9dc5;
  const mix = (s) => { for (let i = 0; i < s.length; i++) { h ^= s.charCodeAt(i); h = Math.imul(h, 0x01000193); } };
  mix(location.href);
  for (const d of described) mix(`|${d.tag}|${d.name || ''}|${d.value || ''}|${d.checked}|${d.context || ''}`);
  mix('|' + text.slice(0, 500) + '|' + (live.length + farAbove + farBelow));
  const outside = live.filter((c) => !c.chosen);
  const below = outside.filter((c) => c.offset > 0).length + farBelow;
  const above = outside.filter((c) => c.offset < 0).length + farAbove;
  const unlisted = outside.filter((c) => c.offset === 0).length - covered; // in view, past the cap
  const se = topDoc.scrollingElement || topDoc.documentElement;
  // Visible tables, row by row (what a value "in the table" is read from).
  const tables = [];
  for (const t of topDoc.querySelectorAll('table')) {
    if (tables.length >= 5) break;
    const tr = t.getBoundingClientRect();
    if (!tr.width || !tr.height) continue;
    const rows = [];
    for (const row of t.rows) {
      if (rows.length >= 40) break;
      rows.push([...row.cells].slice(0, 8).map((c) => cap(collapse(c.textContent || ''), 80)));
    }
    if (rows.length) tables.push(rows);
  }
  return {
    tables,
    url: location.href,
    title: cap(collapse(topDoc.title || ''), 200),
    elements: described,
    text,
    extra_text: extra,
    headings: heads.slice(0, 30).map(([, t]) => t),
    dialogs: dialogTexts.filter(Boolean),
    elsewhere_headings: elsewhere,
    total: live.length - covered + farAbove + farBelow,
    above,
    below,
    unlisted: Math.max(0, unlisted),
    covered,
    pruned,
    hidden_links: hiddenLinks.filter((l) => l.name),
    page_hash: (h >>> 0).toString(16).padStart(8, '0'),
    state,
    scroll_y: window.scrollY,
    scroll_height: se ? se.scrollHeight : 0,
    viewport_height: H,
    script_ms: performance.now() - t0,
  };
}
