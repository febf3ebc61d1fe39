// 帮我 operations dashboard: figures from /api/dashboard (admin token), charts with the vendored Chart.js.
"use strict";
const $ = (s) => document.querySelector(s);
const KEY = "bangwo.admin";
const DOMAIN = { takeout: "外卖", grocery: "超市", movie: "电影", flight: "机票", train: "火车票", hotel: "酒店",
  attraction: "景点", taxi: "打车", recharge: "话费充值", shopping: "购物", account: "账户与钱包", unknown: "未识别" };
const REASON = { no_offer: "没有合适的方案", refused: "拒绝执行（不安全的输入）", not_understood: "没听懂",
  "error:balance": "余额不足", "error:insufficient_balance": "余额不足", "error:not_refundable": "不可退款",
  "error:payment_declined": "银行卡扣款失败", "error:payment_error": "支付出错", "error:out_of_stock": "库存不足",
  "error:seat_taken": "座位已被占", "error:hold_expired": "锁定已过期", "error:conflict": "状态冲突",
  "error:card_error": "免单卡不可用", "error:unavailable": "服务暂不可用", "error:supplier_refused": "商家拒单",
  "error:confirmation_mismatch": "确认金额不符", "error:invalid_request": "请求有误", "error:not_found": "没有找到" };
const yuan = (fen) => "¥" + (fen / 100).toFixed(2);
const charts = {};
let token = localStorage.getItem(KEY);

// fetch, but a server that is down or answers without JSON is said in Chinese (never the browser's English).
async function call(url, options) {
  let r;
  try { r = await fetch(url, options); }
  catch (e) { throw new Error("连不上服务器，可能正在重启或网络中断，请稍后重试"); }
  const data = await r.json().catch(() => ({ message: `服务器出了点问题（${r.status}），请稍后重试` }));
  return { r, d: data };
}

function chart(id, config) {
  if (charts[id]) charts[id].destroy();
  config.options = Object.assign({ responsive: true, maintainAspectRatio: false, animation: false,
    plugins: { legend: { display: config.data.datasets.length > 1 } } }, config.options || {});
  charts[id] = new Chart(document.getElementById(id), config);
}

function rows(table, list) {
  const body = document.querySelector(`[data-testid="${table}"] tbody`);
  body.replaceChildren(...list.map((cells) => {
    const tr = document.createElement("tr");
    for (const c of cells) {
      const td = document.createElement("td");
      td.textContent = c === null || c === undefined ? "-" : String(c);
      if (typeof c === "number") td.className = "n";
      tr.append(td);
    }
    return tr;
  }));
}

