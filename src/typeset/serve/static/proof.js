// The proof page of `paiban serve`: the page image with its blocks, the findings, and a
// Server-Sent Events stream that brings each new build in place (zoom and scroll kept).
"use strict";

const $ = (id) => document.getElementById(id);
const view = { data: null, page: 0, zoom: 1, selected: null, shown: -1 };

async function load() {
  const response = await fetch("/state", { cache: "no-store" });
  const data = await response.json();
  view.data = data;
  if (view.page >= data.pages.length) view.page = 0;
  document.body.dataset.version = data.version;
  showStatus();
  showThumbs();
  showPage();
  showErrors();
  const page = current();
  if (view.selected) showInfo(page && page.blocks.find((b) => b.id === view.selected));
}

function current() { return view.data && view.data.pages[view.page]; }

function showStatus() {
  const d = view.data, page = current();
  const bad = d.errors.length > 0;
  $("title").textContent = page && page.title ? `${page.title} — ${page.spec}` : d.target;
  $("status").textContent = bad ? `errors: showing the last good proof` : `built in ${d.took_ms} ms`;
  $("status").classList.toggle("bad", bad);
  document.title = `${bad ? "✗ " : ""}${page && page.title ? page.title : d.target} · paiban`;
}

function showThumbs() {
  const d = view.data, nav = $("thumbs");
  nav.hidden = !d.issue;
  if (!d.issue) return;
  nav.replaceChildren(...d.pages.map((p, i) => {
    const fig = document.createElement("figure");
    fig.className = i === view.page ? "current" : "";
    fig.dataset.index = i;
    if (p.serial) {
      const img = document.createElement("img");
      img.src = `/page/${i}.jpg?w=200&s=${p.serial}`;
      img.alt = p.spec;
      fig.append(img);
    }
    const cap = document.createElement("figcaption");
    cap.textContent = `${i + 1} ${p.title || p.spec}${p.stale ? " ✗" : ""}`;
    fig.append(cap);
    fig.addEventListener("click", () => { view.page = i; view.selected = null; showInfo(null); load(); });
    return fig;
  }));
}

function fitScale(page) {
  const vp = $("viewport");
  return Math.min((vp.clientWidth - 32) / page.width, (vp.clientHeight - 32) / page.height);
}

function showPage() {
  const page = current();
  const sheet = $("sheet");
  $("empty").hidden = !!(page && page.serial);
  sheet.hidden = !(page && page.serial);
  if (!page || !page.serial) { showDiags(page); return; }
  const scale = fitScale(page) * view.zoom;
  sheet.style.width = `${Math.round(page.width * scale)}px`;
  sheet.style.height = `${Math.round(page.height * scale)}px`;
  $("zoom-level").textContent = `${Math.round(view.zoom * 100)}%`;
  const px = Math.min(4096, Math.ceil(page.width * scale * (window.devicePixelRatio || 1) / 128) * 128);
  const src = `/page/${page.index}.jpg?w=${px}&s=${page.serial}`;
  const img = $("page");
  if (img.dataset.src !== src && view.wanted !== src) {  // load aside, then swap: the old proof stays up
    view.wanted = src;
    const next = new Image();
    next.onload = () => {
      if (view.wanted !== src) return;  // a newer build came meanwhile
      img.src = src;
      img.dataset.src = src;
      img.dataset.serial = page.serial;
      document.body.dataset.shownAt = Date.now();
      document.body.dataset.serial = page.serial;
    };
    next.src = src;
  }
  showBlocks(page);
  showDiags(page);
}

function showBlocks(page) {
  const overlay = $("overlay");
  overlay.replaceChildren();
  // rules first, then larger areas: the block that is most specific is on top where areas overlap
  const size = (b) => b.rects.reduce((sum, r) => sum + r[2] * r[3], 0);
  const order = [...page.blocks].sort((a, b) => (b.kind === "rule") - (a.kind === "rule") || size(b) - size(a));
  for (const b of order) {
    b.rects.forEach(([x, y, w, h], k) => {
      const div = document.createElement("div");
      div.className = "block";
      if (b.fit && b.fit.overset_lines) div.classList.add("over");
      if (b.id === view.selected) div.classList.add("selected");
      div.dataset.id = b.id;
      div.dataset.part = k;
      Object.assign(div.style, {
        left: `${(100 * x) / page.width}%`, top: `${(100 * y) / page.height}%`,
        width: `${(100 * w) / page.width}%`, height: `${(100 * h) / page.height}%`,
      });
      div.addEventListener("mousemove", (e) => tip(e, b));
      div.addEventListener("mouseleave", () => { $("tip").hidden = true; });
      div.addEventListener("click", () => select(b.id));
      overlay.append(div);
    });
  }
  showMarks(page, overlay);
}

