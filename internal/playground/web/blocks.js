// Block Kit, rendered into DOM nodes for messages, modals and the App Home.
//
// env: {
//   ctx,                 mrkdwn context (see mrkdwn.js)
//   surface,             "message", "modal" or "home"
//   state,               view.state.values of a view (null for messages)
//   local,               {blockId: {actionId: value}} what the person typed or
//                        picked in input blocks and has not submitted yet
//   errors,              {blockId: message} field errors of a modal
//   people,              [{id, name, realName}] for users_select
//   channels,            [{id, name}] for conversations/channels selects
//   act(el, block, value, kind)  an action Slack sends at once (block_actions)
//   keep(blockId, actionId, value)  a change Slack keeps until submission
// }

import { renderText, renderMrkdwn, renderPlain, textOf } from "./mrkdwn.js";

let uid = 0;

function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

export function renderBlocks(blocks, env) {
  const root = el("div", "blocks");
  for (const block of blocks ?? []) {
    try {
      const node = renderBlock(block, env);
      if (node) root.append(node);
    } catch (err) {
      root.append(el("div", "b-unsupported", `Could not show a ${block?.type} block: ${err.message}`));
    }
  }
  return root;
}

function renderBlock(b, env) {
  switch (b.type) {
    case "section":
      return section(b, env);
    case "header": {
      const h = el("div", "b-header");
      h.append(renderPlain(b.text?.text, b.text?.emoji !== false));
      return h;
    }
    case "divider":
      return el("hr", "b-divider");
    case "context": {
      const c = el("div", "b-context");
      for (const item of b.elements ?? []) {
        if (item.type === "image") {
          c.append(imagePlaceholder(item, true));
        } else {
          const span = el("span", "b-context-item");
          span.append(renderText(item, env.ctx));
          c.append(span);
        }
      }
      return c;
    }
    case "actions": {
      const row = el("div", "b-actions");
      for (const item of b.elements ?? []) row.append(element(item, b, false, env));
      return row;
    }
    case "input":
      return input(b, env);
    case "image": {
      const fig = el("figure", "b-image");
      if (b.title) fig.append(el("figcaption", "", textOf(b.title)));
      fig.append(imagePlaceholder(b, false));
      return fig;
    }
    case "rich_text":
      return richText(b, env);
    case "file":
      return el("div", "b-unsupported", "📄 A file (not shown in the playground)");
    case "video":
      return el("div", "b-unsupported", "🎬 " + (textOf(b.title) || "A video") + " (not played in the playground)");
    default:
      return el("div", "b-unsupported", `Unsupported block type: ${b.type}`);
  }
}

function section(b, env) {
  const s = el("div", "b-section");
  const main = el("div", "b-section-main");
  if (b.text) {
    const t = el("div", "b-text");
    t.append(renderText(b.text, env.ctx));
    main.append(t);
  }
  if (b.fields?.length) {
    const grid = el("div", "b-fields");
    for (const f of b.fields) {
      const cell = el("div", "b-field");
      cell.append(renderText(f, env.ctx));
      grid.append(cell);
    }
    main.append(grid);
  }
  s.append(main);
  if (b.accessory) {
    const acc = el("div", "b-accessory");
    acc.append(b.accessory.type === "image" ? imagePlaceholder(b.accessory, false) : element(b.accessory, b, false, env));
    s.append(acc);
  }
  return s;
}

// Images are never loaded (the playground uses no network): their alt
// text stands in.
function imagePlaceholder(img, small) {
  const span = el("span", small ? "b-img b-img-small" : "b-img", "🖼 " + (img.alt_text || "image"));
  span.title = img.image_url || "";
  return span;
}

