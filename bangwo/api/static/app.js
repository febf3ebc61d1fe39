// 帮我 web chat: plain JS, no CDN. Talks to /api with a bearer token kept in localStorage.
"use strict";
const $ = (sel) => document.querySelector(sel);
const el = (tag, attrs = {}, ...children) => {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "class") node.className = v;
    else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else if (v !== null && v !== undefined && v !== false) node.setAttribute(k, v);
  }
  for (const c of children.flat()) if (c !== null && c !== undefined) node.append(c);
  return node;
};
const yuan = (fen) => "¥" + (fen / 100).toFixed(2);
const STATUS = { held: "待支付", paid: "已支付", fulfilling: "履约中", delivered: "已送达", issued: "已出票",
  completed: "已完成", cancelled: "已取消", refunded: "已退款", failed: "失败" };
const DOMAIN = { takeout: "外卖", grocery: "超市", movie: "电影", flight: "机票", train: "火车票", hotel: "酒店",
  attraction: "景点", taxi: "打车", recharge: "充值", shopping: "购物" };
const TOKEN_KEY = "bangwo.token", CARE_KEY = "bangwo.care", CONVERSATION = "web";
// A turn still running after SLOW_MS says 「仍在处理…」 with the seconds waited; after GIVE_UP_MS the page stops
// waiting and offers 重试. Other calls give up after API_TIMEOUT_MS.
const SLOW_MS = 6000, GIVE_UP_MS = 45000, API_TIMEOUT_MS = 20000;
const EXPIRED = "登录已过期，请重新登录";
const UNREACHABLE = "连不上服务器，可能正在重启或网络中断。";
let token = localStorage.getItem(TOKEN_KEY);
let busy = false, awaiting = null, pollTimer = null;

class Problem extends Error {
  constructor(status, body) { super(body.message || "出了点问题"); this.status = status; this.body = body; }
}

// The server's own Chinese message, or one that says what happened: never the browser's English.
function problemOf(r, data) {
  if (data && data.message) return new Problem(r.status, data);
  const message = r.status >= 500 ? `服务器出了点问题（${r.status}），请稍后重试` : `请求没有成功（${r.status}），请稍后重试`;
  return new Problem(r.status, { error: "http", message });
}

function offline(on, text) {
  const bar = $("#offline");
  if (!bar) return;
  bar.textContent = on ? (text || UNREACHABLE) + "恢复后点“重试”即可。" : "";
  bar.hidden = !on;
}

async function api(path, { method = "GET", body, timeoutMs = API_TIMEOUT_MS } = {}) {
  const headers = { Accept: "application/json" };
  if (token) headers.Authorization = "Bearer " + token;
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const stop = new AbortController();
  const timer = setTimeout(() => stop.abort(), timeoutMs);
  let r;
  try {
    r = await fetch(path, { method, headers, signal: stop.signal,
      body: body === undefined ? undefined : JSON.stringify(body) });
  } catch (e) {
    const timedOut = stop.signal.aborted;
    offline(!timedOut);
    throw new Problem(0, { error: timedOut ? "timeout" : "network",
      message: timedOut ? "服务器长时间没有回应，请稍后重试" : UNREACHABLE });
  } finally { clearTimeout(timer); }
  offline(false);
  const data = await r.json().catch(() => null);
  if (r.status === 401 && token) showLogin(EXPIRED);
  if (!r.ok) throw problemOf(r, data);
  return data;
}

function toast(text) {
  const t = $("#toast");
  t.textContent = text; t.hidden = false;
  clearTimeout(toast.timer); toast.timer = setTimeout(() => { t.hidden = true; }, 3500);
}

// ---- sign-in: phone -> code -> in (sign-up on first use); the demo users only while demo login is on ----
const INVITE_KEY = "bangwo.invite";

function inviteCode() {
  const fromLink = new URLSearchParams(location.search).get("invite");
  if (fromLink) sessionStorage.setItem(INVITE_KEY, fromLink);
  return fromLink || sessionStorage.getItem(INVITE_KEY);
}

// The sign-in screen, saying why when a session ended by itself (an expired or no longer valid login).
async function showLogin(reason) {
  token = null; localStorage.removeItem(TOKEN_KEY);
  $("#unreachable").hidden = true; $(".tabs").hidden = true; offline(false);
  const why = $("#login-reason");
  why.textContent = typeof reason === "string" ? reason : ""; why.hidden = !why.textContent;
  $("#login").hidden = false; $("#app").hidden = true; $("#logout").hidden = true; $("#who").textContent = "";
  $("#invite-note").hidden = !inviteCode();
  const options = await api("/api/auth/options").catch(() => ({ demo_login: false }));
  $("#demo-login").hidden = !options.demo_login;
}

