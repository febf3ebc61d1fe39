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
let token = localStorage.getItem(TOKEN_KEY);
let busy = false, awaiting = null, pollTimer = null;

class Problem extends Error {
  constructor(status, body) { super(body.message || "出了点问题"); this.status = status; this.body = body; }
}

async function api(path, { method = "GET", body } = {}) {
  const headers = { Accept: "application/json" };
  if (token) headers.Authorization = "Bearer " + token;
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const r = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const data = await r.json().catch(() => ({ message: "服务暂时不可用" }));
  if (r.status === 401) showLogin();
  if (!r.ok) throw new Problem(r.status, data);
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

async function showLogin() {
  token = null; localStorage.removeItem(TOKEN_KEY);
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
  $("#login").hidden = true; $("#app").hidden = false; $("#logout").hidden = false;
  const invite = new URLSearchParams(location.search).get("invite");
  if (invite) $("#accept-code").value = invite;
  await loadHistory();
}

function addMessage(who, text) {
  const bubble = el("div", { class: "bubble" }, text);
  const item = el("li", { class: `msg ${who}`, "data-testid": `msg-${who}` }, bubble);
  $("#messages").append(item);
  item.scrollIntoView({ block: "end" });
  return item;
}

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
  if (card.spec) meta.push(card.spec);
  if (card.why) meta.push(card.why);
  // The button names exactly what pressing it charges, or that it charges nothing yet; it sends the consent
  // token of this card, so a changed plan pays nothing. A leg shown with its plan card has no button of its own.
  const actions = card.in_plan ? []
    : confirm
    ? [el("button", { type: "button", class: "primary", "data-testid": "confirm",
        "data-pay": card.pays ? card.total_pay_fen : 0,
        onclick: () => send("确认", card.pays ? card.consent : undefined) },
        card.pays ? `确认支付 ${yuan(card.total_pay_fen)}` : "确认这一项（最后一起支付）"),
       el("button", { type: "button", "data-testid": "decline", onclick: () => send("不要了") }, "不要了")]
    : [el("button", { type: "button", class: "select", "data-testid": "select",
        onclick: () => send(`第${card.ref}个`) }, "选这个"),
       el("button", { type: "button", class: "one-tap", "data-testid": "one-tap",
        onclick: () => oneTap(card) }, `一键下单 实付${yuan(card.pay_fen)}`)];
  const testid = plan ? "plan-card" : card.in_plan ? "leg-card" : confirm ? "confirm-card" : "offer-card";
  return el("div", { class: "offer" + (confirm ? " confirm" : ""), "data-testid": testid, "data-ref": card.ref },
    el("h3", {}, `${confirm ? "" : card.ref + ". "}${card.title}`),
    card.merchant ? el("div", { class: "merchant" }, card.merchant) : null,
    el("div", { class: "policy", "data-testid": "policy" }, "退改：" + (card.policy || "见商家规则")),
    el("table", {}, rows),
    meta.length ? el("div", { class: "meta" }, meta.join(" · ")) : null,
    actions.length ? el("div", { class: "actions" }, actions) : null);
}

function orderChip(order) {
  return el("div", { class: "order-chip", "data-testid": "order-chip", "data-order": order.id },
    `${DOMAIN[order.domain] || ""}订单 ${order.title}：${STATUS[order.status] || order.status}，实付${yuan(order.paid_fen)}`,
    order.refunded_fen ? `，已退${yuan(order.refunded_fen)}` : "", " ",
    el("button", { type: "button", class: "link", onclick: () => { showView("orders"); openOrder(order.id); } }, "查看"));
}

