// The mentorbot playground page: a small Slack in front of the simulator.
// State arrives over server-sent events (/api/events); everything a person
// does goes through the JSON API, which drives the simulator's user-side
// methods, so the bot sees what a real Slack would send.

import { renderMrkdwn, textOf, formatTime, longDate, dayDiff, zoneParts } from "./mrkdwn.js";
import { renderBlocks, requiredMissing } from "./blocks.js";

const $ = (id) => document.getElementById(id);

function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

const USAGE = {
  "/mentor": "help · pair @mentor @mentee · request @someone · meet @partner weekly thu 15:00 · next · agenda ITEM · skip · pairs · settings",
  "/goal": "add TEXT [by DATE] · list · progress N PERCENT · done N · share N",
  "/session": "log [@partner] NOTES todo: … · list · todos · done N",
};

const S = {
  me: "",
  im: "",
  bot: null,
  users: new Map(), // id -> user
  channels: [], // [{id, name}]
  commands: [],
  clock: { now: Date.now() },
  messages: new Map(), // key -> message
  local: new Map(), // id -> local entry
  modals: [],
  home: null,
  demo: "",
  info: "",
  conv: "", // the conversation on screen
  tab: "messages", // in the bot's DM: "messages" or "home"
  unread: new Map(), // conversation -> count
  badges: new Map(), // person -> count of new things for them
  modalLocal: new Map(), // view id -> {blockId: {actionId: value}}
  modalErrors: new Map(), // view id -> {blockId: message}
  modalGeneral: new Map(), // view id -> message
  modalVersion: 0,
  advancing: false,
  sending: false,
  switchTo: "", // the person last clicked, until the page is theirs
  history: [],
  historyPos: -1,
};

let es = null;
let renderQueued = false;
let renderedModalKey = "";
// What each person has seen: person -> conversation -> the highest Seq of a
// message that was on their screen. Messages before the page loaded count
// as seen (loadSeq, the server's newest message of anyone's then), so that
// only what arrived since is marked unread.
const seenSeq = new Map();
let loadSeq = -1;

// ---------- helpers ----------

function meUser() {
  return S.users.get(S.me) ?? { name: "you", tz: "UTC" };
}

function tz() {
  return meUser().tz || "UTC";
}

function ctx() {
  const users = new Map();
  for (const [id, u] of S.users) users.set(id, { name: u.name, realName: u.realName });
  const channels = new Map(S.channels.map((c) => [c.id, c.name]));
  return { users, channels, me: S.me, tz: tz(), now: S.clock.now };
}

function people() {
  return [...S.users.values()].filter((u) => !u.isBot);
}

function channelName(id) {
  return S.channels.find((c) => c.id === id)?.name ?? id.toLowerCase();
}

function colorFor(id) {
  let h = 0;
  for (const c of id ?? "") h = (h * 31 + c.charCodeAt(0)) >>> 0;
  const hues = [4, 28, 145, 196, 220, 262, 290, 330, 170, 48];
  return `hsl(${hues[h % hues.length]} 55% 42%)`;
}

function avatar(user, bot) {
  const a = el("div", "avatar" + (bot ? " avatar-bot" : ""));
  if (bot) {
    a.textContent = "m";
  } else if (user) {
    a.textContent = (user.realName || user.name || "?").slice(0, 1).toUpperCase();
    a.style.background = colorFor(user.id);
  } else {
    a.textContent = "▸";
    a.classList.add("avatar-note");
  }
  a.setAttribute("aria-hidden", "true");
  return a;
}

async function api(path, body) {
  try {
    const r = await fetch(path, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body ?? {}),
    });
    let data;
    try {
      data = await r.json();
    } catch {
      data = {};
    }
    if (!r.ok && !data.error) data.error = `HTTP ${r.status}`;
    return data;
  } catch {
    // No answer at all: the playground has stopped (or the network).
    probeDown();
    return { error: "The playground has stopped, so nothing was done. Run mentorbot playground again." };
  }
}

// ---------- when the playground stops ----------

let down = false;
let downTimer = 0;
let probing = false;

// probeDown asks the playground whether it is there; while it does not
// answer, a banner says so, and the page asks again every two seconds.
async function probeDown() {
  if (probing) return;
  probing = true;
  clearTimeout(downTimer);
  let up = false;
  try {
    const r = await fetch("/api/state?user=" + encodeURIComponent(S.me), { cache: "no-store" });
    up = r.ok;
  } catch {
    up = false;
  }
  probing = false;
  if (up) {
    if (down || !es) {
      setDown(false);
      connect(); // the playground is back, maybe as a new one: its state
    }
    return;
  }
  setDown(true);
  downTimer = setTimeout(probeDown, 2000);
}

function setDown(on) {
  down = on;
  $("down").hidden = !on;
  if (on) setStatus("stopped", "status-down");
}

function toast(text, kind = "error") {
  // While the playground is down, the banner says why nothing works.
  if (down && kind === "error") return;
  const t = el("div", "toast toast-" + kind, text);
  t.setAttribute("role", kind === "error" ? "alert" : "status");
  $("toasts").append(t);
  setTimeout(() => t.remove(), kind === "error" ? 9000 : 5000);
}

function setStatus(text, cls) {
  const s = $("status");
  s.textContent = text;
  s.className = "status " + (cls ?? "");
}

// ---------- state ----------

