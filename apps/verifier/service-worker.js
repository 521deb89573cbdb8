/* The verifier's service worker: the app shell, its configuration and the pdf.js worker from the
 * cache, so the installed verifier starts and verifies without a network after one visit. The build
 * (vite.config.mts) fills in the file list and the build id. Only same-origin GET requests are
 * answered here; the synced trust material lives in IndexedDB, and the services' APIs and the relay
 * always go to the network. When the browser knows it is offline, the cache answers at once.
 */
const PRECACHE = self.__CZ_PRECACHE__;
const CACHE = `cz-verifier-${self.__CZ_BUILD__}`;

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll(PRECACHE))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) => Promise.all(names.filter((name) => name.startsWith('cz-verifier-') && name !== CACHE).map((name) => caches.delete(name))))
      .then(() => self.clients.claim()),
  );
});

/** The network first (refreshing the cached copy), the cache when the network fails or is known to be down. */
function networkFirst(request, cacheKey) {
  const cached = () => caches.match(cacheKey).then((response) => response || Response.error());
  if (self.navigator.onLine === false) return cached();
  return fetch(request)
    .then((response) => {
      if (response.ok) {
        const copy = response.clone();
        void caches.open(CACHE).then((cache) => cache.put(cacheKey, copy));
      }
      return response;
    })
    .catch(cached);
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname === '/config.json') {
    event.respondWith(networkFirst(request, '/config.json'));
    return;
  }
  if (request.mode === 'navigate') {
    // Every screen of the single-page app (including the sign-in callback) is index.html.
    event.respondWith(networkFirst(request, '/index.html'));
    return;
  }
  // Hashed assets never change: the cache first.
  event.respondWith(caches.match(request).then((cached) => cached || fetch(request)));
});
