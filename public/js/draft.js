// A draft of what was typed in a form (`<form data-draft="key">`), kept in this tab's sessionStorage
// until the server confirmed the save, so Back, a dropped connection or a session that ended loses
// nothing; a draft never sent comes back only on Back. Never kept: the CSRF token, passwords, NIK,
// files. The one-time form token is kept only for a form that was sent without an answer seen:
// restoring it makes a resend of a save that did happen a recognised duplicate, never a second
// record. Without this script forms work as before.
(function () {
  var PREFIX = 'lumbung.draft:';
  var NEVER = /nik|password|_csrf/i;
  var store;
  try {
    store = window.sessionStorage;
    store.getItem(PREFIX);
  } catch (e) {
    return;
  }
  var messages = {
    expired: 'Sesi Anda telah berakhir. Isian Anda dipulihkan; periksa lalu simpan lagi.',
    unconfirmed:
      'Isian Anda belum dipastikan tersimpan, jadi dipulihkan; periksa lalu simpan lagi. Bila ternyata sudah tersimpan, tidak akan dicatat dua kali.',
    restored: 'Isian yang belum disimpan dipulihkan.',
    discard: 'Kosongkan isian',
  };

  function read(key) {
    try {
      return JSON.parse(store.getItem(PREFIX + key));
    } catch (e) {
      return null;
    }
  }
  function write(key, draft) {
    try {
      store.setItem(PREFIX + key, JSON.stringify(draft));
    } catch (e) {
      /* full or refused: the form still works */
    }
  }
  function eachDraft(fn) {
    var keys = [];
    for (var i = 0; i < store.length; i++) if (store.key(i).indexOf(PREFIX) === 0) keys.push(store.key(i).slice(PREFIX.length));
    keys.forEach(function (k) {
      var d = read(k);
      if (d) fn(k, d);
    });
  }
  function kept(el) {
    return (
      el.name &&
      !NEVER.test(el.name) &&
      el.name !== 'form_token' &&
      ['hidden', 'file', 'password', 'submit', 'button', 'reset'].indexOf(el.type) < 0
    );
  }

  /** Fields by name, and a typed field repeated under one name (the WBP who worked) by its place too. */
  function eachField(form, fn) {
    var seen = {};
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!kept(el)) return;
      if (el.type === 'checkbox' || el.type === 'radio') return fn(el, el.name);
      seen[el.name] = (seen[el.name] || 0) + 1;
      fn(el, seen[el.name] === 1 ? el.name : el.name + '#' + seen[el.name]);
    });
  }

  function collect(form) {
    var values = {};
    eachField(form, function (el, key) {
      if (el.type === 'checkbox') {
        values[el.name] = values[el.name] || [];
        if (el.checked) values[el.name].push(el.value);
      } else if (el.type === 'radio') {
        if (el.checked) values[el.name] = el.value;
        else if (!(el.name in values)) values[el.name] = null;
      } else values[key] = el.value;
    });
    return values;
  }

  /** Puts the values back; true when anything on the page changed. */
  function restore(form, values) {
    var changed = false;
    eachField(form, function (el, key) {
      if (!Object.prototype.hasOwnProperty.call(values, key)) return;
      var v = values[key];
      if (el.type === 'checkbox' || el.type === 'radio') {
        var on = el.type === 'checkbox' ? [].concat(v || []).indexOf(el.value) >= 0 : v === el.value;
        if (el.checked !== on) {
          el.checked = on;
          changed = true;
          el.dispatchEvent(new Event('change', { bubbles: true }));
        }
      } else if (typeof v === 'string' && el.value !== v) {
        el.value = v;
        changed = true;
      }
    });
    return changed;
  }

  function notice(form, text, key) {
    var box = document.createElement('div');
    box.className = 'flash flash-info';
    box.setAttribute('role', 'status');
    box.setAttribute('data-draft-notice', '');
    var p = document.createElement('p');
    p.textContent = text + ' ';
    var button = document.createElement('button');
    button.type = 'button';
    button.className = 'btn';
    button.textContent = messages.discard;
    button.addEventListener('click', function () {
      store.removeItem(PREFIX + key);
      window.location.reload();
    });
    p.appendChild(button);
    box.appendChild(p);
    form.insertBefore(box, form.firstChild);
  }

  /** Whether this page was reached by the browser's Back or Forward. */
  function cameBack() {
    try {
      var nav = performance.getEntriesByType('navigation')[0];
      if (nav) return nav.type === 'back_forward';
      return performance.navigation && performance.navigation.type === 2;
    } catch (e) {
      return false;
    }
  }

  // The server confirmed these saves (or recognised them as saved before): their drafts are done.
  var saved = (document.body.getAttribute('data-saved-forms') || '').split(' ');
  eachDraft(function (key, draft) {
    if (draft.token && saved.indexOf(draft.token) >= 0) store.removeItem(PREFIX + key);
  });

  // Keluar on a shared tablet: the next officer finds none of this one's drafts.
  Array.prototype.forEach.call(document.querySelectorAll('form[action="/logout"]'), function (form) {
    form.addEventListener('submit', function (event) {
      if (event.defaultPrevented) return; // held back (offline-queue.js: unsent entries): still logged in
      eachDraft(function (key) {
        store.removeItem(PREFIX + key);
      });
    });
  });

  // The login page after a form was sent: the session had ended and nothing was saved.
  if (document.querySelector('form[action="/login"]')) {
    eachDraft(function (key, draft) {
      if (draft.sent) {
        draft.expired = true;
        write(key, draft);
      }
    });
  }

  Array.prototype.forEach.call(document.querySelectorAll('form[data-draft]'), function (form) {
    var key = form.getAttribute('data-draft');
    var token = form.elements.form_token;
    var draft = read(key);
    // A form the server sent back with a message shows what was sent: it is the draft now.
    var refused = !!form.querySelector('.flash-error, [aria-invalid="true"]');
    // A draft never sent comes back only on Back. Opened afresh (the home page's commodity button,
    // the menu), the form starts from what the server chose — commodity, usual plot, now — and the
    // old typing is dropped: it was left, not lost in transit.
    if (draft && !draft.sent && !refused && !cameBack()) {
      store.removeItem(PREFIX + key);
      draft = null;
    }
    if (draft && !refused) {
      var changed = restore(form, draft.values || {});
      if (draft.sent && token && draft.token) token.value = draft.token;
      if (draft.sent) notice(form, draft.expired ? messages.expired : messages.unconfirmed, key);
      else if (changed) notice(form, messages.restored, key);
    }
    var current = read(key);
    var sent = !refused && !!(current && current.sent);
    function save() {
      write(key, { values: collect(form), token: token ? token.value : null, sent: sent, expired: sent && !!(current && current.expired) });
    }
    if (refused || draft) save();
    form.addEventListener('input', save);
    form.addEventListener('change', save);
    form.addEventListener('submit', function (event) {
      if (event.submitter && event.submitter.name === 'package') return; // fills the form, saves nothing
      if (event.defaultPrevented) return; // the offline queue (offline-queue.js) took the entry: not sent by this page
      sent = true;
      current = null;
      save();
    });
  });
})();