function applyState(st) {
  const switched = st.me !== S.me;
  const oldIM = S.im;
  const known = S.messages;
  S.me = st.me;
  S.im = st.im;
  S.bot = st.bot;
  S.users = new Map(st.users.map((u) => [u.id, u]));
  if (st.bot) S.users.set(st.bot.id, st.bot);
  S.channels = st.channels ?? [];
  S.commands = st.commands ?? [];
  if (newerClock(st.clock)) S.clock = st.clock;
  S.messages = new Map(st.messages.map((m) => [m.key, m]));
  S.local = new Map(st.local.map((l) => [l.id, l]));
  S.modals = st.modals ?? [];
  S.home = st.home;
  S.demo = st.demo;
  S.info = st.info;
  for (const m of st.messages) noteChannel(m.channel);
  if (loadSeq < 0) loadSeq = st.lastSeq ?? 0;
  if (switched) {
    S.unread.clear();
    S.badges.delete(S.me);
    S.modalLocal.clear();
    S.modalErrors.clear();
    S.modalGeneral.clear();
    // Whoever one becomes, the DM with the bot on screen becomes theirs.
    if (oldIM && S.conv.startsWith("D")) S.conv = S.im;
  }
  if (!S.conv) S.conv = restoreView() || (S.channels[0]?.id ?? S.im);
  if (switched) {
    // What reached the person one becomes while one was someone else is
    // unread, as Slack would show it to them: their DM with the bot, say,
    // after an admin paired them.
    const seen = seenSeq.get(S.me);
    for (const m of st.messages) {
      if (m.ephemeral || onScreen(m.channel) || m.seq <= (seen?.get(m.channel) ?? loadSeq)) continue;
      S.unread.set(m.channel, (S.unread.get(m.channel) ?? 0) + 1);
    }
  } else {
    // The same person's state comes when the page (re)connects: what
    // reached them in between is unread as if it had come live. A welcome
    // DM sent while one became its addressee, say, came after the state
    // of the switch and before the events of the new connection.
    for (const m of st.messages) {
      if (known.has(m.key) || onScreen(m.channel)) continue;
      S.unread.set(m.channel, (S.unread.get(m.channel) ?? 0) + 1);
    }
  }
  renderAll();
  if (S.conv === S.im && S.tab === "home") openHome();
}

// The person, conversation and tab on screen are kept in the address
// (#bob/general, #bob/app/home, #bob/app/messages), so that a reload comes
// back to them: to the person of this window, not whomever another window
// picked last (the playground's "current person" is one for all windows).
// Going to another conversation, tab or person adds an entry to the
// browser's history, so that Back goes back to the one before.

// pushNext says that the next change of the address is a navigation of
// the person's, which Back should undo; other changes replace the entry.
let pushNext = false;

function saveView() {
  // While a switch of person is on its way, the address may already be
  // the next person's (Back, or a link): it is not overwritten.
  if (S.switchTo) return;
  const who = S.users.get(S.me)?.name;
  const view = S.conv === S.im ? "app/" + S.tab : channelName(S.conv);
  const h = "#" + (who ? encodeURIComponent(who) + "/" : "") + view;
  const push = pushNext;
  pushNext = false;
  if (location.hash === h) return;
  if (push && location.hash) history.pushState(null, "", h);
  else history.replaceState(null, "", h);
}

// addressed is what the address names: the handle of a person ("" for
// none) and a view ("general", "app/home"; "" for none). An address of
// before people were in it ("#general") names only a view.
function addressed() {
  let h = "";
  try {
    h = decodeURIComponent(location.hash.slice(1));
  } catch {
    return { who: "", view: "" }; // a malformed address names nothing
  }
  const i = h.indexOf("/");
  if (i < 0 || h.slice(0, i) === "app") return { who: "", view: h };
  return { who: h.slice(0, i), view: h.slice(i + 1) };
}

// addressedPerson is the ID of the person the address names among users
// ("" for none).
function addressedPerson(users) {
  const { who } = addressed();
  if (!who) return "";
  return users.find((u) => u.person && u.name === who)?.id ?? "";
}

// restoreView is the conversation the address names ("" for none), and
// sets the tab it names.
function restoreView() {
  const h = addressed().view;
  if (h === "app/home" || h === "app/messages") {
    S.tab = h.slice(4);
    return S.im;
  }
  return S.channels.find((c) => c.name === h)?.id ?? "";
}

// followAddress shows what the address names, after Back or Forward or an
// address typed or edited: another person, conversation or tab.
function followAddress() {
  const id = addressedPerson([...S.users.values()]);
  if (id && id !== (S.switchTo || S.me)) {
    switchPerson(id, true);
    return;
  }
  if (S.switchTo) return; // the switch shows the view when it is done
  const conv = restoreView();
  if (!conv) return;
  S.conv = conv;
  S.unread.delete(conv);
  renderSidebar();
  renderConversation(true);
  if (conv === S.im && S.tab === "home") openHome();
}

function noteChannel(id) {
  if (!id || id.startsWith("D") || S.channels.some((c) => c.id === id)) return;
  S.channels.push({ id, name: id.toLowerCase() });
}

// onScreen reports whether the conversation's messages are on screen: not
// so for the DM with the bot while its Home tab shows.
function onScreen(channel) {
  return channel === S.conv && !(channel === S.im && S.tab === "home");
}

function visibleHere(item) {
  return item.channel === S.conv;
}

function onMessage(m) {
  const existed = S.messages.has(m.key);
  if (m.deleted) S.messages.delete(m.key);
  else S.messages.set(m.key, m);
  noteChannel(m.channel);
  if (!existed && !m.deleted) {
    const shown = onScreen(m.channel);
    if (!shown || document.hidden) S.unread.set(m.channel, (S.unread.get(m.channel) ?? 0) + (shown ? 0 : 1));
  }
  scheduleRender();
}

function onLocal(l) {
  S.local.set(l.id, l);
  if (l.channel !== S.conv && l.kind !== "command") S.unread.set(l.channel, (S.unread.get(l.channel) ?? 0) + 1);
  scheduleRender();
}

function connect() {
  if (es) es.close();
  setStatus("connecting…", "status-wait");
  es = new EventSource("/api/events?user=" + encodeURIComponent(S.me));
  const on = (name, fn) =>
    es.addEventListener(name, (ev) => {
      try {
        fn(JSON.parse(ev.data));
      } catch (err) {
        console.error(name, err);
      }
    });
  on("state", (st) => {
    if (down) setDown(false);
    setStatus("● live", "status-live");
    applyState(st);
  });
  on("message", onMessage);
  on("local", onLocal);
  on("activity", (a) => {
    if (a.user && a.user !== S.me && S.users.get(a.user)?.person) {
      S.badges.set(a.user, (S.badges.get(a.user) ?? 0) + 1);
      renderPeople();
    }
  });
  on("modals", (list) => {
    S.modals = list;
    renderModal();
  });
  on("home", (v) => {
    S.home = v;
    if (S.conv === S.im && S.tab === "home") renderHome();
  });
  on("clock", (c) => applyClock(c));
  on("users", (list) => {
    S.users = new Map(list.map((u) => [u.id, u]));
    if (S.bot) S.users.set(S.bot.id, S.bot);
    renderPeople();
  });
  on("demo", (d) => {
    S.demo = d;
    renderDemo();
  });
  es.onerror = () => {
    if (!down) setStatus("reconnecting…", "status-wait");
    // The browser retries by itself, but gives up on an answer that is
    // not an event stream; either way, find out whether the playground
    // is there at all.
    if (es.readyState === EventSource.CLOSED) es = null;
    probeDown();
  };
}