function renderTurn(item, turn) {
  item.querySelector(".bubble").textContent = turn.reply;
  item.querySelectorAll(".offer,.order-chip").forEach((n) => n.remove());
  for (const card of turn.cards) item.append(offerCard(card));
  for (const order of turn.orders) item.append(orderChip(order));
  awaiting = turn.awaiting;
  item.scrollIntoView({ block: "end" });
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

async function send(text, consent) {
  text = text.trim();
  if (!text || busy) return null;
  busy = true; document.body.classList.add("busy");
  addMessage("user", text);
  const item = addMessage("bot", "…");
  item.setAttribute("aria-busy", "true");
  let turn = null;
  try {
    const r = await fetch("/api/chat/stream", { method: "POST",
      headers: { "Content-Type": "application/json", Authorization: "Bearer " + token },
      body: JSON.stringify(consent ? { text, conversation_id: CONVERSATION, consent }
                                   : { text, conversation_id: CONVERSATION }) });
    if (!r.ok) throw new Problem(r.status, await r.json().catch(() => ({})));
    let shown = "";
    for await (const ev of events(r)) {
      if (ev.name === "status") item.querySelector(".bubble").textContent = ev.data.message;
      else if (ev.name === "reply") { shown += ev.data.text; item.querySelector(".bubble").textContent = shown; }
      else if (ev.name === "card") item.append(offerCard(ev.data));
      else if (ev.name === "order") item.append(orderChip(ev.data));
      else if (ev.name === "error") throw new Problem(ev.data.status, ev.data);
      else if (ev.name === "done") { turn = ev.data; renderTurn(item, turn); }
    }
  } catch (e) {
    item.querySelector(".bubble").textContent = e.message || "网络不太好，请再试一次";
    if (e.status === 401) showLogin();
  } finally {
    item.removeAttribute("aria-busy");
    busy = false; document.body.classList.remove("busy");
  }
  return turn;
}

// 关怀模式 one tap: pick the offer; a step that pays nothing is confirmed; money moves only when the total
// the confirmation would charge is exactly the amount on the button that was tapped.
async function oneTap(card) {
  const picked = await send(`第${card.ref}个`);
  const confirm = picked && picked.awaiting === "confirm" &&
    (picked.cards.find((c) => c.kind === "plan") || picked.cards.find((c) => c.kind === "confirm"));
  if (!confirm) return;
  if (!confirm.pays) await send("确认");
  else if (confirm.total_pay_fen === card.pay_fen) await send("确认", confirm.consent);
  else toast(`合计需付${yuan(confirm.total_pay_fen)}（与刚才显示的不同），请看清后再点确认支付`);
}

async function loadHistory() {
  $("#messages").replaceChildren();
  const turns = await api(`/api/chat/history?conversation_id=${CONVERSATION}&limit=30`);
  for (const t of turns) { addMessage("user", t.text); renderTurn(addMessage("bot", ""), t.turn); }
  if (!turns.length) addMessage("bot", "你好，我是帮我。一句话告诉我要办什么，比如“帮我点一杯少糖少冰的珍珠奶茶”。");
}

// ---- orders --------------------------------------------------------------------------------------
async function loadOrders() {
  const list = await api("/api/orders?limit=50");
  $("#orders").replaceChildren(...list.map((o) => el("li", { "data-order": o.id, "data-testid": "order-row",
      onclick: () => openOrder(o.id) },
    el("span", {}, `${DOMAIN[o.domain] || ""} · ${o.title}`),
    el("span", { class: `status ${o.status}` }, o.phase_zh && o.status === "fulfilling" ? o.phase_zh : o.status_zh))));
  if (!list.length) $("#orders").append(el("li", {}, "还没有订单"));
}

function detailOf(o) {
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
  document.querySelectorAll(".tabs button").forEach((b) => b.classList.toggle("active", b.dataset.view === name));
  document.querySelectorAll(".view").forEach((v) => v.classList.toggle("active", v.id === "view-" + name));
  if (name !== "orders") clearInterval(pollTimer);
  const load = { orders: loadOrders, wallet: loadWallet, invite: loadInvite }[name];
  if (load) load().catch((e) => toast(e.message));
}

function setCare(on) {
  document.body.classList.toggle("care", on);
  $("#care").setAttribute("aria-pressed", String(on));
  localStorage.setItem(CARE_KEY, on ? "1" : "0");
}

document.addEventListener("DOMContentLoaded", () => {
  setCare(localStorage.getItem(CARE_KEY) === "1");
  $("#care").addEventListener("click", () => setCare(!document.body.classList.contains("care")));
  $("#logout").addEventListener("click", showLogin);
  document.querySelectorAll(".accounts button").forEach((b) => b.addEventListener("click", () => login(b.dataset.user)));
  $("#login-form").addEventListener("submit", (e) => { e.preventDefault(); login($("#login-id").value.trim()); });
  $("#phone-form").addEventListener("submit", sendCode);
  $("#code-form").addEventListener("submit", signInWithCode);
  document.querySelectorAll(".tabs button").forEach((b) => b.addEventListener("click", () => showView(b.dataset.view)));
  $("#composer").addEventListener("submit", (e) => {
    e.preventDefault(); const box = $("#text"); const text = box.value; box.value = ""; send(text);
  });
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
  if (token) start().catch(showLogin); else showLogin();
});
