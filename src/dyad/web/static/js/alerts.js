// Alerts & mixed signals: escalation alerts of each dyad's conflict against its baseline
// (dyad.analytics.alerts), and sources that were cooperative and hostile toward the same
// target in one article or week (dyad.analytics.mixed). Rows link to the dyad's timeline and
// to the events behind them.
import { api, el, filterForm } from "./common.js";

const FILTERS = [
  { name: "source", label: "Source", placeholder: "PRK" },
  { name: "target", label: "Target", placeholder: "USA" },
  { name: "interval", label: "Alert interval", options: [["week", "week"], ["month", "month"], ["day", "day"], ["year", "year"]] },
  { name: "method", label: "Method", options: [["pct", "change vs baseline (ACLED)"], ["z", "z-score"]] },
  { name: "all", label: "Dyads", options: [["", "alerts only"], ["true", "every dyad assessed"]] },
  { name: "window", label: "Mixed window", options: [["article", "one article"], ["week", "one week"]] },
];

function num(value, digits = 2) {
  if (value === null || value === undefined) return "—";
  return Number.isInteger(value) ? String(value) : Number(value).toFixed(digits);
}

function dyadLink(row) {
  return el("a", { href: `#/dyad?${new URLSearchParams({ source: row.source, target: row.target })}` },
    `${row.source} → ${row.target}`);
}

function eventsLink(ids) {
  if (!ids || !ids.length) return "—";
  return el("a", { href: `#/events?${new URLSearchParams({ id: ids.slice(0, 1000).join("|") })}` }, `${ids.length} event(s)`);
}

function table(id, head, rows) {
  if (!rows.length) return el("p", { class: "summary", id }, "None in this selection.");
  return el("table", { id }, el("thead", {}, el("tr", {}, head.map((h) => el("th", {}, h)))),
    el("tbody", {}, rows.map((cells) => el("tr", {}, cells.map((c) => el("td", {}, c))))));
}

function alertRows(data) {
  return data.map((a) => [dyadLink(a), a.measure.replace("_", " "), a.period, num(a.current),
    num(a.baseline_mean), a.z !== undefined ? `z ${num(a.z)}` : (a.pct_change === null ? "new" : `${num(a.pct_change, 0)} %`),
    el("span", { class: a.alert ? "flag" : "muted" }, a.change), eventsLink(a.event_ids)]);
}

function mixedRows(data) {
  return data.map((m) => [dyadLink(m),
    m.window === "article" ? (m.title || m.article_id) : m.period,
    `${m.cooperative_events} (${num(m.cooperative_goldstein, 1)})`,
    `${m.conflictual_events} (${num(m.conflictual_goldstein, 1)})`,
    eventsLink([...(m.cooperative_ids || []), ...(m.conflictual_ids || [])])]);
}

export async function render(container, params) {
  container.append(el("h2", {}, "Alerts & mixed signals"), filterForm("alerts", params, FILTERS));
  const actors = { source: params.get("source"), target: params.get("target") };
  const [alerts, mixed] = await Promise.all([
    api("/alerts", { ...actors, interval: params.get("interval"), method: params.get("method"), all: params.get("all") }),
    api("/mixed", { ...actors, window: params.get("window") }),
  ]);
  const meta = alerts.meta;
  container.append(
    el("section", {}, el("h3", {}, `Escalation alerts (${alerts.data.length})`),
      el("p", { class: "muted small" }, meta.current
        ? `Latest ${meta.interval} ${meta.current} against the ${meta.baseline_periods} before it (${meta.method === "z" ? "z-score" : "ACLED change levels"}).`
        : "No dated events."),
      table("alerts-table", ["dyad", "measure", "period", "now", "baseline mean", "change", "level", "evidence"], alertRows(alerts.data))),
    el("section", {}, el("h3", {}, `Mixed signals (${mixed.data.length})`),
      el("p", { class: "muted small" }, `Cooperation (QuadClass 1-2) and conflict (3-4) from one source toward one target within one ${mixed.meta.window}; Goldstein sums in brackets.`),
      table("mixed-table", ["dyad", mixed.meta.window === "article" ? "article" : "week", "cooperative", "conflictual", "evidence"], mixedRows(mixed.data))));
}