function signedIn(t) {
  token = t.access_token; localStorage.setItem(TOKEN_KEY, token);
  return start();
}

async function login(userId) {
  $("#login-error").textContent = "";
  try {
    await signedIn(await api("/api/auth/token", { method: "POST", body: { user_id: userId } }));
  } catch (e) { $("#login-error").textContent = e.message; }
}

async function sendCode(event) {
  event.preventDefault();
  $("#login-error").textContent = "";
  try {
    const r = await api("/api/auth/codes", { method: "POST", body: { phone: $("#phone").value.trim() } });
    $("#code-form").hidden = false; $("#code").focus();
    $("#code-hint").textContent = `验证码已发送，${Math.round(r.expires_in_s / 60)} 分钟内有效。`;
  } catch (e) { $("#login-error").textContent = e.message; }
}

async function signInWithCode(event) {
  event.preventDefault();
  $("#login-error").textContent = "";
  const body = { phone: $("#phone").value.trim(), code: $("#code").value.trim(), home_city: $("#city").value.trim() };
  const invite = inviteCode();
  if (invite) body.invite = invite;
  try {
    const t = await api("/api/auth/phone", { method: "POST", body });
    sessionStorage.removeItem(INVITE_KEY);
    if (t.created) toast(t.cards_granted ? `注册成功，送你 ${t.cards_granted} 张免单卡` : "注册成功");
    $("#code").value = ""; $("#code-form").hidden = true; $("#code-hint").textContent = "";
    await signedIn(t);
  } catch (e) { $("#login-error").textContent = e.message; }
}

async function start() {
  const me = await api("/api/auth/me");
  $("#who").textContent = `${me.name || me.user_id}`;
  $("#login").hidden = true; $("#unreachable").hidden = true; $("#app").hidden = false; $("#logout").hidden = false;
  $(".tabs").hidden = false; $("#login-reason").hidden = true;
  const invite = new URLSearchParams(location.search).get("invite");
  if (invite) $("#accept-code").value = invite;
  await loadHistory();
}

// Opening the page with a kept login: signed in, sent back to sign-in with the reason, or told the server is
// unreachable (the login is kept; 重试 tries again).
async function resume() {
  if (!token) return showLogin();
  try { await start(); }
  catch (e) {
    if (e.status === 401) return;                      // api() has shown the sign-in screen and why
    if (e.status === 0 || e.status >= 500) {
      $("#login").hidden = true; $("#app").hidden = true;
      $("#unreachable-text").textContent = `${e.message}你的登录和对话都还在。`;
      $("#unreachable").hidden = false; $("#unreachable-retry").focus();
      return;
    }
    showLogin(e.message);
  }
}

function addMessage(who, text) {
  const bubble = el("div", { class: "bubble" }, text);
  const item = el("li", { class: `msg ${who}`, "data-testid": `msg-${who}` }, bubble);
  $("#messages").append(item);
  item.scrollIntoView({ block: "nearest" });
  return item;
}

// ---- the composer: one turn at a time, nothing typed is lost, the length limit said before sending -------
const chars = (text) => [...text.trim().replace(/\s+/g, " ")].length;   // as the server counts (code points)
const maxChars = () => Number($("#composer").dataset.maxChars || 500);

function note(text) {
  const n = $("#composer-note");
  n.textContent = text || ""; n.hidden = !text;
}

function lengthNote() {
  const n = chars($("#text").value), max = maxChars();
  $("#composer").classList.toggle("too-long", n > max);
  if (n > max) note(`已输入 ${n} 字，超过 ${max} 字的上限 ${n - max} 字：请删减，或分成几句分别发送。`);
  else if (n > max * 0.9) note(`已输入 ${n} / ${max} 字`);
  else if ($("#composer-note").dataset.kind !== "keep") note("");
}

// What a card is, for the names of its buttons: 「选第2个：一点甜·珍珠奶茶(中杯) ¥16.00」.
const cardName = (card) => card.title || card.merchant || "";

