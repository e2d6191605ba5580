/* Trailhead Outfitters widgets: search suggestions, tabs, accordion, dropdown.
   All handlers are delegated on document so re-rendered nodes keep working. */
(function () {
  "use strict";

  /* ---------- search suggestions ---------- */
  var timer = null;
  var active = -1;

  function listFor(input) {
    return document.getElementById(input.getAttribute("aria-controls"));
  }
  function closeList(input) {
    var list = listFor(input);
    if (!list) return;
    list.hidden = true;
    list.innerHTML = "";
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    active = -1;
  }
  function choose(input, li) {
    input.value = li.textContent;
    closeList(input);
    input.form.submit();
  }
  function highlight(input, index) {
    var items = listFor(input).querySelectorAll("[role=option]");
    if (!items.length) return;
    active = (index + items.length) % items.length;
    items.forEach(function (li, i) {
      li.setAttribute("aria-selected", i === active ? "true" : "false");
    });
    input.setAttribute("aria-activedescendant", items[active].id);
  }
  function suggest(input) {
    var q = input.value.trim();
    if (!q) { closeList(input); return; }
    fetch("/shop/api/suggest?q=" + encodeURIComponent(q))
      .then(function (r) { return r.json(); })
      .then(function (items) {
        if (input.value.trim() !== q) return;
        var list = listFor(input);
        list.innerHTML = "";
        items.forEach(function (item, i) {
          var li = document.createElement("li");
          li.setAttribute("role", "option");
          li.id = "suggestion-" + i;
          li.setAttribute("aria-selected", "false");
          li.textContent = item.name;
          list.appendChild(li);
        });
        active = -1;
        list.hidden = items.length === 0;
        input.setAttribute("aria-expanded", items.length ? "true" : "false");
      });
  }

  document.addEventListener("input", function (e) {
    var input = e.target;
    if (!input.matches || !input.matches("input[role=combobox]")) return;
    clearTimeout(timer);
    timer = setTimeout(function () { suggest(input); }, 150);
  });
  document.addEventListener("keydown", function (e) {
    var input = e.target;
    if (input.matches && input.matches("input[role=combobox]")) {
      var list = listFor(input);
      if (!list || list.hidden) return;
      if (e.key === "ArrowDown") { e.preventDefault(); highlight(input, active + 1); }
      else if (e.key === "ArrowUp") { e.preventDefault(); highlight(input, active - 1); }
      else if (e.key === "Escape") { closeList(input); }
      else if (e.key === "Enter" && active >= 0) {
        e.preventDefault();
        choose(input, list.querySelectorAll("[role=option]")[active]);
      }
    }
  });
  document.addEventListener("mousedown", function (e) {
    var li = e.target.closest && e.target.closest(".suggestions [role=option]");
    if (li) {
      e.preventDefault();
      var input = document.querySelector("[aria-controls='" + li.parentNode.id + "']");
      choose(input, li);
      return;
    }
    if (!e.target.closest || !e.target.closest(".combo")) {
      document.querySelectorAll("input[role=combobox]").forEach(closeList);
    }
  });

  /* ---------- tabs ---------- */
  function selectTab(tab) {
    var list = tab.closest("[role=tablist]");
    list.querySelectorAll("[role=tab]").forEach(function (t) {
      var on = t === tab;
      t.setAttribute("aria-selected", on ? "true" : "false");
      t.tabIndex = on ? 0 : -1;
      var panel = document.getElementById(t.getAttribute("aria-controls"));
      if (panel) panel.hidden = !on;
    });
    tab.focus();
  }

  /* ---------- custom dropdown ---------- */
  function dropdownParts(el) {
    var root = el.closest(".dropdown");
    return {
      root: root,
      toggle: root.querySelector("[role=combobox]"),
      menu: root.querySelector("[role=listbox]"),
      input: root.querySelector("input[type=hidden]"),
    };
  }
  function openMenu(parts, open) {
    parts.menu.hidden = !open;
    parts.toggle.setAttribute("aria-expanded", open ? "true" : "false");
  }
  function pick(parts, option) {
    parts.menu.querySelectorAll("[role=option]").forEach(function (o) {
      o.setAttribute("aria-selected", o === option ? "true" : "false");
    });
    parts.input.value = option.getAttribute("data-value");
    parts.toggle.querySelector("span").textContent = option.getAttribute("data-value");
    openMenu(parts, false);
    parts.toggle.focus();
  }

  document.addEventListener("click", function (e) {
    var t = e.target;
    if (!t.closest) return;
    var tab = t.closest("[role=tab]");
    if (tab) { selectTab(tab); return; }
    var trigger = t.closest(".accordion-trigger");
    if (trigger) {
      var expanded = trigger.getAttribute("aria-expanded") === "true";
      trigger.setAttribute("aria-expanded", expanded ? "false" : "true");
      document.getElementById(trigger.getAttribute("aria-controls")).hidden = expanded;
      return;
    }
    var option = t.closest(".dropdown [role=option]");
    if (option) { pick(dropdownParts(option), option); return; }
    var toggle = t.closest(".dropdown [role=combobox]");
    if (toggle) {
      var parts = dropdownParts(toggle);
      openMenu(parts, parts.menu.hidden);
      return;
    }
    document.querySelectorAll(".dropdown").forEach(function (d) {
      openMenu(dropdownParts(d), false);
    });
  });

  document.addEventListener("keydown", function (e) {
    var t = e.target;
    if (!t.closest) return;
    var tab = t.closest("[role=tab]");
    if (tab && (e.key === "ArrowRight" || e.key === "ArrowLeft")) {
      var tabs = Array.prototype.slice.call(tab.parentNode.querySelectorAll("[role=tab]"));
      var i = tabs.indexOf(tab) + (e.key === "ArrowRight" ? 1 : -1);
      selectTab(tabs[(i + tabs.length) % tabs.length]);
      return;
    }
    var toggle = t.closest(".dropdown [role=combobox]");
    if (!toggle) return;
    var parts = dropdownParts(toggle);
    var options = Array.prototype.slice.call(parts.menu.querySelectorAll("[role=option]"));
    var current = options.findIndex(function (o) { return o.getAttribute("aria-selected") === "true"; });
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      var next = current + (e.key === "ArrowDown" ? 1 : -1);
      next = Math.max(0, Math.min(options.length - 1, next));
      options.forEach(function (o, j) { o.setAttribute("aria-selected", j === next ? "true" : "false"); });
      parts.input.value = options[next].getAttribute("data-value");
      toggle.querySelector("span").textContent = options[next].getAttribute("data-value");
      toggle.setAttribute("aria-activedescendant", options[next].id);
    } else if (e.key === "Enter" || e.key === " ") {
      e.preventDefault();
      openMenu(parts, parts.menu.hidden);
    } else if (e.key === "Escape") {
      openMenu(parts, false);
    }
  });
})();
