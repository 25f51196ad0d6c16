// Refreshes the DHT health page from /api/v1/dht/health. Every figure on the page names its JSON
// path (data-field) and format (data-format); the node table's columns are read from its head.
// Text goes in through textContent only: nothing from the server is parsed as HTML.
(function () {
  'use strict';
  var root = document.getElementById('health');
  if (!root) { return; }
  var interval = Math.max(500, parseInt(root.getAttribute('data-refresh-ms'), 10) || 5000);
  var status = document.getElementById('refresh-status');
  var updated = document.getElementById('updated');
  var table = document.getElementById('nodes');

  function at(obj, path) {
    var parts = path.split('.');
    for (var i = 0; i < parts.length; i++) {
      if (obj === null || typeof obj !== 'object') { return undefined; }
      obj = obj[parts[i]];
    }
    return obj;
  }

  function groupThousands(n) {
    var s = String(Math.abs(Math.trunc(n)));
    var out = '';
    while (s.length > 3) { out = ',' + s.slice(-3) + out; s = s.slice(0, -3); }
    return (n < 0 ? '-' : '') + s + out;
  }

  function format(value, kind) {
    if (typeof value !== 'number' || !isFinite(value)) { return '\u2013'; }
    return kind === 'decimal' ? value.toFixed(1) : groupThousands(value);
  }

  function clock(d) {
    function two(n) { return (n < 10 ? '0' : '') + n; }
    return two(d.getUTCHours()) + ':' + two(d.getUTCMinutes()) + ':' + two(d.getUTCSeconds());
  }

  function render(health) {
    var fields = root.querySelectorAll('.cards [data-field]');
    for (var i = 0; i < fields.length; i++) {
      var el = fields[i];
      el.textContent = format(at(health, el.getAttribute('data-field')), el.getAttribute('data-format'));
    }
    if (table) {
      var heads = table.querySelectorAll('thead th');
      var body = document.createElement('tbody');
      (health.nodes || []).forEach(function (node) {
        var row = document.createElement('tr');
        for (var c = 0; c < heads.length; c++) {
          var field = heads[c].getAttribute('data-field');
          var kind = heads[c].getAttribute('data-format');
          var cell = document.createElement('td');
          if (kind) {
            cell.className = 'num';
            cell.textContent = format(at(node, field), kind);
          } else if (field === 'id') {
            var code = document.createElement('code');
            code.textContent = String(node.id || '');
            cell.appendChild(code);
          } else {
            cell.textContent = String(at(node, field) || '');
          }
          row.appendChild(cell);
        }
        body.appendChild(row);
      });
      table.replaceChild(body, table.tBodies[0]);
    }
    if (updated) { updated.textContent = clock(new Date()); }
  }

  function refresh() {
    fetch('/api/v1/dht/health', { headers: { 'Accept': 'application/json' }, cache: 'no-store' })
      .then(function (r) {
        if (!r.ok) { throw new Error('HTTP ' + r.status); }
        return r.json();
      })
      .then(function (health) {
        render(health);
        if (status) { status.textContent = ''; }
      })
      .catch(function (e) {
        if (status) { status.textContent = 'Update failed (' + e.message + '); retrying.'; }
      })
      .finally(function () { setTimeout(refresh, interval); });
  }

  setTimeout(refresh, interval);
}());