// newerClock reports whether a clock state is at least as new as the one
// shown: states come both with answers and over the event stream, in
// either order, and the server numbers them as it reads them.
function newerClock(c) {
  return !!c && (c.version ?? 0) >= (S.clock.version ?? 0);
}

function applyClock(c) {
  if (!newerClock(c)) return;
  const moved = c.now !== S.clock.now;
  S.clock = c;
  renderClock();
  if (moved) scheduleRender();
}

// ---------- rendering ----------

function scheduleRender() {
  if (renderQueued) return;
  renderQueued = true;
  requestAnimationFrame(() => {
    renderQueued = false;
    renderSidebar();
    renderConversation();
  });
}

function renderAll() {
  renderClock();
  renderSidebar();
  renderConversation();
  renderModal(true);
  renderDemo();
  $("info").textContent = S.info ?? "";
}

function renderClock() {
  const zone = tz();
  const now = S.clock.now;
  const p = zoneParts(now, zone);
  $("clock-time").textContent = `${longDate(now, zone)} · ${formatTime(now, zone)}`;
  const city = zone.split("/").pop().replace(/_/g, " ");
  const utc = zoneParts(now, "UTC");
  $("clock-sub").textContent = `${meUser().realName || meUser().name}'s time (${city}) · ${String(utc.hour).padStart(2, "0")}:${String(utc.minute).padStart(2, "0")} UTC`;
  $("clock-time").dataset.weekday = p.weekday;
  const next = $("clock-next");
  const nextBtn = $("advance-next");
  if (S.clock.next) {
    const d = dayDiff(S.clock.next, now, zone);
    const day = d === 0 ? "today" : d === 1 ? "tomorrow" : longDate(S.clock.next, zone).replace(/, \d{4}$/, "");
    const who = forWhom(S.clock.for);
    next.textContent = `Next notification${who ? ", for " + who : ""}: ${day} at ${formatTime(S.clock.next, zone)} (${relative(S.clock.next - now)})`;
    nextBtn.disabled = S.advancing;
  } else {
    next.textContent = "No notification is pending.";
    nextBtn.disabled = true;
  }
  for (const b of document.querySelectorAll("[data-advance]")) {
    if (b !== nextBtn) b.disabled = S.advancing;
  }
}

// forWhom names the people a notification is for: "you", "Carol", "Alice
// and Bob".
function forWhom(ids) {
  const names = (ids ?? []).map((id) => {
    if (id === S.me) return "you";
    const u = S.users.get(id);
    return (u?.realName || u?.name || id).split(" ")[0];
  });
  if (names.length <= 1) return names[0] ?? "";
  return names.slice(0, -1).join(", ") + " and " + names[names.length - 1];
}

function relative(ms) {
  if (ms <= 0) return "due now";
  const m = Math.round(ms / 60000);
  if (m < 60) return `in ${m} min`;
  const h = Math.round(ms / 3600000);
  if (h < 48) return `in ${h} h`;
  return `in ${Math.round(ms / 86400000)} days`;
}

function renderSidebar() {
  syncButtons($("channel-list"), S.channels.map((c) => c.id), openConversation, (b, id) => {
    const c = S.channels.find((c) => c.id === id);
    sideItem(b, id, "# " + c.name, S.unread.get(id));
  });
  syncButtons($("app-list"), S.im ? [S.im] : [], openConversation, (b, id) =>
    sideItem(b, id, S.bot?.name ?? "mentorbot", S.unread.get(id), true));
  renderPeople();
}

// A redraw must not replace what is under the pointer: Chromium sends no
// click when the node a press landed on (a tab, a person's name) is gone
// by the release, so a click whose press and release straddle a redraw
// (an answer or a DM arriving) was lost. Redraws therefore keep every node
// that is drawn as before, and replace only what changed.

// drawnFrom is the data a node was drawn from, as JSON, where its event
// handlers hold more than the node shows (a button's value; whom and which
// zone a confirmation is drawn for): a node is kept only if it was drawn
// from the same data too.
const drawnFrom = new WeakMap();

function drawnFor(node, data) {
  drawnFrom.set(node, JSON.stringify([S.me, tz(), data]));
}

// drawnKey groups nodes that may be drawn the same, cheaply; isEqualNode
// decides.
function drawnKey(n) {
  return `${drawnFrom.get(n) ?? ""}\u0000${n.nodeName}\u0000${n.textContent}`;
}

// redraw makes nodes the children of parent, in order, keeping each child
// already there that is drawn the same (the same data, an equal node) in
// place of its new copy.
function redraw(parent, nodes) {
  const old = new Map();
  for (const c of parent.childNodes) {
    const k = drawnKey(c);
    if (!old.has(k)) old.set(k, []);
    old.get(k).push(c);
  }
  const next = nodes.map((n) => {
    const same = old.get(drawnKey(n)) ?? [];
    const i = same.findIndex((c) => c.isEqualNode(n));
    return i < 0 ? n : same.splice(i, 1)[0];
  });
  const keep = new Set(next);
  for (const c of [...parent.childNodes]) if (!keep.has(c)) c.remove();
  // Kept nodes stay where they are unless the order changed: only new
  // nodes go in between.
  next.forEach((n, i) => {
    const at = parent.childNodes[i];
    if (at !== n) parent.insertBefore(n, at ?? null);
  });
}

// syncButtons keeps one button per key in the list, in order, and lets fill
// draw each. It reuses the buttons already there, whatever fill changes on
// them (an unread badge, say): see redraw.
function syncButtons(list, keys, onClick, fill) {
  const had = new Map([...list.children].map((li) => [li.dataset.key, li]));
  const items = keys.map((key) => {
    let li = had.get(key);
    if (!li) {
      li = el("li");
      li.dataset.key = key;
      const b = el("button");
      b.type = "button";
      b.addEventListener("click", () => onClick(key));
      li.append(b);
    }
    fill(li.firstChild, key);
    return li;
  });
  const same = items.length === list.children.length && items.every((li, i) => list.children[i] === li);
  if (!same) list.replaceChildren(...items);
}

function sideItem(b, id, label, unread, bot) {
  b.className = "side-item" + (id === S.conv ? " active" : "") + (unread ? " unread" : "");
  b.dataset.conv = id;
  const parts = [];
  if (bot) {
    const dot = el("span", "presence", "●");
    dot.setAttribute("aria-hidden", "true");
    parts.push(dot);
  }
  parts.push(el("span", "side-label", label));
  if (unread) parts.push(el("span", "badge", String(unread)));
  redraw(b, parts);
}