function input(b, env) {
  const wrap = el("div", "b-input");
  if (b.block_id) wrap.dataset.blockId = b.block_id;
  const id = "in" + ++uid;
  const label = el("label", "b-label");
  label.htmlFor = id;
  label.append(renderPlain(b.label?.text, b.label?.emoji !== false));
  if (b.optional) label.append(el("span", "b-optional", " (optional)"));
  wrap.append(label);
  const control = element(b.element ?? {}, b, true, env, id);
  wrap.append(control);
  if (b.hint) {
    const hint = el("div", "b-hint");
    hint.append(renderPlain(b.hint.text, b.hint.emoji !== false));
    wrap.append(hint);
  }
  const err = env.errors?.[b.block_id];
  if (err) {
    wrap.classList.add("has-error");
    const e = el("div", "b-error");
    e.append(document.createTextNode("⚠ "), renderPlain(err, true));
    e.setAttribute("role", "alert");
    wrap.append(e);
  }
  return wrap;
}

// valueFromState reads a state value object (view.state.values) into what
// the controls hold: a string, a list of strings, or null.
export function valueFromState(sv) {
  if (!sv) return null;
  for (const k of ["value", "selected_date", "selected_time", "selected_user", "selected_conversation", "selected_channel"]) {
    if (k in sv) return sv[k] ?? null;
  }
  if ("selected_date_time" in sv) return sv.selected_date_time == null ? null : String(sv.selected_date_time);
  if ("selected_option" in sv) return sv.selected_option?.value ?? null;
  if ("selected_options" in sv) return (sv.selected_options ?? []).map((o) => o.value);
  for (const k of ["selected_users", "selected_conversations", "selected_channels"]) {
    if (k in sv) return sv[k] ?? [];
  }
  if ("rich_text_value" in sv) return richToString(sv.rich_text_value);
  return null;
}

function richToString(rt) {
  const out = [];
  const walk = (n) => {
    if (!n) return;
    if (typeof n.text === "string") out.push(n.text);
    for (const c of n.elements ?? []) walk(c);
  };
  walk(rt);
  return out.join("");
}

function valueFromInitial(e) {
  switch (e.type) {
    case "plain_text_input":
    case "email_text_input":
    case "url_text_input":
    case "number_input":
      return e.initial_value ?? null;
    case "rich_text_input":
      return e.initial_value ? richToString(e.initial_value) : null;
    case "datepicker":
      return e.initial_date ?? null;
    case "timepicker":
      return e.initial_time ?? null;
    case "datetimepicker":
      return e.initial_date_time != null ? String(e.initial_date_time) : null;
    case "static_select":
    case "external_select":
    case "radio_buttons":
      return e.initial_option?.value ?? null;
    case "multi_static_select":
    case "multi_external_select":
    case "checkboxes":
      return (e.initial_options ?? []).map((o) => o.value);
    case "users_select":
      return e.initial_user ?? null;
    case "multi_users_select":
      return e.initial_users ?? [];
    case "conversations_select":
      return e.initial_conversation ?? null;
    case "multi_conversations_select":
      return e.initial_conversations ?? [];
    case "channels_select":
      return e.initial_channel ?? null;
    case "multi_channels_select":
      return e.initial_channels ?? [];
  }
  return null;
}

// currentValue is what an element shows: the person's unsent change, else
// the view's state, else its initial value.
export function currentValue(e, b, env) {
  const local = env.local?.[b.block_id]?.[e.action_id];
  if (local !== undefined) return local;
  const sv = env.state?.[b.block_id]?.[e.action_id];
  if (sv) return valueFromState(sv);
  return valueFromInitial(e);
}