function offerCard(card) {
  const plan = card.kind === "plan";
  const confirm = card.kind === "confirm" || plan;
  const rows = [];
  if (plan) {
    // one 确认 pays every leg: the legs, then the total the button charges
    for (const leg of card.legs) rows.push(el("tr", { class: "leg" }, el("td", {}, leg.title),
      el("td", {}, yuan(leg.pay_fen))));
    if (card.discount_fen) rows.push(el("tr", { class: "discount" }, el("td", {}, "以上已含免单卡抵扣"),
      el("td", {}, yuan(card.discount_fen))));
    rows.push(el("tr", { class: "pay total" }, el("td", {}, `${card.legs.length}项共实付`),
      el("td", { "data-testid": "total" }, yuan(card.total_pay_fen))));
  } else {
    rows.push(el("tr", {}, el("td", {}, "价格"), el("td", {}, yuan(card.price_fen))));
    if (card.fees_fen) rows.push(el("tr", {}, el("td", {}, "配送/服务费"), el("td", {}, yuan(card.fees_fen))));
    if (card.discount_fen) rows.push(el("tr", { class: "discount" }, el("td", {}, card.coupon || "优惠"),
      el("td", {}, "-" + yuan(card.discount_fen))));
    rows.push(el("tr", { class: "pay" }, el("td", {}, card.in_plan ? "本项实付" : "实付"),
      el("td", { "data-testid": "pay" }, yuan(card.pay_fen))));
  }
  const meta = [];
  if (card.eta_minutes && !(card.why || "").includes("分钟送达")) meta.push(`约${card.eta_minutes}分钟送达`);
  if (card.seats && card.seats.length) meta.push("座位 " + card.seats.join("、"));
  if (card.where) meta.push(card.where);
  if (card.spec && !(card.seats && card.seats.length)) meta.push(card.spec);   // seats are listed once
  if (card.why) meta.push(card.why);
  // The button names exactly what pressing it charges, or that it charges nothing yet; it sends the consent
  // token of this card, so a changed plan pays nothing. A leg shown with its plan card has no button of its own.
  const actions = card.in_plan ? []
    : confirm
    ? [el("button", { type: "button", class: "primary", "data-testid": "confirm",
        "data-pay": card.pays ? card.total_pay_fen : 0,
        "aria-label": card.pays ? `确认支付 ${yuan(card.total_pay_fen)}：${cardName(card)}`
          : `确认这一项（最后一起支付）：${cardName(card)}`,
        onclick: () => confirmCard(card) },
        card.pays ? `确认支付 ${yuan(card.total_pay_fen)}` : "确认这一项（最后一起支付）"),
       el("button", { type: "button", "data-testid": "decline", "aria-label": `不要了：${cardName(card)}`,
        onclick: () => send("不要了") }, "不要了")]
    : [el("button", { type: "button", class: "select", "data-testid": "select",
        "aria-label": `选第${card.ref}个：${cardName(card)} ${yuan(card.pay_fen)}`,
        onclick: () => send(`第${card.ref}个`) }, `选第${card.ref}个`),
       el("button", { type: "button", class: "one-tap", "data-testid": "one-tap",
        "aria-label": `一键下单 实付${yuan(card.pay_fen)}：第${card.ref}个 ${cardName(card)}`,
        onclick: () => oneTap(card) }, `一键下单 实付${yuan(card.pay_fen)}`)];
  const testid = plan ? "plan-card" : card.in_plan ? "leg-card" : confirm ? "confirm-card" : "offer-card";
  const decorate = window.decorateCard || ((node) => node);   // seats.js: the seat map, train seat classes
  return decorate(el("div", { class: "offer" + (confirm ? " confirm" : ""), "data-testid": testid, "data-ref": card.ref,
      "data-order": card.order_id, "data-plan": card.plan_id },
    el("h3", {}, `${confirm ? "" : card.ref + ". "}${card.title}`),
    card.merchant ? el("div", { class: "merchant" }, card.merchant) : null,
    el("div", { class: "policy", "data-testid": "policy" }, "退改：" + (card.policy || "见商家规则")),
    el("table", {}, rows),
    meta.length ? el("div", { class: "meta" }, meta.join(" · ")) : null,
    actions.length ? el("div", { class: "actions" }, actions) : null), card);
}

function orderChip(order) {
  return el("div", { class: "order-chip", "data-testid": "order-chip", "data-order": order.id },
    `${DOMAIN[order.domain] || ""}订单 ${order.title}：${chipStatus(order)}，实付${yuan(order.paid_fen)}`,
    order.refunded_fen ? `，已退${yuan(order.refunded_fen)}` : "", " ",
    el("button", { type: "button", class: "link", "aria-label": `查看订单：${order.title}`,
      onclick: () => { showView("orders"); openOrder(order.id); } }, "查看"));
}

function renderTurn(item, turn, { live = true } = {}) {
  item.querySelector(".bubble").textContent = turn.reply;
  item.querySelectorAll(".offer,.order-chip").forEach((n) => n.remove());
  for (const card of turn.cards) item.append(offerCard(card));
  for (const order of turn.orders) item.append(orderChip(order));
  awaiting = turn.awaiting;
  retireOlderCards(item, turn);
  if (live) bringIntoSight(item);
  else item.scrollIntoView({ block: "nearest" });
}

const PAID_STATES = ["paid", "fulfilling", "delivered", "issued", "completed"];

