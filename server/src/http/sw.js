// Qingjia's service worker (served by server/src/http/offline.rs, which
// fills in the build's package directory). What it does, and nothing more:
// - keeps the shell (styles, scripts, icons, the first complaint step and
//   the offline page) from its installation, under the build's name;
// - pages: the network first; without a connection the copy kept of that
//   page, else the offline page. Only public pages and the first complaint
//   step are kept (the latest 30): never staff pages, tracking answers or
//   a resident's answers;
// - a complaint step sent without a connection (a POST under
//   /complaints/new) is kept in IndexedDB (one per step: answered again,
//   the latest replaces it) and sent by itself, in order and once, when
//   the connection is back (Background Sync where the browser has it, else
//   when a page of the site is opened again). The server's draft makes
//   each step safe to send again, and the submission is idempotent: the
//   case is filed exactly once. The receipt the server answers (reference
//   and access code), or a step's page with a problem, is kept until the
//   resident opens it (at `?kept=1`), then deleted.
'use strict';

const PKG = '__PKG__';
const SHELL = `qj-shell-${PKG}`;
const PAGES = 'qj-pages';
const RECEIPT = 'qj-receipt';
const SHELL_FILES = [
  '/offline',
  '/complaints/new',
  `/${PKG}/qingjia.css`,
  `/${PKG}/qingjia.js`,
  `/${PKG}/qingjia.wasm`,
  '/favicon.svg',
  '/manifest.webmanifest',
];
// Public pages worth keeping a copy of for reading offline.
const KEEP = [/^\/$/, /^\/air$/, /^\/news(\/[^/]+)?$/, /^\/campaigns(\/[^/]+)?$/, /^\/board$/, /^\/complaints\/new$/];

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches.open(SHELL).then((cache) => cache.addAll(SHELL_FILES)).then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith('qj-shell-') && k !== SHELL).map((k) => caches.delete(k))))
      .then(() => self.clients.claim())
      .then(flush),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.method === 'POST' && url.pathname.startsWith('/complaints/new')) {
    event.respondWith(sendOrKeep(request));
  } else if (request.method !== 'GET') {
    return;
  } else if (url.searchParams.get('kept') === '1') {
    event.respondWith(keptOrNetwork(request, url));
  } else if (request.mode === 'navigate') {
    event.respondWith(page(request, url));
  } else if (url.pathname.startsWith(`/${PKG}/`) || url.pathname === '/favicon.svg') {
    event.respondWith(caches.match(request).then((kept) => kept || fetch(request)));
  }
});

self.addEventListener('sync', (event) => {
  if (event.tag === 'qj-filing') event.waitUntil(flush());
});

// A page opened asks the worker to send what it kept (browsers without
// Background Sync) and to be told what was sent meanwhile; it says when it
// has shown that.
self.addEventListener('message', (event) => {
  if (event.data === 'qj-flush') event.waitUntil(flush().then(() => tell(event.source)));
  if (event.data === 'qj-seen') event.waitUntil(caches.open(RECEIPT).then((c) => c.delete(SENT)));
});

// Where the resident goes on after kept steps were sent, until a page has
// shown it (the steps may be sent while no page is open).
const SENT = '/qj-outcome';

async function tell(client) {
  const kept = await (await caches.open(RECEIPT)).match(SENT);
  if (kept && client) client.postMessage(await kept.json());
}

async function page(request, url) {
  try {
    const response = await fetch(request);
    // (A redirected answer could not answer a navigation later.)
    if (response.ok && !response.redirected && KEEP.some((re) => re.test(url.pathname)) && !url.search) {
      const copy = response.clone();
      caches.open(PAGES).then((cache) => cache.put(url.pathname, copy).then(() => prune(cache)));
    }
    return response;
  } catch (offline) {
    const kept = (await caches.match(url.pathname, { cacheName: PAGES })) || (await caches.match(url.pathname, { cacheName: SHELL }));
    return kept || offlinePage(false);
  }
}

// At most this many pages are kept: a resident reading every article
// should not fill the phone. A page put again moves to the end of the
// cache's list (the spec's put replaces it), so the first are the oldest.
const MAX_PAGES = 30;

async function prune(cache) {
  const keys = await cache.keys();
  await Promise.all(keys.slice(0, Math.max(0, keys.length - MAX_PAGES)).map((k) => cache.delete(k)));
}

