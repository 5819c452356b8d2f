// Upgrades each chart's static SVG to an interactive vega-embed view (tooltips, export) once the
// vendored scripts have loaded; without scripts, or if embedding fails, the static SVG stays.
// The spec is read from an inline JSON element because browsers refuse fetch() from file://.
(function () {
  "use strict";
  if (typeof globalThis.vegaEmbed !== "function") return;
  const options = {
    renderer: "svg",
    actions: { export: true, source: false, compiled: false, editor: false },
  };
  for (const data of document.querySelectorAll("script.vl-spec")) {
    const target = document.getElementById(data.dataset.target);
    const fallback = document.getElementById(data.dataset.static);
    if (!target) continue;
    target.hidden = false;
    globalThis.vegaEmbed(target, JSON.parse(data.textContent), options).then(
      function () {
        if (fallback) fallback.hidden = true;
      },
      function (error) {
        target.hidden = true;
        console.error("chart stays static:", error);
      },
    );
  }
})();