// Once a turn brings new cards or orders, or leaves the choice, the buttons of older cards would act on a list
// that is no longer the one on the server: they are switched off, and a card that was paid says so.
function retireOlderCards(item, turn) {
  const stillChoosing = !turn.cards.length && !turn.orders.length && ["select", "confirm"].includes(turn.awaiting);
  if (stillChoosing) return;
  const paidOrders = new Set(turn.orders.filter((o) => PAID_STATES.includes(o.status)).map((o) => o.id));
  for (const msg of document.querySelectorAll("#messages .msg.bot")) {
    if (msg === item) break;
    for (const card of msg.querySelectorAll(".offer")) {
      const buttons = card.querySelectorAll(".actions button");
      if (!buttons.length || card.classList.contains("retired")) continue;
      card.classList.add("retired");
      buttons.forEach((b) => { b.disabled = true; });
      const pay = card.querySelector("[data-testid=confirm]");
      const paid = pay && (paidOrders.has(card.dataset.order) || (card.dataset.plan !== undefined && paidOrders.size > 0));
      if (paid) { pay.textContent = "已支付 ✓"; pay.removeAttribute("aria-label"); card.classList.add("paid"); }
    }
  }
}

// The newest actionable card in sight, clear of the sticky header and the composer, with focus on its button
// (keyboard and screen-reader users land on what to do next); otherwise the reply itself.
function bringIntoSight(item) {
  const usable = (selector) => [...item.querySelectorAll(selector)].find((b) => b.offsetParent !== null);
  const action = usable(".offer.confirm .actions button.primary:not([disabled])") ||
    usable(".offer .actions button:not([disabled])");     // in 关怀模式 the one-tap button, else 选第1个
  if (!action) { item.scrollIntoView({ block: "nearest" }); return; }
  item.scrollIntoView({ block: "start" });
  action.closest(".offer").scrollIntoView({ block: "nearest" });
  action.focus({ preventScroll: true });
}

async function* events(response) {
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += decoder.decode(value, { stream: true });
    let cut;
    while ((cut = buffer.indexOf("\n\n")) >= 0) {
      const raw = buffer.slice(0, cut); buffer = buffer.slice(cut + 2);
      const name = (raw.match(/^event: (.*)$/m) || [])[1];
      const data = (raw.match(/^data: (.*)$/m) || [])[1];
      if (name && data) yield { name, data: JSON.parse(data) };
    }
  }
}

// One turn. While it runs nothing else is sent: a second message stays in the box with a note, a card button
// says to wait. A failure is said in Chinese with a 重试 button, and typed text goes back into the box.
async function send(text, consent, { typed = false, messageId = null } = {}) {
  text = text.trim();
  // One id per message; a 重试 sends the same id, so the server answers a message that already ran with
  // the turn it got instead of running it twice.
  const id = messageId || (crypto.randomUUID ? crypto.randomUUID() : `m${Date.now()}${Math.random().toString(36).slice(2)}`);
  if (!text) return null;
  if (busy) {
    if (typed) note("上一句还在处理，收到回复后再发送这一句（已留在输入框里）。");
    else toast("上一步还在处理，请等回复后再点。");
    return null;
  }
  const n = chars(text), max = maxChars();
  if (n > max) {
    note(`这句话有 ${n} 个字，超过了 ${max} 字的上限，没有发送。请删减，或分成几句分别发送。`);
    return null;
  }
  if (typed) { $("#text").value = ""; lengthNote(); }
  note("");
  busy = true; document.body.classList.add("busy");
  addMessage("user", text);
  const item = addMessage("bot", "…");
  const bubble = item.querySelector(".bubble");
  item.setAttribute("aria-busy", "true");
  const stop = new AbortController();
  const started = Date.now();
  let shown = "", answered = false, turn = null;
  const clock = setInterval(() => {
    const waited = Date.now() - started;
    if (waited >= GIVE_UP_MS) { stop.abort(); return; }
    if (waited >= SLOW_MS && !shown) {
      bubble.textContent = `仍在处理…已等待 ${Math.floor(waited / 1000)} 秒`;
      item.classList.add("slow");
    }
  }, 1000);
  try {
    let r;
    try {
      r = await fetch("/api/chat/stream", { method: "POST", signal: stop.signal,
        headers: { "Content-Type": "application/json", Authorization: "Bearer " + token },
        body: JSON.stringify(consent ? { text, conversation_id: CONVERSATION, consent, message_id: id }
                                     : { text, conversation_id: CONVERSATION, message_id: id }) });
    } catch (e) {
      throw new Problem(0, { error: stop.signal.aborted ? "timeout" : "network" });
    }
    offline(false);
    answered = true;
    if (!r.ok) throw problemOf(r, await r.json().catch(() => null));
    try {
      for await (const ev of events(r)) {
        if (ev.name === "status") { if (!item.classList.contains("slow")) bubble.textContent = ev.data.message; }
        else if (ev.name === "reply") { shown += ev.data.text; bubble.textContent = shown; }
        else if (ev.name === "card") item.append(offerCard(ev.data));
        else if (ev.name === "order") item.append(orderChip(ev.data));
        else if (ev.name === "error") throw new Problem(ev.data.status, ev.data);
        else if (ev.name === "done") { turn = ev.data; item.classList.remove("slow"); renderTurn(item, turn); }
      }
    } catch (e) {
      if (e instanceof Problem) throw e;
      throw new Problem(0, { error: stop.signal.aborted ? "timeout" : "cut" });
    }
    if (!turn) throw new Problem(0, { error: "cut" });
  } catch (e) {
    failed(item, text, consent, typed, e, answered, id);
  } finally {
    clearInterval(clock);
    item.removeAttribute("aria-busy");
    busy = false; document.body.classList.remove("busy");
  }
  return turn;
}