function renderPeople() {
  const people = [...S.users.values()].filter((u) => u.person);
  // On a narrow screen the people are a drop-down (app.css).
  const sel = $("person-select");
  const opts = people.map((u) => {
    const o = el("option", "", `${u.realName || u.name}${u.title ? " · " + u.title : ""}`);
    o.value = u.id;
    return o;
  });
  if (sel.options.length !== opts.length || opts.some((o, i) => sel.options[i].value !== o.value || sel.options[i].text !== o.text)) sel.replaceChildren(...opts);
  sel.value = S.switchTo || S.me;
  syncButtons($("people-list"), people.map((u) => u.id), switchPerson, (b, id) => {
    const u = S.users.get(id);
    // A person clicked and not yet shown is marked as being switched to.
    b.className = "person" + (id === S.me ? " active" : "") + (id === S.switchTo ? " switching" : "");
    b.setAttribute("aria-busy", String(id === S.switchTo));
    b.dataset.user = id;
    b.title = `Be ${u.realName || u.name}${u.tz ? " (" + u.tz + ")" : ""}`;
    const text = el("span", "person-text");
    text.append(el("span", "person-name", u.realName || u.name), el("span", "person-title", u.title || "@" + u.name));
    const parts = [avatar(u), text];
    const n = S.badges.get(id);
    if (n && id !== S.me) parts.push(el("span", "badge", String(n)));
    redraw(b, parts);
    b.setAttribute("aria-pressed", String(id === S.me));
  });
}

function renderDemo() {
  const b = $("demo");
  // Once the programme has pairs the button stays, greyed, saying why:
  // the welcome still tells one to press it.
  b.hidden = !S.demo;
  b.disabled = S.demo !== "ready";
  b.textContent = S.demo === "running" ? "Seeding the demo…" : S.demo === "done" ? "Demo programme seeded ✓" : "Seed a demo programme";
  const note = $("demo-note");
  note.hidden = S.demo !== "off";
  note.textContent = S.demo === "off" ? "Only on an empty programme: this one has pairs already." : "";
}

function renderHeader() {
  const title = [];
  const tabs = [];
  if (S.conv === S.im) {
    title.push(avatar(null, true), el("span", "conv-name", S.bot?.name ?? "mentorbot"), el("span", "app-badge", "APP"));
    for (const [id, label] of [["home", "Home"], ["messages", "Messages"]]) {
      const t = el("button", "tab" + (S.tab === id ? " active" : ""), label);
      t.type = "button";
      t.dataset.tab = id;
      t.setAttribute("role", "tab");
      t.setAttribute("aria-selected", String(S.tab === id));
      t.addEventListener("click", () => {
        pushNext = S.tab !== id;
        S.tab = id;
        renderConversation();
        // The Messages tab reads the DM (renderConversation): its unread
        // badge goes.
        renderSidebar();
        if (id === "home") openHome();
      });
      tabs.push(t);
    }
  } else {
    title.push(el("span", "conv-name", "# " + channelName(S.conv)));
    const n = people().length;
    title.push(el("span", "conv-meta", `${n} members`));
  }
  // The tab buttons on the page stay, their handlers with them: see redraw.
  redraw($("conv-title"), title);
  redraw($("conv-tabs"), tabs);
}

function openConversation(id) {
  pushNext = id !== S.conv;
  S.conv = id;
  S.unread.delete(id);
  if (id === S.im && S.tab === "home") openHome();
  renderSidebar();
  renderConversation(true);
  $("input").focus();
}

function renderConversation(forceBottom) {
  saveView();
  renderHeader();
  const showHome = S.conv === S.im && S.tab === "home";
  $("home").hidden = !showHome;
  $("messages").hidden = showHome;
  $("composer").hidden = showHome;
  if (showHome) {
    renderHome();
    return;
  }
  S.unread.delete(S.conv);
  markSeen();
  const input = $("input");
  input.placeholder = S.conv === S.im ? `Message ${S.bot?.name ?? "mentorbot"}` : `Message #${channelName(S.conv)}`;
  const box = $("messages");
  const atBottom = forceBottom || box.scrollHeight - box.scrollTop - box.clientHeight < 80;
  const keepTop = box.scrollTop;
  const items = [];
  // Virtual time stands still between moves, so many items share a time:
  // then simulator messages go by Seq, and playground entries right after
  // the message that was newest when they were added.
  for (const m of S.messages.values()) if (visibleHere(m)) items.push({ at: m.at, seq: m.seq, sub: 0, m });
  for (const l of S.local.values()) if (visibleHere(l)) items.push({ at: l.at, seq: l.afterSeq ?? 0, sub: l.id, l });
  items.sort((a, b) => a.at - b.at || a.seq - b.seq || a.sub - b.sub);
  const rows = [];
  if (items.length === 0) rows.push(emptyConversation());
  let lastDay = null;
  let prev = null;
  const zone = tz();
  for (const it of items) {
    const p = zoneParts(it.at, zone);
    const day = `${p.year}-${p.month}-${p.day}`;
    if (day !== lastDay) {
      rows.push(dayDivider(it.at));
      lastDay = day;
      prev = null;
    }
    const node = it.m ? messageRow(it.m, prev) : localRow(it.l, prev);
    // A message's buttons act with what the message holds, not only
    // with what they show.
    if (it.m) drawnFor(node, it.m);
    rows.push(node);
    prev = groupKey(it);
  }
  // The rows already on the page stay, so that a button pressed while a
  // message arrives still gets its click: see redraw.
  redraw(box, rows);
  box.scrollTop = atBottom ? box.scrollHeight : keepTop;
}

// markSeen notes that the person has seen what is in the conversation on
// screen.
function markSeen() {
  let top = 0;
  for (const m of S.messages.values()) if (m.channel === S.conv && m.seq > top) top = m.seq;
  if (!seenSeq.has(S.me)) seenSeq.set(S.me, new Map());
  const seen = seenSeq.get(S.me);
  seen.set(S.conv, Math.max(top, seen.get(S.conv) ?? 0));
}

