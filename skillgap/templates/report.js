// The report's only script: language switch, gap table sort and filter, print. No network, no data.
(function () {
  "use strict";
  var root = document.documentElement;
  var table = document.getElementById("gap-table");
  var filterBox = document.getElementById("gap-filter");
  var categoryBox = document.getElementById("category-filter");
  var count = document.getElementById("gap-count");
  var noMatches = document.getElementById("no-matches");
  var showAll = document.getElementById("show-all");
  var limit = table ? parseInt(table.getAttribute("data-limit"), 10) || Infinity : Infinity;
  var expanded = false;
  var sortState = { key: "rank", dir: "asc" };

  function lang() {
    return root.lang === "ko" ? "ko" : "en";
  }

  function each(selector, fn) {
    Array.prototype.forEach.call(document.querySelectorAll(selector), fn);
  }

  function bodies() {
    return table ? Array.prototype.slice.call(table.tBodies) : [];
  }

  function setLanguage(next) {
    root.lang = next;
    document.title = root.getAttribute("data-title-" + next) || document.title;
    each("[data-set-lang]", function (button) {
      button.setAttribute("aria-pressed", String(button.getAttribute("data-set-lang") === next));
    });
    each("[data-placeholder-" + next + "]", function (input) {
      input.placeholder = input.getAttribute("data-placeholder-" + next);
    });
    each("option[data-label-" + next + "]", function (option) {
      option.textContent = option.getAttribute("data-label-" + next);
    });
    updateCount();
  }

  function updateCount() {
    if (!count) {
      return;
    }
    var all = bodies();
    var shown = all.filter(function (body) { return !body.hidden; }).length;
    count.textContent = count.getAttribute("data-template-" + lang())
      .replace("{shown}", String(shown))
      .replace("{total}", String(all.length));
    if (noMatches) {
      noMatches.hidden = shown > 0 || all.length === 0;
    }
  }

  function sortValue(body, key) {
    if (key === "name" || key === "category") {
      return (body.getAttribute("data-" + key + "-" + lang()) || "").toLowerCase();
    }
    return parseFloat(body.getAttribute("data-" + key)) || 0;
  }

  function sortBy(key, dir) {
    var sign = dir === "asc" ? 1 : -1;
    var sorted = bodies().sort(function (a, b) {
      var x = sortValue(a, key);
      var y = sortValue(b, key);
      var order = typeof x === "string" ? x.localeCompare(y, lang()) : x - y;
      // Ties keep the ranked order whichever way the column is sorted.
      return order !== 0 ? sign * order : sortValue(a, "rank") - sortValue(b, "rank");
    });
    sorted.forEach(function (body) { table.appendChild(body); });
    applyView();
    Array.prototype.forEach.call(table.tHead.querySelectorAll("th"), function (th) {
      var button = th.querySelector("button[data-key]");
      if (button) {
        th.setAttribute("aria-sort", button.getAttribute("data-key") === key
          ? (dir === "asc" ? "ascending" : "descending") : "none");
      }
    });
    sortState = { key: key, dir: dir };
  }

  // Show the rows that match the filter; without a filter, only the first `limit` until "show all".
  function applyView() {
    var query = (filterBox ? filterBox.value : "").trim().toLowerCase();
    var category = categoryBox ? categoryBox.value : "";
    var filtering = Boolean(query || category);
    var matched = 0;
    bodies().forEach(function (body) {
      var matches = (!query || body.getAttribute("data-search").indexOf(query) !== -1)
        && (!category || body.getAttribute("data-category") === category);
      if (matches) {
        matched += 1;
      }
      body.hidden = !(matches && (expanded || filtering || matched <= limit));
    });
    if (showAll) {
      showAll.parentNode.hidden = expanded || filtering || matched <= limit;
    }
    updateCount();
  }

  each("[data-set-lang]", function (button) {
    button.addEventListener("click", function () {
      setLanguage(button.getAttribute("data-set-lang"));
    });
  });
  each("[data-action=print]", function (button) {
    button.addEventListener("click", function () { window.print(); });
  });
  if (table) {
    Array.prototype.forEach.call(table.tHead.querySelectorAll("button[data-key]"), function (button) {
      button.addEventListener("click", function () {
        var key = button.getAttribute("data-key");
        var dir = sortState.key === key
          ? (sortState.dir === "asc" ? "desc" : "asc")
          : button.getAttribute("data-default");
        sortBy(key, dir);
      });
    });
  }
  if (filterBox) {
    filterBox.addEventListener("input", applyView);
  }
  if (categoryBox) {
    categoryBox.addEventListener("change", applyView);
  }
  if (showAll) {
    showAll.addEventListener("click", function () {
      expanded = true;
      applyView();
    });
  }
  // Printed reports show every quote: open closed <details> for printing, restore afterwards.
  window.addEventListener("beforeprint", function () {
    each("details:not([open])", function (details) {
      details.setAttribute("data-print-opened", "");
      details.open = true;
    });
  });
  window.addEventListener("afterprint", function () {
    each("details[data-print-opened]", function (details) {
      details.removeAttribute("data-print-opened");
      details.open = false;
    });
  });
  updateCount();
})();
