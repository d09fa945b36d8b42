// Shared by every page: calling the API, building elements, quad-class colours.

export const QUADS = {
  1: { name: "verbal cooperation", color: "#7fbf7b" },
  2: { name: "material cooperation", color: "#1b7837" },
  3: { name: "verbal conflict", color: "#f4a582" },
  4: { name: "material conflict", color: "#b2182b" },
};

export class ApiError extends Error {
  constructor(status, body) {
    const err = (body && body.error) || {};
    super(err.message || `HTTP ${status}`);
    this.status = status;
    this.code = err.code;
    this.detail = err.detail;
  }
}

// GET an API path with query parameters (empty ones dropped); the JSON body, or ApiError.
export async function api(path, params = {}) {
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== null && v !== "") query.set(k, v);
  }
  const url = query.toString() ? `${path}?${query}` : path;
  const response = await fetch(url, { headers: { Accept: "application/json" } });
  let body = null;
  try { body = await response.json(); } catch (e) { body = null; }
  if (!response.ok) throw new ApiError(response.status, body);
  return body;
}

// el("td", {class: "x", onclick: f}, "text", child, ...): text is always text, never HTML.
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else if (k === "dataset") Object.assign(node.dataset, v);
    else node.setAttribute(k, v === true ? "" : v);
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

export function showError(container, error) {
  container.append(el("p", { class: "error", role: "alert" }, error.message || String(error)));
}

export function actorLabel(actor) {
  if (!actor) return "—";
  return actor.code || actor.name || "?";
}

// A form of labelled inputs whose values become the page's hash parameters on submit.
export function filterForm(page, params, inputs) {
  const form = el("form", { class: "filters" });
  for (const spec of inputs) {
    const value = params.get(spec.name) || spec.value || "";
    let input;
    if (spec.options) {
      input = el("select", { name: spec.name },
        spec.options.map(([v, label]) => el("option", { value: v, selected: v === value }, label)));
    } else {
      input = el("input", { name: spec.name, value, placeholder: spec.placeholder || "",
                            type: spec.type || "text", size: spec.size || 8 });
    }
    form.append(el("label", {}, spec.label, input));
  }
  form.append(el("button", { type: "submit" }, "Apply"));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const next = new URLSearchParams();
    for (const [k, v] of new FormData(form)) if (v) next.set(k, v.trim());
    location.hash = `#/${page}?${next}`;
  });
  return form;
}

export function goto(page, params) {
  location.hash = `#/${page}?${new URLSearchParams(params)}`;
}
