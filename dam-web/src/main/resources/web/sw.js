// The installed dashboard's service worker: the app shell (HTML, scripts, styles, icons) opens
// without a network. The shell is fetched from the network first, so a new version shows at once,
// and the last copy answers only when the server cannot be reached. API answers, media and the
// event stream are never cached or touched: they are the library's live state and its access rules.

const CACHE = 'dam-shell-v1';
const SHELL = ['/', '/index.html', '/styles.css', '/app.js', '/theme-early.js', '/manifest.webmanifest',
  '/favicon.svg', '/icons/icon-192.png', '/icons/icon-512.png'];

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((c) => c.addAll(SHELL)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(caches.keys()
    .then((keys) => Promise.all(keys.filter((k) => k !== CACHE).map((k) => caches.delete(k))))
    .then(() => self.clients.claim()));
});

/**
 * Only the shell's own static files: same origin, GET, the page itself or a script, style, icon or
 * data file of it; not the API, the docs, health checks or a shared link's page.
 */
function isShell(request) {
  if (request.method !== 'GET') return false;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return false;
  if (/^\/(api|webjars|metrics|share|health|ready)/.test(url.pathname)) return false;
  return url.pathname === '/' || /^\/[\w./-]+\.(html|js|css|json|svg|png|webmanifest)$/.test(url.pathname);
}

self.addEventListener('fetch', (event) => {
  if (!isShell(event.request)) return; // the browser fetches it as if there were no worker
  event.respondWith((async () => {
    const cache = await caches.open(CACHE);
    try {
      const response = await fetch(event.request);
      // one entry per file, whatever its query string: the cache cannot grow past the shell
      const url = new URL(event.request.url);
      if (response.ok && response.type === 'basic') cache.put(url.origin + url.pathname, response.clone());
      return response;
    } catch (offline) {
      const cached = await cache.match(event.request, { ignoreSearch: true });
      if (cached) return cached;
      throw offline;
    }
  })());
});
