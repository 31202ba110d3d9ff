/*
 * Kỹ Thuật — the little JavaScript the pages need. Loaded after htmx, Bootstrap and Chart.js.
 *
 * (a) htmx errors: a failed htmx request shows a dismissible alert in #htmx-errors with the
 *     server's message (plain text, JSON {"detail": …}, or the [data-error-message] element
 *     of an HTML error page). Texts come from data-* attributes on #htmx-errors (translated
 *     in base.html).
 * (b) Charts: <canvas data-chart='{chart.js config}'> gets a Chart on load and after every
 *     htmx swap; the chart is destroyed when htmx removes the canvas.
 * (c) Confirmations: hx-confirm="…" and data-confirm="…" open the in-page dialog of
 *     templates/components/_confirm_dialog.html (#kt-confirm), never the browser's box.
 * (d) <form data-autosubmit>: changing one of its selects (or check boxes / radios) submits it;
 *     an hx-get/hx-post form is submitted through htmx.
 * (e) Behaviour that used to be inline (the Content-Security-Policy of headquarters mode allows
 *     scripts from our own files only): <form data-confirm="…"> (or its submit button) asks
 *     before submitting;
 *     [data-select-on-focus] selects its text; [data-copy="#id"] copies that field's value;
 *     [data-remove-row] removes its table row; [data-clear-on-success="#id"] empties that field
 *     after its htmx request succeeds; the unit tree's [data-tree-toggle]; chart bar links.
 * (f) Date picker: every dd/mm/yyyy field gets a calendar button (the browser's own picker).
 * (g) A long <select> (the equipment types) gets a search box that narrows its options.
 * (h) <table class="kt-cards">: the cells are labelled with their column, for the phone cards.
 */
