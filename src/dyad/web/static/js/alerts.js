// Alerts & mixed signals: escalation alerts against each dyad's baseline, and actors that were
// cooperative and hostile toward the same target in one window. Each row links to its dyad.
import { api, el, filterForm } from "./common.js";

const FILTERS = [
  { name: "source", label: "Source", placeholder: "PRK" },
  { name: "target", label: "Target", placeholder: "USA" },
  { name: "interval", label: "Alert interval", options: [["week", "week"], ["month", "month"], ["day", "day"]] },
  { name: "method", label: "Method", options: [["pct", "change vs baseline"], ["z", "z-score"]] },
  { name: "window", label: "Mixed window", options: [["article", "article"], ["week", "week"]] },
];

function format(value) {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return Number.isInteger(value) ? String(value) : value.toFixed(2);
  if (Array.isArray(value)) return value.length > 4 ? `${value.length} items` : value.map(format).join(", ");
  if (typeof value === "object") return Object.entries(value).map(([k, v]) => `${k}: ${format(v)}`).join("; ");
  return String(value);
}

function dyadLink(row) {
  const source = row.source && (row.source.code || row.source);
  const target = row.target && (row.target.code || row.target);
  if (!source || !target || typeof source !== "string" || typeof target !== "string") return "";
  return el("a", { href: `#/dyad?${new URLSearchParams({ source, target })}` }, `${source} → ${target}`);
}

export function table(rows, columns, id) {
  if (!rows.length) return el("p", { class: "summary", id }, "None.");
  return el("table", { id },
    el("thead", {}, el("tr", {}, el("th", {}, "dyad"), columns.map((c) => el("th", {}, c.replaceAll("_", " "))))),
    el("tbody", {}, rows.map((row) => el("tr", {}, el("td", {}, dyadLink(row)),
      columns.map((c) => el("td", {}, format(row[c])))))));
}

function columnsOf(rows, skip) {
  const seen = [];
  for (const row of rows.slice(0, 20)) for (const k of Object.keys(row)) if (!seen.includes(k) && !skip.includes(k)) seen.push(k);
  return seen;
}

export async function render(container, params) {
  container.append(el("h2", {}, "Alerts & mixed signals"), filterForm("alerts", params, FILTERS));
  const actors = { source: params.get("source"), target: params.get("target") };
  const [alerts, mixed] = await Promise.all([
    api("/alerts", { ...actors, interval: params.get("interval"), method: params.get("method") }),
    api("/mixed", { ...actors, window: params.get("window") }),
  ]);
  const skip = ["source", "target", "event_ids", "evidence"];
  container.append(el("div", { class: "two" },
    el("section", {}, el("h3", {}, `Escalation alerts (${alerts.data.length})`),
      table(alerts.data, columnsOf(alerts.data, skip), "alerts-table")),
    el("section", {}, el("h3", {}, `Mixed signals (${mixed.data.length})`),
      table(mixed.data, columnsOf(mixed.data, skip), "mixed-table"))));
}
