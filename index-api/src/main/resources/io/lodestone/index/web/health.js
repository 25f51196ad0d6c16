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
  var charts = document.getElementById('charts');
  var SVG = 'http://www.w3.org/2000/svg';
  var W = 300;
  var H = 90;

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

  function svg(name, attrs) {
    var el = document.createElementNS(SVG, name);
    for (var k in attrs) { if (Object.prototype.hasOwnProperty.call(attrs, k)) { el.setAttribute(k, attrs[k]); } }
    return el;
  }

  function lastNumber(values) {
    for (var i = values.length - 1; i >= 0; i--) {
      if (typeof values[i] === 'number' && isFinite(values[i])) { return values[i]; }
    }
    return undefined;
  }

  // One line chart: x is time over the window (oldest left, now right), y from 0 to the largest value;
  // a gap in the values breaks the line.
  function chart(series, ago, windowSeconds) {
    var values = series.values || [];
    var max = 0;
    values.forEach(function (v) { if (typeof v === 'number' && isFinite(v) && v > max) { max = v; } });
    var top = max > 0 ? max : 1;
    var span = windowSeconds > 0 ? windowSeconds : 3600;
    var root = svg('svg', { viewBox: '0 0 ' + W + ' ' + H, preserveAspectRatio: 'none', role: 'img',
      'aria-label': String(series.label || series.name) + ', last ' + Math.round(span / 60) + ' min' });
    root.appendChild(svg('line', { x1: 0, y1: H - 0.5, x2: W, y2: H - 0.5, 'class': 'axis' }));
    var runs = [];
    var run = [];
    for (var i = 0; i < values.length; i++) {
      var v = values[i];
      if (typeof v !== 'number' || !isFinite(v) || typeof ago[i] !== 'number') {
        if (run.length) { runs.push(run); run = []; }
        continue;
      }
      var x = W * (1 - Math.min(span, Math.max(0, ago[i])) / span);
      var y = H - 2 - (H - 4) * (v / top);
      run.push(x.toFixed(1) + ',' + y.toFixed(1));
    }
    if (run.length) { runs.push(run); }
    runs.forEach(function (r) {
      if (r.length === 1) {
        var p = r[0].split(',');
        root.appendChild(svg('circle', { cx: p[0], cy: p[1], r: 1.5, 'class': 'dot' }));
      } else {
        root.appendChild(svg('polyline', { points: r.join(' '), 'class': 'line' }));
      }
    });
    root.setAttribute('data-points', String(runs.reduce(function (n, r) { return n + r.length; }, 0)));
    root.setAttribute('data-max', String(max));
    return root;
  }

  function renderCharts(history) {
    if (!charts || !history) { return; }
    var ago = history.secondsAgo || [];
    (history.series || []).forEach(function (series) {
      var fig = null;
      var figs = charts.querySelectorAll('figure.chart');
      for (var i = 0; i < figs.length; i++) {
        if (figs[i].getAttribute('data-series') === series.name) { fig = figs[i]; }
      }
      if (!fig) { // a series the page did not know when it was rendered
        fig = document.createElement('figure');
        fig.className = 'chart';
        fig.setAttribute('data-series', String(series.name));
        var cap = document.createElement('figcaption');
        cap.appendChild(document.createTextNode(String(series.label || series.name) + ': '));
        var latest = document.createElement('span');
        latest.className = 'latest';
        cap.appendChild(latest);
        fig.appendChild(cap);
        var plot = document.createElement('div');
        plot.className = 'plot';
        fig.appendChild(plot);
        charts.appendChild(fig);
      }
      var values = series.values || [];
      fig.querySelector('.latest').textContent = format(lastNumber(values), 'decimal');
      var holder = fig.querySelector('.plot');
      while (holder.firstChild) { holder.removeChild(holder.firstChild); }
      holder.appendChild(chart(series, ago, history.windowSeconds));
    });
    var scale = charts.querySelector('.scale');
    if (!scale) {
      scale = document.createElement('p');
      scale.className = 'scale hint';
      charts.appendChild(scale);
    }
    scale.textContent = 'Each chart: the last ' + Math.round((history.windowSeconds || 3600) / 60)
      + ' minutes, left to right, from 0 to its largest value; a sample every '
      + format(history.intervalSeconds, 'decimal') + ' s.';
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
    renderCharts(health.history);
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

  refresh(); // at once, so the charts are drawn without waiting a whole interval
}());
