// Sign-in and the operator actions on the pages (Download, Delete, Block). Requests are JSON
// from this page's own origin; the session cookie (HttpOnly, SameSite=Strict) rides along, and
// the key typed on the sign-in page is sent once and never kept. Text goes in via textContent.
(function () {
  'use strict';
  var status = document.getElementById('action-status');

  function say(text) { if (status) { status.textContent = text; } }

  function send(method, path, body) {
    var init = { method: method, credentials: 'same-origin', headers: {} };
    if (body !== undefined) {
      init.headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    return fetch(path, init).then(function (r) {
      return r.text().then(function (t) {
        var data = null;
        try { data = t ? JSON.parse(t) : null; } catch (e) { data = null; }
        if (!r.ok) { throw new Error((data && data.error) || ('HTTP ' + r.status)); }
        return data;
      });
    });
  }

  var form = document.getElementById('signin');
  if (form) {
    form.addEventListener('submit', function (ev) {
      ev.preventDefault();
      var input = document.getElementById('key');
      send('POST', '/api/v1/session', { key: input.value }).then(function (d) {
        input.value = '';
        say('Signed in as ' + d.name + ' (' + d.scope + ').');
      }, function (e) { say('Not signed in: ' + e.message); });
    });
    document.getElementById('signout-button').addEventListener('click', function () {
      send('DELETE', '/api/v1/session').then(function () { say('Signed out.'); },
        function (e) { say('Sign-out failed: ' + e.message); });
    });
  }

  var actions = document.getElementById('operator-actions');
  if (actions) {
    var hash = actions.getAttribute('data-hash');
    var magnet = actions.getAttribute('data-magnet');
    document.getElementById('action-download').addEventListener('click', function () {
      send('POST', '/api/v1/downloads', { uri: magnet }).then(function (d) {
        say('Download started (id ' + d.id + ').');
      }, function (e) { say('Download refused: ' + e.message); });
    });
    document.getElementById('action-delete').addEventListener('click', function () {
      if (!window.confirm('Delete this torrent from the index? It will not be indexed again.')) { return; }
      send('DELETE', '/api/v1/torrents/' + hash).then(function () { say('Deleted.'); },
        function (e) { say('Delete refused: ' + e.message); });
    });
    document.getElementById('action-block').addEventListener('click', function () {
      if (!window.confirm('Block this torrent? It is removed and never fetched again.')) { return; }
      send('POST', '/api/v1/blocks', { infoHash: hash }).then(function (d) {
        say('Blocked (rule ' + d.id + ').');
      }, function (e) { say('Block refused: ' + e.message); });
    });
  }
}());
