// A package tapped with JavaScript fills the quantities in place: nothing else on the form changes
// (ticked recipients, event, date, officer, the receipt being replaced). Without this script the
// button submits the whole form and the server sends it back filled, every choice kept.
(function () {
  var QUANTITY = /^(qty|heads)_\d+$/;
  var buttons = document.querySelectorAll('button[data-package-fill]');
  Array.prototype.forEach.call(buttons, function (button) {
    button.addEventListener('click', function (event) {
      var fill;
      try {
        fill = JSON.parse(button.getAttribute('data-package-fill'));
      } catch (e) {
        return;
      }
      event.preventDefault();
      var form = button.form;
      Array.prototype.forEach.call(form.elements, function (el) {
        if (!el.name || !QUANTITY.test(el.name)) return;
        var value = fill[el.name] || '';
        if (el.value === value) return;
        el.value = value;
        el.dispatchEvent(new Event('input', { bubbles: true }));
      });
      var status = form.querySelector('[data-package-status]');
      if (status) status.textContent = 'Jumlah diisi dengan ' + button.textContent.trim() + '.';
    });
  });
})();