// What went wrong, in words a person can act on, with 重试 when trying again can help.
function failed(item, text, consent, typed, e, answered, id) {
  const kind = e.body && e.body.error;
  if (e.status === 401) { showLogin(EXPIRED); return; }
  let message, retry = true;
  if (kind === "network") {
    message = "连不上服务器，这句话没有发出去。可能正在重启或网络中断，稍后点“重试”。";
    offline(true);
  } else if (kind === "timeout") {
    message = `等了 ${Math.round(GIVE_UP_MS / 1000)} 秒还没有回应，已停止等待。这一步可能还没完成：可以点“重试”，涉及付款的先到“订单”里看看。`;
  } else if (kind === "cut") {
    message = "连接中断了，没有收到完整的回复。这一步可能已经完成：可以点“重试”，涉及付款的先到“订单”里看看。";
    offline(!answered);
  } else {
    message = e.message || "出了点问题，请稍后重试";
    retry = e.status === 0 || e.status === 429 || e.status >= 500;
  }
  item.classList.remove("slow");
  item.classList.add("failed");
  item.dataset.error = kind || String(e.status);
  item.querySelector(".bubble").textContent = message;
  if (typed && !$("#text").value) { $("#text").value = text; lengthNote(); }
  if (!retry) return;
  const again = el("button", { type: "button", class: "retry", "data-testid": "retry", "aria-label": `重试：${text}`,
    onclick: async () => {
      if (busy) { toast("上一步还在处理，请等回复后再点。"); return; }
      again.disabled = true;
      if (typed && $("#text").value.trim() === text) { $("#text").value = ""; lengthNote(); }
      const turn = await send(text, consent, { messageId: id });
      if (!turn) again.disabled = false;
    } }, "重试");
  item.append(el("div", { class: "actions" }, again));
  again.focus({ preventScroll: true });
  item.scrollIntoView({ block: "nearest" });
}

// A button that pays: in 关怀模式 a large second step shows the total before any money moves.
async function confirmCard(card) {
  if (card.pays && careOn() && !(await askToPay(card))) return;
  await send("确认", card.pays ? card.consent : undefined);
}

const careOn = () => document.body.classList.contains("care");

// The order's state as the orders list says it (the server's one label), next to what just happened to it.
function chipStatus(order) {
  const said = STATUS[order.status] || order.status;
  return order.status_zh && order.status_zh !== said ? `${said}（${order.status_zh}）` : said;
}

function askToPay(card) {
  const dialog = $("#pay-dialog");
  const items = card.kind === "plan" ? card.legs.map((leg) => [leg.title, leg.pay_fen])
    : [[cardName(card), card.pay_fen]];
  $("#pay-items").replaceChildren(...items.map(([title, fen]) =>
    el("li", {}, el("span", {}, title), el("span", {}, yuan(fen)))));
  $("#pay-total").textContent = yuan(card.total_pay_fen);
  $("#pay-yes").textContent = `确认支付 ${yuan(card.total_pay_fen)}`;
  $("#pay-from").textContent = card.domain === "account"      // a wallet top-up is charged to the bank card
    ? "从绑定的银行卡扣款，充入帮我钱包。" : "从帮我钱包付款；付款后可按退改规则退款。";
  return new Promise((resolve) => {
    const done = (yes) => {
      $("#pay-yes").onclick = null; $("#pay-no").onclick = null; dialog.oncancel = null;
      if (dialog.open) dialog.close();
      resolve(yes);
    };
    $("#pay-yes").onclick = () => done(true);
    $("#pay-no").onclick = () => done(false);
    dialog.oncancel = () => done(false);
    dialog.showModal();
    $("#pay-no").focus();
  });
}