function element(e, b, inInput, env, id) {
  // Inside an input block, Slack keeps changes in the view until the
  // person submits, unless the block asks for dispatch_action.
  const immediate = !inInput || b.dispatch_action === true;
  const keepOnly = (value) => {
    if (inInput) env.keep?.(b.block_id, e.action_id, value);
  };
  const changed = (value) => {
    keepOnly(value);
    if (immediate) env.act?.(e, b, value, "select");
  };
  changed.keepOnly = keepOnly;
  const value = currentValue(e, b, env);
  switch (e.type) {
    case "button":
      return button(e, b, env);
    case "static_select":
    case "external_select":
    case "multi_static_select":
    case "multi_external_select":
      return select(e, value, changed, id, e.type.startsWith("multi_"));
    case "overflow":
      return overflow(e, b, env);
    case "users_select":
    case "multi_users_select": {
      const opts = (env.people ?? []).map((u) => ({ value: u.id, label: u.realName ? `${u.realName} (@${u.name})` : "@" + u.name }));
      return select({ ...e, options: null }, value, changed, id, e.type.startsWith("multi_"), opts);
    }
    case "conversations_select":
    case "multi_conversations_select":
    case "channels_select":
    case "multi_channels_select": {
      const opts = (env.channels ?? []).map((c) => ({ value: c.id, label: "#" + c.name }));
      return select({ ...e, options: null }, value, changed, id, e.type.startsWith("multi_"), opts);
    }
    case "datepicker":
      return simpleInput("date", e, value, changed, id);
    case "timepicker":
      return simpleInput("time", e, value, changed, id);
    case "datetimepicker":
      return dateTime(e, value, changed, id, env);
    case "plain_text_input":
    case "rich_text_input":
      if (e.multiline || e.type === "rich_text_input") return textarea(e, value, changed, id, immediate);
      return simpleInput("text", e, value, changed, id, immediate);
    case "email_text_input":
      return simpleInput("email", e, value, changed, id, immediate);
    case "url_text_input":
      return simpleInput("url", e, value, changed, id, immediate);
    case "number_input":
      return simpleInput("number", e, value, changed, id, immediate);
    case "checkboxes":
    case "radio_buttons":
      return choices(e, value, changed, env, e.type === "checkboxes");
    case "image":
      return imagePlaceholder(e, false);
    default:
      return el("span", "b-unsupported", `Unsupported element: ${e.type}`);
  }
}

function button(e, b, env) {
  const btn = el("button", "btn" + (e.style === "primary" ? " btn-primary" : e.style === "danger" ? " btn-danger" : ""));
  btn.type = "button";
  if (e.action_id) btn.dataset.actionId = e.action_id;
  btn.append(renderPlain(e.text?.text, e.text?.emoji !== false));
  if (e.url) btn.title = "Opens " + e.url + " (not followed in the playground)";
  btn.addEventListener("click", async () => {
    if (e.confirm && !(await confirmDialog(e.confirm, env.ctx))) return;
    env.act?.(e, b, e.value ?? "", "button", btn);
  });
  return btn;
}

function optionLabel(o) {
  return textOf(o.text) + (o.description ? " — " + textOf(o.description) : "");
}

function select(e, value, changed, id, multi, given) {
  const s = el("select", "b-select");
  if (id) s.id = id;
  s.multiple = multi;
  if (multi) s.size = Math.min(6, Math.max(3, (given ?? e.options ?? []).length));
  if (!multi) {
    const ph = el("option", "", e.placeholder ? textOf(e.placeholder) : "Select an item");
    ph.value = "";
    s.append(ph);
  }
  const chosen = new Set(Array.isArray(value) ? value : value == null ? [] : [value]);
  const add = (parent, o) => {
    const opt = el("option", "", o.label ?? optionLabel(o));
    opt.value = o.value;
    opt.selected = chosen.has(o.value);
    parent.append(opt);
  };
  if (given) given.forEach((o) => add(s, o));
  for (const o of e.options ?? []) add(s, o);
  for (const g of e.option_groups ?? []) {
    const og = el("optgroup");
    og.label = textOf(g.label);
    for (const o of g.options ?? []) add(og, o);
    s.append(og);
  }
  if (!multi && chosen.size === 0) s.value = "";
  s.addEventListener("change", () => {
    if (multi) changed([...s.selectedOptions].map((o) => o.value));
    else changed(s.value === "" ? null : s.value);
  });
  if (multi) s.title = "Hold Ctrl (⌘ on a Mac) to pick several";
  return s;
}

function overflow(e, b, env) {
  const s = el("select", "b-overflow");
  s.title = "More actions";
  const first = el("option", "", "⋯");
  first.value = "";
  s.append(first);
  for (const o of e.options ?? []) {
    const opt = el("option", "", textOf(o.text));
    opt.value = o.value;
    s.append(opt);
  }
  s.addEventListener("change", async () => {
    const v = s.value;
    s.value = "";
    if (!v) return;
    if (e.confirm && !(await confirmDialog(e.confirm, env.ctx))) return;
    env.act?.(e, b, v, "select");
  });
  return s;
}

