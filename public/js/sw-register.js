// Registers the service worker (/sw.js) that lets the harvest and kitchen/loss forms open with no
// Wi-Fi. Browsers allow one only on HTTPS (or localhost): on plain HTTP nothing happens here and
// every page works as before.
(function () {
  if (!window.isSecureContext || !('serviceWorker' in navigator)) return;
  navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch(function () {
    // No worker (private mode, a refused certificate): the pages still work online.
  });
})();
