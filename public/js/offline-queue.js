// The offline queue (issue 15): a harvest (or a kitchen/loss outflow) typed on a tablet in a Wi-Fi
// dead spot is kept in IndexedDB FIRST, then sent to /sync/…; it leaves "menunggu" only when the
// server answered saved or duplicate. The entry's id, made here, is the server's one-time form
// token, so a lost answer, a resend or two tabs still make one record. Replayed on page load, on
// `online`, from "Kirim sekarang" and every 30 s while entries wait. Without IndexedDB (or without
// this script) the forms post as before.
(function () {
  if (!window.indexedDB || !window.fetch || !window.Promise || !window.FormData) return;
  var box = document.getElementById('antrean-status');
  if (!box) return;
  var userId = box.getAttribute('data-user') || '';
  var DB = 'lumbung-antrean';
  var STORE = 'entries';
  var KEEP_SENT_MS = 7 * 24 * 3600 * 1000;
  var KEEP_SENT = 50;
  var TIMEOUT_MS = 20000;
  var WORDS = { harvest: 'panen', outflow: 'catatan' };
  var ENDPOINT = { harvest: '/sync/harvests', outflow: '/sync/outflows' };
  var msg = {
    kept: {
      harvest: 'Panen disimpan di tablet dan akan dikirim otomatis saat tersambung.',
      outflow: 'Catatan disimpan di tablet dan akan dikirim otomatis saat tersambung.',
    },
    sentLate: {
      harvest: 'Panen sudah terkirim ke server (lihat daftar di bawah).',
      outflow: 'Catatan sudah terkirim ke server (lihat daftar di bawah).',
    },
    sendingNow: { harvest: 'Panen disimpan di tablet. Mengirim ke server…', outflow: 'Catatan disimpan di tablet. Mengirim ke server…' },
    login: function (n, word) {
      return 'Sesi Anda telah berakhir. Masuk untuk mengirim ' + n + ' ' + word + '.';
    },
    loginLink: 'Masuk',
    pending: function (n, word) {
      return n + ' ' + word + ' belum terkirim';
    },
    refused: function (n) {
      return n + ' perlu tindakan';
    },
    sendNow: 'Kirim sekarang',
    sending: 'Mengirim…',
    see: 'Lihat daftar',
    listTitle: 'Catatan terakhir di tablet ini',
    empty: 'Belum ada catatan di tablet ini.',
    waiting: 'Menunggu',
    sent: 'Terkirim',
    action: 'Perlu tindakan',
    forbidden: 'tidak boleh dicatat oleh akun ini',
    owner: function (name) {
      return 'milik ' + name;
    },
    fix: 'Perbaiki',
    discard: 'Buang',
    discardAsk: 'Buang catatan ini dari tablet? Catatan ini belum tersimpan di server dan akan hilang.',
    discardYes: 'Ya, buang',
    cancel: 'Batal',
    fixing: 'Isian yang ditolak dikembalikan ke formulir. Perbaiki lalu simpan lagi.',
    logoutWarn: function (n, word) {
      return 'Masih ada ' + n + ' ' + word + ' di tablet ini yang belum terkirim ke server.';
    },
    logoutSend: 'Kirim dulu',
    logoutAnyway: 'Keluar saja',
    logoutStill:
      'Belum semua terkirim (tidak tersambung ke server?). Coba lagi nanti, atau keluar saja: catatan tetap tersimpan di tablet dan dikirim saat Anda masuk lagi.',
    entered: 'dicatat ',
    rejected: function (status) {
      return 'Server tidak dapat menerima catatan ini (kode ' + status + '). Periksa isinya lewat Perbaiki, atau hubungi admin.';
    },
    waitingLoggedOut: function (n, owners) {
      return n + ' catatan di tablet ini belum terkirim' + (owners ? ' (milik ' + owners + ')' : '') + '. Masuk untuk mengirimnya.';
    },
    logoutNeeds: function (n) {
      return n + ' catatan di tablet ini perlu tindakan dan belum tersimpan di server.';
    },
  };

  // ---- storage -------------------------------------------------------------------------------
  var dbPromise = new Promise(function (resolve, reject) {
    var req;
    try {
      req = window.indexedDB.open(DB, 1);
    } catch (e) {
      return reject(e);
    }
    req.onupgradeneeded = function () {
      req.result.createObjectStore(STORE, { keyPath: 'id' });
    };
    req.onsuccess = function () {
      resolve(req.result);
    };
    req.onerror = function () {
      reject(req.error);
    };
    req.onblocked = function () {
      reject(new Error('blocked'));
    };
  });
  // Until the database answers, a submit is still taken (keep() waits for it); only a failed
  // open lets the forms post as before.
  var dbFailed = false;
  dbPromise.catch(function () {
    dbFailed = true;
  });

  function tx(mode, fn) {
    return dbPromise.then(function (db) {
      return new Promise(function (resolve, reject) {
        var t = db.transaction(STORE, mode);
        var result = fn(t.objectStore(STORE));
        t.oncomplete = function () {
          resolve(result && 'result' in result ? result.result : undefined);
        };
        t.onerror = t.onabort = function () {
          reject(t.error);
        };
      });
    });
  }
  function all() {
    return tx('readonly', function (s) {
      return s.getAll();
    }).then(function (list) {
      return list || [];
    });
  }
  function put(entry) {
    return tx('readwrite', function (s) {
      s.put(entry);
    });
  }
  function remove(id) {
    return tx('readwrite', function (s) {
      s.delete(id);
    });
  }
  function get(id) {
    return tx('readonly', function (s) {
      return s.get(id);
    });
  }

  var persistAsked = false;
  function persist() {
    if (persistAsked) return;
    persistAsked = true;
    try {
      if (navigator.storage && navigator.storage.persist) navigator.storage.persist().catch(function () {});
    } catch (e) {
      /* not offered: the entries are still stored */
    }
  }

  function newId() {
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    var hex = '';
    for (var i = 0; i < bytes.length; i++) hex += (bytes[i] < 16 ? '0' : '') + bytes[i].toString(16);
    return hex;
  }

  // ---- sending -------------------------------------------------------------------------------
  function request(url, options) {
    var ctrl = window.AbortController ? new window.AbortController() : null;
    var timer = setTimeout(function () {
      if (ctrl) ctrl.abort();
    }, TIMEOUT_MS);
    options.redirect = 'manual';
    options.credentials = 'same-origin';
    options.cache = 'no-store';
    if (ctrl) options.signal = ctrl.signal;
    return window.fetch(url, options).then(
      function (res) {
        var json = /application\/json/.test(res.headers.get('content-type') || '');
        return (json ? res.json() : Promise.resolve(null))
          .catch(function () {
            return null;
          })
          .then(function (body) {
            clearTimeout(timer);
            return { status: res.status, body: body };
          });
      },
      function () {
        clearTimeout(timer);
        return { status: 0, body: null };
      },
    );
  }

  /** { ok, csrf, user } or { login: true } or { offline: true }. */
  function session() {
    return request('/sync/session', { method: 'GET' }).then(function (r) {
      if (r.status === 200 && r.body && r.body.csrf && r.body.user) return { ok: true, csrf: r.body.csrf, user: r.body.user };
      if (r.status === 401) return { login: true };
      return { offline: true };
    });
  }

  function formData(entry) {
    var fd = new FormData();
    entry.fields.forEach(function (f) {
      fd.append(f[0], f[1]);
    });
    if (entry.photo) fd.append('photo', entry.photo, entry.photoName || 'foto.jpg');
    fd.append('entry_id', entry.id);
    fd.append('entered_at', entry.enteredAt);
    return fd;
  }

  /** Sends one entry; resolves to what became of it: 'sent' | 'refused' | 'forbidden' | 'login' | 'csrf' | 'pending'. */
  function sendOne(entry, csrf) {
    return request(ENDPOINT[entry.kind], { method: 'POST', headers: { 'X-CSRF-Token': csrf }, body: formData(entry) }).then(function (r) {
      var b = r.body || {};
      if (r.status === 200 && (b.status === 'saved' || b.status === 'duplicate') && b.record && b.record.url) {
        entry.state = 'sent';
        entry.record = { url: b.record.url, label: b.record.label || '' };
        entry.sentAt = new Date().toISOString();
        entry.photo = null; // the server has it now; the tablet's storage is small
        return put(entry).then(function () {
          return 'sent';
        });
      }
      if (r.status === 422 && b.status === 'refused') {
        entry.state = 'refused';
        entry.message = b.message || '';
        entry.errors = b.errors || {};
        entry.monthFinal = !!b.month_final;
        return put(entry).then(function () {
          return 'refused';
        });
      }
      if (r.status === 403 && b.status === 'forbidden') {
        entry.state = 'forbidden';
        entry.message = b.message || msg.forbidden;
        return put(entry).then(function () {
          return 'forbidden';
        });
      }
      if (r.status === 401) return 'login';
      if (r.status === 403 && b.status === 'csrf') return 'csrf';
      if (r.status >= 400 && r.status < 500 && [403, 408, 429].indexOf(r.status) < 0) {
        // A body the server cannot take (too large, unreadable): sending it again changes nothing.
        entry.state = 'refused';
        entry.message = (b.message ? b.message + ' ' : '') + msg.rejected(r.status);
        entry.errors = {};
        return put(entry).then(function () {
          return 'refused';
        });
      }
      if (r.status >= 500) return 'error'; // kept; the next entries are still tried
      return 'pending'; // a redirect, HTML, a network error, a timeout: never success
    });
  }

  function withLock(fn) {
    if (navigator.locks && navigator.locks.request) return navigator.locks.request('lumbung-antrean', fn);
    return fn();
  }

  var state = { login: false, busy: false, lastResult: {} };

  /** Sends this user's waiting entries (or only `onlyId`) one by one; resolves to { id: outcome }. */
  var running = Promise.resolve();
  function replay(onlyId) {
    var p = running.then(function () {
      return replayNow(onlyId);
    });
    running = p.catch(function () {});
    return p;
  }
  function replayNow(onlyId) {
    if (!userId)
      return render().then(function () {
        return {};
      });
    state.busy = true;
    render();
    var outcomes = {};
    return withLock(function () {
      return all()
        .then(function (list) {
          var mine = list.filter(function (e) {
            return e.state === 'pending' && String(e.userId) === userId && (!onlyId || e.id === onlyId);
          });
          mine.sort(function (a, b) {
            return a.enteredAt < b.enteredAt ? -1 : 1;
          });
          if (!mine.length) return;
          return session().then(function (s) {
            state.login = !!s.login;
            if (!s.ok || String(s.user.id) !== userId) return;
            var csrf = s.csrf;
            var i = 0;
            function next() {
              if (i >= mine.length) return;
              var entry = mine[i++];
              // Another tab may have sent it while we waited for the lock.
              return get(entry.id).then(function (fresh) {
                if (!fresh || fresh.state !== 'pending') return next();
                return sendOne(fresh, csrf)
                  .then(function (out) {
                    if (out !== 'csrf') return out;
                    return session().then(function (s2) {
                      if (!s2.ok) return s2.login ? 'login' : 'pending';
                      // Someone else logged in meanwhile (another tab): never send under their name.
                      if (String(s2.user.id) !== userId) return 'pending';
                      csrf = s2.csrf;
                      return sendOne(fresh, csrf).then(function (o) {
                        return o === 'csrf' ? 'pending' : o;
                      });
                    });
                  })
                  .then(function (out) {
                    outcomes[fresh.id] = out;
                    if (out === 'login') {
                      state.login = true;
                      return;
                    }
                    if (out === 'pending') return; // the connection is gone: the rest waits too
                    if (out === 'error') outcomes[fresh.id] = 'pending';
                    return next();
                  });
              });
            }
            return next();
          });
        })
        .then(prune);
    }).then(
      function () {
        state.busy = false;
        return render().then(function () {
          return outcomes;
        });
      },
      function () {
        state.busy = false;
        return render().then(function () {
          return outcomes;
        });
      },
    );
  }

  function prune() {
    return all().then(function (list) {
      var sent = list.filter(function (e) {
        return e.state === 'sent';
      });
      sent.sort(function (a, b) {
        return a.sentAt < b.sentAt ? 1 : -1;
      });
      var now = Date.now();
      var drop = sent.filter(function (e, i) {
        return i >= KEEP_SENT || now - Date.parse(e.sentAt) > KEEP_SENT_MS;
      });
      return Promise.all(
        drop.map(function (e) {
          return remove(e.id);
        }),
      );
    });
  }

  // ---- the form ------------------------------------------------------------------------------
  var forms = Array.prototype.slice.call(document.querySelectorAll('form[data-queue]'));
  var fixing = null; // the refused entry being corrected in the form: saving replaces it

  function labelOf(form, name) {
    var el = form.querySelector('input[name="' + name + '"]:checked');
    var span = el && el.parentNode.querySelector('span');
    if (!span) return '';
    var small = span.querySelector('small');
    return span.textContent.replace(small ? small.textContent : '', '').trim();
  }
  function summary(form, kind) {
    var qty = form.elements[kind === 'harvest' ? 'weight_g' : 'qty_g'];
    var parts = [labelOf(form, 'commodity_id')];
    if (qty && qty.value) parts[0] += ' ' + qty.value.trim() + ' kg';
    if (kind === 'harvest') parts.push(labelOf(form, 'location_id'));
    else parts.unshift(form.getAttribute('data-queue-label') || 'Pengeluaran');
    return parts.filter(Boolean).join(' · ');
  }

  function collect(form) {
    var fields = [];
    var photo = null;
    var photoName = '';
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.disabled || el.name === '_csrf' || el.name === 'form_token') return;
      if (['submit', 'button', 'reset'].indexOf(el.type) >= 0) return;
      if ((el.type === 'checkbox' || el.type === 'radio') && !el.checked) return;
      if (el.type === 'file') {
        if (el.files && el.files[0]) {
          photo = el.files[0];
          photoName = el.files[0].name;
        }
        return;
      }
      fields.push([el.name, el.value]);
    });
    return { fields: fields, photo: photo, photoName: photoName };
  }

  function wibNow() {
    var parts = {};
    new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Asia/Jakarta',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(new Date())
      .forEach(function (p) {
        parts[p.type] = p.value;
      });
    return { date: parts.year + '-' + parts.month + '-' + parts.day, time: parts.hour + ':' + parts.minute };
  }

  /**
   * Empties the form for the next entry: the weight and the rest cleared, today's date and the time
   * now; the commodity and the plot stay chosen when `keepChoices` (the next weighing, like "Catat lagi").
   */
  function clearForm(form, keepChoices) {
    var chosen = Array.prototype.filter.call(form.querySelectorAll('input[type=radio]:checked'), function () {
      return keepChoices;
    });
    form.reset();
    Array.prototype.forEach.call(form.querySelectorAll('input[type=radio], input[type=checkbox]'), function (el) {
      el.checked = chosen.indexOf(el) >= 0;
    });
    Array.prototype.forEach.call(form.querySelectorAll('input:not([type]), input[type=text], input[type=file], textarea'), function (el) {
      el.value = '';
    });
    var now = wibNow();
    ['harvest_date', 'out_date'].forEach(function (n) {
      if (form.elements[n]) form.elements[n].value = now.date;
    });
    if (form.elements.harvest_time) form.elements.harvest_time.value = now.time;
    Array.prototype.forEach.call(form.querySelectorAll('.has-error'), function (el) {
      el.classList.remove('has-error');
    });
    Array.prototype.forEach.call(form.querySelectorAll('p.error, .flash'), function (el) {
      el.parentNode.removeChild(el);
    });
    Array.prototype.forEach.call(form.querySelectorAll('[aria-invalid]'), function (el) {
      el.removeAttribute('aria-invalid');
    });
    // harvest-entry.js shows the ekor box for the commodity now chosen (or none).
    var commodity = form.querySelector('input[name=commodity_id]:checked') || form.querySelector('input[name=commodity_id]');
    if (commodity) commodity.dispatchEvent(new Event('change', { bubbles: true }));
    try {
      sessionStorage.removeItem('lumbung.draft:' + form.getAttribute('data-draft'));
    } catch (e) {
      /* no draft kept */
    }
  }

  function formNotice(form, type, text) {
    var old = form.parentNode.querySelector('[data-queue-notice]');
    if (old) old.parentNode.removeChild(old);
    var div = document.createElement('div');
    div.className = 'flash flash-' + type;
    div.setAttribute('role', type === 'error' ? 'alert' : 'status');
    div.setAttribute('data-queue-notice', '');
    div.textContent = text;
    form.parentNode.insertBefore(div, form);
    div.scrollIntoView({ block: 'nearest' });
  }

  /** Puts a refused entry's values back in the form; saving it makes a new entry and drops this one. */
  function fillForm(entry, form) {
    clearForm(form);
    var seen = {};
    entry.fields.forEach(function (f) {
      var els = form.querySelectorAll('[name="' + f[0] + '"]');
      var radios = Array.prototype.filter.call(els, function (el) {
        return el.type === 'radio' || el.type === 'checkbox';
      });
      if (radios.length) {
        radios.forEach(function (el) {
          if (el.value === f[1]) {
            el.checked = true;
            el.dispatchEvent(new Event('change', { bubbles: true }));
          }
        });
        return;
      }
      var i = seen[f[0]] || 0;
      seen[f[0]] = i + 1;
      if (els[i] && els[i].type !== 'hidden') els[i].value = f[1];
    });
    Object.keys(entry.errors || {}).forEach(function (name) {
      var el = form.querySelector('[name="' + name + '"]');
      if (!el) return;
      el.setAttribute('aria-invalid', 'true');
      var field = el.closest('.field');
      if (!field) return;
      // The message beside the field, as the server's page puts it.
      field.classList.add('has-error');
      var p = document.createElement('p');
      p.className = 'error';
      p.id = 'f-' + name + '-err';
      p.textContent = entry.errors[name];
      field.appendChild(p);
      if (el.id && el.type !== 'radio')
        el.setAttribute('aria-describedby', ((el.getAttribute('aria-describedby') || '') + ' ' + p.id).trim());
    });
    var details = form.querySelector('details');
    if (
      details &&
      Object.keys(entry.errors || {}).some(function (n) {
        return ['harvest_date', 'harvest_time', 'grade', 'workers', 'note', 'photo'].indexOf(n) >= 0;
      })
    )
      details.open = true;
    fixing = entry.id;
    formNotice(form, 'error', (entry.message ? entry.message + ' ' : '') + msg.fixing);
  }

  /**
   * What the form itself marks required (a starred choice, a `required` field that is shown) is
   * filled. An incomplete form posts as before: the server's page names what is missing, and an
   * entry the server would refuse at once does not sit in the queue.
   */
  function complete(form) {
    var ok = true;
    Array.prototype.forEach.call(form.querySelectorAll('fieldset.choices'), function (set) {
      if (set.querySelector('legend .req') && !set.querySelector('input:checked')) ok = false;
    });
    Array.prototype.forEach.call(form.querySelectorAll('[required]'), function (el) {
      if (el.getClientRects().length && !el.value.trim()) ok = false;
    });
    return ok;
  }

  /** A form page older than this was not rendered just now (a kept copy): its date and time are refreshed. */
  var STALE_FORM_MS = 5 * 60 * 1000;
  var passThrough = null; // a form to let through as a plain post (IndexedDB failed at the last moment)

  document.addEventListener(
    'submit',
    function (event) {
      var form = event.target;
      if (!form || !form.getAttribute) return;
      if (form.getAttribute('data-queue') && !dbFailed && userId && passThrough !== form && (complete(form) || fixing)) {
        event.preventDefault();
        keep(form);
      } else if (form.getAttribute('action') === '/logout' && !logoutConfirmed && userId && !dbFailed) {
        event.preventDefault();
        if (pendingMine > 0 || needsMine > 0) logoutPanel(form);
        else leave(form);
      }
    },
    true,
  );

  // A form opened from the service worker's copy (offline, from the home screen) carries the date
  // and time of the day that copy was loaded: set to now what the officer has not changed.
  forms.forEach(function (form) {
    var rendered = Date.parse(form.getAttribute('data-rendered-at') || '');
    if (!(Date.now() - rendered > STALE_FORM_MS)) return;
    var now = wibNow();
    [
      ['harvest_date', now.date],
      ['out_date', now.date],
      ['harvest_time', now.time],
    ].forEach(function (f) {
      var input = form.elements.namedItem(f[0]);
      if (input && input.value === input.defaultValue) input.value = f[1];
    });
  });

  var lastKept = null;
  var touched = false; // typed in the form since the last entry was kept
  forms.forEach(function (form) {
    ['input', 'change'].forEach(function (type) {
      form.addEventListener(type, function (e) {
        if (e.isTrusted) touched = true;
      });
    });
  });

  function keep(form) {
    var kind = form.getAttribute('data-queue');
    var data = collect(form);
    var entry = {
      id: newId(),
      kind: kind,
      userId: userId,
      username: box.getAttribute('data-username') || '',
      fields: data.fields,
      photo: data.photo,
      photoName: data.photoName,
      enteredAt: new Date().toISOString(),
      label: summary(form, kind),
      state: 'pending',
    };
    var button = form.querySelector('button[type=submit]');
    if (button) button.disabled = true;
    persist();
    var replaced = fixing;
    var tappedAt = Date.now();
    lastKept = entry.id;
    put(entry).then(
      function () {
        fixing = null;
        clearForm(form, true);
        touched = false;
        if (button) button.disabled = false;
        // Kept: said at once, whatever the connection does next (a cut mid-send can take 20 s).
        formNotice(form, 'info', msg.sendingNow[kind]);
        var drop = replaced ? remove(replaced) : Promise.resolve();
        return drop
          .then(render)
          .then(function () {
            return replay(entry.id);
          })
          .then(function (outcomes) {
            return get(entry.id).then(function (saved) {
              // The officer moved on (typed the next one, or this answer came late behind a
              // stalled send): the list shows the outcome; the page is not pulled away.
              var current = lastKept === entry.id && !touched && Date.now() - tappedAt < 25000;
              if (!current) {
                var note = form.parentNode.querySelector('[data-queue-notice]');
                if (note && lastKept === entry.id) note.textContent = saved && saved.state === 'sent' ? msg.sentLate[kind] : msg.kept[kind];
                return;
              }
              if (saved && saved.state === 'sent') {
                window.location.assign(saved.record.url + '?saved=1');
              } else if (saved && saved.state === 'refused') {
                fillForm(saved, form);
              } else if (saved && saved.state === 'forbidden') {
                formNotice(form, 'error', saved.message);
              } else {
                formNotice(
                  form,
                  'info',
                  msg.kept[kind] + (outcomes[entry.id] === 'login' || state.login ? ' ' + msg.login(1, WORDS[kind]) : ''),
                );
              }
            });
          });
      },
      function () {
        // Not stored: the browser posts the form itself, as without this script.
        if (button) button.disabled = false;
        passThrough = form;
        if (form.requestSubmit) form.requestSubmit();
        else form.submit();
      },
    );
  }

  // ---- what the officer sees -----------------------------------------------------------------
  var pendingMine = 0;
  var needsMine = 0;
  var logoutConfirmed = false;
  var list = null;
  if (forms.length) {
    list = document.createElement('section');
    list.className = 'card queue-list';
    list.id = 'antrean';
    list.setAttribute('aria-live', 'polite');
    var section = forms[0].closest('section') || forms[0];
    section.parentNode.insertBefore(list, section.nextSibling);
  }

  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      e.setAttribute(k, attrs[k]);
    });
    if (text) e.textContent = text;
    return e;
  }
  function button(text, cls, onClick) {
    var b = el('button', { type: 'button', class: 'btn ' + (cls || '') }, text);
    b.addEventListener('click', onClick);
    return b;
  }
  function wordFor(entries) {
    var kinds = {};
    entries.forEach(function (e) {
      kinds[e.kind] = true;
    });
    return Object.keys(kinds).length === 1 && kinds.harvest ? WORDS.harvest : WORDS.outflow;
  }
  function when(iso) {
    try {
      return (
        new Intl.DateTimeFormat('id-ID', {
          timeZone: 'Asia/Jakarta',
          day: 'numeric',
          month: 'short',
          hour: '2-digit',
          minute: '2-digit',
        }).format(new Date(iso)) + ' WIB'
      );
    } catch (e) {
      return iso;
    }
  }
  function listHref() {
    return (forms.length ? '' : '/harvests/new') + '#antrean';
  }

  function render() {
    return all().then(draw, function () {});
  }

  function draw(entries) {
    if (!userId) return drawLoggedOut(entries);
    var mine = entries.filter(function (e) {
      return String(e.userId) === userId;
    });
    var pending = mine.filter(function (e) {
      return e.state === 'pending';
    });
    var needs = mine.filter(function (e) {
      return e.state === 'refused' || e.state === 'forbidden';
    });
    pendingMine = pending.length;
    needsMine = needs.length;
    wordForPending = wordFor(pending);
    box.textContent = '';
    if (pending.length || needs.length) {
      var p = el('p');
      if (pending.length)
        p.appendChild(el('strong', { 'data-queue-count': String(pending.length) }, msg.pending(pending.length, wordFor(pending))));
      if (needs.length) p.appendChild(el('strong', { class: 'queue-needs' }, (pending.length ? ' · ' : '') + msg.refused(needs.length)));
      box.appendChild(p);
      var actions = el('div', { class: 'form-actions' });
      if (state.login && pending.length) {
        box.appendChild(el('p', { class: 'queue-login' }, msg.login(pending.length, wordFor(pending))));
        actions.appendChild(el('a', { href: '/login', class: 'btn btn-primary' }, msg.loginLink));
      } else if (pending.length) {
        var send = button(state.busy ? msg.sending : msg.sendNow, 'btn-primary', function () {
          replay();
        });
        send.disabled = state.busy;
        actions.appendChild(send);
      }
      if (!list) actions.appendChild(el('a', { href: listHref(), class: 'btn' }, msg.see));
      box.appendChild(actions);
      box.className = 'queue-status flash ' + (needs.length || state.login ? 'flash-error' : 'flash-info');
      box.hidden = false;
    } else {
      box.hidden = true;
    }
    if (list) drawList(entries);
    if (logoutOpen) logoutPanel(logoutOpen);
  }

  /** The login page (a session that ended): what waits on this tablet, and whose it is. */
  function drawLoggedOut(entries) {
    var waiting = entries.filter(function (e) {
      return e.state === 'pending';
    });
    box.textContent = '';
    box.hidden = !waiting.length;
    if (!waiting.length) return;
    var owners = [];
    waiting.forEach(function (e) {
      if (e.username && owners.indexOf(e.username) < 0) owners.push(e.username);
    });
    box.appendChild(el('p', { 'data-queue-count': String(waiting.length) }, msg.waitingLoggedOut(waiting.length, owners.join(', '))));
    box.className = 'queue-status flash flash-info';
  }

  function drawList(entries) {
    list.textContent = '';
    list.appendChild(el('h2', {}, msg.listTitle));
    var shown = entries.filter(function (e) {
      return forms.some(function (f) {
        return f.getAttribute('data-queue') === e.kind;
      });
    });
    shown.sort(function (a, b) {
      return a.enteredAt < b.enteredAt ? 1 : -1;
    });
    if (!shown.length) {
      list.appendChild(el('p', { class: 'muted' }, msg.empty));
      return;
    }
    var ul = el('ul', { class: 'queue-entries' });
    shown.slice(0, 30).forEach(function (e) {
      var li = el('li', { class: 'queue-entry queue-' + e.state, 'data-entry': e.id });
      var head = el('p');
      head.appendChild(el('strong', {}, e.label || WORDS[e.kind]));
      head.appendChild(document.createTextNode(' · ' + msg.entered + when(e.enteredAt) + ' · '));
      var other = String(e.userId) !== userId;
      if (other) head.appendChild(el('span', { class: 'queue-state' }, msg.owner(e.username || '?')));
      else if (e.state === 'sent')
        head.appendChild(
          el('a', { href: e.record.url, class: 'queue-state queue-state-ok' }, msg.sent + (e.record.label ? ': ' + e.record.label : '')),
        );
      else if (e.state === 'pending') head.appendChild(el('span', { class: 'queue-state' }, msg.waiting));
      else head.appendChild(el('span', { class: 'queue-state queue-state-bad' }, msg.action));
      li.appendChild(head);
      if (!other && (e.state === 'refused' || e.state === 'forbidden')) {
        li.appendChild(el('p', { class: 'queue-reason' }, e.message || ''));
        var actions = el('div', { class: 'form-actions' });
        var form = forms.filter(function (f) {
          return f.getAttribute('data-queue') === e.kind;
        })[0];
        if (e.state === 'refused' && form)
          actions.appendChild(
            button(msg.fix, 'btn-primary', function () {
              fillForm(e, form);
              form.scrollIntoView();
            }),
          );
        actions.appendChild(
          button(msg.discard, '', function () {
            askDiscard(li, e);
          }),
        );
        li.appendChild(actions);
      }
      ul.appendChild(li);
    });
    list.appendChild(ul);
  }

  function askDiscard(li, entry) {
    var ask = el('div', { class: 'flash flash-error', role: 'alert' });
    ask.appendChild(el('p', {}, msg.discardAsk));
    var actions = el('div', { class: 'form-actions' });
    actions.appendChild(
      button(msg.discardYes, 'btn-danger', function () {
        if (fixing === entry.id) fixing = null;
        remove(entry.id).then(render);
      }),
    );
    actions.appendChild(
      button(msg.cancel, '', function () {
        render();
      }),
    );
    ask.appendChild(actions);
    li.appendChild(ask);
    actions.firstChild.focus();
  }

  var logoutOpen = null;
  function logoutPanel(form) {
    logoutOpen = form;
    var panel = document.getElementById('antrean-keluar');
    if (!panel) {
      panel = el('div', {
        id: 'antrean-keluar',
        class: 'flash flash-error queue-logout',
        role: 'alertdialog',
        'aria-labelledby': 'antrean-keluar-text',
      });
      box.parentNode.insertBefore(panel, box);
    }
    panel.textContent = '';
    var entries = pendingMine;
    var warning = [entries ? msg.logoutWarn(entries, wordForPending) : '', needsMine ? msg.logoutNeeds(needsMine) : ''].join(' ').trim();
    panel.appendChild(el('p', { id: 'antrean-keluar-text' }, warning));
    if (panel.getAttribute('data-tried')) panel.appendChild(el('p', {}, msg.logoutStill));
    var actions = el('div', { class: 'form-actions' });
    var send = button(state.busy ? msg.sending : msg.logoutSend, 'btn-primary', function () {
      panel.setAttribute('data-tried', '1');
      replay().then(function () {
        if (pendingMine === 0) leave(form);
      });
    });
    send.disabled = state.busy;
    // Only unsent entries can be sent; ones that need action wait for the officer's correction.
    if (entries) actions.appendChild(send);
    actions.appendChild(
      button(msg.logoutAnyway, '', function () {
        leave(form);
      }),
    );
    panel.appendChild(actions);
    if (!panel.getAttribute('data-shown')) {
      panel.setAttribute('data-shown', '1');
      panel.scrollIntoView({ block: 'nearest' });
      send.focus();
    }
  }
  var wordForPending = WORDS.harvest;
  /** Keluar: what this user sent is cleared from the tablet first (it is on the server); unsent entries stay. */
  function leave(form) {
    logoutConfirmed = true;
    var go = function () {
      if (form.requestSubmit) form.requestSubmit();
      else form.submit();
    };
    all()
      .then(function (list) {
        return Promise.all(
          list
            .filter(function (e) {
              return e.state === 'sent' && String(e.userId) === userId;
            })
            .map(function (e) {
              return remove(e.id);
            }),
        );
      })
      .then(go, go);
  }

  // ---- when to send ---------------------------------------------------------------------------
  dbPromise.then(
    function () {
      replay();
      window.addEventListener('online', function () {
        replay();
      });
      window.setInterval(function () {
        if (pendingMine > 0 && !state.busy) replay();
      }, 30000);
    },
    function () {
      /* no IndexedDB: forms post as before */
    },
  );
})();
