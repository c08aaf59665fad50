// Tandem web chat: plain JS, no build step. Talks to the http channel of the host that serves it:
// POST v1/chats/{chat}/messages to send, GET v1/chats/{chat}/events (Server-Sent Events) for the
// agent's replies, POST v1/chats/{chat}/actions for button clicks.
//
// Resume without loss or duplicates: every stored event carries its cursor as the SSE id. The
// browser's EventSource sends the last id back (Last-Event-ID) when it reconnects, and when it
// gives up (the host answered with an error) the page reconnects itself with ?after=<last cursor>.
// Events at or below the last cursor are ignored, so a repeat can never show twice.
//
// The bearer token (if the host has one) is asked once and kept in sessionStorage. EventSource
// cannot send headers, so the stream (and file links) carry it as ?access_token=; fetch calls
// send the Authorization header.
(() => {
  'use strict';

  const store = window.sessionStorage;
  const KEY = {
    chat: 'tandem.chat', name: 'tandem.name', user: 'tandem.user', token: 'tandem.token',
    sent: (chat) => 'tandem.sent.' + chat, answered: (chat) => 'tandem.answered.' + chat,
  };
  const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
  const RECONNECT_MS = 2000;
  // The host repeats `typing` on:true every 5 s while a batch runs (TypingIndicator) and sends
  // on:false when it ends; typing also hides on the next agent message (and shows again with the
  // next repeat if the batch still runs). Three missed repeats mean the host went away: hide it.
  const TYPING_MAX_MS = 15000;

  const $ = (id) => document.getElementById(id);
  const ui = {
    setup: $('setup'), chatId: $('chat-id'), name: $('display-name'), chat: $('chat'),
    title: $('chat-title'), status: $('status'), switchChat: $('switch-chat'),
    transcript: $('transcript'), typing: $('typing'), composer: $('composer'), input: $('composer-input'),
    tokenDialog: $('token-dialog'), tokenForm: $('token-form'), tokenInput: $('token-input'),
  };

  const state = {
    chat: null, name: null, cursor: 0, source: null, retryTimer: null, typingTimer: null,
    rows: new Map(), // platform message id -> row element (agent messages by cursor, own posts by id)
  };

  // ---- small helpers -------------------------------------------------------------------------

  function randomId(bytes) {
    const a = new Uint8Array(bytes);
    crypto.getRandomValues(a);
    return Array.from(a, (b) => b.toString(16).padStart(2, '0')).join('');
  }

  function userId() {
    let id = store.getItem(KEY.user);
    if (!id) {
      id = 'web-' + randomId(6);
      store.setItem(KEY.user, id);
    }
    return id;
  }

  function readJson(key, fallback) {
    try {
      const v = JSON.parse(store.getItem(key));
      return v === null ? fallback : v;
    } catch (e) {
      return fallback;
    }
  }

  function token() {
    return store.getItem(KEY.token) || '';
  }

  function headers(json) {
    const h = {};
    if (json) h['content-type'] = 'application/json';
    if (token()) h.authorization = 'Bearer ' + token();
    return h;
  }

  function withToken(url) {
    if (!token()) return url;
    return url + (url.includes('?') ? '&' : '?') + 'access_token=' + encodeURIComponent(token());
  }

  function chatPath(rest) {
    return 'v1/chats/' + encodeURIComponent(state.chat) + rest;
  }

  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = text;
    return e;
  }

  function time(ts) {
    const d = ts ? new Date(ts) : new Date();
    return isNaN(d) ? '' : d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  }

  function setStatus(s, label) {
    ui.status.dataset.state = s;
    ui.status.textContent = label;
  }

  async function errorText(resp) {
    try {
      const body = await resp.json();
      if (body && body.error) return body.error.message || body.error.code;
    } catch (e) { /* not JSON */ }
    return 'HTTP ' + resp.status;
  }

  // ---- transcript ------------------------------------------------------------------------------

  // Rows are ordered by a numeric key: an agent event by its cursor, an own post by the cursor seen
  // when it was sent plus 0.5, so after a reload the replayed history interleaves as it happened.
  function place(row, key) {
    row.dataset.key = String(key);
    let after = null;
    for (let c = ui.transcript.lastElementChild; c; c = c.previousElementSibling) {
      if (Number(c.dataset.key) <= key) { after = c; break; }
    }
    if (after) after.after(row); else ui.transcript.prepend(row);
    const nearBottom = ui.transcript.scrollHeight - ui.transcript.scrollTop - ui.transcript.clientHeight < 160;
    if (nearBottom || row.classList.contains('me')) ui.transcript.scrollTop = ui.transcript.scrollHeight;
  }

  function bubble(who, name, ts) {
    const row = el('li', 'msg ' + who);
    const meta = el('div', 'meta');
    meta.append(el('span', 'who', name), el('span', 'when', time(ts)));
    const body = el('div', 'bubble');
    const text = el('div', 'text');
    body.append(text);
    row.append(meta, body, el('div', 'reactions'));
    return { row, body, text };
  }

  function showOwn(m) {
    const b = bubble('me', m.name || 'you', m.ts);
    b.row.dataset.id = m.id;
    b.text.textContent = m.text;
    const note = el('div', 'note');
    b.body.append(note);
    state.rows.set(m.id, b.row);
    place(b.row, m.after + 0.5);
    return { row: b.row, note };
  }

  function showAgent(ev) {
    const b = bubble('agent', ev.agent_group_id || 'agent', ev.timestamp);
    b.row.dataset.cursor = String(ev.cursor);
    b.row.dataset.type = ev.type;
    if (ev.text) b.text.textContent = ev.text;
    if (Array.isArray(ev.files) && ev.files.length) b.body.append(files(ev.files));
    if (ev.type === 'question') b.body.prepend(questionHead(ev));
    if (ev.type === 'card') b.body.prepend(cardHead(ev.card, ev.text));
    const buttons = choices(ev);
    if (buttons) b.body.append(buttons);
    state.rows.set(String(ev.platform_message_id || ev.cursor), b.row);
    place(b.row, ev.cursor);
  }

  function files(list) {
    const ul = el('ul', 'files');
    for (const f of list) {
      const li = el('li');
      const a = el('a', null, f.name);
      a.href = withToken(f.url);
      a.target = '_blank';
      a.rel = 'noopener';
      li.append(a);
      if (f.size !== undefined) li.append(el('span', 'size', ' ' + size(f.size)));
      ul.append(li);
    }
    return ul;
  }

  function size(n) {
    if (n < 1024) return n + ' B';
    if (n < 1024 * 1024) return (n / 1024).toFixed(1) + ' KiB';
    return (n / 1024 / 1024).toFixed(1) + ' MiB';
  }

  function questionHead(ev) {
    const head = el('div', 'head');
    if (ev.title) head.append(el('div', 'title', ev.title));
    if (ev.question && !ev.text) head.append(el('div', 'question', ev.question));
    return head;
  }

  function cardHead(card, fallback) {
    const head = el('div', 'head');
    if (card && typeof card === 'object') {
      if (typeof card.title === 'string') head.append(el('div', 'title', card.title));
      const body = typeof card.text === 'string' ? card.text : typeof card.body === 'string' ? card.body : null;
      if (body && body !== fallback) head.append(el('div', 'question', body));
    }
    return head;
  }

  // A question's options, or a card's buttons when the card names the question they answer.
  function choices(ev) {
    const card = ev.card && typeof ev.card === 'object' ? ev.card : {};
    const questionId = ev.question_id || card.question_id;
    const options = Array.isArray(ev.options) ? ev.options
      : Array.isArray(card.options) ? card.options : Array.isArray(card.buttons) ? card.buttons : null;
    if (!questionId || !options || !options.length) return null;
    const box = el('div', 'options');
    const note = el('div', 'note');
    const answered = readJson(KEY.answered(state.chat), {})[questionId];
    for (const o of options) {
      const label = typeof o === 'string' ? o : (o.label || o.value);
      const value = typeof o === 'string' ? o : (o.value !== undefined ? o.value : o.label);
      const btn = el('button', 'option', label);
      btn.type = 'button';
      btn.dataset.value = value;
      btn.addEventListener('click', () => answer(questionId, value, label, box, note));
      box.append(btn);
    }
    if (answered !== undefined) settle(box, note, answered, 'answered');
    const wrap = el('div', 'choices');
    wrap.append(box, note);
    return wrap;
  }

  function settle(box, note, value, text) {
    for (const b of box.querySelectorAll('button')) {
      b.disabled = true;
      if (b.dataset.value === String(value)) b.classList.add('chosen');
    }
    note.textContent = text;
  }

  async function answer(questionId, value, label, box, note) {
    for (const b of box.querySelectorAll('button')) b.disabled = true;
    note.textContent = 'sending…';
    try {
      const resp = await fetch(chatPath('/actions'), {
        method: 'POST', headers: headers(true),
        body: JSON.stringify({ question_id: questionId, value: value, user: { id: userId() } }),
      });
      if (resp.ok || resp.status === 409) {
        const answered = readJson(KEY.answered(state.chat), {});
        answered[questionId] = value;
        store.setItem(KEY.answered(state.chat), JSON.stringify(answered));
        settle(box, note, value, resp.ok ? 'you chose “' + label + '”' : 'already answered');
        return;
      }
      if (resp.status === 401) askToken();
      note.textContent = await errorText(resp);
      if (resp.status === 410 || resp.status === 404) return; // expired or gone: leave it closed
    } catch (e) {
      note.textContent = 'not sent: ' + e.message;
    }
    for (const b of box.querySelectorAll('button')) b.disabled = false;
  }

  function edit(ev) {
    const row = state.rows.get(String(ev.target_platform_message_id));
    if (!row) return;
    row.querySelector('.text').textContent = ev.text || '';
    row.classList.add('edited');
  }

  function react(ev) {
    const row = state.rows.get(String(ev.target_platform_message_id));
    if (!row || !ev.emoji) return;
    const box = row.querySelector('.reactions');
    let chip = Array.from(box.children).find((c) => c.dataset.emoji === ev.emoji);
    if (!chip) {
      chip = el('span', 'reaction');
      chip.dataset.emoji = ev.emoji;
      chip.dataset.count = '0';
      box.append(chip);
    }
    chip.dataset.count = String(Number(chip.dataset.count) + 1);
    chip.textContent = ev.emoji + (chip.dataset.count === '1' ? '' : ' ' + chip.dataset.count);
  }

  function typing(on) {
    clearTimeout(state.typingTimer);
    ui.typing.hidden = !on;
    if (on) state.typingTimer = setTimeout(() => { ui.typing.hidden = true; }, TYPING_MAX_MS);
  }

  // ---- the event stream ----------------------------------------------------------------------

  function onEvent(e) {
    let ev;
    try {
      ev = JSON.parse(e.data);
    } catch (err) {
      return;
    }
    const cursor = Number(ev.cursor || e.lastEventId);
    if (!(cursor > state.cursor)) return; // seen before (a resumed stream never repeats, but be sure)
    state.cursor = cursor;
    switch (ev.type) {
      case 'edit': edit(ev); break;
      case 'reaction': react(ev); break;
      default: typing(false); showAgent(ev);
    }
  }

  function connect() {
    disconnect();
    const source = new EventSource(withToken(chatPath('/events?after=' + state.cursor)));
    state.source = source;
    setStatus('connecting', 'connecting');
    for (const type of ['message', 'card', 'question', 'edit', 'reaction']) {
      source.addEventListener(type, onEvent);
    }
    source.addEventListener('typing', (e) => {
      try { typing(JSON.parse(e.data).on === true); } catch (err) { /* ignore */ }
    });
    source.onopen = () => setStatus('live', 'live');
    source.onerror = () => {
      if (state.source !== source) return;
      typing(false);
      if (source.readyState === EventSource.CLOSED) {
        // the host answered with an error (or a proxy did): find out why, then try again ourselves
        setStatus('offline', 'reconnecting');
        source.close();
        probe();
      } else {
        setStatus('connecting', 'reconnecting'); // EventSource retries with Last-Event-ID
      }
    };
  }

  function disconnect() {
    clearTimeout(state.retryTimer);
    if (state.source) state.source.close();
    state.source = null;
  }

  async function probe() {
    try {
      const resp = await fetch(chatPath('/messages?after=' + state.cursor + '&wait=0'), { headers: headers(false) });
      if (resp.status === 401) {
        setStatus('offline', 'token needed');
        askToken();
        return;
      }
    } catch (e) { /* host down: retry below */ }
    state.retryTimer = setTimeout(connect, RECONNECT_MS);
  }

  // ---- sending -------------------------------------------------------------------------------

  function remember(m) {
    const sent = readJson(KEY.sent(state.chat), []);
    const i = sent.findIndex((s) => s.id === m.id);
    if (i >= 0) sent[i] = m; else sent.push(m);
    store.setItem(KEY.sent(state.chat), JSON.stringify(sent.slice(-500)));
  }

  async function post(m, shown) {
    shown.row.classList.remove('failed');
    shown.note.textContent = 'sending…';
    try {
      const resp = await fetch(chatPath('/messages'), {
        method: 'POST', headers: headers(true),
        body: JSON.stringify({ id: m.id, sender: { id: userId(), name: state.name }, text: m.text }),
      });
      if (resp.ok) {
        const body = await resp.json();
        m.state = 'sent';
        shown.note.textContent = body.dropped ? 'not delivered: ' + body.dropped : '';
      } else {
        if (resp.status === 401) askToken();
        m.state = 'failed';
        fail(m, shown, await errorText(resp));
      }
    } catch (e) {
      m.state = 'failed';
      fail(m, shown, 'host unreachable');
    }
    remember(m);
  }

  // A failed post keeps its id: sending it again is idempotent on the host.
  function fail(m, shown, why) {
    shown.row.classList.add('failed');
    shown.note.textContent = 'not sent (' + why + ') — ';
    const retry = el('button', 'link', 'retry');
    retry.type = 'button';
    retry.addEventListener('click', () => post(m, shown));
    shown.note.append(retry);
  }

  function send() {
    const text = ui.input.value.trim();
    if (!text) return;
    ui.input.value = '';
    autosize();
    const m = { id: 'web-' + Date.now().toString(36) + '-' + randomId(4), text, name: state.name,
      after: state.cursor, ts: new Date().toISOString(), state: 'sending' };
    remember(m);
    post(m, showOwn(m));
  }

  function autosize() {
    ui.input.style.height = 'auto';
    const border = ui.input.offsetHeight - ui.input.clientHeight;
    const want = ui.input.scrollHeight + border;
    ui.input.style.height = Math.min(want, 200) + 'px';
    ui.input.style.overflowY = want > 200 ? 'auto' : 'hidden';
  }

  // ---- token, setup, start -------------------------------------------------------------------

  function askToken() {
    if (ui.tokenDialog.open) return;
    ui.tokenInput.value = '';
    ui.tokenDialog.showModal();
  }

  function openChat(chat, name) {
    disconnect();
    state.chat = chat;
    state.name = name;
    state.cursor = 0;
    state.rows.clear();
    ui.transcript.replaceChildren();
    typing(false);
    store.setItem(KEY.chat, chat);
    store.setItem(KEY.name, name);
    ui.setup.hidden = true;
    ui.chat.hidden = false;
    ui.title.hidden = false;
    ui.title.textContent = '# ' + chat + ' · ' + name;
    ui.switchChat.hidden = false;
    document.title = chat + ' · Tandem';
    for (const m of readJson(KEY.sent(chat), [])) {
      const shown = showOwn(m);
      if (m.state !== 'sent') fail(m, shown, 'the page was reloaded before the host answered');
    }
    connect();
    autosize();
    ui.input.focus();
  }

  ui.setup.addEventListener('submit', (e) => {
    e.preventDefault();
    const chat = ui.chatId.value.trim();
    const name = ui.name.value.trim();
    if (!ID_PATTERN.test(chat)) {
      ui.chatId.setCustomValidity('letters, digits, dot, dash, underscore; up to 128');
      ui.chatId.reportValidity();
      return;
    }
    ui.chatId.setCustomValidity('');
    if (name) openChat(chat, name);
  });

  ui.switchChat.addEventListener('click', () => {
    disconnect();
    setStatus('idle', 'offline');
    store.removeItem(KEY.chat);
    ui.chat.hidden = true;
    ui.title.hidden = true;
    ui.switchChat.hidden = true;
    ui.setup.hidden = false;
    ui.chatId.value = state.chat || 'demo';
    ui.name.value = state.name || '';
  });

  ui.composer.addEventListener('submit', (e) => {
    e.preventDefault();
    send();
  });

  ui.input.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      send();
    }
  });
  ui.input.addEventListener('input', autosize);

  ui.tokenForm.addEventListener('submit', () => {
    const t = ui.tokenInput.value.trim();
    if (t) store.setItem(KEY.token, t);
    if (state.chat) connect();
  });

  const savedChat = store.getItem(KEY.chat);
  const savedName = store.getItem(KEY.name);
  if (savedName) ui.name.value = savedName;
  if (savedChat && savedName) openChat(savedChat, savedName);
})();
