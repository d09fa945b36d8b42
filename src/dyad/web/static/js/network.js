// Network page: actors as nodes (size: events), directed dyads as edges (width: acts, colour:
// mean Goldstein, green cooperative, red hostile); clicking a node lists its events and keeps its neighbourhood in view.
import { QUADS, api, el, filterForm, goto } from "./common.js";
import { eventTable } from "./eventtable.js";

const FILTERS = [
  { name: "actor", label: "Either side", placeholder: "PRK|USA" },
  { name: "plover", label: "PLOVER", placeholder: "ACCUSE" },
  { name: "quad", label: "QuadClass", options: [["", "any"], ["1", "1"], ["2", "2"], ["3", "3"], ["4", "4"]] },
  { name: "since", label: "Since", placeholder: "YYYY-MM-DD", size: 10 },
  { name: "until", label: "Until", placeholder: "YYYY-MM-DD", size: 10 },
  { name: "min_events", label: "Min. events", placeholder: "1", size: 3 },
];

function edgeColor(net) {
  if (net > 0) return QUADS[2].color;
  if (net < 0) return QUADS[4].color;
  return "#999";
}

export function elements(graph) {
  const nodes = graph.nodes.map((n) => ({ data: { id: n.id, label: n.id, events: n.events,
    size: 18 + 6 * Math.sqrt(n.events) } }));
  const edges = graph.edges.map((e, i) => ({ data: { id: `e${i}`, source: e.source, target: e.target,
    events: e.events, mean: e.goldstein_mean,
    width: 1 + Math.min(8, Math.sqrt(e.events) * 1.5), color: edgeColor(e.goldstein_mean) } }));
  return [...nodes, ...edges];
}

async function showActor(panel, code, params) {
  panel.replaceChildren(el("h3", {}, `Events with ${code} on either side`));
  const query = { actor: code, limit: 100, order: "desc", count: "true" };
  for (const k of ["plover", "quad", "since", "until"]) if (params.get(k)) query[k] = params.get(k);
  const result = await api("/events", query);
  panel.append(el("p", { class: "summary" }, `${result.count} event(s)` + (result.next ? ", the latest 100 shown" : "")),
    eventTable(result.data));
}

export async function render(container, params) {
  container.append(el("h2", {}, "Actor network"), filterForm("network", params, FILTERS));
  const query = Object.fromEntries(params);
  const result = await api("/network", query);
  const graph = result.data;
  container.append(el("p", { class: "summary" },
    `${graph.nodes.length} actor(s), ${graph.edges.length} directed dyad(s). Click an actor for its events, an edge for the dyad's timeline.`));
  const box = el("div", { id: "cy" });
  const panel = el("div", { id: "actor-events" });
  container.append(box, panel);
  const cy = cytoscape({
    container: box, elements: elements(graph), wheelSensitivity: 0.3,
    layout: { name: "cose", animate: false, randomize: false, nodeRepulsion: () => 400000,
              idealEdgeLength: () => 140, componentSpacing: 120, nodeOverlap: 40, padding: 30 },
    style: [
      { selector: "node", style: { label: "data(label)", width: "data(size)", height: "data(size)",
        "background-color": "#2c6fbb", color: "#1d2329", "font-size": 11, "text-valign": "bottom", "text-margin-y": 3 } },
      { selector: "edge", style: { width: "data(width)", "line-color": "data(color)", "target-arrow-color": "data(color)",
        "target-arrow-shape": "triangle", "curve-style": "bezier", opacity: 0.8 } },
      { selector: ".faded", style: { opacity: 0.15 } },
      { selector: "node:selected", style: { "background-color": "#c0392b" } },
    ],
  });
  // Labels are drawn in graph units, so a large network fitted to the box shrinks them out of
  // sight: keep them about 12 px on screen at the fitted zoom (they still grow when zoomed in).
  cy.style().selector("node").style("font-size", Math.round(12 / Math.min(cy.zoom(), 1))).update();
  window.dyadNetwork = cy;  // for the browser tests and for poking at it in the console
  cy.on("tap", "node", (event) => {
    const node = event.target;
    cy.elements().addClass("faded");
    node.closedNeighborhood().removeClass("faded");
    showActor(panel, node.id(), params).catch((e) => panel.replaceChildren(el("p", { class: "error" }, e.message)));
  });
  cy.on("tap", "edge", (event) => goto("dyad", { source: event.target.data("source"), target: event.target.data("target") }));
  cy.on("tap", (event) => { if (event.target === cy) cy.elements().removeClass("faded"); });
}
