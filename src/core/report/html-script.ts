/**
 * The HTML report's inline script (no network, no libraries): expands the compact rows (html-data.ts) and shows
 * them 100 at a time with a filter and sorting; makes the server-rendered tables sortable. Text only ever goes into
 * the page through textContent, never innerHTML: the values come from Zoom.
 */
export const REPORT_SCRIPT = `(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('report-data').textContent);
  var t = data.t, rows = [];
  data.u.forEach(function (u) {
    var settings = data.k[u[1]];
    for (var i = 0; i < settings.length; i++) {
      var cells = data.c[u[2 + i]].map(function (x) { return t[x]; });
      rows.push([t[u[0]], t[settings[i]]].concat(cells));
    }
  });
  var NUMERIC = { 9: true };
  var PAGE = 100, page = 0, shown = rows, sortCol = -1, sortDir = 1;
  var body = document.querySelector('#rows tbody');
  var filter = document.getElementById('filter'), only = document.getElementById('only');
  function cmp(a, b, numeric) { return numeric ? Number(a) - Number(b) : a.localeCompare(b); }
  function render() {
    body.textContent = '';
    var pages = Math.max(1, Math.ceil(shown.length / PAGE));
    if (page >= pages) page = pages - 1;
    shown.slice(page * PAGE, page * PAGE + PAGE).forEach(function (row) {
      var tr = document.createElement('tr');
      if (row[9] !== '0') tr.className = 'fail';
      row.forEach(function (cell) { var td = document.createElement('td'); td.textContent = cell; tr.appendChild(td); });
      body.appendChild(tr);
    });
    document.getElementById('count').textContent = shown.length + ' of ' + rows.length + ' rows';
    document.getElementById('page').textContent = 'page ' + (page + 1) + ' of ' + pages;
  }
  function apply() {
    var words = filter.value.toLowerCase().split(/\\s+/).filter(Boolean);
    var failing = only.value === 'fail';
    shown = rows.filter(function (row) {
      if (failing && row[9] === '0') return false;
      var line = row.join(' ').toLowerCase();
      return words.every(function (w) { return line.indexOf(w) >= 0; });
    });
    if (sortCol >= 0) shown.sort(function (a, b) { return sortDir * cmp(a[sortCol], b[sortCol], NUMERIC[sortCol]); });
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
