// The evidence of an event: each mention's sentence with the source, target and trigger
// highlighted from their character offsets (which index the article; the API gives where the
// sentence starts in it).
import { el } from "./common.js";

const ROLES = ["source", "target", "trigger"];

// Split the sentence at every span boundary; each piece carries the roles covering it.
export function highlight(mention) {
  const sentence = mention.sentence || "";
  const base = mention.sentence_start;
  const node = el("p", { class: "sentence" });
  if (base === null || base === undefined) {
    node.append(sentence);
    return node;
  }
  const spans = [];
  for (const role of ROLES) {
    const span = mention[role];
    if (!span || span.start_char === null || span.start_char === undefined) continue;
    const start = Math.max(0, span.start_char - base);
    const end = Math.min(sentence.length, span.end_char - base);
    if (end > start) spans.push({ role, start, end });
  }
  const cuts = new Set([0, sentence.length]);
  for (const s of spans) { cuts.add(s.start); cuts.add(s.end); }
  const points = [...cuts].sort((a, b) => a - b);
  for (let i = 0; i + 1 < points.length; i++) {
    const [a, b] = [points[i], points[i + 1]];
    const roles = spans.filter((s) => s.start <= a && b <= s.end).map((s) => s.role);
    const piece = sentence.slice(a, b);
    if (!roles.length) node.append(piece);
    else node.append(el("mark", { class: roles.map((r) => `hl-${r}`).join(" "), title: roles.join(", ") }, piece));
  }
  return node;
}

export function mentionBlock(mention) {
  const where = [mention.outlet, mention.published].filter(Boolean).join(" · ");
  const title = mention.title || mention.article_id;
  const heading = mention.url
    ? el("a", { href: mention.url, rel: "noreferrer noopener", target: "_blank" }, title)
    : el("span", {}, title);
  return el("div", { class: "mention" },
    highlight(mention),
    el("p", { class: "muted small" }, heading, where ? ` — ${where}` : "",
      ` · rule ${mention.rule || "?"} · confidence ${mention.confidence ?? "?"}`));
}

export function legend() {
  return el("p", { class: "legend small" },
    el("mark", { class: "hl-source" }, "source"), " ",
    el("mark", { class: "hl-target" }, "target"), " ",
    el("mark", { class: "hl-trigger" }, "trigger"));
}