function emptyConversation() {
  const d = el("div", "empty");
  if (S.conv === S.im) {
    d.append(el("div", "empty-title", `This is your DM with ${S.bot?.name ?? "mentorbot"}.`));
    d.append(el("div", "", "Its reminders, check-ins and nudges arrive here. Try /mentor help, /goal add … or /session log …"));
  } else {
    d.append(el("div", "empty-title", `This is the very beginning of #${channelName(S.conv)}.`));
  }
  return d;
}

function dayDivider(ms) {
  const zone = tz();
  const d = dayDiff(ms, S.clock.now, zone);
  const label = d === 0 ? "Today" : d === -1 ? "Yesterday" : longDate(ms, zone).replace(/, \d{4}$/, (y) => (zoneParts(ms, zone).year === zoneParts(S.clock.now, zone).year ? "" : y));
  const div = el("div", "day-divider");
  div.append(el("span", "", label));
  return div;
}

function sameAuthor(prev, author, at) {
  return prev && prev.author === author && at - prev.at < 5 * 60000 && !prev.special;
}

function header(name, at, extra) {
  const h = el("div", "msg-head");
  h.append(el("span", "msg-name", name));
  if (extra) h.append(extra);
  const t = el("time", "msg-time", formatTime(at, tz()));
  t.title = `${longDate(at, tz())} ${formatTime(at, tz(), true)} (${tz()}) · ${new Date(at).toISOString().replace(".000Z", "Z")}`;
  h.append(t);
  return h;
}

function messageRow(m, prev) {
  const row = el("div", "msg" + (m.ephemeral ? " msg-ephemeral" : ""));
  row.dataset.key = m.key;
  const compact = !m.ephemeral && sameAuthor(prev, "bot", m.at);
  const body = el("div", "msg-body");
  if (compact) {
    row.classList.add("msg-compact");
    const t = el("time", "msg-time-gutter", formatTime(m.at, tz()));
    row.append(t);
  } else {
    row.append(avatar(null, true));
    body.append(header(S.bot?.name ?? "mentorbot", m.at, el("span", "app-badge", "APP")));
  }
  if (m.ephemeral) {
    const eph = el("div", "eph", "👁 Only visible to you");
    body.append(eph);
  }
  if (m.threadTs && m.threadTs !== m.ts) body.append(el("div", "thread-note", "↳ replied in a thread"));
  const content = el("div", "msg-content");
  const target = { channel: m.channel, ts: m.ts };
  if (m.blocks && m.blocks.length) {
    content.append(renderBlocks(m.blocks, messageEnv(target)));
  } else {
    content.append(renderMrkdwn(m.text, ctx()));
  }
  // Slack marks a changed message "(edited)", but not a private answer
  // replaced by the next (replace_original).
  if (m.updated && !m.ephemeral) content.append(el("span", "edited", " (edited)"));
  body.append(content);
  for (const f of m.files ?? []) body.append(fileCard(f));
  const kind = m.metadata?.event_type;
  if (kind) row.title = `metadata: ${kind}`;
  row.append(body);
  return row;
}

// fileCard shows a file a message shares, as Slack does: its title, name
// and size, with a link that downloads it.
function fileCard(f) {
  const card = el("div", "file-card");
  card.append(el("span", "file-icon", f.name.endsWith(".csv") ? "📊" : "📄"));
  const info = el("div", "file-info");
  const link = el("a", "file-title", f.title || f.name);
  link.href = "/api/file?user=" + encodeURIComponent(S.me) + "&id=" + encodeURIComponent(f.id);
  link.download = f.name;
  info.append(link);
  const size = f.size < 1024 ? `${f.size} B` : `${(f.size / 1024).toFixed(1)} kB`;
  info.append(el("div", "file-meta", `${f.name} · ${size}`));
  card.append(info);
  return card;
}

function localRow(l, prev) {
  const u = S.users.get(l.user);
  const row = el("div", "msg local local-" + l.kind);
  switch (l.kind) {
    case "message": {
      const compact = sameAuthor(prev, l.user, l.at);
      const body = el("div", "msg-body");
      if (compact) {
        row.classList.add("msg-compact");
        row.append(el("time", "msg-time-gutter", formatTime(l.at, tz())));
      } else {
        row.append(avatar(u));
        body.append(header(u?.realName || u?.name || l.user, l.at));
      }
      const c = el("div", "msg-content");
      c.append(renderMrkdwn(l.text, ctx()));
      body.append(c);
      row.append(body);
      break;
    }
    case "command": {
      row.append(avatar(u));
      const body = el("div", "msg-body");
      body.append(header(u?.realName || u?.name || l.user, l.at, el("span", "cmd-tag", "slash command")));
      // Slack shows no one else what one typed: only the answer.
      body.append(el("div", "eph", "👁 Only visible to you"));
      const c = el("div", "msg-content cmd-echo");
      c.append(el("code", "md-code", l.text));
      body.append(c);
      row.append(body);
      break;
    }
    case "error": {
      row.append(avatar(null));
      const body = el("div", "msg-body");
      body.append(el("div", "eph", "👁 Only visible to you"));
      body.append(el("div", "msg-content", l.text));
      row.append(body);
      break;
    }
    default: {
      row.append(avatar(null));
      const body = el("div", "msg-body");
      body.append(header("Playground", l.at));
      const c = el("div", "msg-content");
      c.append(renderMrkdwn(l.text, ctx()));
      body.append(c);
      row.append(body);
    }
  }
  return row;
}

// Rows group like Slack's: consecutive messages of one author within five
// minutes share one header. groupKey is what sameAuthor compares.
function groupKey(it) {
  if (!it) return null;
  if (it.m) return { author: it.m.ephemeral ? "eph:" + it.m.key : "bot", at: it.m.at, special: it.m.ephemeral };
  return { author: it.l.kind === "message" ? it.l.user : "local:" + it.l.id, at: it.l.at, special: it.l.kind !== "message" };
}

function messageEnv(target) {
  return {
    ctx: ctx(),
    surface: "message",
    state: null,
    local: null,
    errors: null,
    people: people(),
    channels: S.channels,
    act: (e, b, value, kind, btn) => act(target, e, value, kind, btn),
  };
}

async function act(target, e, value, kind, btn) {
  if (btn) {
    btn.disabled = true;
    btn.classList.add("loading");
  }
  const res = await api("/api/action", {
    user: S.me,
    channel: target.channel ?? "",
    ts: target.ts ?? "",
    viewId: target.viewId ?? "",
    actionId: e.action_id,
    kind,
    value,
  });
  if (btn) {
    btn.disabled = false;
    btn.classList.remove("loading");
  }
  if (res.error) toast(res.error);
  applyClock(res.clock);
}

