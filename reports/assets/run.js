// Drives an experiment page's "Run in this browser" panel (reports/run_panel.ts). On Run, it
// loads the scripts the panel names — the data files, then the bundle of the project's own
// modules (web/page.ts, as `globalThis.labRun`) — by <script> elements, since a page opened from
// file:// may load scripts but not fetch files; reads the params as `--set` would; starts the
// trial (in a worker made from the bundle's source, else in the page); redraws the line charts
// from the rows as they are logged, every chart once the trial is over; and lists its judged
// claims. `?run` in the page's URL starts the first setup on load (`&backend=cpu|webgpu|auto`,
// `&setup=N` pick others). The run's state is `document.documentElement.dataset.browserRun`:
// "running", then "done" or "failed: …"; the outcome is `globalThis.labRunResult`.
(function () {
  "use strict";
  const form = document.querySelector("form.run-form");
  if (!form) return;
  const root = document.documentElement;
  const section = form.closest("section");
  const status = section.querySelector(".run-status");
  const errorsBox = section.querySelector(".run-errors");
  const chartsBox = section.querySelector(".run-charts");
  const claimsBox = section.querySelector(".run-claims");
  const startButton = form.querySelector(".run-start");
  const stopButton = form.querySelector(".run-stop");
  const id = form.dataset.experiment;
  const scripts = JSON.parse(form.dataset.scripts);
  const setups = JSON.parse(form.querySelector("script.run-setups").textContent);
  const field = (name) => form.elements.namedItem(name);
  const LIVE_KINDS = ["line"];
  const REDRAW_MS = 400;

  function fillSetup(i) {
    const s = setups[i];
    if (!s) return;
    for (const [k, v] of Object.entries(s.params)) {
      const el = field(k);
      if (el) el.value = String(v);
    }
    field("__seed").value = String(s.seed);
  }
  field("__setup").addEventListener("change", function () {
    fillSetup(Number(field("__setup").value));
  });

  // Each script once, in order; a page from file:// can load scripts, not fetch files.
  const loaded = new Map();
  function load(src) {
    if (!loaded.has(src)) {
      loaded.set(
        src,
        new Promise(function (resolve, reject) {
          const s = document.createElement("script");
          s.src = "assets/" + src.split("/").map(encodeURIComponent).join("/");
          s.onload = resolve;
          s.onerror = function () {
            loaded.delete(src);
            reject(new Error("could not load assets/" + src));
          };
          document.body.appendChild(s);
        }),
      );
    }
    return loaded.get(src);
  }

  function setState(state) {
    root.dataset.browserRun = state;
  }

  function seconds(s) {
    return s < 10 ? s.toFixed(2) + " s" : s < 60 ? s.toFixed(1) + " s" : Math.round(s) + " s";
  }

  function element(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  // --- Charts ---------------------------------------------------------------------------------

  const views = new Map(); // chart name -> { box, view }
  function chartSlots(info) {
    chartsBox.replaceChildren();
    views.clear();
    info.charts.forEach(function (c, i) {
      const fig = element("figure", "chart run-chart");
      fig.id = "run-figure-" + i;
      const box = element("div", "run-chart-box");
      box.id = "run-chart-" + i;
      box.setAttribute("role", "group");
      box.setAttribute("aria-label", c.title + " (this browser's run)");
      const waiting = LIVE_KINDS.includes(c.kind)
        ? "Fills as the trial logs."
        : "Drawn when the trial ends.";
      box.append(element("p", "muted", waiting));
      const cap = element("figcaption");
      cap.append(element("strong", "", c.title + ". "), "This browser's run.");
      fig.append(box, cap);
      chartsBox.append(fig);
      views.set(c.name, { box: box, caption: cap, view: null });
    });
  }

  async function draw(trial, kinds) {
    const embed = globalThis.vegaEmbed;
    if (typeof embed !== "function") return;
    for (const c of globalThis.labRun.charts(id, trial, kinds)) {
      const slot = views.get(c.name);
      if (!slot) continue;
      if (!c.spec) {
        slot.box.replaceChildren(element("p", "muted", "Not drawn: " + c.description));
        continue;
      }
      const holder = element("div");
      try {
        const result = await embed(holder, c.spec, { renderer: "svg", actions: false });
        if (slot.view) slot.view.finalize();
        slot.view = result.view;
        slot.box.replaceChildren(holder);
        slot.box.setAttribute("aria-label", c.title + " (this browser's run): " + c.description);
      } catch (e) {
        slot.box.replaceChildren(element("p", "muted", "Not drawn: " + String(e && e.message)));
      }
    }
  }

  // Redraws the live charts at most every REDRAW_MS, one redraw at a time.
  function liveCharts(current) {
    let pending = false;
    let busy = null;
    function kick() {
      if (busy) {
        pending = true;
        return;
      }
      busy = draw(current(), LIVE_KINDS).then(function () {
        return new Promise(function (r) {
          setTimeout(r, REDRAW_MS);
        });
      }).then(function () {
        busy = null;
        if (pending) {
          pending = false;
          kick();
        }
      });
    }
    return {
      kick: kick,
      settled: function () {
        return busy || Promise.resolve();
      },
    };
  }

  // --- Claims ---------------------------------------------------------------------------------

  function claimsTable(outcome) {
    const api = globalThis.labRun;
    const rows = api.claimRows(outcome.claims);
    const table = element("table", "run-claims-table");
    table.append(element(
      "caption",
      "",
      "Claims judged in this browser (" +
        outcome.backend + ", " + (outcome.backend === "webgpu" ? "float32" : "float64") + ")",
    ));
    const head = element("thead");
    const hr = element("tr");
    for (const h of ["Claim", "Observed here", "Expected", "Verdict"]) {
      const th = element("th", "", h);
      th.scope = "col";
      hr.append(th);
    }
    head.append(hr);
    const body = element("tbody");
    for (const r of rows) {
      const tr = element("tr", r.reproduced ? "reproduced" : "not-reproduced");
      tr.dataset.claim = r.id;
      tr.dataset.pass = String(r.pass);
      tr.dataset.verdict = r.verdict;
      const claim = element("td");
      claim.append(element("span", "", r.text), " ", element("code", "", r.id));
      if (r.note) claim.append(element("span", "run-note", r.note));
      if (r.error) claim.append(element("span", "run-note error", "(" + r.error + ")"));
      const verdict = element("td");
      const badge = element(
        "span",
        "verdict " + r.verdict + (r.declared ? " declared" : ""),
        (r.reproduced ? "✓ " : "✗ ") + r.verdictWords +
          (r.declared && !r.reproduced ? " (declared)" : ""),
      );
      if (r.declared) badge.title = "Known divergence: " + r.declared;
      verdict.append(badge);
      tr.append(
        claim,
        element("td", "observed", r.observed),
        element("td", "", r.expected),
        verdict,
      );
      body.append(tr);
    }
    table.append(head, body);
    const wrap = element("div", "table-wrap");
    wrap.tabIndex = 0;
    wrap.append(table);
    claimsBox.replaceChildren(wrap);
    const others = api.claimsNotApplying(id, outcome.params);
    if (others.length > 0) {
      claimsBox.append(element(
        "p",
        "muted",
        others.length + " claim" + (others.length === 1 ? " applies" : "s apply") +
          " only to other setups: " + others.map(function (c) {
            return c.id;
          }).join(", ") + ".",
      ));
    }
    if (rows.length === 0) {
      claimsBox.prepend(element("p", "muted", "No claim applies to these params."));
    }
    return rows;
  }

  // --- Running --------------------------------------------------------------------------------

  let running = false;
  let handle = null;
  let tick = null;

  function fail(message) {
    setState("failed: " + message);
    status.textContent = "Failed: " + message;
    status.classList.add("fail");
    finish();
  }

  function finish() {
    clearInterval(tick);
    running = false;
    startButton.disabled = false;
    stopButton.hidden = true;
    handle = null;
  }

  function paramTexts() {
    const texts = {};
    for (const name of Object.keys(setups[0] ? setups[0].params : {})) {
      const el = field(name);
      if (el) texts[name] = el.value;
    }
    return texts;
  }

  async function run() {
    if (running) return;
    running = true;
    setState("running");
    startButton.disabled = true;
    status.classList.remove("fail");
    errorsBox.hidden = true;
    errorsBox.replaceChildren();
    claimsBox.replaceChildren();
    status.textContent = "Loading the bundle and the data…";
    try {
      for (const s of scripts) await load(s);
    } catch (e) {
      return fail(e.message);
    }
    const api = globalThis.labRun;
    if (!api) return fail("the bundle did not install labRun");
    const parsed = api.parseParams(id, paramTexts());
    const seedText = field("__seed").value.trim();
    const seed = Number(seedText);
    if (!/^\d+$/.test(seedText) || seed > 4294967295) {
      parsed.errors.push(
        "seed=" + JSON.stringify(seedText) + " is not an integer from 0 to 2^32 − 1",
      );
    }
    if (parsed.errors.length > 0) {
      const list = element("ul", "error");
      for (const e of parsed.errors) list.append(element("li", "", e));
      errorsBox.replaceChildren(list);
      errorsBox.hidden = false;
      return fail("bad params (listed under the panel)");
    }
    const info = api.experimentInfo(id);
    chartSlots(info);
    const rows = [];
    let backend = null;
    const trial = function (extra) {
      return Object.assign(
        { params: parsed.params, seed: seed, rows: rows, backend: backend && backend.name },
        extra || {},
      );
    };
    const live = liveCharts(trial);
    const t0 = performance.now();
    let where = "";
    tick = setInterval(function () {
      if (running && backend) {
        status.textContent = "Running " + where + " — " + seconds((performance.now() - t0) / 1000) +
          ", " + rows.length + (rows.length === 1 ? " row" : " rows") + " logged…";
      }
    }, 500);
    status.textContent = "Opening the backend…";
    const inPage = new URLSearchParams(location.search).get("thread") === "page";
    handle = api.start({
      id: id,
      params: parsed.params,
      seed: seed,
      backend: field("__backend").value,
    }, {
      onBackend: function (b) {
        backend = b;
        section.dataset.backend = b.name;
        section.dataset.adapter = b.adapterText;
        where = (b.name === "webgpu"
          ? "on WebGPU, adapter " + b.adapterText
          : "on the cpu backend (float64)") +
          (b.notice ? " (" + b.notice + ")" : "") + (b.thread === "page" ? ", in the page" : "");
        status.textContent = "Running " + where + "…";
      },
      onRows: function (r) {
        for (const row of r) {
          rows.push(row);
        }
        section.dataset.rows = String(rows.length);
        live.kick();
      },
      onDone: async function (outcome) {
        globalThis.labRunResult = outcome;
        await live.settled();
        await draw(trial({
          status: outcome.status,
          outputs: outcome.outputs,
          divergedAt: outcome.divergedAt,
        }));
        const judged = claimsTable(outcome);
        const ok = judged.filter(function (r) {
          return r.reproduced;
        }).length;
        status.textContent = (outcome.status === "ok" ? "Done" : "Ended (" + outcome.status + ")") +
          " in " + seconds(outcome.seconds) + " " + where + ": " + ok + " of " + judged.length +
          " claims reproduced" + (outcome.error ? "; the trial failed: " + outcome.error : "") +
          ".";
        if (outcome.status === "failed") {
          return fail(outcome.error || "the trial failed");
        }
        setState("done");
        finish();
      },
      onError: function (message) {
        fail(message);
      },
    }, inPage);
    stopButton.hidden = handle.thread !== "worker";
  }

  form.addEventListener("submit", function (e) {
    e.preventDefault();
    void run();
  });
  stopButton.addEventListener("click", function () {
    if (handle) handle.stop();
    fail("stopped by the reader");
  });

  // Name the adapter this browser offers before any run: the "auto" choice says what it means.
  (function nameAdapter() {
    const auto = field("__backend").querySelector('option[value="auto"]');
    const gpu = navigator.gpu;
    const say = function (text) {
      auto.textContent = text;
      section.dataset.offered = text;
    };
    if (!gpu || typeof gpu.requestAdapter !== "function") {
      say("auto: cpu (this browser has no WebGPU)");
      return;
    }
    gpu.requestAdapter({ powerPreference: "high-performance" }).then(function (adapter) {
      if (!adapter) return say("auto: cpu (WebGPU offers no adapter here)");
      const info = adapter.info || {};
      const name = info.description || info.device || info.architecture || "unknown adapter";
      say("auto: WebGPU on " + name + (info.vendor ? " (" + info.vendor + ")" : ""));
    }, function () {
      say("auto: cpu (WebGPU offers no adapter here)");
    });
  })();

  const query = new URLSearchParams(location.search);
  if (query.has("run")) {
    const b = query.get("backend");
    if (b === "auto" || b === "webgpu" || b === "cpu") field("__backend").value = b;
    const s = Number(query.get("setup"));
    if (Number.isInteger(s) && s >= 1 && s <= setups.length) {
      field("__setup").value = String(s - 1);
      fillSetup(s - 1);
    }
    void run();
  }
})();
