// The harvest-day board refreshes itself: every N seconds it fetches its own page and puts the new
// board in place, with no reload (the page scrolls nowhere, a Zoom share stays steady). Without
// JavaScript the "Perbarui sekarang" link does the same by hand.
(function () {
  'use strict';
  var board = document.getElementById('papan');
  if (!board || !window.fetch || !window.DOMParser) return;
  var seconds = Number(board.getAttribute('data-refresh')) || 30;
  var busy = false;
  function refresh() {
    if (busy || document.hidden) return;
    busy = true;
    window
      .fetch(location.href, { credentials: 'same-origin', headers: { Accept: 'text/html' } })
      .then(function (res) {
        if (!res.ok || res.redirected) throw new Error('status ' + res.status);
        return res.text();
      })
      .then(function (html) {
        var fresh = new window.DOMParser().parseFromString(html, 'text/html').getElementById('papan');
        if (fresh) board.innerHTML = fresh.innerHTML;
        board.removeAttribute('data-stale');
      })
      .catch(function () {
        // Keep the last figures; say they are not fresh.
        board.setAttribute('data-stale', '1');
        var note = board.querySelector('[data-refresh-note]');
        if (note) note.textContent = '(gagal memperbarui; mencoba lagi)';
      })
      .then(function () {
        busy = false;
      });
  }
  window.setInterval(refresh, seconds * 1000);
  document.addEventListener('visibilitychange', function () {
    if (!document.hidden) refresh();
  });
})();
