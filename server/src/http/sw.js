// Qingjia's service worker (served by server/src/http/offline.rs, which
// fills in the build's package directory). What it does, and nothing more:
// - keeps the shell (styles, scripts, icons, the first complaint step and
//   the offline page) from its installation, under the build's name;
// - pages: the network first; without a connection the copy kept of that
//   page, else the offline page. Only public pages and the first complaint
//   step are kept: never staff pages, tracking answers or a resident's
//   answers;
// - a complaint step sent without a connection (a POST under
//   /complaints/new) is kept in IndexedDB and sent by itself, in order and
//   once, when the connection is back (Background Sync where the browser
//   has it, else when a page of the site is opened again). The server's
//   draft makes each step safe to send again, and the submission is
//   idempotent: the case is filed exactly once. The receipt the server
//   answers (reference and access code) is kept until the resident opens
//   /complaints/done, then deleted.
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
  } else if (url.pathname === '/complaints/done') {
    event.respondWith(receiptOrNetwork(request));
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
const SENT = '/__qj-sent';

async function tell(client) {
  const kept = await (await caches.open(RECEIPT)).match(SENT);
  if (kept && client) client.postMessage({ type: 'qj-sent', next: await kept.text() });
}

async function page(request, url) {
  try {
    const response = await fetch(request);
    // (A redirected answer could not answer a navigation later.)
    if (response.ok && !response.redirected && KEEP.some((re) => re.test(url.pathname)) && !url.search) {
      const copy = response.clone();
      caches.open(PAGES).then((cache) => cache.put(url.pathname, copy));
    }
    return response;
  } catch (offline) {
    const kept = (await caches.match(url.pathname, { cacheName: PAGES })) || (await caches.match(url.pathname, { cacheName: SHELL }));
    return kept || offlinePage(false);
  }
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

async function receiptOrNetwork(request) {
  const cache = await caches.open(RECEIPT);
  const kept = await cache.match('/complaints/done');
  if (kept) {
    await cache.delete('/complaints/done');
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

async function sendOrKeep(request) {
  const copy = request.clone();
  try {
    return await fetch(request);
  } catch (offline) {
    const step = {
      url: copy.url,
      contentType: copy.headers.get('Content-Type') || 'application/x-www-form-urlencoded',
      body: await copy.arrayBuffer(),
      at: Date.now(),
    };
    await store('readwrite', (steps) => {
      steps.add(step);
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

// Sends the kept steps in order, each once: a step is deleted when the
// server has answered it (whatever the answer; a step it refuses would be
// refused again). Stops at the first that cannot reach the server.
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
  let next = null;
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
      return;
    }
    await store('readwrite', (all) => {
      all.delete(step.id);
      return {};
    });
    const path = new URL(response.url).pathname;
    if (path === '/complaints/done' || (response.ok && new URL(step.url).pathname === '/complaints/new/check')) {
      // The receipt, with the access code shown this once: kept for the
      // resident to open.
      // Copied into a response of its own: one marked as redirected
      // cannot answer a navigation.
      const receipt = new Response(await response.blob(), {
        status: response.status,
        headers: response.headers,
      });
      const cache = await caches.open(RECEIPT);
      await cache.put('/complaints/done', receipt);
      next = '/complaints/done';
    } else {
      next = path;
    }
  }
  if (next) {
    await (await caches.open(RECEIPT)).put(SENT, new Response(next));
    const windows = await self.clients.matchAll({ type: 'window' });
    for (const client of windows) await tell(client);
  }
}
