/**
 * The HTML report's inline script (no network, no libraries): expands the compact rows (html-data.ts) and shows
 * them 100 at a time with a filter and sorting; makes the server-rendered tables sortable. Text only ever goes into
 * the page through textContent, never innerHTML: the values come from Zoom.
 */
export const REPORT_SCRIPT = `(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('report-data').textContent);
  var t = data.t, combos = data.c, users = [], n = 0;
  data.u.forEach(function (u) { n += data.k[u[1]].length; });
  // Rows stay compact (user, setting, combination as indices): a million rows are 12 MB, not a million arrays.
  var rows = new Int32Array(n * 3), at = 0;
  data.u.forEach(function (u, ui) {
    users.push(t[u[0]]);
    var settings = data.k[u[1]];
    for (var i = 0; i < settings.length; i++) { rows[at++] = ui; rows[at++] = settings[i]; rows[at++] = u[2 + i]; }
  });
  function cell(r, col) {
    if (col === 0) return users[rows[r * 3]];
    if (col === 1) return t[rows[r * 3 + 1]];
    return t[combos[rows[r * 3 + 2]][col - 2]];
  }
  var lowerUsers = users.map(function (s) { return s.toLowerCase(); });
  var lowerText = t.map(function (s) { return s.toLowerCase(); });
  var lowerCombos = combos.map(function (c) { return c.map(function (x) { return lowerText[x]; }).join(' '); });
  var COLUMNS = combos.length > 0 ? combos[0].length + 2 : 11;
  var FAILING = 9, PAGE = 100, page = 0, all = [], shown, sortCol = -1, sortDir = 1;
  for (var r = 0; r < n; r++) all.push(r);
  shown = all;
  var body = document.querySelector('#rows tbody');
  var filter = document.getElementById('filter'), only = document.getElementById('only');
  function cmp(a, b, numeric) { return numeric ? Number(a) - Number(b) : a.localeCompare(b); }
  function render() {
    body.textContent = '';
    var pages = Math.max(1, Math.ceil(shown.length / PAGE));
    if (page >= pages) page = pages - 1;
    shown.slice(page * PAGE, page * PAGE + PAGE).forEach(function (row) {
      var tr = document.createElement('tr');
      if (cell(row, FAILING) !== '0') tr.className = 'fail';
      for (var col = 0; col < COLUMNS; col++) { var td = document.createElement('td'); td.textContent = cell(row, col); tr.appendChild(td); }
      body.appendChild(tr);
    });
    document.getElementById('count').textContent = shown.length + ' of ' + n + ' rows';
    document.getElementById('page').textContent = 'page ' + (page + 1) + ' of ' + pages;
  }
  function apply() {
    var words = filter.value.toLowerCase().split(/\\s+/).filter(Boolean);
    var failing = only.value === 'fail';
    shown = all.filter(function (row) {
      if (failing && cell(row, FAILING) === '0') return false;
      var line = lowerUsers[rows[row * 3]] + ' ' + lowerText[rows[row * 3 + 1]] + ' ' + lowerCombos[rows[row * 3 + 2]];
      return words.every(function (w) { return line.indexOf(w) >= 0; });
    });
    if (sortCol >= 0) {
      var keys = {};
      shown.forEach(function (row) { keys[row] = cell(row, sortCol); });
      shown.sort(function (a, b) { return sortDir * cmp(keys[a], keys[b], sortCol === FAILING); });
    }
    page = 0;
    render();
  }
  filter.addEventListener('input', apply);
  only.addEventListener('change', apply);
  document.getElementById('prev').addEventListener('click', function () { if (page > 0) { page--; render(); } });
  document.getElementById('next').addEventListener('click', function () { page++; render(); });
  document.querySelectorAll('#rows th').forEach(function (th, col) {
    th.addEventListener('click', function () { sortDir = sortCol === col ? -sortDir : 1; sortCol = col; apply(); });
  });
  document.querySelectorAll('table.sortable').forEach(function (table) {
    table.querySelectorAll('th').forEach(function (th, col) {
      var dir = 1;
      th.addEventListener('click', function () {
        var tbody = table.tBodies[0], list = Array.prototype.slice.call(tbody.rows);
        var key = function (tr) { var td = tr.cells[col]; return td.getAttribute('data-sort') || td.textContent; };
        var numeric = th.getAttribute('data-type') === 'num';
        list.sort(function (a, b) { return dir * cmp(key(a), key(b), numeric); });
        dir = -dir;
        list.forEach(function (tr) { tbody.appendChild(tr); });
      });
    });
  });
  apply();
})();`;
