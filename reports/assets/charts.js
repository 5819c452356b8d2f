// Upgrades each chart's static SVG to an interactive vega-embed view (tooltips, export, a click
// on a legend entry to highlight its series) once the vendored scripts have loaded; without
// scripts, or if embedding fails, the static SVG stays. The spec is read from an inline JSON
// element because browsers refuse fetch() from file://. A chart whose spec carries
// `usermeta.logToggle` (its y spans decades) gets a labelled checkbox above it that re-embeds it
// with a logarithmic y scale. Before printing, every <details> is opened so its content prints.
(function () {
  "use strict";
  const embed = globalThis.vegaEmbed;
  if (typeof embed !== "function") return;
  const options = {
    renderer: "svg",
    actions: { export: true, source: false, compiled: false, editor: false },
  };

  // A copy of the spec with every quantitative y encoding (top level, layers, facets, concats)
  // on a scale of the given type.
  function withYScale(spec, type) {
    const copy = JSON.parse(JSON.stringify(spec));
    (function walk(node) {
      if (Array.isArray(node)) return node.forEach(walk);
      if (node === null || typeof node !== "object") return;
      const y = node.encoding && node.encoding.y;
      if (y && y.type === "quantitative") {
        y.scale = Object.assign({}, y.scale, { type: type, zero: false });
      }
      for (const key of Object.keys(node)) {
        if (key !== "data" && key !== "datasets") walk(node[key]);
      }
    })(copy);
    return copy;
  }

  // vega-embed's actions menu is a <summary> holding only an icon: give it a name.
  function nameActions(target) {
    for (const summary of target.querySelectorAll("summary")) {
      if (!summary.textContent.trim() && !summary.hasAttribute("aria-label")) {
        summary.setAttribute("aria-label", "Chart actions: save as SVG or PNG");
      }
    }
  }

  // Vega gives a mark container with no items (a layer its filter empties in one facet) the
  // role of a graphic symbol, which then lacks a text alternative: it is a group, like the rest.
  const EMPTY_CONTAINER = '[role="graphics-symbol"][aria-roledescription$="mark container"]';
  function fixRoles(root) {
    for (const g of root.querySelectorAll(EMPTY_CONTAINER)) {
      g.setAttribute("role", "graphics-object");
    }
  }
  function watchRoles(target) {
    new MutationObserver(function () {
      if (target.querySelector(EMPTY_CONTAINER)) fixRoles(target);
    }).observe(target, {
      subtree: true,
      childList: true,
      attributes: true,
      attributeFilter: ["role"],
    });
  }

  function show(target, fallback, spec) {
    target.dataset.embedded = "pending";
    return embed(target, spec, options).then(
      function (result) {
        target.hidden = false;
        if (fallback) fallback.hidden = true;
        nameActions(target);
        fixRoles(target);
        target.vegaView = result.view;
        target.dataset.embedded = "true";
        return result;
      },
      function (error) {
        target.hidden = true;
        if (fallback) fallback.hidden = false;
        target.dataset.embedded = "failed";
        console.error("chart stays static:", error);
        return null;
      },
    );
  }

  function logToggle(target, fallback, spec, current) {
    const box = document.createElement("input");
    box.type = "checkbox";
    box.id = target.id + "-log";
    box.className = "log-toggle-box";
    const label = document.createElement("label");
    label.className = "log-toggle";
    label.htmlFor = box.id;
    label.append(box, " Logarithmic y axis (the values span decades)");
    const box0 = target.closest(".chart-box");
    box0.parentNode.insertBefore(label, box0);
    target.dataset.scale = "linear";
    box.addEventListener("change", function () {
      const type = box.checked ? "log" : "linear";
      box.disabled = true;
      current.then(function (old) {
        if (old) old.finalize();
        target.dataset.scale = type;
        current = show(target, fallback, box.checked ? withYScale(spec, "log") : spec);
        return current;
      }).then(function () {
        box.disabled = false;
      });
    });
  }

  for (const data of document.querySelectorAll("script.vl-spec")) {
    const target = document.getElementById(data.dataset.target);
    const fallback = document.getElementById(data.dataset.static);
    if (!target) continue;
    const spec = JSON.parse(data.textContent);
    target.hidden = false;
    watchRoles(target);
    const current = show(target, fallback, spec);
    if (spec.usermeta && spec.usermeta.logToggle) logToggle(target, fallback, spec, current);
  }

  // Printing: the folded sections (trials, machine facts) print open, then fold again.
  let opened = [];
  globalThis.addEventListener("beforeprint", function () {
    opened = [...document.querySelectorAll("details:not([open])")].filter(function (d) {
      return !d.closest(".vega-embed");
    });
    for (const d of opened) d.open = true;
  });
  globalThis.addEventListener("afterprint", function () {
    for (const d of opened) d.open = false;
    opened = [];
  });
})();
