// The harvest form, a little quicker: the ekor box only for a commodity counted in heads, and the
// weight field takes the focus once the plot is chosen (one tap fewer). Without it the server
// shows the box for the chosen commodity and refuses a fish harvest without ekor.
(function () {
  var heads = document.getElementById('heads-field');
  var weight = document.getElementById('f-weight_g');
  var headsInput = document.getElementById('f-heads');
  var commodities = Array.prototype.slice.call(document.querySelectorAll('input[name=commodity_id]'));
  var locations = Array.prototype.slice.call(document.querySelectorAll('input[name=location_id]'));
  if (!heads || !weight) return;
  function chosen(list) {
    return list.filter(function (r) {
      return r.checked;
    })[0];
  }
  function countsHeads() {
    var c = chosen(commodities);
    return !!c && c.getAttribute('data-heads') === '1';
  }
  function update() {
    var show = countsHeads() || heads.classList.contains('has-error');
    heads.hidden = !show;
    weight.setAttribute('enterkeyhint', show ? 'next' : 'done');
  }
  commodities.forEach(function (r) {
    r.addEventListener('change', function () {
      heads.classList.remove('has-error');
      update();
      if (chosen(locations) && !weight.value) weight.focus();
    });
  });
  locations.forEach(function (r) {
    r.addEventListener('change', function () {
      if (chosen(commodities) && !weight.value) weight.focus();
    });
  });
  // The keyboard's "next" key after the weight goes to the ekor box instead of sending the form.
  weight.addEventListener('keydown', function (e) {
    if (e.key === 'Enter' && !heads.hidden && headsInput && !headsInput.value) {
      e.preventDefault();
      headsInput.focus();
    }
  });
  update();
})();
