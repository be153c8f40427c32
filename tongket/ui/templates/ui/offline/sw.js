{% autoescape off %}// Tổng Kết's service worker: the report entry pages without a connection.
// Assets are kept when the worker installs; a report page is answered from the network
// and kept, and from what was kept when the network does not answer. Nothing but GET is
// touched: saving a value offline is queued by the page itself (js/report-entry.js).
"use strict";
var VERSION = "{{ version }}";
var ASSETS_CACHE = "tongket-assets-" + VERSION;
var PAGES_CACHE = "tongket-pages";
var ASSETS = {{ assets|safe }};
var REPORT_PAGE = /^\/reports\/\d+\/$/;

self.addEventListener("install", function (event) {
  event.waitUntil(
    caches.open(ASSETS_CACHE)
      .then(function (cache) { return cache.addAll(ASSETS); })
      .then(function () { return self.skipWaiting(); })
  );
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys().then(function (keys) {
      return Promise.all(keys.filter(function (key) {
        return key.indexOf("tongket-assets-") === 0 && key !== ASSETS_CACHE;
      }).map(function (key) { return caches.delete(key); }));
    }).then(function () { return self.clients.claim(); })
  );
});

function keepable(response) {
  var control = response.headers.get("Cache-Control") || "";
  return response.ok && !response.redirected && control.indexOf("no-store") < 0;
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") { return; }
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) { return; }
  if (url.pathname.indexOf("/static/") === 0) {
    event.respondWith(caches.match(request).then(function (hit) {
      return hit || fetch(request).then(function (response) {
        if (keepable(response)) {
          var copy = response.clone();
          caches.open(ASSETS_CACHE).then(function (cache) { cache.put(request, copy); });
        }
        return response;
      });
    }));
    return;
  }
  if (request.mode === "navigate" && REPORT_PAGE.test(url.pathname)) {
    event.respondWith(fetch(request).then(function (response) {
      if (keepable(response)) {
        var copy = response.clone();
        caches.open(PAGES_CACHE).then(function (cache) { cache.put(url.pathname, copy); });
      }
      return response;
    }).catch(function () {
      return caches.match(url.pathname).then(function (hit) {
        return hit || new Response("{{ offline_text|escapejs }}", {
          status: 503, headers: {"Content-Type": "text/plain; charset=utf-8"}
        });
      });
    }));
  }
});

// Signing out forgets the pages kept for this person.
self.addEventListener("message", function (event) {
  if (event.data === "forget") { event.waitUntil(caches.delete(PAGES_CACHE)); }
});
{% endautoescape %}
