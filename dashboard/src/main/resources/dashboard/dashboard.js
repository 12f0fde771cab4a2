// The fraudstream dashboard page: polls /api/summary every second and draws it. No libraries; data only ever goes
// into the page through textContent and SVG attributes, never as HTML.
(function () {
  "use strict";

  const POLL_MS = 1000;
  const SVG = "http://www.w3.org/2000/svg";
  const DECISIONS = ["APPROVE", "REVIEW", "DECLINE", "UNKNOWN"];
  const COLORS = { APPROVE: "var(--approve)", REVIEW: "var(--review)", DECLINE: "var(--decline)", UNKNOWN: "var(--unknown)" };

  const $ = (id) => document.getElementById(id);

  function num(x) {
    const n = typeof x === "number" ? x : Number(x);
    return x === null || x === undefined || !Number.isFinite(n) ? null : n;
  }

  function fixed(x, digits) {
    const n = num(x);
    return n === null ? "–" : n.toFixed(digits);
  }

  function count(x) {
    const n = num(x);
    return n === null ? "–" : Math.round(n).toLocaleString("en-US");
  }

  function percent(x) {
    const n = num(x);
    return n === null ? "–" : (100 * n).toFixed(1) + "%";
  }

  function rate(x) {
    const n = num(x);
    if (n === null) return "–";
    return n >= 100 ? Math.round(n).toLocaleString("en-US") : n.toFixed(1);
  }

  function time(ms) {
    const n = num(ms);
    return n === null ? "–" : new Date(n).toISOString().substring(11, 19);
  }

  function dateTime(ms) {
    const n = num(ms);
    return n === null ? "–" : new Date(n).toISOString().substring(0, 19).replace("T", " ");
  }

  function el(tag, text, className) {
    const e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = text;
    if (className) e.className = className;
    return e;
  }

  function svg(tag, attrs) {
    const e = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
    return e;
  }

  // what each table was last drawn from, so an unchanged table is not rebuilt every second
  const drawn = {};

  function changed(key, data) {
    const json = JSON.stringify(data);
    if (drawn[key] === json) return false;
    drawn[key] = json;
    return true;
  }

  function setText(id, text) {
    const e = $(id);
    if (e.textContent !== text) e.textContent = text;
  }

  function modelName(id, version) {
    return (id || "model") + " v" + version;
  }

  // ---- figures ---------------------------------------------------------------------------------------------------

  function drawThroughput(t, windowSeconds) {
    setText("events-per-second", rate(t.eventsPerSecond));
    setText("throughput-note", count(t.windowCount) + " scored in the last " + windowSeconds + " s");
    const s = $("throughput-sparkline");
    s.replaceChildren();
    const values = t.perSecond || [];
    if (values.length < 2) return;
    const max = Math.max(1, ...values);
    const w = 300, h = 60, pad = 3;
    const pts = values.map((v, i) => [i * w / (values.length - 1), h - pad - (v / max) * (h - 2 * pad)]);
    const line = pts.map((p) => p[0].toFixed(1) + "," + p[1].toFixed(1)).join(" ");
    s.appendChild(svg("polygon", { class: "area", points: "0," + h + " " + line + " " + w + "," + h }));
    s.appendChild(svg("polyline", { class: "line", points: line }));
    const title = svg("title");
    title.textContent = "events per second, last " + values.length + " s (max " + max + ")";
    s.appendChild(title);
  }

  function drawLatency(l) {
    setText("latency-p50", count(l.p50Ms));
    setText("latency-p99", count(l.p99Ms));
    setText("latency-p999", count(l.p999Ms));
    setText("latency-note", l.samples > 0
      ? count(l.samples) + " samples, max " + count(l.maxMs) + " ms · raw append → scored record read"
      : "no samples yet (records need rawAppendTime)");
  }

  function drawModel(m) {
    const serving = m.serving;
    const champion = m.champion;
    let headline = "–";
    let detail = "no scored records yet";
    if (serving && serving.version !== null && serving.version !== undefined) {
      headline = modelName(serving.modelId, serving.version);
      detail = "decided by " + serving.decidedBy + (serving.challengerVersion !== null && serving.challengerVersion !== undefined
        ? " · challenger v" + serving.challengerVersion + " in shadow" : "");
    } else if (serving) {
      headline = "rules only";
      detail = "no model in service (" + serving.decidedBy + ")";
    } else if (champion) {
      headline = modelName(champion.modelId, champion.version);
      detail = "published champion; no scored records yet";
    }
    setText("model-version", headline);
    setText("model-detail", detail);
    setText("model-published", champion
      ? "champion " + modelName(champion.modelId, champion.version) + " published " + dateTime(champion.publishedAt)
        + " · AUC " + fixed(champion.auc, 3) + " · AP " + fixed(champion.averagePrecision, 3)
        + " · review/decline " + fixed(champion.reviewThreshold, 2) + "/" + fixed(champion.declineThreshold, 2)
      : "no champion published on the models topic");
    const warning = $("model-warning");
    const stale = champion && serving && (serving.version !== champion.version || serving.modelId !== champion.modelId)
      ? "published champion " + modelName(champion.modelId, champion.version) + " is not serving (yet, or it was rejected)"
      : null;
    warning.hidden = !stale;
    if (stale) setText("model-warning", stale);
  }

  function drawTotals(t) {
    setText("total-scored", count(t.scored));
    setText("total-alerts", count(t.alerts));
    setText("total-models", count(t.modelRecords));
    setText("total-no-append-time", count(t.withoutAppendTime));
    setText("total-unreadable", count(t.unreadable));
  }

  function drawDecisions(d) {
    const w = d.window || {};
    const total = DECISIONS.reduce((a, k) => a + (w[k] || 0), 0);
    const bar = $("decision-mix");
    const legend = $("decision-legend");
    bar.replaceChildren();
    legend.replaceChildren();
    for (const k of DECISIONS) {
      const n = w[k] || 0;
      if (k === "UNKNOWN" && n === 0) continue;
      const part = el("span");
      part.style.width = total > 0 ? (100 * n / total) + "%" : "0";
      part.style.background = COLORS[k];
      part.title = k + ": " + n;
      bar.appendChild(part);
      const li = el("li");
      const sw = el("span", null, "swatch");
      sw.style.background = COLORS[k];
      li.append(sw, el("span", k.toLowerCase()));
      const c = el("span", count(n), "count");
      c.id = "decision-" + k;
      li.append(c, el("span", total > 0 ? percent(n / total) : "–", "pct"));
      legend.appendChild(li);
    }
  }

  function drawScores(scores, model) {
    const s = $("score-histogram");
    s.replaceChildren();
    const bins = scores.bins || [];
    if (bins.length === 0) return;
    const w = 400, h = 140, bottom = 18, top = 6;
    const max = Math.max(1, ...bins);
    const bw = w / bins.length;
    const review = model && model.champion ? model.champion.reviewThreshold : null;
    const decline = model && model.champion ? model.champion.declineThreshold : null;
    bins.forEach((v, i) => {
      const bh = (v / max) * (h - bottom - top);
      const lo = i * scores.binWidth;
      let cls = "bar";
      if (decline !== null && lo >= decline) cls += " decline";
      else if (review !== null && lo >= review) cls += " review";
      const r = svg("rect", { class: cls, x: (i * bw + 1).toFixed(1), y: (h - bottom - bh).toFixed(1),
        width: (bw - 2).toFixed(1), height: bh.toFixed(1) });
      const title = svg("title");
      title.textContent = "[" + lo.toFixed(2) + ", " + (lo + scores.binWidth).toFixed(2) + "): " + v;
      r.appendChild(title);
      s.appendChild(r);
    });
    s.appendChild(svg("line", { class: "axis", x1: 0, x2: w, y1: h - bottom + 0.5, y2: h - bottom + 0.5 }));
    for (const [x, label, anchor] of [[0, "0", "start"], [w / 2, "0.5", "middle"], [w, "1", "end"]]) {
      const t = svg("text", { x: x, y: h - 4, "text-anchor": anchor });
      t.textContent = label;
      s.appendChild(t);
    }
    const peak = svg("text", { x: w, y: 12, "text-anchor": "end" });
    peak.textContent = "max " + max;
    s.appendChild(peak);
  }

  function drawChallenger(c) {
    setText("challenger-agreement", percent(c.agreementRate));
    setText("challenger-mean-diff", fixed(c.meanAbsDiff, 4));
    setText("challenger-note", c.compared > 0
      ? count(c.compared) + " records with a challenger score" + (c.challengerVersion !== null && c.challengerVersion !== undefined
        ? " (v" + c.challengerVersion + ")" : "") + ", " + count(c.decisionsCompared) + " decided by the model"
      : "no challenger scores yet");
  }

  // a lag in ms as [value, unit], in the unit that keeps it readable
  function lag(ms) {
    const n = num(ms);
    if (n === null) return ["–", "ms"];
    if (n < 10000) return [count(n), "ms"];
    if (n < 120000) return [(n / 1000).toFixed(1), "s"];
    if (n < 7200000) return [(n / 60000).toFixed(1), "min"];
    return [(n / 3600000).toFixed(1), "h"];
  }

  function setLag(id, ms) {
    const [value, unit] = lag(ms);
    setText(id, value);
    setText(id + "-unit", unit);
  }

  function drawOrdering(o) {
    const endpoints = (o && o.endpoints) || [];
    setLag("ordering-lag", o ? o.watermarkLagMs : null);
    setLag("ordering-lag-p50", o ? o.watermarkLagP50Ms : null);
    setLag("ordering-lag-p99", o ? o.watermarkLagP99Ms : null);
    setText("ordering-held", count(o ? o.held : null));
    setText("ordering-late", count(o ? o.late : null));
    let note;
    if (!o || !o.configured) {
      note = "not configured: set dashboard.feature.stream.metrics.urls to the feature stream's /metrics";
    } else {
      const up = endpoints.filter((e) => e.status === "UP").length;
      if (up === 0) {
        note = endpoints.every((e) => e.status === "PENDING") ? "waiting for the first scrape" : "no feature stream answered";
      } else {
        const kinds = Object.entries(o.lateByKind || {}).map(([k, v]) => count(v) + " " + k + (v === 1 ? "" : "s"));
        note = (o.watermarkLagMs === null || o.watermarkLagMs === undefined
            ? "no watermark yet (every upstream task reports once first) · "
            : "")
          + "p50/p99 over " + Math.round(o.lagWindowSeconds / 60) + " min (" + count(o.lagSamples) + " scrapes)"
          + (kinds.length > 0 ? " · late since start: " + kinds.join(", ") : "")
          + (endpoints.length > 1 ? " · " + up + " of " + endpoints.length + " instances" : "");
      }
    }
    setText("ordering-note", note);
    const problems = endpoints.filter((e) => e.status !== "UP" && e.status !== "PENDING");
    if (!changed("ordering-endpoints", problems)) return;
    const list = $("ordering-endpoints");
    list.replaceChildren();
    for (const e of problems) {
      const li = el("li", e.url + ": " + e.status.toLowerCase().replace(/_/g, " ") + (e.error ? " (" + e.error + ")" : ""), "warn");
      li.title = "last tried " + dateTime(e.scrapedAt) + " UTC";
      list.appendChild(li);
    }
  }

  function drawHistory(history) {
    if (!changed("history", history)) return;
    const body = $("model-history").tBodies[0];
    body.replaceChildren();
    $("model-history-empty").hidden = history.length > 0;
    for (const m of history) {
      const tr = el("tr");
      tr.append(el("td", dateTime(m.publishedAt), "mono"));
      const slot = el("td");
      slot.append(el("span", m.slot.toLowerCase(), "badge " + m.slot));
      tr.append(slot, el("td", modelName(m.modelId, m.version)), el("td", m.algorithm, "small"),
        el("td", fixed(m.auc, 3), "num"), el("td", fixed(m.averagePrecision, 3), "num"),
        el("td", fixed(m.reviewThreshold, 2) + " / " + fixed(m.declineThreshold, 2), "num"),
        el("td", dateTime(m.createdAt), "mono"));
      body.appendChild(tr);
    }
  }

  function drawReport(r) {
    const link = $("report-link");
    link.hidden = !r.available;
    if (r.available) {
      link.href = r.path;
      setText("report-note", "run " + r.run);
    } else {
      setText("report-note", "no training report yet (./fraudstream train)");
    }
  }

  function drawAlerts(alerts) {
    if (!changed("alerts", alerts)) return;
    const body = $("alerts-table").tBodies[0];
    body.replaceChildren();
    $("alerts-empty").hidden = alerts.length > 0;
    for (const a of alerts) {
      const tr = el("tr");
      tr.title = a.transactionId + (a.modelVersion !== null && a.modelVersion !== undefined ? " · model v" + a.modelVersion : "")
        + " · " + a.decidedBy;
      const decision = el("td");
      decision.append(el("span", a.decision, "badge " + a.decision));
      const reasons = el("td", null, "reasons");
      for (const r of a.reasons) {
        const chip = el("span", r.feature + "=" + fixed(r.value, Math.abs(num(r.value) || 0) >= 100 ? 0 : 2), "chip");
        chip.title = "contribution " + fixed(r.contribution, 3);
        reasons.append(chip);
      }
      const rules = el("td");
      for (const name of a.rulesFired) rules.append(el("span", name, "chip rule"));
      tr.append(el("td", time(a.scoredTime), "mono"), decision, el("td", fixed(a.score, 3), "num"),
        el("td", a.cardToken, "mono"), el("td", a.merchantId, "mono"), el("td", a.amount, "num"), reasons, rules);
      body.appendChild(tr);
    }
  }

  function draw(s) {
    setText("window-note", "window " + s.windowSeconds + " s · updated " + time(s.generatedAt) + " UTC");
    drawThroughput(s.throughput, s.windowSeconds);
    drawLatency(s.latency);
    drawModel(s.models);
    drawTotals(s.totals);
    drawDecisions(s.decisions);
    drawScores(s.scores, s.models);
    drawChallenger(s.challenger);
    drawOrdering(s.ordering);
    drawHistory(s.models.history || []);
    drawReport(s.report);
    drawAlerts(s.recentAlerts || []);
  }

  function connection(ok, text) {
    const c = $("connection");
    c.className = "pill " + (ok ? "pill-ok" : "pill-bad");
    c.textContent = text;
  }

  async function poll() {
    try {
      const response = await fetch("/api/summary", { cache: "no-store" });
      if (!response.ok) throw new Error("HTTP " + response.status);
      draw(await response.json());
      connection(true, "live");
    } catch (e) {
      connection(false, "disconnected");
    } finally {
      setTimeout(poll, POLL_MS);
    }
  }

  poll();
})();