function simpleInput(type, e, value, changed, id, immediate) {
  const i = el("input", "b-text-input");
  i.type = type;
  if (id) i.id = id;
  if (value != null) i.value = value;
  if (e.placeholder) i.placeholder = textOf(e.placeholder);
  if (e.max_length) i.maxLength = e.max_length;
  if (e.min_length) i.minLength = e.min_length;
  if (type === "number") {
    if (e.min_value != null) i.min = e.min_value;
    if (e.max_value != null) i.max = e.max_value;
    i.step = e.is_decimal_allowed ? "any" : "1";
  }
  if (type === "date" || type === "time") {
    i.addEventListener("change", () => changed(i.value || null));
  } else if (immediate) {
    // A text input with dispatch_action sends when the person presses Enter.
    i.addEventListener("input", () => changed.keepOnly(i.value));
    i.addEventListener("keydown", (ev) => {
      if (ev.key === "Enter") {
        ev.preventDefault();
        changed(i.value);
      }
    });
  } else {
    i.addEventListener("input", () => changed(i.value));
  }
  return i;
}

function textarea(e, value, changed, id, immediate) {
  const t = el("textarea", "b-textarea");
  if (id) t.id = id;
  t.rows = 4;
  if (value != null) t.value = value;
  if (e.placeholder) t.placeholder = textOf(e.placeholder);
  if (e.max_length) t.maxLength = e.max_length;
  if (immediate) t.addEventListener("change", () => changed(t.value));
  else t.addEventListener("input", () => changed(t.value));
  return t;
}

function dateTime(e, value, changed, id) {
  const i = el("input", "b-text-input");
  i.type = "datetime-local";
  if (id) i.id = id;
  if (value != null) i.value = new Date(Number(value) * 1000).toISOString().slice(0, 16);
  i.title = "UTC";
  i.addEventListener("change", () => changed(i.value ? String(Math.floor(Date.parse(i.value + ":00Z") / 1000)) : null));
  return i;
}

function choices(e, value, changed, env, multi) {
  const box = el("div", "b-choices");
  const name = "c" + ++uid;
  const chosen = new Set(Array.isArray(value) ? value : value == null ? [] : [value]);
  const inputs = [];
  for (const o of e.options ?? []) {
    const row = el("label", "b-choice");
    const i = el("input");
    i.type = multi ? "checkbox" : "radio";
    i.name = name;
    i.value = o.value;
    i.checked = chosen.has(o.value);
    inputs.push(i);
    const text = el("span", "b-choice-text");
    text.append(o.text?.type === "mrkdwn" ? renderMrkdwn(o.text.text, env.ctx) : renderPlain(o.text?.text));
    if (o.description) {
      const d = el("span", "b-choice-desc");
      d.append(o.description.type === "mrkdwn" ? renderMrkdwn(o.description.text, env.ctx) : renderPlain(o.description.text));
      text.append(d);
    }
    row.append(i, text);
    box.append(row);
    i.addEventListener("change", () => {
      if (multi) changed(inputs.filter((x) => x.checked).map((x) => x.value));
      else changed(i.value);
    });
  }
  return box;
}

