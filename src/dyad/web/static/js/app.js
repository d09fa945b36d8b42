// The dashboard: one page per hash route (#/events, #/dyad, #/alerts, #/network), each a
// module with render(container, params). Everything it loads comes from this server.
import { api, el, showError } from "./common.js";
import * as events from "./events.js";
import * as dyad from "./dyad.js";
import * as alerts from "./alerts.js";
import * as network from "./network.js";

const PAGES = { events, dyad, alerts, network };

function parseHash() {
  const hash = location.hash.replace(/^#\/?/, "");
  const [name, query] = hash.split("?");
  return { name: PAGES[name] ? name : "events", params: new URLSearchParams(query || "") };
}

async function render() {
  const { name, params } = parseHash();
  for (const link of document.querySelectorAll("#nav a[data-page]")) {
    link.classList.toggle("active", link.dataset.page === name);
  }
  const container = document.getElementById("page");
  container.replaceChildren();
  container.dataset.page = name;
  container.dataset.state = "loading";
  try {
    await PAGES[name].render(container, params);
  } catch (error) {
    showError(container, error);
  }
  container.dataset.state = "ready";
}

async function stats() {
  try {
    const { data } = await api("/stats");
    const range = data.date_range.first ? `${data.date_range.first} → ${data.date_range.last}` : "no dated events";
    document.getElementById("stats").textContent =
      `${data.counts.events} events · ${data.counts.articles} articles · ${range}`;
  } catch (error) {
    document.getElementById("stats").replaceChildren(el("span", { class: "error" }, error.message));
  }
}

window.addEventListener("hashchange", render);
stats();
render();