// ---------- App Home ----------

async function openHome() {
  const res = await api("/api/home", { user: S.me });
  if (res.error) toast(res.error);
}

function renderHome() {
  const h = $("home");
  if (!S.home) {
    redraw(h, [el("div", "empty", "Opening the Home tab…")]);
    return;
  }
  const view = parseView(S.home);
  const target = { viewId: S.home.id };
  const blocks = renderBlocks(view.blocks, {
    ctx: ctx(),
    surface: "home",
    state: view.state?.values ?? null,
    local: null,
    errors: null,
    people: people(),
    channels: S.channels,
    act: (e, b, value, kind, btn) => act(target, e, value, kind, btn),
  });
  // The Home on the page stays while it is drawn the same from the same
  // view, so that a click on its buttons survives a redraw: see redraw.
  drawnFor(blocks, S.home);
  redraw(h, [blocks]);
}

function parseView(v) {
  return typeof v.view === "string" ? JSON.parse(v.view) : v.view ?? {};
}

// ---------- modals ----------

// modalOpener is what had the keyboard's focus when the first form
// opened, which gets it back when the last one closes.
let modalOpener = null;
// showError says that the form is drawn again after a submission was
// refused: the focus goes to what the refusal names.
let showError = false;

// behindModal is what a form covers: while one is open it is inert, so
// that neither the keyboard nor a screen reader reaches it (Enter on
// "+1 hour" used to move the clock behind an open form).
function behindModal() {
  return [...$("app").children].filter((e) => e.id !== "modal-root" && e.id !== "toasts");
}

function renderModal(force) {
  const root = $("modal-root");
  const top = S.modals[S.modals.length - 1];
  // Toasts go where they do not cover a form (app.css).
  document.body.classList.toggle("modal-open", !!top);
  const wasOpen = root.childElementCount > 0;
  for (const e of behindModal()) e.inert = !!top;
  if (!top) {
    renderedModalKey = "";
    root.replaceChildren();
    if (wasOpen) restoreFocus();
    return;
  }
  if (!wasOpen) {
    const a = document.activeElement;
    modalOpener = a && a !== document.body ? a : null;
  }
  const key = `${S.me}:${top.id}:${top.hash}:${S.modalVersion}`;
  if (!force && key === renderedModalKey) return;
  const sameView = renderedModalKey.startsWith(`${S.me}:${top.id}:`);
  const old = root.querySelector(".modal-body");
  const oldScroll = old?.scrollTop ?? 0;
  const oldFocus = old?.contains(document.activeElement) ? focusKey(document.activeElement) : "";
  renderedModalKey = key;
  const view = parseView(top);
  const local = S.modalLocal.get(top.id) ?? {};
  S.modalLocal.set(top.id, local);
  const back = el("div", "modal-backdrop");
  const box = el("div", "modal");
  box.setAttribute("role", "dialog");
  box.setAttribute("aria-modal", "true");
  box.dataset.callbackId = view.callback_id ?? "";
  const head = el("div", "modal-head");
  if (S.modals.length > 1) {
    const bk = el("button", "modal-back", "←");
    bk.type = "button";
    bk.title = "Back";
    bk.addEventListener("click", () => closeModal(top));
    head.append(bk);
  }
  head.append(avatar(null, true));
  const title = el("div", "modal-title", textOf(view.title) || "mentorbot");
  title.id = "modal-title";
  box.setAttribute("aria-labelledby", title.id);
  head.append(title);
  const x = el("button", "modal-x", "×");
  x.type = "button";
  x.title = "Close";
  x.addEventListener("click", () => closeModal(top));
  head.append(x);
  const body = el("div", "modal-body");
  const env = {
    ctx: ctx(),
    surface: "modal",
    state: view.state?.values ?? null,
    local,
    errors: S.modalErrors.get(top.id) ?? null,
    people: people(),
    channels: S.channels,
    keep: (bid, aid, value) => {
      (local[bid] ??= {})[aid] = value;
    },
    act: (e, b, value, kind, btn) => act({ viewId: top.id }, e, value, kind, btn),
  };
  body.append(renderBlocks(view.blocks, env));
  const general = S.modalGeneral.get(top.id);
  const g = el("div", "modal-error", "⚠ " + general);
  if (general) {
    g.setAttribute("role", "alert");
    body.append(g);
  }
  const foot = el("div", "modal-foot");
  const close = el("button", "btn", textOf(view.close) || "Cancel");
  close.type = "button";
  close.addEventListener("click", () => closeModal(top));
  foot.append(close);
  let submit = null;
  if (view.submit) {
    submit = el("button", "btn btn-primary", textOf(view.submit));
    submit.type = "submit";
    foot.append(submit);
  }
  const form = el("form", "modal-form");
  form.noValidate = true;
  form.append(head, body, foot);
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    if (submit) submitModal(top, view, env, submit);
  });
  box.append(form);
  back.append(box);
  root.replaceChildren(back);
  // After the bot rejected the form, the first field it names gets the
  // focus, in sight (the error may be below the fold); a form drawn
  // again as it was keeps its scroll and the field one was in; a new
  // form focuses its first field.
  const refused = showError;
  showError = false;
  const bad = refused && body.querySelector(".has-error");
  const field = (b) => b?.querySelector("input, textarea, select, button");
  if (bad) {
    (field(bad) ?? submit ?? close).focus({ preventScroll: true });
    bad.scrollIntoView({ block: "nearest" });
    return;
  }
  if (sameView) body.scrollTop = oldScroll;
  const again = sameView && oldFocus && [...box.querySelectorAll("input, textarea, select, button")].find((e) => focusKey(e) === oldFocus);
  if (again) {
    again.focus({ preventScroll: true });
    return;
  }
  if (general && refused) {
    g.scrollIntoView({ block: "nearest" });
    (submit ?? close).focus({ preventScroll: true });
    return;
  }
  const first = field(body);
  if (first && first.tagName !== "BUTTON") first.focus();
  else (submit ?? close).focus();
}

// focusKey names a control of a form across redraws: its block, its
// action and its place among the block's controls.
function focusKey(e) {
  const block = e.closest("[data-block-id]");
  const all = [...(block ?? e.closest(".modal")).querySelectorAll("input, textarea, select, button")];
  return `${block?.dataset.blockId ?? ""}:${e.dataset.actionId ?? ""}:${e.className}:${all.indexOf(e)}`;
}

