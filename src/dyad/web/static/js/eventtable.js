// A table of events; clicking a row opens its evidence below it.
import { QUADS, actorLabel, el } from "./common.js";
import { legend, mentionBlock } from "./evidence.js";

const COLUMNS = ["Date", "Source", "Target", "CAMEO", "PLOVER", "Goldstein", "M/A/S", "Evidence"];

function clip(text, n) {
  return text.length > n ? `${text.slice(0, n - 1)}…` : text;
}

function row(ev, columns) {
  const first = (ev.mentions || [])[0] || {};
  const quad = QUADS[ev.quad_class] || {};
  const cells = [
    ev.date || "undated",
    el("span", { title: (ev.source && ev.source.name) || "" }, actorLabel(ev.source)),
    el("span", { title: (ev.target && ev.target.name) || "" }, actorLabel(ev.target)),
    ev.cameo,
    el("span", {}, el("span", { class: "swatch", style: `background:${quad.color || "#ccc"}`, title: quad.name || "" }),
      (ev.plover || "—") + (ev.negated ? " (negated)" : "")),
    ev.goldstein ?? "",
    `${ev.num_mentions}/${ev.num_articles}/${ev.num_sources}`,
    clip(first.sentence || "", 110),
  ];
  return el("tr", { class: "event-row", tabindex: 0, dataset: { eventId: ev.event_id } },
    cells.map((c) => el("td", {}, c)));
}

export function eventTable(events) {
  const body = el("tbody");
  for (const ev of events) {
    const tr = row(ev);
    const open = () => {
      const next = tr.nextElementSibling;
      if (next && next.classList.contains("evidence-row")) { next.remove(); tr.classList.remove("open"); return; }
      tr.classList.add("open");
      const cell = el("td", { colspan: COLUMNS.length }, legend(), (ev.mentions || []).map(mentionBlock));
      tr.after(el("tr", { class: "evidence-row" }, cell));
    };
    tr.addEventListener("click", open);
    tr.addEventListener("keydown", (e) => { if (e.key === "Enter") open(); });
    body.append(tr);
  }
  return el("table", { class: "events" },
    el("thead", {}, el("tr", {}, COLUMNS.map((c) => el("th", {}, c)))), body);
}
