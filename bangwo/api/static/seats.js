// 帮我 seats: the seat map on a cinema confirm card (choose, change, couple seats, the screen) and the seat
// classes of a train card. Plain JS; uses app.js's el, yuan, api, send, addMessage, renderTurn and toast.
"use strict";
(() => {
  const STATE_ZH = { free: "可选", sold: "已售", held: "已被锁定", mine: "当前座位" };
  const newKey = () => "web-seat-" + Date.now().toString(36) + "-" + Math.random().toString(36).slice(2, 10);

  // The map of the order's showing: the screen on top, rows from the screen, couple pairs drawn together.
  function seatMap(card, box) {
    let plan = null, picked = new Set(), key = null, pending = false;
    const status = el("p", { class: "seat-status", role: "status", "data-testid": "seat-status" });
    const grid = el("div", { class: "seat-grid", "data-testid": "seat-grid" });
    const apply = el("button", { type: "button", class: "primary", "data-testid": "seat-apply", disabled: true,
      onclick: () => change() }, "换到所选座位");
    const legend = el("ul", { class: "seat-legend", "aria-hidden": "true" },
      ["free", "mine", "picked", "sold", "couple"].map((k) => el("li", {}, el("span", { class: `seat ${k}` }),
        { free: "可选", mine: "当前", picked: "已选", sold: "已售/锁定", couple: "情侣座" }[k])));

    const partner = (code) => {
      for (const row of plan.grid) for (const s of row.seats) if (s.code === code) return s.couple_with;
      return null;
    };
    const count = () => plan.mine.length;
    const same = () => picked.size === count() && plan.mine.every((c) => picked.has(c));

    function toggle(seat) {
      const pair = seat.couple_with ? [seat.code, seat.couple_with] : [seat.code];
      if (picked.has(seat.code)) pair.forEach((c) => picked.delete(c));
      else {
        if (picked.size + pair.length > count()) picked = new Set();   // start a new choice
        pair.forEach((c) => picked.add(c));
      }
      key = null;
      draw();
    }

    function draw() {
      const rows = plan.grid.map((row) => el("div", { class: "seat-row", role: "group", "aria-label": `${row.row}排` },
        el("span", { class: "row-no", "aria-hidden": "true" }, row.row),
        row.seats.map((s) => {
          const taken = s.state === "sold" || s.state === "held";
          const chosen = picked.has(s.code);
          const kinds = ["seat", s.state, chosen ? "picked" : "", s.couple_with ? "couple" : "",
            s.couple_with && s.number % 2 ? "pair-left" : "", s.couple_with && !(s.number % 2) ? "pair-right" : ""];
          const label = `${s.code}${s.couple_with ? "（情侣座，与" + s.couple_with + "成对）" : ""}：` +
            (chosen ? "已选" : STATE_ZH[s.state]);
          return el("button", { type: "button", class: kinds.filter(Boolean).join(" "), "data-code": s.code,
            "data-state": s.state, "aria-pressed": String(chosen), "aria-label": label, title: label,
            disabled: taken, onclick: () => toggle(s) }, s.couple_with ? "♥" : "");
        })));
      grid.replaceChildren(el("div", { class: "screen", "data-testid": "screen" }, "银幕"), ...rows);
      const list = [...picked];
      apply.disabled = pending || picked.size !== count() || same();
      status.textContent = picked.size === 0 || same()
        ? `点选${count()}个座位（情侣座成对选择），当前：${plan.mine.join("、")}`
        : `已选 ${picked.size}/${count()}：${list.join("、")}`;
    }

    async function load() {
      plan = await api(`/api/orders/${encodeURIComponent(card.order_id)}/seats`);
      picked = new Set(plan.mine);
      draw();
    }

    async function change() {
      if (busy || pending) { toast("上一步还在处理，请等回复后再点。"); return; }
      const seats = [...picked];
      key = key || newKey();   // a retry of the same choice reuses its key: the server changes seats once
      pending = true; draw();
      try {
        const turn = await api(`/api/orders/${encodeURIComponent(card.order_id)}/seats`, { method: "POST",
          body: { seats, idempotency_key: key, conversation_id: CONVERSATION } });
        addMessage("user", "换到" + seats.join("、"));
        renderTurn(addMessage("bot", ""), turn);
      } catch (e) {
        status.textContent = e.message;
        status.setAttribute("role", "alert");
        pending = false;
        await load().catch(() => {});
        return;
      }
      pending = false;
    }

    box.append(legend, grid, status, el("div", { class: "actions" }, apply));
    load().catch((e) => { status.textContent = e.message; });
  }

  function seatPanel(card, node) {
    const box = el("div", { class: "seat-map", "data-testid": "seat-map", hidden: true });
    const open = el("button", { type: "button", class: "seat-open", "data-testid": "seat-open",
      "aria-expanded": "false", "aria-label": `选座 / 换座：${card.title}`,
      onclick: () => {
        const show = box.hidden;
        box.hidden = !show;
        open.setAttribute("aria-expanded", String(show));
        if (show && !box.childElementCount) seatMap(card, box);
      } }, "选座 / 换座");
    const actions = node.querySelector(".actions");
    if (actions) actions.prepend(open); else node.append(el("div", { class: "actions" }, open));
    node.append(box);
  }

  // Train seat classes with their fares; choosing one says 「换成一等座」 in the chat (re-priced there).
  function classPanel(card, node) {
    const row = el("div", { class: "seat-classes", role: "group", "aria-label": "席别", "data-testid": "seat-classes" },
      card.classes.map((c) => el("button", { type: "button", "data-class": c.code,
        class: c.code === card.seat_class ? "current" : "", "aria-pressed": String(c.code === card.seat_class),
        "aria-label": `${c.label} ${yuan(c.price_fen)}（每张${c.code === card.seat_class ? "，当前席别" : ""}）`,
        onclick: () => { if (c.code !== card.seat_class) send(`换成${c.label}`); } },
      `${c.label} ${yuan(c.price_fen)}`)));
    node.querySelector("table")?.before(row);
  }

  window.decorateCard = (node, card) => {
    if (card.domain === "movie" && card.kind === "confirm" && card.order_id && card.seats && card.seats.length) {
      if ((card.spec || "").includes("情侣座")) {
        node.querySelector(".meta")?.prepend(el("span", { class: "couple-badge", "data-testid": "couple-badge" }, "情侣座"), " ");
      }
      seatPanel(card, node);
    }
    if (card.classes && card.classes.length > 1 && card.kind !== "plan") classPanel(card, node);
    return node;
  };
})();
