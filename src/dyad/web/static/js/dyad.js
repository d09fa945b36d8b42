// Dyad page: source → target by period, stacked QuadClass bars with the net Goldstein line;
// clicking a bar lists that period's events with their evidence.
import { QUADS, api, el, filterForm } from "./common.js";
import { eventTable } from "./eventtable.js";

const FILTERS = [
  { name: "source", label: "Source", placeholder: "PRK" },
  { name: "target", label: "Target", placeholder: "USA" },
  { name: "interval", label: "Interval", options: [["month", "month"], ["week", "week"], ["day", "day"], ["year", "year"]] },
  { name: "since", label: "Since", placeholder: "YYYY-MM-DD", size: 10 },
  { name: "until", label: "Until", placeholder: "YYYY-MM-DD", size: 10 },
];

export function chartSpec(rows, interval) {
  const bars = [];
  for (const row of rows) {
    for (const q of ["1", "2", "3", "4"]) {
      const count = (row.counts || {})[q] || 0;
      if (count > 0) bars.push({ period: row.period, quad: QUADS[q].name, count, start: row.start, end: row.end });
    }
  }
  const line = rows.map((r) => ({ period: r.period, goldstein_net: r.goldstein_net }));
  const x = { field: "period", type: "ordinal", sort: rows.map((r) => r.period), title: interval,
              axis: { labelAngle: -40, labelOverlap: "greedy", labelSeparation: 4 } };
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    width: "container", height: 300, autosize: { type: "fit-x", contains: "padding" }, padding: { right: 12 },
    layer: [
      { data: { values: bars }, mark: { type: "bar", cursor: "pointer" },
        encoding: { x, y: { field: "count", type: "quantitative", stack: "zero", title: "events",
                              axis: { tickMinStep: 1, format: "d" } },
          color: { field: "quad", type: "nominal", title: "QuadClass",
            scale: { domain: Object.values(QUADS).map((q) => q.name), range: Object.values(QUADS).map((q) => q.color) },
            legend: { orient: "bottom" } },
          tooltip: [{ field: "period" }, { field: "quad" }, { field: "count" }] } },
      { data: { values: line }, mark: { type: "line", point: true, color: "#222" },
        encoding: { x, y: { field: "goldstein_net", type: "quantitative", title: "net Goldstein" },
          tooltip: [{ field: "period" }, { field: "goldstein_net", title: "net Goldstein" }] } },
    ],
    resolve: { scale: { y: "independent" } },
  };
}

async function listPeriod(panel, row, params) {
  panel.replaceChildren(el("h3", {}, `Events ${params.get("source")} → ${params.get("target")}, ${row.period}`));
  const ids = (row.event_ids || []).slice(0, 1000);
  const query = ids.length ? { id: ids.join("|"), limit: 1000 }
    : { source: params.get("source"), target: params.get("target"), since: row.start, until: row.end, limit: 1000 };
  const result = await api("/events", query);
  panel.append(el("p", { class: "summary" }, `${result.data.length} event(s); click one for its evidence`),
    eventTable(result.data));
}

export async function render(container, params) {
  container.append(el("h2", {}, "Dyad timeline"), filterForm("dyad", params, FILTERS));
  const source = params.get("source");
  const target = params.get("target");
  if (!source || !target) {
    container.append(el("p", { class: "summary" }, "Choose a source and a target actor (e.g. PRK and USA), or click an edge on the Network page."));
    return;
  }
  const interval = params.get("interval") || "month";
  const result = await api(`/dyads/${encodeURIComponent(source)}/${encodeURIComponent(target)}/series`,
    { interval, by: "quad", since: params.get("since"), until: params.get("until"), evidence: "true" });
  const rows = result.data;
  const total = rows.reduce((n, r) => n + r.events, 0);
  const reverse = new URLSearchParams(params);
  reverse.set("source", target); reverse.set("target", source);
  container.append(el("p", { class: "summary" },
    `${total} event(s) ${source} → ${target} in ${rows.length} ${interval}(s). `,
    el("a", { href: `#/dyad?${reverse}` }, `Show ${target} → ${source}`)));
  const chart = el("div", { class: "chart", id: "chart" });
  const panel = el("div", { id: "period-events" });
  container.append(chart, el("p", { class: "muted small" }, "Bars: events by QuadClass (stacked); line: net Goldstein (sum of scores). Click a bar for its events."), panel);
  if (!rows.length) return;
  const { view } = await vegaEmbed(chart, chartSpec(rows, interval), { actions: false, renderer: "svg" });
  view.addEventListener("click", (event, item) => {
    const period = item && item.datum && item.datum.period;
    const row = rows.find((r) => r.period === period);
    if (row) listPeriod(panel, row, params).catch((e) => panel.replaceChildren(el("p", { class: "error" }, e.message)));
  });
}
