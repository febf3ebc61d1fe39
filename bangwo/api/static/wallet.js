// 帮我 wallet top-up (卡包 → 充值): pick an amount, see exactly what the bank card is charged and the balance it
// makes, confirm, then the balance the server reports. One idempotency key per confirmation, so a double click
// or a retry charges once. Plain JS; uses app.js's $, el, yuan, api and loadWallet.
"use strict";
(() => {
  const newKey = () => "web-" + Date.now().toString(36) + "-" + Math.random().toString(36).slice(2, 10);
  let info = null, amount = null, key = null, sending = false;

  const box = () => document.getElementById("topup");
  const part = (id) => document.getElementById(id);

  function mount() {
    const balance = document.getElementById("balance");
    if (!balance || box()) return;
    const section = el("section", { id: "topup", class: "topup", "aria-labelledby": "topup-title",
      "data-testid": "topup" },
      el("h3", { id: "topup-title" }, "钱包充值"),
      el("button", { type: "button", id: "topup-open", class: "primary", "data-testid": "topup-open",
        "aria-expanded": "false", "aria-controls": "topup-panel", onclick: toggle }, "充值"),
      el("button", { type: "button", id: "topup-bind", "data-testid": "topup-bind", hidden: true,
        onclick: bindCard }, "绑定测试银行卡（沙箱）"),
      el("div", { id: "topup-panel", class: "topup-panel", hidden: true },
        el("p", { class: "hint", id: "topup-policy" }),
        el("div", { id: "topup-amounts", class: "topup-amounts", role: "group", "aria-label": "充值金额" }),
        el("div", { id: "topup-confirm", class: "topup-confirm", "data-testid": "topup-confirm", hidden: true },
          el("p", { id: "topup-summary", "data-testid": "topup-summary" }),
          el("div", { class: "actions" },
            el("button", { type: "button", id: "topup-yes", class: "primary", "data-testid": "topup-yes",
              onclick: confirmTopUp }),
            el("button", { type: "button", "data-testid": "topup-no", onclick: () => choose(null) }, "取消")))),
      el("p", { id: "topup-result", class: "hint", role: "status", "data-testid": "topup-result" }));
    balance.after(section);
  }

  async function refresh() {
    mount();
    try { info = await api("/api/wallet"); }
    catch (e) { part("topup-result").textContent = e.message; return; }
    part("topup-policy").textContent = info.card_saved ? info.policy : "还没有绑定银行卡，暂时不能给钱包充值。";
    part("topup-open").disabled = !info.card_saved;
    const bind = part("topup-bind");
    if (bind) bind.hidden = info.card_saved || !info.sandbox;
    part("topup-amounts").replaceChildren(...info.choices_fen.map((fen) => el("button", { type: "button",
      class: "amount", "data-testid": `topup-amount-${fen}`, "aria-pressed": String(fen === amount),
      "aria-label": `充值 ${yuan(fen)}`, onclick: () => choose(fen) }, yuan(fen))));
    if (amount !== null) choose(amount);
  }

  // The sandbox's test card (a real provider binds a card through its own flow): then 充值 works.
  async function bindCard() {
    try {
      const r = await api("/api/wallet/sandbox-card", { method: "POST", body: {} });
      part("topup-result").textContent = r.message;
    } catch (e) { part("topup-result").textContent = e.message; }
    await refresh();
  }

  function toggle() {
    const panel = part("topup-panel");
    panel.hidden = !panel.hidden;
    part("topup-open").setAttribute("aria-expanded", String(!panel.hidden));
    if (panel.hidden) choose(null);
  }

  // Choosing an amount shows the confirmation; nothing is charged before 确认充值.
  function choose(fen) {
    if (fen !== amount) key = null;
    amount = fen;
    part("topup-amounts").querySelectorAll("button").forEach((b) =>
      b.setAttribute("aria-pressed", String(b.dataset.testid === `topup-amount-${fen}`)));
    const confirmBox = part("topup-confirm");
    confirmBox.hidden = fen === null;
    if (fen === null || !info) return;
    key = key || newKey();
    part("topup-summary").textContent =
      `从绑定的银行卡扣款 ${yuan(fen)}，充值到帮我钱包；充值后余额 ${yuan(info.wallet_fen + fen)}。`;
    part("topup-yes").textContent = `确认充值 ${yuan(fen)}`;
    part("topup-yes").focus();
  }

  async function confirmTopUp() {
    if (sending || amount === null) return;
    sending = true;
    const yes = part("topup-yes");
    yes.disabled = true;
    try {
      const r = await api("/api/wallet/topups", { method: "POST", body: { amount_fen: amount, idempotency_key: key } });
      part("topup-result").textContent = r.message;
      amount = null; key = null;
      part("topup-confirm").hidden = true;
      if (typeof loadWallet === "function") await loadWallet();   // the balance line, from the server
      await refresh();
    } catch (e) {
      part("topup-result").textContent = e.message;   // the same key on a retry: charged at most once
    } finally {
      sending = false; yes.disabled = false;
    }
  }

  document.addEventListener("DOMContentLoaded", () => {
    const view = document.getElementById("view-wallet");
    if (!view) return;
    mount();
    const shown = () => !view.hidden && view.classList.contains("active");
    new MutationObserver(() => { if (shown()) refresh(); })
      .observe(view, { attributes: true, attributeFilter: ["hidden", "class"] });
    if (shown()) refresh();
  });
  window.BangwoWallet = { refresh };
})();