(function () {
  "use strict";

  /* (a) htmx config and errors ------------------------------------------------------------ */

  if (window.htmx) {
    // .htmx-indicator rules live in app.css; no inline <style> injected by htmx (CSP-friendly).
    window.htmx.config.includeIndicatorStyles = false;
  }

  function errorBox() {
    return document.getElementById("htmx-errors");
  }

  function messageFromResponse(xhr) {
    var text = (xhr && xhr.responseText) || "";
    var type = (xhr && xhr.getResponseHeader && xhr.getResponseHeader("Content-Type")) || "";
    if (!text.trim()) return "";
    if (type.indexOf("json") !== -1) {
      try {
        var data = JSON.parse(text);
        if (typeof data === "string") return data;
        if (data && data.detail) return String(data.detail);
        if (data && data.message) return String(data.message);
        return Object.keys(data || {}).map(function (key) {
          var value = data[key];
          return (key === "non_field_errors" ? "" : key + ": ") +
            (Array.isArray(value) ? value.join(" ") : String(value));
        }).join("\n");
      } catch (e) { /* fall through to plain text */ }
    }
    if (type.indexOf("html") !== -1 || /^\s*</.test(text)) {
      var doc = new DOMParser().parseFromString(text, "text/html");
      var marked = doc.querySelector("[data-error-message]");
      var node = marked || doc.querySelector("main") || doc.body;
      var heading = doc.querySelector("title");
      var body = node ? node.textContent.replace(/\s+/g, " ").trim() : "";
      if (marked) return body;
      if (heading && heading.textContent.trim()) return heading.textContent.trim();
      return body.slice(0, 300);
    }
    return text.trim().slice(0, 500);
  }

  function showError(message) {
    var box = errorBox();
    if (!box) { window.alert(message); return; }
    var alert = document.createElement("div");
    alert.className = "alert alert-danger alert-dismissible fade show";
    alert.setAttribute("role", "alert");
    var text = document.createElement("div");
    text.textContent = message;             // textContent: never inject server HTML
    var close = document.createElement("button");
    close.type = "button";
    close.className = "btn-close";
    close.setAttribute("data-bs-dismiss", "alert");
    close.setAttribute("aria-label", box.dataset.closeLabel || "Close");
    alert.appendChild(text);
    alert.appendChild(close);
    box.appendChild(alert);
    while (box.children.length > 3) box.removeChild(box.firstElementChild);
  }

  function statusText(xhr) {
    var box = errorBox();
    var template = (box && box.dataset.msgStatus) || "The request failed (HTTP %(status)s).";
    return template.replace("%(status)s", xhr ? xhr.status : "?");
  }

  document.addEventListener("htmx:responseError", function (event) {
    var xhr = event.detail && event.detail.xhr;
    var message = messageFromResponse(xhr);
    showError(message ? message : statusText(xhr));
  });

  document.addEventListener("htmx:sendError", function () {
    var box = errorBox();
    showError((box && box.dataset.msgNetwork) || "The server could not be reached.");
  });

  document.addEventListener("htmx:beforeRequest", function () {
    var box = errorBox();
    if (box) box.replaceChildren();
  });

  /* (b) Charts ----------------------------------------------------------------------------- */

  var PALETTE = ["#2f5d3a", "#b8962e", "#5b7fa6", "#c0271f", "#7a9a3c", "#8c6d9e", "#d9822b", "#4f8f8a"];

  function withColours(config) {
    var data = config.data || {};
    var perPoint = ["pie", "doughnut", "polarArea"].indexOf(config.type) !== -1;
    (data.datasets || []).forEach(function (dataset, index) {
      if (dataset.backgroundColor || dataset.borderColor) return;
      if (perPoint) {
        dataset.backgroundColor = (dataset.data || []).map(function (_, i) { return PALETTE[i % PALETTE.length]; });
        dataset.borderColor = "#fff";
      } else {
        var colour = PALETTE[index % PALETTE.length];
        dataset.backgroundColor = config.type === "line" ? colour + "33" : colour;
        dataset.borderColor = colour;
      }
    });
    return config;
  }

  // Numbers as Vietnamese write them (9.585; 67,7): on the axes, in the tooltips and in the
  // labels. A config with "percent": true shows one decimal place on every figure, and
  // "limits": [{"value": 30, "label": "…"}] draws a dashed line for each limit.
  var NUMBER = new Intl.NumberFormat("vi-VN", {maximumFractionDigits: 2});
  var PERCENT = new Intl.NumberFormat("vi-VN", {minimumFractionDigits: 1, maximumFractionDigits: 1});

  function formatted(config, value) {
    if (value === null || value === undefined || isNaN(value)) return "—";
    return config.percent ? PERCENT.format(value) + " %" : NUMBER.format(value);
  }

  function withNumbers(config) {
    var options = config.options;
    options.locale = "vi-VN";
    if (options.animation === undefined) options.animation = false;  // figures, not a show
    var valueAxis = options.indexAxis === "y" ? "x" : "y";
    var categoryAxis = valueAxis === "y" ? "x" : "y";
    if (config.type === "bar" || config.type === "line") {
      options.scales = options.scales || {};
      var scale = options.scales[valueAxis] = options.scales[valueAxis] || {};
      scale.ticks = scale.ticks || {};
      scale.ticks.callback = function (value) {  // whole numbers on the axis, "20 %"
        return NUMBER.format(value) + (config.percent ? " %" : "");
      };
      var category = options.scales[categoryAxis] = options.scales[categoryAxis] || {};
      category.ticks = category.ticks || {};
      category.ticks.autoSkip = false;  // every bar keeps its label
    }
    options.plugins = options.plugins || {};
    options.plugins.tooltip = options.plugins.tooltip || {};
    options.plugins.tooltip.callbacks = {
      label: function (context) {
        var value = context.parsed && typeof context.parsed === "object"
          ? context.parsed[valueAxis] : context.parsed;
        var name = context.dataset.label ? context.dataset.label + ": " : "";
        return name + formatted(config, value);
      }
    };
    config.plugins = [valueLabels(config, valueAxis)];
  }

  // Writes each bar's value at its end (and each limit line with its name), so a figure reads
  // without hovering.
  function valueLabels(config, valueAxis) {
    return {
      id: "ktValueLabels",
      afterDatasetsDraw: function (chart) {
        var ctx = chart.ctx;
        ctx.save();
        ctx.font = "600 11px " + window.Chart.defaults.font.family;
        ctx.fillStyle = "#27332b";
        if (config.type === "bar" || config.type === "line") {
          chart.data.datasets.forEach(function (dataset, index) {
            var meta = chart.getDatasetMeta(index);
            if (meta.hidden || dataset.noLabels) return;
            meta.data.forEach(function (element, i) {
              var value = dataset.data[i];
              if (value === null || value === undefined) return;
              var text = formatted(config, value);
              if (valueAxis === "x") {
                ctx.textAlign = "left"; ctx.textBaseline = "middle";
                ctx.fillText(text, element.x + 4, element.y);
              } else if (config.type === "line" && index % 2 === 1) {
                ctx.textAlign = "center"; ctx.textBaseline = "top";  // under its point
                ctx.fillText(text, element.x, element.y + 4);
              } else {
                ctx.textAlign = "center"; ctx.textBaseline = "bottom";
                ctx.fillText(text, element.x, element.y - 3);
              }
            });
          });
        }
        (config.limits || []).forEach(function (limit) {
          var scale = chart.scales[valueAxis];
          if (!scale) return;
          var area = chart.chartArea;
          var y = scale.getPixelForValue(limit.value);
          ctx.strokeStyle = limit.colour || "#c0271f";
          ctx.setLineDash([6, 4]);
          ctx.beginPath(); ctx.moveTo(area.left, y); ctx.lineTo(area.right, y); ctx.stroke();
          ctx.setLineDash([]);
          ctx.fillStyle = limit.colour || "#c0271f";
          ctx.textAlign = "right"; ctx.textBaseline = "bottom";
          ctx.fillText(limit.label + " " + formatted({}, limit.value), area.right - 2, y - 2);
        });
        ctx.restore();
      }
    };
  }

  function renderChart(canvas) {
    if (typeof window.Chart === "undefined") return;
    var existing = window.Chart.getChart(canvas);
    if (existing) existing.destroy();
    var config;
    try {
      config = JSON.parse(canvas.getAttribute("data-chart"));
    } catch (e) {
      console.error("data-chart is not valid JSON", canvas, e);
      return;
    }
    config.options = config.options || {};
    withNumbers(config);
    if (config.options.maintainAspectRatio === undefined &&
        canvas.parentElement && canvas.parentElement.classList.contains("chart-box")) {
      config.options.maintainAspectRatio = false;
    }
    new window.Chart(canvas, withColours(config));
  }

  function renderCharts(root) {
    if (!root || !root.querySelectorAll) return;
    if (root.matches && root.matches("canvas[data-chart]")) renderChart(root);
    root.querySelectorAll("canvas[data-chart]").forEach(renderChart);
  }

  if (typeof window.Chart !== "undefined") {
    window.Chart.defaults.font.family = getComputedStyle(document.documentElement)
      .getPropertyValue("--bs-body-font-family").trim() || "Inter, system-ui, sans-serif";
    window.Chart.defaults.font.size = 12;
    window.Chart.defaults.color = "#3d4a41";
    window.Chart.defaults.borderColor = "#e3e7e2";
  }

  if (window.htmx) {
    // Runs once for document.body on load, then for every element htmx swaps in.
    window.htmx.onLoad(renderCharts);
  } else {
    document.addEventListener("DOMContentLoaded", function () { renderCharts(document.body); });
  }

  document.addEventListener("htmx:beforeCleanupElement", function (event) {
    var element = event.target;
    if (window.Chart && element && element.matches && element.matches("canvas[data-chart]")) {
      var chart = window.Chart.getChart(element);
      if (chart) chart.destroy();
    }
  });

  /* (d) Auto-submitting filter forms --------------------------------------------------------- */

  document.addEventListener("change", function (event) {
    var field = event.target;
    if (!field.matches || !field.matches("select, input[type=checkbox], input[type=radio]")) return;
    var form = field.closest("form[data-autosubmit]");
    if (!form || field.form !== form) return;
    if (typeof form.requestSubmit === "function") {
      form.requestSubmit();               // fires "submit", so hx-get/hx-post forms go through htmx
    } else {
      form.submit();
    }
  });

  /* (f) Date picker ------------------------------------------------------------------------- */
  // Every date typed as dd/mm/yyyy (placeholder "dd/mm/yyyy") gets a calendar button: the
  // browser's own date picker (a hidden <input type="date">) writes the date back as dd/mm/yyyy,
  // so the form, the server and typing by hand stay as they are. No library.

  function isoOf(text) {
    var m = /^\s*(\d{1,2})\/(\d{1,2})\/(\d{4})\s*$/.exec(text || "");
    if (!m) return "";
    return m[3] + "-" + ("0" + m[2]).slice(-2) + "-" + ("0" + m[1]).slice(-2);
  }

  function addDatePicker(input) {
    if (input.hasAttribute("data-date-picker") || input.disabled || input.readOnly) return;
    input.setAttribute("data-date-picker", "");
    var picker = document.createElement("input");
    picker.type = "date";
    picker.tabIndex = -1;
    picker.className = "kt-date-native";
    picker.setAttribute("aria-hidden", "true");
    var button = document.createElement("button");
    button.type = "button";
    button.className = "kt-date-button";
    button.title = document.body.getAttribute("data-date-picker-label") || "";
    button.setAttribute("aria-label", button.title);
    button.innerHTML = '<svg xmlns="http://www.w3.org/2000/svg" width="16" height="16" viewBox="0 0 16 16" fill="currentColor" aria-hidden="true" focusable="false"><path d="M4 .5a.5.5 0 0 1 1 0V1h6V.5a.5.5 0 0 1 1 0V1h1a2 2 0 0 1 2 2v11a2 2 0 0 1-2 2H3a2 2 0 0 1-2-2V3a2 2 0 0 1 2-2h1V.5ZM2 5v9a1 1 0 0 0 1 1h10a1 1 0 0 0 1-1V5H2Z"/></svg>';
    var wrap = document.createElement("span");
    wrap.className = "kt-date";
    input.parentNode.insertBefore(wrap, input);
    wrap.appendChild(input);
    wrap.appendChild(button);
    wrap.appendChild(picker);
    button.addEventListener("click", function () {
      picker.value = isoOf(input.value);
      if (typeof picker.showPicker === "function") {
        try { picker.showPicker(); return; } catch (e) { /* falls through */ }
      }
      picker.focus();
      picker.click();
    });
    picker.addEventListener("change", function () {
      var parts = (picker.value || "").split("-");
      if (parts.length !== 3) return;
      input.value = parts[2] + "/" + parts[1] + "/" + parts[0];
      input.dispatchEvent(new Event("input", {bubbles: true}));
      input.dispatchEvent(new Event("change", {bubbles: true}));
    });
  }

  function addDatePickers(root) {
    if (!root || !root.querySelectorAll) return;
    root.querySelectorAll('input[type="text"][placeholder="dd/mm/yyyy"]').forEach(addDatePicker);
  }

  if (window.htmx) {
    window.htmx.onLoad(addDatePickers);
  } else {
    document.addEventListener("DOMContentLoaded", function () { addDatePickers(document.body); });
  }

  /* (g) Searchable long lists ------------------------------------------------------------------ */
  // A <select> of many options (the 300 equipment types) gets a search box above it: typing
  // part of a name or symbol, with or without diacritics, keeps only the matching options;
  // Enter chooses the first. The select keeps its name and values, so forms do not change.
  // <select data-no-search> opts out.

  var SEARCH_FROM = 60;  // the equipment types (about 300), not a short list of units

  function folded(text) {
    return (text || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .replace(/đ/g, "d").replace(/Đ/g, "D").toLowerCase();
  }

  function addSearch(select) {
    if (select.hasAttribute("data-searchable") || select.hasAttribute("data-no-search") ||
        select.multiple || select.options.length < SEARCH_FROM) return;
    select.setAttribute("data-searchable", "");
    var original = Array.prototype.map.call(select.children, function (node) {
      return node.cloneNode(true);
    });
    var box = document.createElement("input");
    box.type = "search";
    box.className = "form-control form-control-sm kt-select-search";
    box.placeholder = document.body.getAttribute("data-search-label") || "";
    box.setAttribute("aria-label", box.placeholder);
    box.autocomplete = "off";
    select.parentNode.insertBefore(box, select);

    function matches(option, words) {
      if (!option.value) return true;  // the empty choice always stays
      var text = folded(option.textContent);
      return words.every(function (word) { return text.indexOf(word) !== -1; });
    }

    box.addEventListener("input", function () {
      var words = folded(box.value).split(/\s+/).filter(Boolean);
      var chosen = select.value;
      select.replaceChildren();
      original.forEach(function (node) {
        if (node.tagName === "OPTGROUP") {
          var group = node.cloneNode(false);
          Array.prototype.forEach.call(node.children, function (option) {
            if (matches(option, words)) group.appendChild(option.cloneNode(true));
          });
          if (group.children.length) select.appendChild(group);
        } else if (matches(node, words)) {
          select.appendChild(node.cloneNode(true));
        }
      });
      select.value = chosen;
      if (select.value !== chosen) select.value = "";
    });
    box.addEventListener("keydown", function (event) {
      if (event.key !== "Enter") return;
      event.preventDefault();
      var first = Array.prototype.find.call(select.options, function (o) { return o.value; });
      if (!first) return;
      select.value = first.value;
      select.dispatchEvent(new Event("change", {bubbles: true}));
    });
  }

  function addSearches(root) {
    if (!root || !root.querySelectorAll) return;
    if (root.matches && root.matches("select")) addSearch(root);
    root.querySelectorAll("select").forEach(addSearch);
  }

  if (window.htmx) {
    window.htmx.onLoad(addSearches);
  } else {
    document.addEventListener("DOMContentLoaded", function () { addSearches(document.body); });
  }

  /* (h) Lists as cards on a phone ----------------------------------------------------------- */
  // A <table class="kt-cards"> becomes one card per row under 576 px (app.css); each cell is
  // labelled with its column's heading, copied here from the <thead>.

  function labelCells(root) {
    if (!root || !root.querySelectorAll) return;
    var tables = root.matches && root.matches("table.kt-cards") ? [root] : [];
    tables = tables.concat(Array.prototype.slice.call(root.querySelectorAll("table.kt-cards")));
    tables.forEach(function (table) {
      var heads = Array.prototype.map.call(table.querySelectorAll("thead th"), function (th) {
        return th.textContent.trim();
      });
      table.querySelectorAll("tbody tr").forEach(function (row) {
        Array.prototype.forEach.call(row.children, function (cell, i) {
          if (heads[i] && !cell.hasAttribute("data-label") && !cell.hasAttribute("colspan")) {
            cell.setAttribute("data-label", heads[i]);
          }
        });
      });
    });
  }

  if (window.htmx) {
    window.htmx.onLoad(labelCells);
  } else {
    document.addEventListener("DOMContentLoaded", function () { labelCells(document.body); });
  }

  /* (e) Behaviour without inline scripts ------------------------------------------------------ */

  var confirmed = null;  // what to do when "Confirm" is pressed

  function askInPage(question, proceed) {
    var dialog = document.getElementById("kt-confirm");
    if (!dialog || !window.bootstrap) {   // no dialog on this page: ask the plain way
      if (window.confirm(question)) proceed();
      return;
    }
    dialog.querySelector("[data-confirm-question]").textContent = question;
    confirmed = proceed;
    window.bootstrap.Modal.getOrCreateInstance(dialog).show();
  }

  document.addEventListener("click", function (event) {
    if (!event.target.closest || !event.target.closest("[data-confirm-ok]")) return;
    var dialog = document.getElementById("kt-confirm");
    var proceed = confirmed;
    confirmed = null;
    if (dialog && window.bootstrap) window.bootstrap.Modal.getOrCreateInstance(dialog).hide();
    if (proceed) proceed();
  });

  document.addEventListener("htmx:confirm", function (event) {
    var question = event.detail && event.detail.question;
    if (!question) return;
    event.preventDefault();
    askInPage(question, function () { event.detail.issueRequest(true); });
  });

  document.addEventListener("submit", function (event) {
    var form = event.target;
    var button = event.submitter;
    var question = (button && button.getAttribute("data-confirm")) ||
                   (form.getAttribute && form.getAttribute("data-confirm"));
    if (!question) return;
    if (form.getAttribute("data-confirmed") === "yes") {  // the second time round: go ahead
      form.removeAttribute("data-confirmed");
      return;
    }
    event.preventDefault();
    event.stopPropagation();  // htmx must not send it before the answer
    askInPage(question, function () {
      form.setAttribute("data-confirmed", "yes");
      if (typeof form.requestSubmit === "function") {
        form.requestSubmit(button || undefined);
      } else {
        form.submit();
      }
    });
  }, true);

  document.addEventListener("focusin", function (event) {
    if (event.target.matches && event.target.matches("[data-select-on-focus]")) {
      event.target.select();
    }
  });

  document.addEventListener("click", function (event) {
    if (!event.target.closest) return;
    var copy = event.target.closest("[data-copy]");
    if (copy) {
      var field = document.querySelector(copy.getAttribute("data-copy"));
      if (field && navigator.clipboard) navigator.clipboard.writeText(field.value);
      return;
    }
    var remove = event.target.closest("[data-remove-row]");
    if (remove) {
      var row = remove.closest("tr");
      if (row) row.remove();
      return;
    }
    // Unit tree: expanding a row loads its child rows with htmx right after it; collapsing
    // removes every row below it (their materialized paths start with the row's path).
    var button = event.target.closest("[data-tree-toggle]");
    if (button) {
      var treeRow = button.closest("tr");
      var path = treeRow.getAttribute("data-path");
      if (button.getAttribute("aria-expanded") === "true") {
        treeRow.parentElement.querySelectorAll("tr[data-path]").forEach(function (other) {
          if (other !== treeRow && other.getAttribute("data-path").indexOf(path) === 0) {
            other.remove();
          }
        });
        button.setAttribute("aria-expanded", "false");
      } else {
        button.setAttribute("aria-expanded", "true");
        window.htmx.ajax("GET", button.getAttribute("data-children-url"),
                         {target: treeRow, swap: "afterend"});
      }
      return;
    }
    // A click on a bar opens the list behind it: each dataset carries one link per bar.
    var canvas = event.target.closest("canvas[data-chart-links]");
    if (!canvas || !window.Chart) return;
    var chart = window.Chart.getChart(canvas);
    if (!chart) return;
    var hits = chart.getElementsAtEventForMode(event, "nearest", {intersect: true}, true);
    if (!hits.length) return;
    var links = chart.data.datasets[hits[0].datasetIndex].links || [];
    if (links[hits[0].index]) window.location.href = links[hits[0].index];
  });

  document.addEventListener("htmx:afterRequest", function (event) {
    var source = event.detail && event.detail.elt;
    var target = source && source.getAttribute && source.getAttribute("data-clear-on-success");
    if (target && event.detail.successful) {
      var field = document.querySelector(target);
      if (field) field.value = "";
    }
  });
})();