function richText(b, env) {
  const root = el("div", "b-rich");
  const inlineEls = (els) => {
    const frag = document.createDocumentFragment();
    for (const x of els ?? []) {
      let node;
      switch (x.type) {
        case "text":
          node = document.createTextNode(x.text ?? "");
          break;
        case "link":
          node = el("a", "md-link", x.text || x.url);
          if (/^(https?:|mailto:)/i.test(x.url ?? "")) {
            node.href = x.url;
            node.target = "_blank";
            node.rel = "noopener noreferrer";
          }
          break;
        case "user": {
          const u = env.ctx.users?.get(x.user_id);
          node = el("span", "mention", "@" + (u?.name ?? x.user_id));
          break;
        }
        case "channel":
          node = el("span", "mention", "#" + (env.ctx.channels?.get(x.channel_id) ?? x.channel_id));
          break;
        case "emoji":
          node = document.createTextNode(x.unicode ? String.fromCodePoint(...x.unicode.split("-").map((h) => parseInt(h, 16))) : `:${x.name}:`);
          break;
        case "broadcast":
          node = el("span", "mention mention-special", "@" + x.range);
          break;
        default:
          node = document.createTextNode(x.text ?? "");
      }
      if (x.style && node.nodeType === Node.TEXT_NODE) {
        let wrapped = node;
        if (x.style.code) wrapped = wrap("code", wrapped, "md-code");
        if (x.style.bold) wrapped = wrap("strong", wrapped);
        if (x.style.italic) wrapped = wrap("em", wrapped);
        if (x.style.strike) wrapped = wrap("del", wrapped);
        node = wrapped;
      }
      frag.append(node);
    }
    return frag;
  };
  const wrap = (tag, child, cls) => {
    const w = el(tag, cls);
    w.append(child);
    return w;
  };
  for (const part of b.elements ?? []) {
    switch (part.type) {
      case "rich_text_section": {
        const p = el("div");
        p.append(inlineEls(part.elements));
        root.append(p);
        break;
      }
      case "rich_text_quote": {
        const q = el("blockquote", "md-quote");
        q.append(inlineEls(part.elements));
        root.append(q);
        break;
      }
      case "rich_text_preformatted": {
        const pre = el("pre", "md-pre");
        pre.append(inlineEls(part.elements));
        root.append(pre);
        break;
      }
      case "rich_text_list": {
        const list = el(part.style === "ordered" ? "ol" : "ul");
        for (const item of part.elements ?? []) {
          const li = el("li");
          li.append(inlineEls(item.elements));
          list.append(li);
        }
        root.append(list);
        break;
      }
    }
  }
  return root;
}

// confirmDialog asks as Slack's confirmation dialog does; resolves true
// when the person confirms.
export function confirmDialog(c, ctx) {
  return new Promise((resolve) => {
    const back = el("div", "modal-backdrop confirm-backdrop");
    const box = el("div", "modal confirm");
    box.setAttribute("role", "alertdialog");
    box.setAttribute("aria-modal", "true");
    const head = el("div", "modal-head");
    head.append(el("div", "modal-title", textOf(c.title) || "Are you sure?"));
    const body = el("div", "modal-body");
    body.append(renderText(c.text ?? { type: "plain_text", text: "" }, ctx));
    const foot = el("div", "modal-foot");
    const deny = el("button", "btn", textOf(c.deny) || "Cancel");
    deny.type = "button";
    const ok = el("button", "btn " + (c.style === "danger" ? "btn-danger" : "btn-primary"), textOf(c.confirm) || "Yes");
    ok.type = "button";
    foot.append(deny, ok);
    box.append(head, body, foot);
    back.append(box);
    // What is behind the dialog is out of the keyboard's reach until it
    // is answered; then the focus goes back to what asked (a button).
    const opener = document.activeElement;
    const app = document.getElementById("app");
    const wasInert = app?.inert ?? false;
    if (app) app.inert = true;
    const done = (v) => {
      back.remove();
      document.removeEventListener("keydown", onKey, true);
      if (app) app.inert = wasInert;
      if (opener?.isConnected && opener !== document.body) opener.focus();
      resolve(v);
    };
    const onKey = (ev) => {
      if (ev.key === "Escape") {
        ev.stopPropagation();
        done(false);
      }
    };
    document.addEventListener("keydown", onKey, true);
    deny.addEventListener("click", () => done(false));
    ok.addEventListener("click", () => done(true));
    back.addEventListener("click", (ev) => {
      if (ev.target === back) done(false);
    });
    document.body.append(back);
    ok.focus();
  });
}

// requiredMissing lists the input blocks of a view that are required and
// have no value, as Slack's client checks before it submits.
export function requiredMissing(blocks, env) {
  const out = [];
  for (const b of blocks ?? []) {
    if (b.type !== "input" || b.optional || !b.element) continue;
    const v = currentValue(b.element, b, env);
    const empty = v == null || v === "" || (Array.isArray(v) && v.length === 0);
    if (empty) out.push(b.block_id);
  }
  return out;
}
