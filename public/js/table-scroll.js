// Says when a table is wider than the screen (a tablet held upright): the columns past the edge are
// otherwise easy to miss. Without JavaScript the table still scrolls sideways, only unannounced.
(function () {
  var TEXT = 'Tabel ini lebih lebar dari layar: geser tabel ke samping untuk melihat semua kolom \u2192';
  function update() {
    var wraps = document.querySelectorAll('.table-wrap');
    for (var i = 0; i < wraps.length; i++) {
      var wrap = wraps[i];
      var wide = wrap.scrollWidth > wrap.clientWidth + 1;
      var hint = wrap.previousElementSibling;
      if (!hint || !hint.classList.contains('table-scroll-hint')) {
        if (!wide) continue;
        hint = document.createElement('p');
        hint.className = 'table-scroll-hint';
        hint.textContent = TEXT;
        wrap.parentNode.insertBefore(hint, wrap);
      }
      hint.hidden = !wide;
      wrap.classList.toggle('is-wide', wide);
    }
  }
  update();
  window.addEventListener('resize', update);
})();