async function load() {
  const { r, d } = await call(`/api/dashboard?days=${$("#days").value}`, { headers: { Authorization: "Bearer " + token } });
  if (r.status === 401 || r.status === 403) { showLogin(d.message); return; }
  if (!r.ok) throw new Error(d.message);
  $("#login").hidden = true; $("#board").hidden = false; $("#logout").hidden = false; boardError("");
  $("#now").textContent = `截至 ${d.now.slice(0, 16).replace("T", " ")}`;
  const f = d.funnel;
  for (const k of ["requests", "understood", "offered", "confirmed", "paid"]) $(`#k-${k}`).textContent = f[k];
  const gmv = d.by_domain.reduce((s, x) => s + x.gmv_fen, 0);
  $("#k-gmv").textContent = yuan(gmv);
  chart("c-hour", { type: "bar", data: { labels: d.requests_per_hour.map((x) => x.hour.slice(6)),
    datasets: [{ label: "请求", data: d.requests_per_hour.map((x) => x.count), backgroundColor: "#e8590c" }] } });
  chart("c-day", { type: "line", data: { labels: d.requests_per_day.map((x) => x.day.slice(5)),
    datasets: [{ label: "请求", data: d.requests_per_day.map((x) => x.count), borderColor: "#1c7ed6" }] } });
  chart("c-funnel", { type: "bar", options: { indexAxis: "y" }, data: { labels: ["请求", "理解", "方案", "下单", "支付"],
    datasets: [{ label: "数量", data: [f.requests, f.understood, f.offered, f.confirmed, f.paid],
      backgroundColor: ["#ffa94d", "#ff922b", "#fd7e14", "#f76707", "#d9480f"] }] } });
  const names = d.by_domain.map((x) => DOMAIN[x.domain] || x.domain);
  chart("c-domain", { type: "bar", data: { labels: names, datasets: [
    { label: "支付订单", data: d.by_domain.map((x) => x.paid_orders), backgroundColor: "#2b8a3e", yAxisID: "y" },
    { label: "GMV（元）", data: d.by_domain.map((x) => x.gmv_fen / 100), backgroundColor: "#1c7ed6", yAxisID: "y1" }] },
    options: { scales: { y: { position: "left" }, y1: { position: "right", grid: { drawOnChartArea: false } } } } });
  const reasons = [...new Set(d.failures.map((x) => x.reason))];
  const failDomains = [...new Set(d.failures.map((x) => x.domain))];
  const palette = ["#c92a2a", "#e67700", "#5f3dc4", "#0b7285", "#495057", "#a61e4d"];
  chart("c-fail", { type: "bar", options: { scales: { x: { stacked: true }, y: { stacked: true } } }, data: {
    labels: failDomains.map((x) => DOMAIN[x] || x), datasets: reasons.map((why, i) => ({ label: REASON[why] || why,
      backgroundColor: palette[i % palette.length],
      data: failDomains.map((dom) => (d.failures.find((x) => x.domain === dom && x.reason === why) || {}).count || 0) })) } });
  chart("c-latency", { type: "bar", data: { labels: d.latency.map((x) => x.route), datasets: [
    { label: "p99 ms", data: d.latency.map((x) => x.p99_ms), backgroundColor: "#862e9c" }] } });
  rows("t-domain", d.by_domain.map((x) => [DOMAIN[x.domain] || x.domain, x.orders, x.paid_orders, yuan(x.gmv_fen),
    yuan(x.paid_fen), yuan(x.discount_fen), yuan(x.refunded_fen)]));
  rows("t-fail", d.failures.map((x) => [DOMAIN[x.domain] || x.domain, REASON[x.reason] || x.reason, x.count]));
  const c = d.cards;
  $("#cards-summary").textContent = `活动 ${c.campaign}：已发 ${c.issued} 张，已使用 ${c.used} 张` +
    (c.total_stock === null ? "，总量不限" : `，总库存 ${c.total_stock}，剩余 ${c.total_left}`) +
    "；来源：" + Object.entries(c.by_source).map(([k, v]) => `${{ first_use: "首单赠送", invite: "邀请奖励", claim: "领取" }[k] || k} ${v}`).join("，");
  rows("t-windows", c.windows.map((w) => [w.window, w.span, w.issued, w.stock, w.left]));
  rows("t-latency", d.latency.map((x) => [x.route, x.count, x.p50_ms, x.p99_ms]));
  $("#definitions").replaceChildren(...Object.entries(d.definitions).flatMap(([k, v]) => {
    const dt = document.createElement("dt"); dt.textContent = k;
    const dd = document.createElement("dd"); dd.textContent = v;
    return [dt, dd];
  }));
  document.body.dataset.loaded = "true";
}

// A refresh that failed says so above the figures (which stay as they were), in Chinese.
function boardError(message) {
  $("#board-error").textContent = message ? `${message}（显示的是上次的数据）` : "";
  $("#board-error").hidden = !message;
}

function showLogin(message) {
  token = null; localStorage.removeItem(KEY);
  $("#login").hidden = false; $("#board").hidden = true; $("#logout").hidden = true;
  $("#login-error").textContent = message || "";
}

document.addEventListener("DOMContentLoaded", () => {
  $("#login").addEventListener("submit", async (e) => {
    e.preventDefault();
    let r, t;
    try {
      ({ r, d: t } = await call("/api/auth/token", { method: "POST", headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ user_id: $("#admin-id").value.trim(), password: $("#admin-password").value }) }));
    } catch (err) { $("#login-error").textContent = err.message; return; }
    if (!r.ok) { $("#login-error").textContent = t.message; return; }
    token = t.access_token; localStorage.setItem(KEY, token);
    await load();
  });
  $("#days").addEventListener("change", () => load().catch((e) => boardError(e.message)));
  $("#logout").addEventListener("click", () => showLogin());
  if (token) load().catch((e) => showLogin(e.message)); else showLogin();
  setInterval(() => { if (token) load().catch((e) => boardError(e.message)); }, 30000);
});
