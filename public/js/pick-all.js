// "Pilih semua" and a live count on the batch screen; without it every box is still tickable.
(function () {
  var all = document.querySelector('[data-pick-all]');
  var boxes = Array.prototype.slice.call(document.querySelectorAll('[data-pick]'));
  var count = document.querySelector('[data-picked-count]');
  function update() {
    var n = boxes.filter(function (b) {
      return b.checked;
    }).length;
    if (count) count.textContent = n ? '— ' + n + ' dipilih' : '';
    if (all) all.checked = n > 0 && n === boxes.length;
  }
  if (all)
    all.addEventListener('change', function () {
      boxes.forEach(function (b) {
        b.checked = all.checked;
      });
      update();
    });
  boxes.forEach(function (b) {
    b.addEventListener('change', update);
  });
  update();
})();
