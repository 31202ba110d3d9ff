/*
 * Kỹ Thuật — the little JavaScript the pages need. Loaded after htmx, Bootstrap and Chart.js.
 *
 * (a) htmx errors: a failed htmx request shows a dismissible alert in #htmx-errors with the
 *     server's message (plain text, JSON {"detail": …}, or the [data-error-message] element
 *     of an HTML error page). Texts come from data-* attributes on #htmx-errors (translated
 *     in base.html).
 * (b) Charts: <canvas data-chart='{chart.js config}'> gets a Chart on load and after every
 *     htmx swap; the chart is destroyed when htmx removes the canvas.
 * (c) Confirmations use hx-confirm (the browser's dialog): nothing here.
 * (d) <form data-autosubmit>: changing one of its selects (or check boxes / radios) submits it;
 *     an hx-get/hx-post form is submitted through htmx.
 * (e) Behaviour that used to be inline (the Content-Security-Policy of headquarters mode allows
 *     scripts from our own files only): <form data-confirm="…"> (or its submit button) asks
 *     before submitting;
 *     [data-select-on-focus] selects its text; [data-copy="#id"] copies that field's value;
 *     [data-remove-row] removes its table row; [data-clear-on-success="#id"] empties that field
 *     after its htmx request succeeds; the unit tree's [data-tree-toggle]; chart bar links.
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

  /* (e) Behaviour without inline scripts ------------------------------------------------------ */

  document.addEventListener("submit", function (event) {
    var form = event.target;
    var button = event.submitter;
    var question = (button && button.getAttribute("data-confirm")) ||
                   (form.getAttribute && form.getAttribute("data-confirm"));
    if (question && !window.confirm(question)) event.preventDefault();
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
