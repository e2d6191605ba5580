// ghosttab perception: installed before any page script runs (an init script of the task's
// context), it notes the elements a page gives a click listener of their own (jQuery's
// `$('.like').on('click', …)`, `addEventListener('click', …)`), so that observe.js lists an icon or
// a menu entry whose pointer cursor shows only on hover. Listeners on the document, the window
// or the body (event delegation) say nothing of one element and are not noted. It also counts the
// scrolls of boxes inside the page (a feed in a scrolling panel), which the page's state hash reads.
(() => {
  if (window.__gtHasClick) return;
  const noted = new WeakSet();
  const TYPES = new Set(['click', 'mousedown', 'mouseup', 'pointerdown', 'pointerup']);
  const add = EventTarget.prototype.addEventListener;
  EventTarget.prototype.addEventListener = function (type, listener, options) {
    if (TYPES.has(type) && this instanceof Element && this !== document.documentElement && this !== document.body) {
      noted.add(this);
    }
    return add.call(this, type, listener, options);
  };
  Object.defineProperty(window, '__gtHasClick', { value: (el) => noted.has(el) });
  let boxScrolls = 0;
  add.call(document, 'scroll', (event) => { if (event.target !== document) boxScrolls++; }, { capture: true, passive: true });
  Object.defineProperty(window, '__gtBoxScrolls', { value: () => boxScrolls });
})();