// restoreFocus gives the focus back, once the last form is closed, to
// what had it before the first opened, or else to the message box, not
// to the page's body.
function restoreFocus() {
  const to = modalOpener;
  modalOpener = null;
  if (document.activeElement && document.activeElement !== document.body && document.activeElement.isConnected) return;
  const ok = (e) => e && e.isConnected && !e.disabled && !e.closest("[hidden], [inert]") && e.getClientRects().length > 0;
  if (ok(to)) to.focus();
  else if (ok($("input"))) $("input").focus();
}

// trapTab keeps Tab and Shift+Tab inside the topmost dialog: past its
// last control Tab goes to its first, and back.
function trapTab(ev) {
  if (ev.key !== "Tab") return;
  const dialog = [...document.querySelectorAll('[aria-modal="true"]')].pop();
  if (!dialog) return;
  const controls = [...dialog.querySelectorAll("a[href], button, input, select, textarea, [tabindex]:not([tabindex='-1'])")].filter(
    (e) => !e.disabled && e.getClientRects().length > 0,
  );
  if (!controls.length) return;
  const first = controls[0];
  const last = controls[controls.length - 1];
  const inside = dialog.contains(document.activeElement);
  if (ev.shiftKey && (!inside || document.activeElement === first)) {
    ev.preventDefault();
    last.focus();
  } else if (!ev.shiftKey && (!inside || document.activeElement === last)) {
    ev.preventDefault();
    first.focus();
  }
}

async function closeModal(top) {
  const res = await api("/api/close", { user: S.me, viewId: top.id });
  if (res.error) toast(res.error);
}

async function submitModal(top, view, env, btn) {
  const missing = requiredMissing(view.blocks, env);
  if (missing.length) {
    S.modalErrors.set(top.id, Object.fromEntries(missing.map((b) => [b, "Please complete this required field."])));
    S.modalGeneral.delete(top.id);
    S.modalVersion++;
    showError = true;
    renderModal();
    return;
  }
  btn.disabled = true;
  btn.classList.add("loading");
  const res = await api("/api/submit", { user: S.me, viewId: top.id, values: S.modalLocal.get(top.id) ?? {} });
  btn.disabled = false;
  btn.classList.remove("loading");
  applyClock(res.clock);
  if (res.errors && Object.keys(res.errors).length) {
    S.modalErrors.set(top.id, res.errors);
    S.modalGeneral.delete(top.id);
  } else if (res.error) {
    S.modalErrors.delete(top.id);
    S.modalGeneral.set(top.id, res.error);
  } else {
    S.modalErrors.delete(top.id);
    S.modalGeneral.delete(top.id);
    if (res.closed) S.modalLocal.delete(top.id);
  }
  S.modalVersion++;
  showError = !!(res.error || (res.errors && Object.keys(res.errors).length));
  renderModal();
}

// ---------- people and the clock ----------

// switching is the end of the switches of person asked for so far.
let switching = Promise.resolve();

// switchPerson makes the page the person clicked. Switches run one at a
// time, in the order of the clicks, and the last click wins: two requests
// in flight could be answered in either order, and the earlier click's
// answer, applied last, would undo the later click (on the page, and in
// whom the playground shows after a reload).
// fromAddress says the address named the person (Back, a link): the view
// it names comes with them, and no new history entry.
function switchPerson(id, fromAddress) {
  if (id === (S.switchTo || S.me)) return;
  S.switchTo = id;
  renderPeople();
  // A switch that fails must not stop those after it.
  switching = switching.then(() => becomePerson(id, fromAddress)).catch((err) => console.error("switch person", err));
}

async function becomePerson(id, fromAddress) {
  if (id !== S.switchTo) return; // a later click chose someone else
  const st = await api("/api/person", { user: id });
  // A later click came while this was on its way: its switch follows.
  if (id !== S.switchTo) return;
  S.switchTo = "";
  if (st.error) {
    renderPeople();
    toast(st.error);
    return;
  }
  const was = S.me;
  S.badges.delete(id);
  if (fromAddress) S.conv = ""; // applyState shows the view the address names
  else pushNext = true;
  applyState(st);
  connect();
  if (S.me !== was) toast(`You are now ${meUser().realName || meUser().name}. Times are shown in ${tz()}.`, "info");
}

async function advance(what) {
  if (S.advancing) return;
  S.advancing = true;
  renderClock();
  setStatus("moving the clock…", "status-wait");
  const res = await api("/api/advance", what === "next" ? { to: "next" } : { by: what });
  S.advancing = false;
  if (!down) setStatus("● live", "status-live");
  if (res.error) toast(res.error);
  if (res.note) toast(res.note, "info");
  applyClock(res.clock);
  renderClock();
  // A Home on screen is as of when it was opened: Slack's client opens it
  // again (app_home_opened) when it is looked at, so the page does too,
  // or its "next meeting" would stay in the past.
  if (S.conv === S.im && S.tab === "home") openHome();
  // How many moves of the clock have finished: a hook for tests.
  $("clock").dataset.moves = String(Number($("clock").dataset.moves ?? 0) + 1);
  const c = $("clock-time");
  c.classList.remove("flash");
  void c.offsetWidth;
  c.classList.add("flash");
}

async function seedDemo() {
  S.demo = "running";
  renderDemo();
  const res = await api("/api/demo", {});
  if (res.error) {
    toast(res.error);
    return;
  }
  const failed = (res.steps ?? []).filter((s) => s.error);
  toast(`Demo programme: ${res.steps?.length ?? 0} slash commands run${failed.length ? `, ${failed.length} failed` : ""}. Switch people to see what each of them got.`, failed.length ? "error" : "info");
  applyClock(res.clock);
}

// ---------- composer ----------

async function send() {
  const input = $("input");
  const text = input.value.trim();
  if (!text || S.sending) return;
  S.history.push(text);
  S.historyPos = -1;
  S.sending = true;
  $("send").disabled = true;
  hideSuggest();
  if (text.startsWith("/")) {
    const res = await api("/api/command", { user: S.me, channel: S.conv, text });
    if (res.error && !res.command) {
      toast(res.error);
    } else {
      input.value = "";
      if (res.error) toast(res.error);
      if (res.answer) onMessage(res.answer);
      applyClock(res.clock);
    }
  } else {
    const res = await api("/api/message", { user: S.me, channel: S.conv, text });
    if (res.error) toast(res.error);
    else {
      input.value = "";
      onLocal(res);
    }
  }
  S.sending = false;
  $("send").disabled = false;
  autosize();
  composerHint();
  // A command may have opened a form, which has focused its first field
  // already: what one types next goes there, not behind it.
  if (!S.modals.length) input.focus();
}

