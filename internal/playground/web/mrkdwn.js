// Slack's mrkdwn, rendered into DOM nodes. Nothing here ever assigns HTML:
// every piece of text becomes a text node, so whatever a message contains
// is shown, never executed.
//
// ctx: { users: Map(id -> {name, realName}), channels: Map(id -> name),
//        me: user id, tz: IANA zone of the viewer, now: virtual ms }

const EMOJI = {
  wave: "👋", lock: "🔒", raising_hand: "🙋", warning: "⚠️", white_check_mark: "✅", heavy_check_mark: "✔️",
  ballot_box_with_check: "☑️", x: "❌", calendar: "📆", date: "📅", spiral_calendar_pad: "🗓️", spiral_calendar: "🗓️",
  memo: "📝", pencil: "📝", pencil2: "✏️", dart: "🎯", tada: "🎉", bell: "🔔", no_bell: "🔕", clipboard: "📋",
  star: "⭐", star2: "🌟", "+1": "👍", thumbsup: "👍", "-1": "👎", thumbsdown: "👎", thinking_face: "🤔",
  hourglass: "⌛", hourglass_flowing_sand: "⏳", alarm_clock: "⏰", stopwatch: "⏱️", clock: "🕒", clock1: "🕐",
  clock9: "🕘", speech_balloon: "💬", bulb: "💡", rocket: "🚀", sparkles: "✨", handshake: "🤝", seedling: "🌱",
  chart_with_upwards_trend: "📈", bar_chart: "📊", mag: "🔍", zzz: "💤", sleeping: "😴", point_right: "👉",
  point_down: "👇", information_source: "ℹ️", question: "❓", grey_question: "❔", exclamation: "❗",
  heavy_plus_sign: "➕", heavy_minus_sign: "➖", repeat: "🔁", pushpin: "📌", round_pushpin: "📍", books: "📚",
  book: "📖", trophy: "🏆", medal: "🏅", busts_in_silhouette: "👥", bust_in_silhouette: "👤", sunny: "☀️",
  coffee: "☕", wrench: "🔧", gear: "⚙️", key: "🔑", envelope: "✉️", email: "📧", inbox_tray: "📥", outbox_tray: "📤",
  wastebasket: "🗑️", pause_button: "⏸️", arrow_forward: "▶️", fast_forward: "⏩", arrow_right: "➡️",
  arrow_left: "⬅️", arrows_counterclockwise: "🔄", mailbox: "📫", eyes: "👀", ok_hand: "👌", clap: "👏",
  muscle: "💪", heart: "❤️", smile: "😄", slightly_smiling_face: "🙂", blush: "😊", sweat_smile: "😅",
  grinning: "😀", wink: "😉", pray: "🙏", raised_hands: "🙌", large_green_circle: "🟢", green_circle: "🟢",
  red_circle: "🔴", white_circle: "⚪", large_yellow_circle: "🟡", yellow_circle: "🟡", large_blue_circle: "🔵",
  large_orange_circle: "🟠", new: "🆕", spiral_note_pad: "🗒️", crystal_ball: "🔮", compass: "🧭",
  mortar_board: "🎓", school: "🏫", link: "🔗", lock_with_ink_pen: "🔏", unlock: "🔓", fire: "🔥",
  checkered_flag: "🏁", triangular_flag_on_post: "🚩", construction: "🚧", mega: "📣", loudspeaker: "📢",
  calling: "📲", telephone_receiver: "📞", hugging_face: "🤗", thought_balloon: "💭", footprints: "👣",
  runner: "🏃", walking: "🚶", person_raising_hand: "🙋", man_raising_hand: "🙋‍♂️", woman_raising_hand: "🙋‍♀️",
  gift: "🎁", confetti_ball: "🎊", balloon: "🎈", hammer_and_wrench: "🛠️", bookmark: "🔖", label: "🏷️",
  one: "1️⃣", two: "2️⃣", three: "3️⃣", four: "4️⃣", five: "5️⃣", keycap_ten: "🔟", hash: "#️⃣",
  arrow_up: "⬆️", arrow_down: "⬇️", small_blue_diamond: "🔹", small_orange_diamond: "🔸", black_small_square: "▪️",
  white_small_square: "▫️", heavy_multiplication_x: "✖️", interrobang: "⁉️", bangbang: "‼️", no_entry: "⛔",
  no_entry_sign: "🚫", hand: "✋", raised_hand: "✋", v: "✌️", earth_africa: "🌍",
  earth_americas: "🌎", earth_asia: "🌏", globe_with_meridians: "🌐", sunrise: "🌅", city_sunset: "🌆",
  crescent_moon: "🌙", first_quarter_moon: "🌓", partly_sunny: "⛅", umbrella: "☂️", snowflake: "❄️",
  person_in_lotus_position: "🧘", brain: "🧠", telescope: "🔭", microscope: "🔬", test_tube: "🧪",
  receipt: "🧾", card_index: "📇", file_folder: "📁", open_file_folder: "📂", page_facing_up: "📄",
  scroll: "📜", notebook: "📓", ledger: "📒", closed_book: "📕", green_book: "📗", blue_book: "📘",
  orange_book: "📙", newspaper: "📰", speaking_head_in_silhouette: "🗣️", speaking_head: "🗣️",
  left_speech_bubble: "🗨️", right_anger_bubble: "🗯️",
  white_large_square: "⬜", black_large_square: "⬛", white_square_button: "🔳", black_square_button: "🔲",
  large_green_square: "🟩", large_red_square: "🟥", large_yellow_square: "🟨", large_blue_square: "🟦",
  green_heart: "💚", blue_heart: "💙", purple_heart: "💜", yellow_heart: "💛", leftwards_arrow_with_hook: "↩️",
  arrow_right_hook: "↪️", grimacing: "😬", neutral_face: "😐", confused: "😕", disappointed: "😞",
  slightly_frowning_face: "🙁", relieved: "😌", star_struck: "🤩", partying_face: "🥳", nerd_face: "🤓",
  upside_down_face: "🙃", face_with_monocle: "🧐", writing_hand: "✍️", sparkle: "❇️", eight_spoked_asterisk: "✳️",
  radio_button: "🔘", negative_squared_cross_mark: "❎", o: "⭕", heavy_large_circle: "⭕", arrows_clockwise: "🔃",
  soon: "🔜", top: "🔝", end: "🔚", back: "🔙", timer_clock: "⏲️", mantelpiece_clock: "🕰️", desert_island: "🏝️",
  beach_with_umbrella: "🏖️", palm_tree: "🌴", airplane: "✈️", house: "🏠", office: "🏢", computer: "💻",
  keyboard: "⌨️", iphone: "📱", package: "📦", moneybag: "💰", chart_with_downwards_trend: "📉",
  heavy_exclamation_mark: "❗", sos: "🆘", ok: "🆗", cool: "🆒", free: "🆓", up: "🆙", 100: "💯", zap: "⚡",
  boom: "💥", dizzy: "💫", herb: "🌿", four_leaf_clover: "🍀", maple_leaf: "🍁", sunflower: "🌻", rose: "🌹",
  tulip: "🌷", cake: "🍰", birthday: "🎂", tea: "🍵", clinking_glasses: "🥂", people_holding_hands: "🧑‍🤝‍🧑",
  chart: "💹",
  raised_hand_with_fingers_splayed: "🖐️", heart_eyes: "😍", joy: "😂", cry: "😢", sob: "😭",
  rage: "😡", scream: "😱", flushed: "😳", sunglasses: "😎", innocent: "😇", zipper_mouth_face: "🤐",
  shushing_face: "🤫", speaker: "🔈", mute: "🔇", bellhop_bell: "🛎️", mailbox_with_mail: "📬",
  mailbox_closed: "📪", scissors: "✂️", paperclip: "📎", straight_ruler: "📏",
  triangular_ruler: "📐", hammer: "🔨", nut_and_bolt: "🔩", shield: "🛡️", bow: "🙇",
  double_vertical_bar: "⏸️", incoming_envelope: "📨", sweat: "😓", weary: "😩", tired_face: "😫", yawning_face: "🥱", sleepy: "😪",
};