// 关怀模式 one tap: pick the offer; a step that pays nothing is confirmed; money moves only when the total
// the confirmation would charge is exactly the amount on the button that was tapped.
async function oneTap(card) {
  const picked = await send(`第${card.ref}个`);
  const confirm = picked && picked.awaiting === "confirm" &&
    (picked.cards.find((c) => c.kind === "plan") || picked.cards.find((c) => c.kind === "confirm"));
  if (!confirm) return;
  if (!confirm.pays) await send("确认");
  else if (confirm.total_pay_fen === card.pay_fen) {
    if (await askToPay(confirm)) await send("确认", confirm.consent);
  } else toast(`合计需付${yuan(confirm.total_pay_fen)}（与刚才显示的不同），请看清后再点确认支付`);
}

async function loadHistory() {
  $("#messages").replaceChildren();
  const turns = await api(`/api/chat/history?conversation_id=${CONVERSATION}&limit=30`);
  for (const t of turns) { addMessage("user", t.text); renderTurn(addMessage("bot", ""), t.turn, { live: false }); }
  if (!turns.length) addMessage("bot", "你好，我是帮我。一句话告诉我要办什么，比如“帮我点一杯少糖少冰的珍珠奶茶”。");
}

// ---- orders --------------------------------------------------------------------------------------
async function loadOrders() {
  const list = await api("/api/orders?limit=50");
  // each row is a button: reachable by Tab, opened with Enter or Space, named by what it opens
  $("#orders").replaceChildren(...list.map((o) => {
    const status = o.phase_zh && o.status === "fulfilling" ? o.phase_zh : o.status_zh;
    return el("li", { "data-order": o.id },
      el("button", { type: "button", class: "order-row", "data-testid": "order-row", "data-order": o.id,
        onclick: () => openOrder(o.id) },
      el("span", {}, `${DOMAIN[o.domain] || ""} · ${o.title}`),
      el("span", { class: `status ${o.status}` }, status, el("span", { class: "sr-only" }, "，查看详情"))));
  }));
  if (!list.length) $("#orders").append(el("li", {}, "还没有订单"));
}

function detailOf(o) {
  if (window.BangwoTracking) return window.BangwoTracking.detail(o);   // stepper, countdown, schematic (tracking.js)
  const lines = [el("h3", {}, o.title), el("p", {}, `${o.merchant} · 订单号 ${o.id}`),
    el("p", { class: `status ${o.status}`, "data-testid": "order-status" },
      "状态：" + (o.status === "fulfilling" && o.phase_zh ? o.phase_zh : o.status_zh)),
    el("p", { class: "policy" }, "退改：" + o.policy),
    el("p", {}, `总价 ${yuan(o.total_fen)}，优惠 ${yuan(o.discount_fen)}，实付 ${yuan(o.paid_fen)}` +
      (o.refunded_fen ? `，已退 ${yuan(o.refunded_fen)}` : ""))];
  if (o.eta) lines.push(el("p", {}, "预计 " + o.eta.slice(11, 16)));
  if (o.courier) lines.push(el("p", {}, `骑手位置 ${o.courier.map((x) => x.toFixed(4)).join(", ")}`));
  if (o.details && o.details.tickets) lines.push(el("p", {}, "电子票号 " + o.details.tickets.join("、")));
  if (o.details && o.details.seats) lines.push(el("p", {}, "座位 " + [].concat(o.details.seats).map((s) => String(s).split("/").pop()).join("、")));
  const actions = el("div", { class: "actions" });
  if (o.status === "held") actions.append(el("button", { type: "button", "data-testid": "cancel",
    onclick: () => act(o.id, "cancel") }, "取消订单"));
  if (["paid", "fulfilling", "issued", "delivered"].includes(o.status)) actions.append(el("button", { type: "button",
    "data-testid": "refund", onclick: () => act(o.id, "refund") }, "申请退款"));
  lines.push(actions, el("ol", { class: "timeline" }, (o.timeline || []).map((e) =>
    el("li", {}, `${e.at.slice(5, 16).replace("T", " ")} ${STATUS[e.to] || e.to}（${e.reason}）`))));
  return lines;
}

async function openOrder(id) {
  clearInterval(pollTimer);
  const box = $("#order-detail");
  const refresh = async () => {
    try { box.replaceChildren(...detailOf(await api(`/api/orders/${encodeURIComponent(id)}`))); box.hidden = false; }
    catch (e) { box.replaceChildren(el("p", { class: "error" }, e.message)); clearInterval(pollTimer); }
  };
  await refresh();
  box.setAttribute("tabindex", "-1");
  box.focus({ preventScroll: true });
  box.scrollIntoView({ block: "nearest" });
  pollTimer = setInterval(refresh, 5000);   // live status while the detail is open
}