async function offlinePage(saved) {
  const kept = await caches.match('/offline', { cacheName: SHELL });
  if (!kept) return new Response('Offline', { status: 503, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
  let html = await kept.text();
  if (saved) html = html.replace('id="offline-saved" hidden', 'id="offline-saved"');
  const headers = new Headers(kept.headers);
  headers.delete('Content-Length');
  headers.delete('Content-Encoding');
  return new Response(html, { status: 200, headers });
}

// The server's answer to a kept step, shown once at `path?kept=1` (the
// receipt with its access code, or a step's problems): the link the page
// shows after sending points there. Plain addresses always ask the server,
// so a later complaint never shows an earlier receipt.
async function keptOrNetwork(request, url) {
  const cache = await caches.open(RECEIPT);
  const key = url.pathname;
  const kept = await cache.match(key);
  if (kept) {
    await cache.delete(key);
    return kept;
  }
  try {
    return await fetch(request);
  } catch (offline) {
    return offlinePage(false);
  }
}

// ---- Complaint steps sent without a connection ----

function store(mode, work) {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open('qingjia', 1);
    open.onupgradeneeded = () => open.result.createObjectStore('steps', { keyPath: 'id', autoIncrement: true });
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const db = open.result;
      const tx = db.transaction('steps', mode);
      const result = work(tx.objectStore('steps'));
      tx.oncomplete = () => {
        db.close();
        resolve(result.value);
      };
      tx.onerror = () => reject(tx.error);
    };
  });
}

// Photos larger than the server takes (filled in by the server): such a
// step is never kept, since it could never be sent; the step says why.
const PHOTO_MAX = __PHOTO_MAX__;

async function sendOrKeep(request) {
  const copy = request.clone();
  const path = new URL(request.url).pathname;
  const body = await copy.arrayBuffer();
  if (path === '/complaints/new/photos' && body.byteLength > PHOTO_MAX) {
    return Response.redirect('/complaints/new/photos?problem=too_large', 303);
  }
  try {
    return await fetch(request);
  } catch (offline) {
    const step = {
      url: copy.url,
      contentType: copy.headers.get('Content-Type') || 'application/x-www-form-urlencoded',
      body,
      at: Date.now(),
    };
    // A step kept again (a reload posts the form again, or the resident
    // went back and answered again) replaces the one kept before: the
    // latest answer is the one sent, once.
    await store('readwrite', (steps) => {
      steps.openCursor().onsuccess = (e) => {
        const cursor = e.target.result;
        if (!cursor) {
          steps.add(step);
          return;
        }
        if (cursor.value.url === step.url) cursor.delete();
        cursor.continue();
      };
      return {};
    });
    if (self.registration.sync) {
      try {
        await self.registration.sync.register('qj-filing');
      } catch (noSync) {
        // Sent when a page of the site is opened again.
      }
    }
    return offlinePage(true);
  }
}

let flushing = null;

// Sends the kept steps in order, each once. A step the server answered is
// deleted; one it could not take now (busy, 429, 5xx) or that cannot reach
// it stays for the next try, and so do the ones after it. What the page is
// then told: sent (go on to the next step, or open the receipt), to check
// (a step the server found a problem in: its page with the problem is kept
// to show), or lost (the draft had expired: nothing was filed).
function flush() {
  if (!flushing) flushing = sendKept().finally(() => (flushing = null));
  return flushing;
}

async function sendKept() {
  const steps = await store('readonly', (all) => {
    const out = { value: [] };
    all.openCursor().onsuccess = (e) => {
      const cursor = e.target.result;
      if (cursor) {
        out.value.push(cursor.value);
        cursor.continue();
      }
    };
    return out;
  });
  let outcome = null;
  for (const step of steps) {
    let response;
    try {
      response = await fetch(step.url, {
        method: 'POST',
        body: step.body,
        headers: { 'Content-Type': step.contentType },
        credentials: 'same-origin',
      });
    } catch (offline) {
      break;
    }
    if (response.status === 429 || response.status >= 500) break;
    await store('readwrite', (all) => {
      all.delete(step.id);
      return {};
    });
    const sent = new URL(step.url).pathname;
    const landed = new URL(response.url).pathname;
    if (landed === '/complaints/new' && sent !== '/complaints/new') {
      // The draft is gone (it expired): the steps after it cannot be
      // filed either.
      outcome = { type: 'qj-lost', next: '/complaints/new' };
      await store('readwrite', (all) => {
        all.clear();
        return {};
      });
      break;
    }
    if (!response.ok) {
      outcome = { type: 'qj-check', next: await keep(sent, response) };
      break;
    }
    if (landed === '/complaints/done') {
      // The receipt, with the access code shown this once.
      outcome = { type: 'qj-sent', next: await keep(landed, response) };
    } else {
      outcome = { type: 'qj-sent', next: landed };
    }
  }
  if (outcome) {
    await (await caches.open(RECEIPT)).put(SENT, new Response(JSON.stringify(outcome)));
    const windows = await self.clients.matchAll({ type: 'window' });
    for (const client of windows) await tell(client);
  }
}

// Keeps the server's page for `path`, to be shown once at `path?kept=1`;
// copied into a response of its own (one marked as redirected cannot
// answer a navigation).
async function keep(path, response) {
  const page = new Response(await response.blob(), {
    status: 200,
    headers: response.headers,
  });
  await (await caches.open(RECEIPT)).put(path, page);
  return `${path}?kept=1`;
}
