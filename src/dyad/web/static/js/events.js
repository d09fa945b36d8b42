// Events page: filters, a page of events (newest first), paging through `next`.
import { api, el, filterForm } from "./common.js";
import { eventTable } from "./eventtable.js";

const FILTERS = [
  { name: "source", label: "Source", placeholder: "PRK|KOR" },
  { name: "target", label: "Target", placeholder: "USA" },
  { name: "actor", label: "Either side", placeholder: "CHN" },
  { name: "plover", label: "PLOVER", placeholder: "ACCUSE" },
  { name: "root", label: "CAMEO root", placeholder: "11", size: 4 },
  { name: "quad", label: "QuadClass", options: [["", "any"], ["1", "1 verbal coop."], ["2", "2 material coop."], ["3", "3 verbal conflict"], ["4", "4 material conflict"]] },
  { name: "since", label: "Since", placeholder: "YYYY-MM-DD", size: 10 },
  { name: "until", label: "Until", placeholder: "YYYY-MM-DD", size: 10 },
  { name: "text", label: "Text", placeholder: "in the sentence", size: 14 },
];
const PAGE_SIZE = 25;

export async function render(container, params) {
  container.append(el("h2", {}, "Events"), filterForm("events", params, FILTERS));
  const { offset: _shown, ...query } = Object.fromEntries(params);  // offset is the page's own
  const result = await api("/events", { order: "desc", limit: PAGE_SIZE, ...query, count: "true" });
  const offset = Number(params.get("offset") || 0);
  const shown = result.data.length;
  const clear = new URLSearchParams(params);
  clear.delete("id"); clear.delete("cursor"); clear.delete("offset");
  const selected = params.get("id")
    ? [` — ${result.count} selected event(s) (from an alert, a signal or a period). `, el("a", { href: `#/events?${clear}` }, "Show all")]
    : [];
  container.append(el("p", { class: "summary" },
    shown ? `Events ${offset + 1}–${offset + shown} of ${result.count}` : "No events match these filters.", ...selected));
  if (shown) container.append(eventTable(result.data));
  const nav = el("p", { class: "pager" });
  if (params.get("cursor")) {
    nav.append(el("button", { type: "button", onclick: () => history.back() }, "← Previous"), " ");
    const first = new URLSearchParams(params); first.delete("cursor"); first.delete("offset");
    nav.append(el("a", { href: `#/events?${first}` }, "First page"), " ");
  }
  if (result.next) {
    const next = new URL(result.next, location.origin).searchParams;
    const target = new URLSearchParams(params);
    target.set("cursor", next.get("cursor"));
    target.set("offset", String(offset + shown));
    nav.append(el("a", { class: "next", href: `#/events?${target}` }, "Next page →"));
  }
  container.append(nav);
}