async function act(id, what) {
  if (what === "refund" && !confirm("确定按退改规则申请退款吗？")) return;
  try {
    const o = await api(`/api/orders/${encodeURIComponent(id)}/${what}`, { method: "POST", body: {} });
    toast(what === "refund" ? `已退款 ${yuan(o.refunded_fen)}，原路退回钱包` : "订单已取消");
    await Promise.all([openOrder(id), loadOrders()]);
  } catch (e) { toast(e.message); }
}

// ---- wallet and invites ----------------------------------------------------------------------------
async function loadWallet() {
  loadPlaces().catch((e) => { $("#place-result").textContent = e.message; });
  const w = await api("/api/cards");
  $("#balance").textContent = `钱包余额 ${yuan(w.wallet_fen)}，可用免单卡 ${w.cards_usable} 张`;
  const states = { usable: "可用", used: "已使用", expired: "已过期" };
  $("#cards").replaceChildren(...w.cards.map((c) => el("li", { "data-testid": "card-row", "data-state": c.state },
    el("span", {}, `免单卡 ${yuan(c.value_fen)} · 有效期至 ${c.expires_at.slice(0, 10)}`),
    el("span", { class: "status" }, states[c.state]))));
}

async function loadPlaces() {
  const book = await api("/api/places");
  $("#places").replaceChildren(...book.map((p) => el("li", { "data-testid": "place-row", "data-label": p.label },
    el("span", {}, `${p.label}：${p.text}`),
    el("button", { type: "button", class: "link", "aria-label": `删除常用地址“${p.label}”`,
      onclick: () => forgetPlace(p.label) }, "删除"))));
  if (!book.length) $("#places").append(el("li", {}, "还没有常用地址"));
}

async function savePlace(event) {
  event.preventDefault();
  const label = $("#place-label").value.trim(), text = $("#place-text").value.trim();
  try {
    const p = await api(`/api/places/${encodeURIComponent(label)}`, { method: "PUT", body: { text } });
    $("#place-result").textContent = `已保存“${p.label}”：${p.text}`;
    $("#place-form").reset();
  } catch (e) { $("#place-result").textContent = e.message; }
  await loadPlaces();
}

async function forgetPlace(label) {
  try { await api(`/api/places/${encodeURIComponent(label)}`, { method: "DELETE" }); }
  catch (e) { $("#place-result").textContent = e.message; }
  await loadPlaces();
}

async function claim() {
  try {
    const c = await api("/api/cards/claims", { method: "POST", body: { request_id: "web-" + Date.now() } });
    $("#claim-result").textContent = `领到 1 张 ${yuan(c.value_fen)} 免单卡`;
  } catch (e) { $("#claim-result").textContent = e.message; }
  await loadWallet();
}

async function loadInvite() {
  const i = await api("/api/invites");
  $("#invite-link").value = i.link;
  $("#invite-rule").textContent = `好友通过你的链接加入，你得 ${i.reward_per_invite} 张免单卡（每人最多 ${i.cap_per_user} 张）。已邀请 ${i.invited.length} 位。`;
  $("#invited").replaceChildren(...i.invited.map((x) => el("li", {}, `${x.invitee} · ${x.at.slice(0, 10)}`)));
}

// ---- wiring --------------------------------------------------------------------------------------
function showView(name) {
  document.querySelectorAll(".tabs [role=tab]").forEach((b) => {
    const on = b.dataset.view === name;
    b.classList.toggle("active", on);
    b.setAttribute("aria-selected", String(on));
    b.tabIndex = on ? 0 : -1;
  });
  document.querySelectorAll(".view").forEach((v) => {
    const on = v.id === "view-" + name;
    v.classList.toggle("active", on); v.hidden = !on;
  });
  if (name !== "orders") clearInterval(pollTimer);
  const load = { orders: loadOrders, wallet: loadWallet, invite: loadInvite }[name];
  if (load) load().catch((e) => viewFailed(name, e));
}

// A view that could not load says why in its own panel, with 重试.
function viewFailed(name, e) {
  const view = $("#view-" + name);
  if (!view || e.status === 401) return;
  view.querySelectorAll(".load-error").forEach((n) => n.remove());
  const box = el("div", { class: "load-error", role: "alert", "data-testid": "load-error" },
    el("span", {}, e.message || "加载失败"), " ",
    el("button", { type: "button", "data-testid": "retry", onclick: () => { box.remove(); showView(name); } }, "重试"));
  view.prepend(box);
}

// Tabs by keyboard: arrows move between them (WAI-ARIA tabs pattern), Home/End to the ends.
function tabKeys(event) {
  const tabs = [...document.querySelectorAll(".tabs [role=tab]")];
  const at = tabs.indexOf(event.target);
  const to = { ArrowRight: at + 1, ArrowLeft: at - 1, Home: 0, End: tabs.length - 1 }[event.key];
  if (at < 0 || to === undefined) return;
  event.preventDefault();
  const next = tabs[(to + tabs.length) % tabs.length];
  next.focus(); showView(next.dataset.view);
}