export function emoji(name) {
  return Object.prototype.hasOwnProperty.call(EMOJI, name) ? EMOJI[name] : null;
}

// decode turns Slack's three escapes back into characters, for display.
export function decode(s) {
  return s.replace(/&(lt|gt|amp);/g, (_, e) => ({ lt: "<", gt: ">", amp: "&" })[e]);
}

function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

// withEmoji turns :shortcodes: in plain text into emoji, as text.
export function withEmoji(s) {
  return s.replace(/:([a-z0-9_+\-']+):/g, (m, name) => emoji(name) ?? m);
}

// renderPlain renders a plain_text object's text.
export function renderPlain(text, emojiOn = true) {
  const s = decode(text ?? "");
  return document.createTextNode(emojiOn ? withEmoji(s) : s);
}

// renderText renders a text object (plain_text or mrkdwn).
export function renderText(obj, ctx) {
  if (!obj) return document.createTextNode("");
  if (obj.type === "mrkdwn") {
    if (obj.verbatim) return renderMrkdwn(obj.text ?? "", ctx, { verbatim: true });
    return renderMrkdwn(obj.text ?? "", ctx);
  }
  return renderPlain(obj.text, obj.emoji !== false);
}

// textOf is a text object's text for places that take a string (titles,
// option labels), with escapes decoded and emoji shown.
export function textOf(obj) {
  if (!obj) return "";
  if (typeof obj === "string") return withEmoji(decode(obj));
  return withEmoji(decode(obj.text ?? ""));
}

// renderMrkdwn renders Slack mrkdwn into a DocumentFragment.
export function renderMrkdwn(text, ctx, opts = {}) {
  const frag = document.createDocumentFragment();
  const parts = splitCodeBlocks(text ?? "");
  for (const part of parts) {
    if (part.code) {
      const pre = el("pre", "md-pre");
      pre.append(...inline(part.text, ctx, { literal: true }));
      frag.append(pre);
      continue;
    }
    const lines = part.text.split("\n");
    let quote = null;
    let needBreak = false;
    for (const line of lines) {
      const q = /^(?:>|&gt;)[ \t]?(.*)$/.exec(line);
      if (q && !opts.verbatim) {
        if (!quote) {
          quote = el("blockquote", "md-quote");
          frag.append(quote);
        } else {
          quote.append(el("br"));
        }
        quote.append(...inline(q[1], ctx, opts));
        needBreak = false;
        continue;
      }
      if (quote) {
        quote = null;
        needBreak = false;
      }
      if (needBreak) frag.append(el("br"));
      frag.append(...inline(line, ctx, opts));
      needBreak = true;
    }
  }
  return frag;
}

// splitCodeBlocks cuts ```preformatted``` parts out of text.
function splitCodeBlocks(text) {
  const out = [];
  let i = 0;
  while (i < text.length) {
    const start = text.indexOf("```", i);
    if (start < 0) break;
    const end = text.indexOf("```", start + 3);
    if (end < 0) break;
    if (start > i) out.push({ code: false, text: text.slice(i, start).replace(/\n$/, "") });
    out.push({ code: true, text: text.slice(start + 3, end).replace(/^\n/, "") });
    i = end + 3;
    if (text[i] === "\n") i++;
  }
  if (i < text.length || out.length === 0) out.push({ code: false, text: text.slice(i) });
  return out;
}

const isWordChar = (c) => c !== undefined && /[\p{L}\p{N}]/u.test(c);
const isSpace = (c) => c === undefined || /\s/.test(c);

// closing finds the closing marker of a *bold*, _italic_ or ~strike~ span
// that opens at i, or -1.
function closing(s, i, mark) {
  if (isSpace(s[i + 1]) || s[i + 1] === mark) return -1;
  for (let j = i + 2; j < s.length; j++) {
    if (s[j] === mark && !isSpace(s[j - 1]) && !isWordChar(s[j + 1])) return j;
  }
  return -1;
}

// inline renders one line of mrkdwn (no newlines) into nodes.
function inline(s, ctx, opts = {}) {
  const out = [];
  let buf = "";
  const flush = () => {
    if (buf) out.push(document.createTextNode(decode(buf)));
    buf = "";
  };
  let i = 0;
  while (i < s.length) {
    const c = s[i];
    if (c === "<") {
      const j = s.indexOf(">", i + 1);
      if (j > i + 1) {
        const node = angle(s.slice(i + 1, j), ctx);
        if (node) {
          flush();
          out.push(node);
          i = j + 1;
          continue;
        }
      }
    }
    if (!opts.literal && !opts.verbatim) {
      if (c === "`") {
        const j = s.indexOf("`", i + 1);
        if (j > i + 1) {
          flush();
          const code = el("code", "md-code");
          code.append(...inline(s.slice(i + 1, j), ctx, { literal: true }));
          out.push(code);
          i = j + 1;
          continue;
        }
      }
      if ((c === "*" || c === "_" || c === "~") && !isWordChar(s[i - 1])) {
        const j = closing(s, i, c);
        if (j > 0) {
          flush();
          const tag = c === "*" ? "strong" : c === "_" ? "em" : "del";
          const node = el(tag);
          node.append(...inline(s.slice(i + 1, j), ctx, opts));
          out.push(node);
          i = j + 1;
          continue;
        }
      }
      if (c === ":") {
        const m = /^:([a-z0-9_+\-']+):/.exec(s.slice(i));
        if (m && emoji(m[1])) {
          flush();
          const e = el("span", "emoji", emoji(m[1]));
          e.title = m[0];
          out.push(e);
          i += m[0].length;
          continue;
        }
      }
    }
    buf += c;
    i++;
  }
  flush();
  return out;
}

const SAFE_URL = /^(https?:|mailto:)/i;

// angle renders what Slack writes in angle brackets: mentions, channels,
// special mentions, dates and links. It returns null for anything else.
function angle(tok, ctx) {
  const bar = tok.indexOf("|");
  const target = bar >= 0 ? tok.slice(0, bar) : tok;
  const label = bar >= 0 ? tok.slice(bar + 1) : "";
  if (target.startsWith("@")) {
    const id = target.slice(1);
    const u = ctx.users?.get(id);
    const name = u ? u.name : decode(label) || id;
    const span = el("span", "mention" + (id === ctx.me ? " mention-me" : ""), "@" + name);
    if (u) span.title = u.realName || u.name;
    return span;
  }
  if (target.startsWith("#")) {
    const id = target.slice(1);
    const name = ctx.channels?.get(id) ?? (decode(label) || id);
    return el("span", "mention channel-mention", "#" + name);
  }
  if (target.startsWith("!")) {
    if (target.startsWith("!date^")) return dateToken(target, label, ctx);
    const special = target.slice(1);
    if (special === "here" || special === "channel" || special === "everyone") {
      return el("span", "mention mention-special", "@" + special);
    }
    if (special.startsWith("subteam^")) {
      return el("span", "mention", decode(label) || "@group");
    }
    return document.createTextNode(decode(label || special));
  }
  if (!target || /\s/.test(target)) return null;
  const href = decode(target);
  const text = decode(label) || href.replace(/^mailto:/i, "");
  if (!SAFE_URL.test(href)) return document.createTextNode(text);
  const a = el("a", "md-link", text);
  a.href = href;
  a.target = "_blank";
  a.rel = "noopener noreferrer";
  return a;
}

// dateToken renders <!date^unix^format^link|fallback> in the viewer's zone.
function dateToken(target, fallback, ctx) {
  const parts = target.split("^");
  const unix = Number(parts[1]);
  const format = parts[2] ?? "";
  const link = parts[3] ?? "";
  if (!Number.isFinite(unix) || !format) return document.createTextNode(decode(fallback));
  const text = decode(formatSlackDate(unix * 1000, decode(format), ctx));
  const node = el(link && SAFE_URL.test(decode(link)) ? "a" : "span", "md-date", text);
  node.dataset.unix = String(unix);
  if (node.tagName === "A") {
    node.href = decode(link);
    node.target = "_blank";
    node.rel = "noopener noreferrer";
  }
  node.title = (fallback ? decode(fallback) + " · " : "") + "shown in " + (ctx.tz || "UTC");
  return node;
}

const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
const DAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
const partsCache = new Map();

// zoneParts is the calendar date and wall time of ms in zone tz.
export function zoneParts(ms, tz) {
  const key = tz || "UTC";
  let f = partsCache.get(key);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat("en-US", {
        timeZone: key, hourCycle: "h23", year: "numeric", month: "numeric", day: "numeric",
        hour: "numeric", minute: "numeric", second: "numeric", weekday: "short",
      });
    } catch {
      f = new Intl.DateTimeFormat("en-US", {
        timeZone: "UTC", hourCycle: "h23", year: "numeric", month: "numeric", day: "numeric",
        hour: "numeric", minute: "numeric", second: "numeric", weekday: "short",
      });
    }
    partsCache.set(key, f);
  }
  const p = {};
  for (const { type, value } of f.formatToParts(new Date(ms))) p[type] = value;
  const wd = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"].indexOf(p.weekday);
  return { year: +p.year, month: +p.month, day: +p.day, hour: +p.hour % 24, minute: +p.minute, second: +p.second, weekday: wd };
}

// uses12h: people in the Americas see 12-hour times, everyone else 24-hour,
// as their Slack locale would usually have it.
export function uses12h(tz) {
  return /^(America|US|Canada|Pacific\/Honolulu)/.test(tz || "");
}

const pad = (n) => String(n).padStart(2, "0");

export function ordinal(n) {
  const s = ["th", "st", "nd", "rd"];
  const v = n % 100;
  return n + (s[(v - 20) % 10] || s[v] || s[0]);
}

export function formatTime(ms, tz, secs = false) {
  const p = zoneParts(ms, tz);
  if (uses12h(tz)) {
    const h = p.hour % 12 || 12;
    return `${h}:${pad(p.minute)}${secs ? ":" + pad(p.second) : ""} ${p.hour < 12 ? "AM" : "PM"}`;
  }
  return `${pad(p.hour)}:${pad(p.minute)}${secs ? ":" + pad(p.second) : ""}`;
}

// dayDiff is how many calendar days (in tz) the day of ms is after the day
// of now.
export function dayDiff(ms, now, tz) {
  const a = zoneParts(ms, tz);
  const b = zoneParts(now, tz);
  return Math.round((Date.UTC(a.year, a.month - 1, a.day) - Date.UTC(b.year, b.month - 1, b.day)) / 86400000);
}

export function longDate(ms, tz) {
  const p = zoneParts(ms, tz);
  return `${DAYS[p.weekday]}, ${MONTHS[p.month - 1]} ${ordinal(p.day)}, ${p.year}`;
}

export function shortDate(ms, tz) {
  const p = zoneParts(ms, tz);
  return `${DAYS[p.weekday].slice(0, 3)}, ${MONTHS[p.month - 1].slice(0, 3)} ${p.day}, ${p.year}`;
}

function ago(ms, now) {
  const d = Math.round((now - ms) / 1000);
  const abs = Math.abs(d);
  let n, unit;
  if (abs < 45) return d >= 0 ? "just now" : "in a few seconds";
  if (abs < 3600) [n, unit] = [Math.round(abs / 60), "minute"];
  else if (abs < 86400) [n, unit] = [Math.round(abs / 3600), "hour"];
  else if (abs < 86400 * 30) [n, unit] = [Math.round(abs / 86400), "day"];
  else if (abs < 86400 * 365) [n, unit] = [Math.round(abs / (86400 * 30)), "month"];
  else [n, unit] = [Math.round(abs / (86400 * 365)), "year"];
  const s = `${n} ${unit}${n === 1 ? "" : "s"}`;
  return d >= 0 ? `${s} ago` : `in ${s}`;
}

// formatSlackDate fills in the tokens of a <!date> format string.
export function formatSlackDate(ms, format, ctx) {
  const tz = ctx.tz || "UTC";
  const now = ctx.now ?? Date.now();
  const p = zoneParts(ms, tz);
  const month = MONTHS[p.month - 1];
  const date = `${month} ${ordinal(p.day)}, ${p.year}`;
  const dateShort = `${month.slice(0, 3)} ${p.day}, ${p.year}`;
  const dateLong = `${DAYS[p.weekday]}, ${date}`;
  const pretty = (fallback) => {
    const d = dayDiff(ms, now, tz);
    if (d === 0) return "today";
    if (d === -1) return "yesterday";
    if (d === 1) return "tomorrow";
    return fallback;
  };
  const values = {
    date_num: `${p.year}-${pad(p.month)}-${pad(p.day)}`,
    date_slash: `${pad(p.month)}/${pad(p.day)}/${p.year}`,
    date,
    date_short: dateShort,
    date_long: dateLong,
    date_pretty: pretty(date),
    date_short_pretty: pretty(dateShort),
    date_long_pretty: pretty(dateLong),
    time: formatTime(ms, tz),
    time_secs: formatTime(ms, tz, true),
    ago: ago(ms, now),
  };
  let out = format.replace(/\{([a-z_]+)\}/g, (m, k) => values[k] ?? m);
  // "today at 3 PM" at the very start reads better capitalised, as Slack shows it.
  out = out.replace(/^(today|yesterday|tomorrow)/, (w) => w[0].toUpperCase() + w.slice(1));
  return out;
}
