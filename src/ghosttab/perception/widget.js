// A select's read-only box lying under the text it shows (Element Plus): a click on that text is a
// click on the select. Shared by perception's hit test and the executor's click.
(el, hit) => {
  if (!(el.tagName === 'INPUT' && el.getAttribute('role') === 'combobox' && el.readOnly)) return false;
  const r = el.getBoundingClientRect();
  for (let a = el.parentElement, up = 0; a && up < 4; a = a.parentElement, up++) {
    const ar = a.getBoundingClientRect();
    if (ar.width > r.width * 1.5 + 80 || ar.height > r.height * 2 + 24) return false;
    if (a.contains(hit)) return true;
  }
  return false;
}