// The sticky header/tabs and the composer reserve their room: scrolling a card into view stops clear of both.
function reserveRoom() {
  const root = document.documentElement.style;
  const measure = () => {
    root.setProperty("--chrome-h", `${$("#chrome").offsetHeight}px`);
    const composer = $("#composer");
    root.setProperty("--composer-h", `${composer.offsetParent ? composer.offsetHeight : 0}px`);
  };
  measure();
  if (window.ResizeObserver) {
    const watch = new ResizeObserver(measure);
    watch.observe($("#chrome")); watch.observe($("#composer"));
  }
  window.addEventListener("resize", measure);
}

// Voice input where the browser offers speech recognition; typing always works and is the fallback.
function setupVoice() {
  const Recognition = window.SpeechRecognition || window.webkitSpeechRecognition;
  const button = $("#voice");
  if (!Recognition) { button.hidden = true; return; }
  button.hidden = false;
  let listening = null;
  const idle = () => { listening = null; button.setAttribute("aria-pressed", "false"); button.classList.remove("on"); };
  button.addEventListener("click", () => {
    if (listening) { listening.stop(); return; }
    let heard = "";
    try {
      listening = new Recognition();
      listening.lang = "zh-CN"; listening.interimResults = true; listening.continuous = false;
      listening.onresult = (e) => {
        heard = [...e.results].map((r) => r[0].transcript).join("");
        $("#text").value = heard; lengthNote();
      };
      listening.onerror = (e) => {
        note(e.error === "not-allowed" || e.error === "service-not-allowed"
          ? "没有麦克风权限，请直接打字。" : e.error === "no-speech" ? "没有听到声音，请再说一次，或直接打字。"
          : "语音识别暂时用不了，请直接打字。");
        $("#composer-note").dataset.kind = "keep";
      };
      listening.onend = () => {
        idle();
        if (heard) note("听到了，请看一下文字，没问题就点“发送”。");
        $("#text").focus();
      };
      listening.start();
      button.setAttribute("aria-pressed", "true"); button.classList.add("on");
      note("正在听，请说出要办的事…"); $("#composer-note").dataset.kind = "keep";
    } catch (err) {
      idle(); note("语音识别暂时用不了，请直接打字。"); $("#text").focus();
    }
  });
}

function setCare(on) {
  document.documentElement.classList.toggle("care", on);
  document.body.classList.toggle("care", on);
  $("#care").setAttribute("aria-pressed", String(on));
  localStorage.setItem(CARE_KEY, on ? "1" : "0");
}

document.addEventListener("DOMContentLoaded", () => {
  setCare(localStorage.getItem(CARE_KEY) === "1");
  $("#care").addEventListener("click", () => setCare(!document.body.classList.contains("care")));
  $("#logout").addEventListener("click", () => showLogin());
  $("#unreachable-retry").addEventListener("click", () => { $("#unreachable").hidden = true; resume(); });
  $(".tabs").addEventListener("keydown", tabKeys);
  reserveRoom();
  setupVoice();
  document.querySelectorAll(".accounts button").forEach((b) => b.addEventListener("click", () => login(b.dataset.user)));
  $("#login-form").addEventListener("submit", (e) => { e.preventDefault(); login($("#login-id").value.trim()); });
  $("#phone-form").addEventListener("submit", sendCode);
  $("#code-form").addEventListener("submit", signInWithCode);
  document.querySelectorAll(".tabs button").forEach((b) => b.addEventListener("click", () => showView(b.dataset.view)));
  $("#composer").addEventListener("submit", (e) => { e.preventDefault(); send($("#text").value, undefined, { typed: true }); });
  $("#text").addEventListener("input", () => { delete $("#composer-note").dataset.kind; lengthNote(); });
  document.querySelectorAll("#suggestions button").forEach((b) => b.addEventListener("click", () => send(b.textContent)));
  $("#claim").addEventListener("click", claim);
  $("#place-form").addEventListener("submit", savePlace);
  $("#copy").addEventListener("click", () => { $("#invite-link").select(); navigator.clipboard?.writeText($("#invite-link").value); toast("已复制邀请链接"); });
  $("#accept-form").addEventListener("submit", async (e) => {
    e.preventDefault();
    try {
      const r = await api("/api/invites/accept", { method: "POST", body: { code: $("#accept-code").value.trim() } });
      $("#invite-result").textContent = r.cards_granted_to_inviter ? "已接受邀请，好友获得了免单卡" : "已接受过邀请";
    } catch (err) { $("#invite-result").textContent = err.message; }
  });
  resume();
});
