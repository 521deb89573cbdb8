/* The wallet's service worker: the app shell from the cache, so the installed wallet opens and
 * presents credentials without a network. The build (vite.config.mts) fills in the file list and
 * the build id. Only same-origin GET requests are answered from the cache: the services' APIs
 * (issuance, status lists, the relay) always go to the network.
 */
const PRECACHE = self.__CZ_PRECACHE__;
const CACHE = `cz-wallet-${self.__CZ_BUILD__}`;

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
      .then((names) => Promise.all(names.filter((name) => name.startsWith('cz-wallet-') && name !== CACHE).map((name) => caches.delete(name))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname === '/config.json') {
    // The deployment's settings: fresh when online, the last known ones offline.
    event.respondWith(
      fetch(request)
        .then((response) => {
          if (response.ok) {
            const copy = response.clone();
            void caches.open(CACHE).then((cache) => cache.put('/config.json', copy));
          }
          return response;
        })
        .catch(() => caches.match('/config.json').then((cached) => cached || Response.error())),
    );
    return;
  }
  if (request.mode === 'navigate') {
    // Every screen of the single-page app is index.html.
    event.respondWith(fetch(request).catch(() => caches.match('/index.html').then((cached) => cached || Response.error())));
    return;
  }
  event.respondWith(caches.match(request).then((cached) => cached || fetch(request)));
});