function autosize() {
  const t = $("input");
  t.style.height = "auto";
  t.style.height = Math.min(t.scrollHeight, 200) + "px";
}

let suggestions = [];
let suggestPos = 0;

function currentWord() {
  const t = $("input");
  const upto = t.value.slice(0, t.selectionStart);
  const m = /(^|\s)([@/][^\s]*)$/.exec(upto);
  if (!m) return null;
  const word = m[2];
  if (word.startsWith("/") && upto.length !== word.length) return null;
  return { word, start: upto.length - word.length, end: t.selectionStart };
}

// composerHint shows, under the message box, how to use the command the
// text starts with, for as long as it does; otherwise the general hint.
let generalHint = null;
function composerHint() {
  const hint = $("composer-hint");
  generalHint ??= [...hint.childNodes];
  const m = /^(\/\S+)(\s|$)/.exec($("input").value);
  const cmd = m?.[1].toLowerCase();
  const usage = cmd && USAGE[cmd];
  if (!usage) {
    if (hint.dataset.usage) {
      delete hint.dataset.usage;
      hint.replaceChildren(...generalHint);
    }
    return;
  }
  if (hint.dataset.usage === cmd) return;
  hint.dataset.usage = cmd;
  hint.replaceChildren(el("code", "", cmd), document.createTextNode(" " + usage));
}

function updateSuggest() {
  composerHint();
  const w = currentWord();
  suggestions = [];
  if (w && w.word.startsWith("/")) {
    for (const c of S.commands) if (c.startsWith(w.word.toLowerCase())) suggestions.push({ insert: c + " ", label: c, hint: USAGE[c] ?? "" });
  } else if (w && w.word.startsWith("@")) {
    const q = w.word.slice(1).toLowerCase();
    for (const u of S.users.values()) {
      if (u.isBot && u.id !== S.bot?.id) continue;
      if (u.name.toLowerCase().startsWith(q) || (u.realName ?? "").toLowerCase().split(" ").some((p) => p.startsWith(q))) {
        suggestions.push({ insert: "@" + u.name + " ", label: "@" + u.name, hint: [u.realName, u.title].filter(Boolean).join(" · ") });
      }
    }
  }
  const box = $("suggest");
  if (!suggestions.length || (suggestions.length === 1 && w && suggestions[0].insert.trim() === w.word)) {
    hideSuggest();
    return;
  }
  suggestPos = Math.min(suggestPos, suggestions.length - 1);
  box.replaceChildren();
  suggestions.forEach((s, i) => {
    const b = el("button", "suggest-item" + (i === suggestPos ? " active" : ""));
    b.type = "button";
    b.append(el("span", "suggest-label", s.label), el("span", "suggest-hint", s.hint));
    b.addEventListener("mousedown", (ev) => {
      ev.preventDefault();
      accept(i);
    });
    box.append(b);
  });
  box.hidden = false;
}

function hideSuggest() {
  $("suggest").hidden = true;
  suggestions = [];
  suggestPos = 0;
}

function accept(i) {
  const w = currentWord();
  const s = suggestions[i];
  if (!w || !s) return;
  const t = $("input");
  t.value = t.value.slice(0, w.start) + s.insert + t.value.slice(w.end);
  const pos = w.start + s.insert.length;
  t.setSelectionRange(pos, pos);
  hideSuggest();
  composerHint();
  t.focus();
}

// ---------- start ----------

function wire() {
  $("composer").addEventListener("submit", (ev) => {
    ev.preventDefault();
    send();
  });
  const input = $("input");
  input.addEventListener("input", () => {
    autosize();
    updateSuggest();
  });
  input.addEventListener("keydown", (ev) => {
    const open = !$("suggest").hidden && suggestions.length;
    if (open && (ev.key === "ArrowDown" || ev.key === "ArrowUp")) {
      ev.preventDefault();
      suggestPos = (suggestPos + (ev.key === "ArrowDown" ? 1 : suggestions.length - 1)) % suggestions.length;
      updateSuggest();
      return;
    }
    if (open && (ev.key === "Tab" || (ev.key === "Enter" && !ev.shiftKey))) {
      ev.preventDefault();
      accept(suggestPos);
      return;
    }
    if (ev.key === "Escape") {
      hideSuggest();
      return;
    }
    if (ev.key === "Enter" && !ev.shiftKey && !ev.isComposing) {
      ev.preventDefault();
      send();
      return;
    }
    if (ev.key === "ArrowUp" && !input.value && S.history.length) {
      ev.preventDefault();
      S.historyPos = S.historyPos < 0 ? S.history.length - 1 : Math.max(0, S.historyPos - 1);
      input.value = S.history[S.historyPos];
      autosize();
      composerHint();
    }
  });
  input.addEventListener("blur", () => setTimeout(hideSuggest, 150));
  for (const b of document.querySelectorAll("[data-advance]")) {
    b.addEventListener("click", () => advance(b.dataset.advance));
  }
  $("demo").addEventListener("click", seedDemo);
  $("person-select").addEventListener("change", (ev) => switchPerson(ev.target.value));
  document.addEventListener("keydown", (ev) => {
    if (ev.key === "Escape" && S.modals.length && !document.querySelector(".confirm")) {
      closeModal(S.modals[S.modals.length - 1]);
    }
  });
  document.addEventListener("keydown", trapTab);
  window.addEventListener("popstate", followAddress);
  window.addEventListener("hashchange", followAddress);
  document.addEventListener("visibilitychange", () => {
    if (!document.hidden) scheduleRender();
  });
}

async function loadState(user) {
  const r = await fetch("/api/state" + (user ? "?user=" + encodeURIComponent(user) : ""));
  const st = await r.json();
  if (st.error) throw new Error(st.error);
  return st;
}

async function start() {
  wire();
  try {
    // The person this window's address names; without one (a first
    // visit), whom the playground shows, the one picked last.
    let st = await loadState("");
    const who = addressedPerson(st.users);
    if (who && who !== st.me) st = await loadState(who);
    applyState(st);
  } catch (err) {
    toast("Could not load the playground: " + err.message);
    return;
  }
  connect();
}

start();