function showMarks(page, overlay) {
  for (const m of page.marks || []) {
    const [x, y, w, h] = m.rect;
    const div = document.createElement("div");
    div.className = `mark ${m.kind}`;
    div.title = m.label;
    Object.assign(div.style, {
      left: `${(100 * x) / page.width}%`, top: `${(100 * y) / page.height}%`,
      width: `${(100 * w) / page.width}%`, height: `${(100 * Math.max(h, 1)) / page.height}%`,
    });
    if (m.label) div.textContent = m.label;
    overlay.append(div);
  }
}

function tip(event, b) {
  const t = $("tip");
  t.textContent = [`${b.id} · ${b.kind}`, b.summary, b.defined].filter(Boolean).join("\n");
  t.hidden = false;
  t.style.left = `${event.clientX + 14}px`;
  t.style.top = `${event.clientY + 14}px`;
}

function select(id, scroll) {
  view.selected = id;
  const page = current();
  const block = page && page.blocks.find((b) => b.id === id);
  document.querySelectorAll(".block").forEach((div) => div.classList.toggle("selected", div.dataset.id === id));
  showInfo(block);
  const first = document.querySelector(`.block[data-id="${CSS.escape(id || "")}"]`);
  if (scroll && first) first.scrollIntoView({ block: "center", inline: "center", behavior: "instant" });
}

function showInfo(b) {
  $("info").hidden = !b;
  $("copied").textContent = "";
  if (!b) return;
  $("info-id").textContent = b.id;
  $("info-kind").textContent = b.kind;
  $("info-fit").textContent = b.summary;
  $("info-defined").textContent = b.defined;
  $("info-copy-line").hidden = !b.copy;
  $("info-copy").textContent = b.copy || "";
}

function showDiags(page) {
  const list = [...view.data.errors, ...(page ? page.diagnostics : [])];
  $("diag-count").textContent = `(${list.length})`;
  $("diags").replaceChildren(...list.map((d) => {
    const li = document.createElement("li");
    li.className = d.severity;
    li.dataset.block = d.block || "";
    li.dataset.code = d.code;
    const where = document.createElement("span");
    where.className = "where";
    where.textContent = d.where;
    li.append(where, d.message + (d.hint ? `\nhint: ${d.hint}` : ""));
    li.addEventListener("click", () => {
      if (d.block) select(d.block, true);
      document.querySelectorAll(".block").forEach((div) => div.classList.toggle("highlight", div.dataset.id === d.block));
    });
    return li;
  }));
}

function showErrors() {
  const box = $("errors"), errors = view.data.errors;
  box.hidden = errors.length === 0;
  const text = errors.map((d) => d.text).join("\n\n");
  const note = document.createElement("div");
  note.className = "note";
  note.textContent = "the last good proof is shown; fix the file and save";
  box.replaceChildren(text, note);
}

async function copyText(text) {
  try {
    await navigator.clipboard.writeText(text);
  } catch (_) {  // no clipboard permission: the old way
    const area = document.createElement("textarea");
    area.value = text;
    document.body.append(area);
    area.select();
    document.execCommand("copy");
    area.remove();
  }
  $("copied").textContent = `copied ${text}`;
  document.body.dataset.copied = text;
}

function zoom(factor) {
  const vp = $("viewport");
  const cx = (vp.scrollLeft + vp.clientWidth / 2) / Math.max(1, vp.scrollWidth);
  const cy = (vp.scrollTop + vp.clientHeight / 2) / Math.max(1, vp.scrollHeight);
  view.zoom = factor === 0 ? 1 : Math.min(8, Math.max(0.25, view.zoom * factor));
  showPage();
  vp.scrollLeft = cx * vp.scrollWidth - vp.clientWidth / 2;
  vp.scrollTop = cy * vp.scrollHeight - vp.clientHeight / 2;
}

function start() {
  $("zoom-in").addEventListener("click", () => zoom(1.25));
  $("zoom-out").addEventListener("click", () => zoom(0.8));
  $("zoom-fit").addEventListener("click", () => zoom(0));
  $("show-blocks").addEventListener("change", (e) => $("overlay").classList.toggle("off", !e.target.checked));
  $("copy-defined").addEventListener("click", () => copyText($("info-defined").textContent));
  $("copy-copy").addEventListener("click", () => copyText($("info-copy").textContent));
  document.addEventListener("keydown", (e) => {
    if (e.key === "+" || e.key === "=") zoom(1.25);
    else if (e.key === "-") zoom(0.8);
    else if (e.key === "0") zoom(0);
  });
  $("viewport").addEventListener("wheel", (e) => {
    if (!e.ctrlKey) return;
    e.preventDefault();
    zoom(e.deltaY < 0 ? 1.1 : 0.9);
  }, { passive: false });
  window.addEventListener("resize", () => view.data && showPage());
  const events = new EventSource("/events");
  events.addEventListener("build", (e) => { if (Number(e.data) !== view.shown) { view.shown = Number(e.data); load(); } });
  events.onerror = () => { $("status").textContent = "server stopped? reconnecting…"; };
}

start();
