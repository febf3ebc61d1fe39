// 帮我 tracking: the order detail as a delivery app shows it. One status label (the server's, the same as the
// list's), a stepper, an ETA countdown, a schematic of the shop, the rider and you drawn here as inline SVG (no
// map tiles, no library), distances in words, and 申请退款 only where the refund policy allows it right now.
// Plain JS; uses app.js's el, yuan and act (app.js's detailOf hands each order to BangwoTracking.detail).
"use strict";
(() => {
  const SVG = "http://www.w3.org/2000/svg";
  const STATE_ZH = { done: "已完成", current: "进行中", todo: "未开始" };
  let ticker = null;

  const svg = (tag, attrs = {}, text) => {
    const node = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
    if (text !== undefined) node.textContent = text;
    return node;
  };

  function stepper(steps) {
    return el("ol", { class: "stepper", "data-testid": "stepper", "aria-label": "订单进度" },
      steps.map((s) => el("li", { class: `step ${s.state}`, "data-state": s.state, "data-phase": s.phase,
        "data-testid": "step", "aria-current": s.state === "current" ? "step" : null },
        el("span", { class: "dot", "aria-hidden": "true" }),
        el("span", { class: "label" }, s.label),
        el("span", { class: "sr-only" }, `（${STATE_ZH[s.state]}）`))));
  }

  const clockText = (s) => {
    const h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), sec = s % 60;
    return h ? `${h}小时${m}分` : `${String(m).padStart(2, "0")}:${String(sec).padStart(2, "0")}`;
  };

  // Counts down from the seconds the server gave (its clock decides; the browser's only measures the wait).
  function countdown(c, eta) {
    const end = Date.now() + c.seconds * 1000;
    const value = el("strong", { "data-testid": "countdown-value" });
    const box = el("p", { class: "countdown", "data-testid": "countdown", role: "timer", "aria-live": "off" },
      `${c.label}${eta ? " " + eta.slice(11, 16) : ""}，还剩 `, value);
    const tick = () => {
      const left = Math.max(0, Math.round((end - Date.now()) / 1000));
      value.textContent = left ? clockText(left) : "马上就到";
      box.dataset.seconds = String(left);
      if (!left) clearInterval(ticker);
    };
    clearInterval(ticker);
    tick();
    ticker = setInterval(tick, 1000);
    return box;
  }

  // Shop, rider and you placed by their coordinates (equirectangular, scaled to fit), never shown as numbers.
  function schematic(t) {
    const W = 320, H = 180, PAD = 34;
    const points = [t.shop, t.you, t.rider].filter(Boolean);
    const k = Math.cos((points.reduce((s, p) => s + p.lat, 0) / points.length) * Math.PI / 180);
    const xy = (p) => [p.lng * k, -p.lat];
    const xs = points.map((p) => xy(p)[0]), ys = points.map((p) => xy(p)[1]);
    const [minX, maxX, minY, maxY] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
    const scale = Math.min((W - 2 * PAD) / Math.max(maxX - minX, 1e-9), (H - 2 * PAD) / Math.max(maxY - minY, 1e-9));
    const at = (p) => { const [x, y] = xy(p);
      return [W / 2 + (x - (minX + maxX) / 2) * scale, H / 2 + (y - (minY + maxY) / 2) * scale]; };
    const [sx, sy] = at(t.shop), [yx, yy] = at(t.you);
    const map = svg("svg", { viewBox: `0 0 ${W} ${H}`, class: "schematic", role: "img", "aria-label": t.text,
      "data-testid": "tracking-map" });
    map.append(svg("rect", { x: 1, y: 1, width: W - 2, height: H - 2, rx: 10, class: "ground" }));
    map.append(svg("line", { x1: sx, y1: sy, x2: yx, y2: yy, class: "route" }));
    const marks = [["shop", t.shop, "商家"], ["you", t.you, "你"]];
    if (t.rider) {
      const [rx, ry] = at(t.rider);
      map.append(svg("line", { x1: sx, y1: sy, x2: rx, y2: ry, class: "covered" }));
      marks.push(["rider", t.rider, "骑手"]);
    }
    // the shop's label below, yours to the side, the rider's above; labels drawn last,
    // over every dot, so the rider at your door never hides a word
    const placeLabel = { shop: [0, 22, "middle"], you: [-14, 5, "end"], rider: [0, -15, "middle"] };
    const labels = [];
    for (const [kind, p, label] of marks) {
      const [x, y] = at(p);
      let [dx, dy, anchor] = placeLabel[kind];
      if (kind === "you") {                      // on the side away from whoever is coming
        const coming = t.rider ? at(t.rider)[0] : sx;
        [dx, anchor] = coming >= x ? [-14, "end"] : [14, "start"];
      }
      map.append(svg("circle", { cx: x, cy: y, r: kind === "rider" ? 9 : 8, class: `mark ${kind}`,
        "data-testid": `mark-${kind}` }));
      labels.push(svg("text", { x: x + dx, y: y + dy, "text-anchor": anchor, class: `label ${kind}` }, label));
    }
    map.append(...labels);
    return map;
  }

  function actions(o) {
    const box = el("div", { class: "actions" });
    if (o.status === "held") box.append(el("button", { type: "button", "data-testid": "cancel",
      onclick: () => act(o.id, "cancel") }, "取消订单"));
    const refund = o.refund || { allowed: false };
    if (refund.allowed) {
      box.append(el("button", { type: "button", "data-testid": "refund", "aria-describedby": `refund-note-${o.id}`,
        onclick: () => act(o.id, "refund") }, "申请退款"));
      box.append(el("p", { class: "hint refund-note", id: `refund-note-${o.id}`, "data-testid": "refund-note" },
        refund.reason));
    } else if (!["held", "cancelled", "failed", "refunded"].includes(o.status)) {
      box.append(el("p", { class: "hint refund-note", "data-testid": "refund-note" }, refund.reason));
    }
    return box;
  }

  function detail(o) {
    clearInterval(ticker);
    const parts = [el("h3", {}, o.title), el("p", { class: "merchant" }, `${o.merchant} · 订单号 ${o.id}`),
      el("p", { class: `status ${o.status}`, "data-testid": "order-status" }, "状态：" + o.status_zh)];
    if (o.steps && o.steps.length) parts.push(stepper(o.steps));
    if (o.countdown) parts.push(countdown(o.countdown, o.eta));
    if (o.tracking) parts.push(el("figure", { class: "tracking", "data-testid": "tracking" }, schematic(o.tracking),
      el("figcaption", { "data-testid": "tracking-text" }, o.tracking.text)));
    parts.push(el("p", { class: "policy" }, "退改：" + o.policy),
      el("p", {}, `总价 ${yuan(o.total_fen)}，优惠 ${yuan(o.discount_fen)}，实付 ${yuan(o.paid_fen)}` +
        (o.refunded_fen ? `，已退 ${yuan(o.refunded_fen)}` : "")));
    const tickets = (o.details && o.details.tickets) || [];
    if (tickets.length) parts.push(el("p", { "data-testid": "tickets" }, "电子票号 " + tickets.join("、")));
    if (o.seats && o.seats.length) parts.push(el("p", { "data-testid": "seats" }, "座位 " + o.seats.join("、")));
    const names = typeof STATUS === "object" ? STATUS : {};
    parts.push(actions(o), el("ol", { class: "timeline" }, (o.timeline || []).map((e) =>
      el("li", {}, `${e.at.slice(5, 16).replace("T", " ")} ${names[e.to] || e.to}（${e.reason}）`))));
    return parts;
  }

  window.BangwoTracking = { detail };
})();
