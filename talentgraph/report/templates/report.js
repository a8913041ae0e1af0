/* talentgraph flow report: tables, sorting, filters, charts and the list of moves behind a number.
 *
 * The data (a <script type="application/json">) is the report computed in Python; this
 * script only lays it out, and recounts the flows and net flows of a shorter period from
 * the per-month counts embedded with each number. Data reaches the page only as text
 * (textContent), through esc() before plotly (which reads a small HTML subset in labels),
 * and as links only when it is an http(s) URL.
 */
(function () {
  'use strict';

  var DATA = JSON.parse(document.getElementById('report-data').textContent);
  // Move layout: see talentgraph/report/html.py payload().
  var ID = 0, DATE = 1, PRECISION = 2, PERSON = 3, FROM_ORG = 4, TO_ORG = 5, FROM_UNIT = 6, TO_UNIT = 7,
      STATUS = 8, ROLE = 9, COMP = 10, SOURCES = 11;
  var MOVE_MONTH = DATA.moves.map(function (m) {
    return Number(m[DATE].slice(0, 4)) * 12 + Number(m[DATE].slice(5, 7)) - 1;
  });
  var PALETTE = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f',
                 '#bcbd22', '#17becf', '#393b79', '#637939', '#8c6d31', '#843c39', '#7b4173', '#3182bd'];
  var PLOT_CONFIG = { displaylogo: false, responsive: true };
  var NETWORK_NODES = 40;
  var RECOUNTED = { flows: true, gainers: true, losers: true };
  var DATED = { bursts: ['start', 'end'], lift_outs: ['start', 'end'], boomerangs: ['left', 'returned'] };

  var state = { level: DATA.level, from: null, to: null, lab: '' };
  var sortState = {};

  // -- small helpers --------------------------------------------------------------------
  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }

  function esc(text) {  // for plotly labels and hover text only
    return String(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;').replace(/'/g, '&#39;');
  }

  function safeUrl(url) {
    return typeof url === 'string' && /^https?:\/\//i.test(url.trim()) ? url.trim() : null;
  }

  function str(index) { return index < 0 ? '' : DATA.strings[index]; }

  function when(move) {  // the date at its precision: 2025-06-12, 2025-06 or 2025
    var date = move[DATE];
    return move[PRECISION] === 'y' ? date.slice(0, 4) : move[PRECISION] === 'm' ? date.slice(0, 7) : date;
  }

  // The moves behind a number made of others (net: inflow and outflow), joined.
  function joinEvidence(parts) {
    var months = {}, ids = {}, n = 0;
    parts.forEach(function (ev) {
      n += ev.n;
      ev.m.forEach(function (i) { ids[i] = true; });
      ev.mo.forEach(function (p) { months[p[0]] = (months[p[0]] || 0) + p[1]; });
    });
    return {
      n: n,
      m: Object.keys(ids).map(Number).sort(function (a, b) { return a - b; }),
      mo: Object.keys(months).map(Number).sort(function (a, b) { return a - b; })
        .map(function (k) { return [k, months[k]]; })
    };
  }

  function evidenceOf(row, key) {
    if (row.ev[key]) { return row.ev[key]; }
    if (row.join && row.join[key]) { return joinEvidence(row.join[key].map(function (k) { return row.ev[k]; })); }
    return null;
  }

  function monthLabel(m) {
    var year = Math.floor(m / 12), month = (m % 12) + 1;
    return year + '-' + (month < 10 ? '0' : '') + month;
  }

  function monthOf(isoDate) {
    return Number(isoDate.slice(0, 4)) * 12 + Number(isoDate.slice(5, 7)) - 1;
  }

  function number(n) { return Math.round(n).toLocaleString('en-US'); }

  function plural(n, one, many) { return n === 1 ? one : (many || one + 's'); }

  function colour(name) {
    var h = 0;
    for (var i = 0; i < name.length; i++) { h = (h * 31 + name.charCodeAt(i)) >>> 0; }
    return PALETTE[h % PALETTE.length];
  }

  function rgba(hex, alpha) {
    var v = parseInt(hex.slice(1), 16);
    return 'rgba(' + ((v >> 16) & 255) + ',' + ((v >> 8) & 255) + ',' + (v & 255) + ',' + alpha + ')';
  }

  function level() { return DATA.levels[state.level]; }

  function fullPeriod() { return state.from === bounds.first && state.to === bounds.last; }

  function inPeriod(month) { return month >= state.from && month <= state.to; }

  // -- evidence: the moves behind a number, under the period filter ------------------------
  // `whole`: the number as computed for the report's period (sections that are not recounted).
  function count(ev, whole) {
    if (whole || fullPeriod()) { return ev.n; }
    var n = 0;
    ev.mo.forEach(function (pair) { if (inPeriod(pair[0])) { n += pair[1]; } });
    return n;
  }

  function shownMoves(ev, whole) {
    if (whole || fullPeriod()) { return ev.m; }
    return ev.m.filter(function (i) { return inPeriod(MOVE_MONTH[i]); });
  }

  function openEvidence(title, ev, whole) {
    showMoves(title, shownMoves(ev, whole), count(ev, whole), whole);
  }

  // -- formatting, as the text report does -------------------------------------------------
  function format(value, kind) {
    if (value === null || value === undefined) { return '\u2013'; }
    switch (kind) {
      case 'count': case 'people': case 'int': case 'days': return number(value);
      case 'ratio': return value === 'inf' ? '\u221e' : String(Math.round(value * 100) / 100);
      case 'share': return (value * 100).toFixed(1) + '%';
      case 'usd': return '$' + number(value);
      default: return String(value);
    }
  }

  function sortValue(value, kind) {
    if (value === null || value === undefined) { return null; }
    if (kind === 'ratio' && value === 'inf') { return Infinity; }
    return value;
  }

  function isNumeric(kind) {
    return ['count', 'people', 'int', 'days', 'ratio', 'share', 'usd'].indexOf(kind) >= 0;
  }

  // -- rows under the filters ---------------------------------------------------------------
  function orgsOf(section, row) {
    return section.columns.filter(function (c) { return c.kind === 'org'; })
      .map(function (c) { return row.c[c.key]; });
  }

  function filteredRows(section) {
    var rows = section.rows.map(function (row) {
      var copy = { c: Object.assign({}, row.c), ev: row.ev, join: row.join };
      if (RECOUNTED[section.key] && !fullPeriod()) {
        section.columns.forEach(function (c) {
          if (row.ev[c.key] && c.kind === 'count') { copy.c[c.key] = count(row.ev[c.key]); }
        });
        if ('net' in copy.c) { copy.c.net = copy.c.inflow - copy.c.outflow; }
      }
      return copy;
    });
    if (!fullPeriod()) {
      if (section.key === 'flows') { rows = rows.filter(function (r) { return r.c.moves > 0; }); }
      if (section.key === 'gainers') { rows = rows.filter(function (r) { return r.c.net > 0; }); }
      if (section.key === 'losers') { rows = rows.filter(function (r) { return r.c.net < 0; }); }
      if (section.key === 'flows') { rows.sort(function (a, b) { return b.c.moves - a.c.moves; }); }
      if (section.key === 'gainers') { rows.sort(function (a, b) { return b.c.net - a.c.net; }); }
      if (section.key === 'losers') { rows.sort(function (a, b) { return a.c.net - b.c.net; }); }
      var dated = DATED[section.key];
      if (dated) {
        rows = rows.filter(function (r) {
          return monthOf(r.c[dated[0]]) <= state.to && monthOf(r.c[dated[1]]) >= state.from;
        });
      }
    }
    if (state.lab) {
      rows = rows.filter(function (r) { return orgsOf(section, r).indexOf(state.lab) >= 0; });
    }
    return rows;
  }

  // -- tables -------------------------------------------------------------------------------
  function renderTables() {
    var holder = document.getElementById('tables');
    holder.textContent = '';
    level().sections.forEach(function (section) { holder.appendChild(renderSection(section)); });
  }

  function renderSection(section) {
    var box = el('section', 'report-section');
    box.id = 'section-' + section.key;
    box.setAttribute('data-section', section.key);
    box.appendChild(el('h2', null, section.title));
    box.appendChild(el('p', 'blurb', section.blurb));
    var rows = filteredRows(section);
    var whole = !RECOUNTED[section.key];
    var note = section.rows.length < section.total
      ? 'The top ' + section.rows.length + ' of ' + number(section.total) + ' rows.'
      : number(section.rows.length) + ' ' + plural(section.rows.length, 'row') + '.';
    if (rows.length < section.rows.length) { note += ' ' + number(rows.length) + ' shown by the filters.'; }
    if (!fullPeriod() && !RECOUNTED[section.key] && !DATED[section.key]) {
      note += ' Computed for the whole report period: the period filter does not apply here.';
    } else if (!fullPeriod() && !RECOUNTED[section.key]) {
      note += ' Rows whose dates fall outside the selected months are hidden.';
    }
    box.appendChild(el('p', 'note', note));
    if (!rows.length) {
      box.appendChild(el('p', 'note', section.rows.length ? 'No row matches the filters.' : section.empty));
      return box;
    }
    var sort = sortState[section.key];
    if (sort) {
      var kind = section.columns.filter(function (c) { return c.key === sort.key; })[0].kind;
      rows = rows.slice().sort(function (a, b) {
        var x = sortValue(a.c[sort.key], kind), y = sortValue(b.c[sort.key], kind);
        if (x === null && y === null) { return 0; }
        if (x === null) { return 1; }
        if (y === null) { return -1; }
        var order = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
        return sort.dir === 'asc' ? order : -order;
      });
    }
    var table = el('table', 'sortable');
    var head = el('thead');
    var tr = el('tr');
    section.columns.forEach(function (column) {
      var th = el('th', isNumeric(column.kind) ? 'num' : null);
      th.setAttribute('scope', 'col');
      if (sort && sort.key === column.key) {
        th.setAttribute('aria-sort', sort.dir === 'asc' ? 'ascending' : 'descending');
      }
      var button = el('button', null, column.label);
      button.type = 'button';
      button.title = 'Sort by ' + column.label;
      button.addEventListener('click', function () {
        var current = sortState[section.key];
        var dir = current && current.key === column.key
          ? (current.dir === 'asc' ? 'desc' : 'asc')
          : (isNumeric(column.kind) ? 'desc' : 'asc');
        sortState[section.key] = { key: column.key, dir: dir };
        box.replaceWith(renderSection(section));
      });
      th.appendChild(button);
      tr.appendChild(th);
    });
    head.appendChild(tr);
    table.appendChild(head);
    var body = el('tbody');
    rows.forEach(function (row) {
      var line = el('tr');
      section.columns.forEach(function (column) {
        var td = el('td', isNumeric(column.kind) ? 'num' : null);
        var ev = evidenceOf(row, column.key);
        var text = format(row.c[column.key], column.kind);
        if (ev && count(ev, whole) > 0) {
          var button = el('button', 'count', text);
          button.type = 'button';
          button.title = 'List the moves behind this number';
          button.addEventListener('click', function () {
            openEvidence(describe(section, row, column), ev, whole);
          });
          td.appendChild(button);
        } else {
          td.textContent = text;
        }
        line.appendChild(td);
      });
      body.appendChild(line);
    });
    table.appendChild(body);
    box.appendChild(table);
    return box;
  }

  function describe(section, row, column) {
    var c = row.c;
    switch (section.key) {
      case 'flows': return c.from_org + ' \u2192 ' + c.to_org;
      case 'gainers': case 'losers':
        return c.org + (column.key === 'inflow' ? ': moves in' : column.key === 'outflow' ? ': moves out'
          : ': moves in and out');
      case 'asymmetry':
        return column.key === 'b_to_a' ? c.org_b + ' \u2192 ' + c.org_a
          : column.key === 'a_to_b' ? c.org_a + ' \u2192 ' + c.org_b : c.org_a + ' \u2194 ' + c.org_b;
      case 'bursts': return c.from_org + ' \u2192 ' + c.to_org + ', ' + c.start + ' to ' + c.end;
      case 'lift_outs': return c.from_unit + ' \u2192 ' + c.to_org + ', ' + c.start + ' to ' + c.end;
      case 'retention': return c.org + ': ' + (column.key === 'hires' ? 'hires' : 'departures of those hires');
      case 'boomerangs': return c.person + ' left ' + c.org + ' and came back';
      case 'alumni': return 'Alumni of ' + c.exporter + ' now at ' + c.current_org;
      case 'compensation': return c.org + ': reported compensation';
      default: return section.title;
    }
  }

  // -- the list of moves behind a number -------------------------------------------------------
  function place(org, unit) {
    var span = el('span');
    span.appendChild(document.createTextNode(org || 'unknown origin'));
    if (unit && unit !== org) { span.appendChild(el('span', 'unit', ' (' + unit + ')')); }
    return span;
  }

  function showMoves(title, indices, total, whole) {
    var panel = document.getElementById('moves-panel');
    document.getElementById('moves-title').textContent = title + ': ' + number(total) + ' ' + plural(total, 'move');
    var note = [];
    if (indices.length < total) {
      note.push('Showing ' + number(indices.length) + ' of them: the report embeds at most ' +
                number(DATA.maxMoves) + ' moves per number, spread over its dates' +
                (whole || fullPeriod() ? '.' : ' (those in the selected months are shown).'));
    }
    if (!fullPeriod()) {
      note.push(whole ? 'The whole report period (this table is not recounted for the selected months).'
                      : 'Months ' + monthLabel(state.from) + ' to ' + monthLabel(state.to) + '.');
    }
    document.getElementById('moves-note').textContent = note.join(' ');
    var list = document.getElementById('moves-list');
    list.textContent = '';
    indices.forEach(function (i) {
      var m = DATA.moves[i];
      var item = el('li', 'move');
      item.setAttribute('data-move-id', m[ID]);
      item.appendChild(el('span', 'move-when', when(m)));
      item.appendChild(el('span', 'move-person', m[PERSON]));
      var path = el('span', 'move-path');
      path.appendChild(place(str(m[FROM_ORG]), str(m[FROM_UNIT])));
      path.appendChild(document.createTextNode(' \u2192 '));
      path.appendChild(place(str(m[TO_ORG]), str(m[TO_UNIT])));
      item.appendChild(path);
      var meta = [m[STATUS]];
      if (m[ROLE]) { meta.push(m[ROLE]); }
      if (m[COMP] !== null) { meta.push('reported compensation $' + number(m[COMP])); }
      item.appendChild(el('span', 'move-meta', meta.join(' \u00b7 ')));
      var sources = el('ul', 'sources');
      m[SOURCES].forEach(function (s) {
        var li = el('li', 'source');
        var url = safeUrl(s[0]);
        var label = str(s[1]) || s[0] || 'source';
        if (url) {
          var a = el('a', null, label);
          a.href = url;
          a.target = '_blank';
          a.rel = 'noopener noreferrer';
          li.appendChild(a);
        } else {
          li.appendChild(el('span', 'outlet', label));
        }
        if (s[2]) { li.appendChild(el('span', 'published', ', ' + s[2])); }
        if (s[3]) {
          li.appendChild(document.createTextNode(': '));
          li.appendChild(el('q', 'quote', s[3]));
        }
        sources.appendChild(li);
      });
      if (!m[SOURCES].length) { sources.appendChild(el('li', 'note', 'no source recorded')); }
      item.appendChild(sources);
      list.appendChild(item);
    });
    panel.hidden = false;
    document.getElementById('moves-close').focus();
  }

  // -- charts -------------------------------------------------------------------------------
  function section(key) {
    return level().sections.filter(function (s) { return s.key === key; })[0];
  }

  function emptyChart(id, message) {
    var node = document.getElementById(id);
    if (window.Plotly) { Plotly.purge(node); }
    node.textContent = '';
    node.appendChild(el('p', 'chart-empty', message));
  }

  function clearEmpty(node) {
    var empty = node.querySelector('.chart-empty');
    if (empty) { empty.remove(); }
  }

  // A fresh plot each time (no animated transition between selections), listeners included.
  function draw(node, traces, layout) {
    Plotly.purge(node);
    Plotly.newPlot(node, traces, layout, PLOT_CONFIG);
  }

  function renderSankey() {
    var flows = section('flows');
    var rows = filteredRows(flows);
    if (!rows.length) { emptyChart('sankey', 'No flow between two labs in this selection.'); return; }
    var left = [], right = [], leftIndex = {}, rightIndex = {};
    rows.forEach(function (r) {
      if (!(r.c.from_org in leftIndex)) { leftIndex[r.c.from_org] = left.length; left.push(r.c.from_org); }
      if (!(r.c.to_org in rightIndex)) { rightIndex[r.c.to_org] = right.length; right.push(r.c.to_org); }
    });
    var names = left.concat(right);
    var trace = {
      type: 'sankey',
      arrangement: 'snap',
      node: {
        label: names.map(esc),
        color: names.map(colour),
        pad: 12,
        thickness: 14,
        customdata: names.map(function (name, i) { return i < left.length ? 'out' : 'in'; }),
        hovertemplate: '%{label}: %{value} moves<extra></extra>'
      },
      link: {
        source: rows.map(function (r) { return leftIndex[r.c.from_org]; }),
        target: rows.map(function (r) { return left.length + rightIndex[r.c.to_org]; }),
        value: rows.map(function (r) { return r.c.moves; }),
        color: rows.map(function (r) { return rgba(colour(r.c.from_org), 0.35); }),
        customdata: rows.map(function (r, i) { return i; }),
        hovertemplate: '%{source.label} \u2192 %{target.label}: %{value} moves<extra></extra>'
      }
    };
    var layout = { margin: { l: 8, r: 8, t: 8, b: 8 }, font: { size: 12 },
                   height: Math.max(360, Math.min(1200, 26 * Math.max(left.length, right.length))) };
    var node = document.getElementById('sankey');
    clearEmpty(node);
    node.style.height = layout.height + 'px';
    draw(node, [trace], layout);
    node.on('plotly_click', function (event) {
      var point = event && event.points && event.points[0];
      if (!point) { return; }
      if (point.sourceLinks || point.targetLinks) {  // a node: every flow it stands in
        var name = names[point.pointNumber !== undefined ? point.pointNumber : point.index];
        var isLeft = (point.pointNumber !== undefined ? point.pointNumber : point.index) < left.length;
        var picked = rows.filter(function (r) { return (isLeft ? r.c.from_org : r.c.to_org) === name; });
        var ids = [], total = 0;
        picked.forEach(function (r) { ids = ids.concat(shownMoves(r.ev.moves)); total += r.c.moves; });
        ids.sort(function (a, b) { return a - b; });
        showMoves(name + (isLeft ? ': moves out to the labs shown' : ': moves in from the labs shown'), ids, total);
        return;
      }
      var row = rows[point.customdata !== undefined ? point.customdata : point.pointNumber];
      if (row) { openEvidence(row.c.from_org + ' \u2192 ' + row.c.to_org, row.ev.moves); }
    });
  }

  function orgStats() {
    return level().orgs.map(function (o) {
      var inflow = count(o.ev.inflow), outflow = count(o.ev.outflow);
      return { name: o.c.org, inflow: inflow, outflow: outflow, net: inflow - outflow, ev: o.ev };
    });
  }

  function renderNetwork() {
    var rows = filteredRows(section('flows'));
    var stats = orgStats().filter(function (o) { return o.inflow + o.outflow > 0; });
    if (state.lab) {
      var near = {};
      near[state.lab] = true;
      rows.forEach(function (r) { near[r.c.from_org] = true; near[r.c.to_org] = true; });
      stats = stats.filter(function (o) { return near[o.name]; });
    }
    if (!stats.length) { emptyChart('network', 'No lab in this selection.'); return; }
    // The busiest labs only: past a few dozen nodes a network is a hairball.
    stats.sort(function (a, b) { return (b.inflow + b.outflow) - (a.inflow + a.outflow) || a.name.localeCompare(b.name); });
    stats = stats.slice(0, NETWORK_NODES);
    var layout0 = level().layout || {};
    var position = {};
    stats.forEach(function (o, i) {
      var angle = Math.PI / 2 - 2 * Math.PI * i / stats.length;
      position[o.name] = layout0[o.name] || [Math.cos(angle), Math.sin(angle)];
    });
    var biggest = Math.max.apply(null, stats.map(function (o) { return o.inflow + o.outflow; }));
    var heaviest = Math.max.apply(null, rows.map(function (r) { return r.c.moves; }).concat([1]));
    var arrows = rows.filter(function (r) { return position[r.c.from_org] && position[r.c.to_org]; })
      .map(function (r) {
        var a = position[r.c.from_org], b = position[r.c.to_org];
        return {
          x: a[0] + 0.85 * (b[0] - a[0]), y: a[1] + 0.85 * (b[1] - a[1]), ax: a[0], ay: a[1],
          xref: 'x', yref: 'y', axref: 'x', ayref: 'y', text: '', showarrow: true, arrowhead: 2,
          arrowsize: 0.8, arrowwidth: 1 + 3 * r.c.moves / heaviest, arrowcolor: 'rgba(90,100,110,0.45)'
        };
      });
    var trace = {
      type: 'scatter',
      mode: 'markers+text',
      x: stats.map(function (o) { return position[o.name][0]; }),
      y: stats.map(function (o) { return position[o.name][1]; }),
      text: stats.map(function (o) { return esc(o.name); }),
      textposition: 'top center',
      hovertext: stats.map(function (o) {
        return esc(o.name) + '<br>in ' + o.inflow + ', out ' + o.outflow + ', net ' + (o.net > 0 ? '+' : '') + o.net;
      }),
      hoverinfo: 'text',
      customdata: stats.map(function (o, i) { return i; }),
      marker: {
        size: stats.map(function (o) { return 10 + 40 * Math.sqrt((o.inflow + o.outflow) / biggest); }),
        color: stats.map(function (o) { return o.net; }),
        colorscale: [[0, '#c0392b'], [0.5, '#c8ccd0'], [1, '#27ae60']],
        cmid: 0,
        line: { color: '#fff', width: 1 }
      }
    };
    var layout = {
      margin: { l: 10, r: 10, t: 10, b: 10 }, showlegend: false, annotations: arrows, hovermode: 'closest',
      xaxis: { visible: false, range: [-1.4, 1.4] }, yaxis: { visible: false, range: [-1.15, 1.2] }
    };
    var node = document.getElementById('network');
    clearEmpty(node);
    draw(node, [trace], layout);
    node.on('plotly_click', function (event) {
      var point = event && event.points && event.points[0];
      var org = point && stats[point.customdata !== undefined ? point.customdata : point.pointNumber];
      if (!org) { return; }
      var ids = shownMoves(org.ev.inflow).concat(shownMoves(org.ev.outflow)).sort(function (a, b) { return a - b; });
      showMoves(org.name + ': moves in and out', ids, org.inflow + org.outflow);
    });
  }

  function renderTimeline() {
    var node = document.getElementById('timeline');
    var title = document.getElementById('timeline-title');
    var lab = state.lab ? orgStats().filter(function (o) { return o.name === state.lab; })[0] : null;
    var months = [];
    for (var m = state.from; m <= state.to; m++) { months.push(m); }
    if (!bounds.any) { emptyChart('timeline', 'No move in the report period.'); return; }
    var x = months.map(monthLabel);
    var traces, onClick;
    if (lab) {
      title.textContent = state.lab + ': moves in and out per month';
      var inflow = {}, outflow = {};
      lab.ev.inflow.mo.forEach(function (p) { inflow[p[0]] = p[1]; });
      lab.ev.outflow.mo.forEach(function (p) { outflow[p[0]] = p[1]; });
      traces = [
        { type: 'bar', name: 'in', x: x, y: months.map(function (k) { return inflow[k] || 0; }), marker: { color: '#27ae60' } },
        { type: 'bar', name: 'out', x: x, y: months.map(function (k) { return -(outflow[k] || 0); }),
          marker: { color: '#c0392b' } }
      ];
      onClick = function (point) {
        var month = months[point.pointNumber];
        var ev = point.curveNumber === 0 ? lab.ev.inflow : lab.ev.outflow;
        var ids = ev.m.filter(function (i) { return MOVE_MONTH[i] === month; });
        var total = point.curveNumber === 0 ? (inflow[month] || 0) : (outflow[month] || 0);
        showMoves(state.lab + (point.curveNumber === 0 ? ': moves in, ' : ': moves out, ') + monthLabel(month), ids, total);
      };
    } else {
      title.textContent = 'Moves per month';
      if (state.lab) { title.textContent += ' (no monthly figures embedded for ' + state.lab + ')'; }
      var totals = {};
      level().months.forEach(function (p) { totals[p[0]] = p[1]; });
      traces = [{ type: 'bar', name: 'moves', x: x, y: months.map(function (k) { return totals[k] || 0; }),
                  marker: { color: '#1f5fa8' } }];
      onClick = function (point) {
        var month = months[point.pointNumber];
        var ids = level().headlineMoves.m.filter(function (i) { return MOVE_MONTH[i] === month; });
        showMoves('Moves in ' + monthLabel(month), ids, totals[month] || 0);
      };
    }
    var layout = { barmode: 'relative', margin: { l: 40, r: 10, t: 10, b: 50 }, showlegend: !!lab,
                   xaxis: { type: 'category', tickangle: -45, automargin: true }, yaxis: { zeroline: true } };
    clearEmpty(node);
    draw(node, traces, layout);
    node.on('plotly_click', function (event) {
      var point = event && event.points && event.points[0];
      if (point) { onClick(point); }
    });
  }

  // -- header and filters ---------------------------------------------------------------------
  function renderHeader() {
    var h = level().headline;
    document.getElementById('scope').textContent = DATA.period + ', ' + state.level + ' level; counted statuses: ' +
      DATA.statuses.join(', ');
    var line = document.getElementById('headline');
    line.textContent = '';
    var moves = count(level().headlineMoves);
    var button = el('button', 'count', number(moves));
    button.type = 'button';
    button.id = 'headline-moves';
    button.title = 'List the moves';
    button.addEventListener('click', function () { openEvidence('Every counted move', level().headlineMoves); });
    line.appendChild(button);
    var whole = number(h.people) + ' ' + plural(h.people, 'person', 'people') + ' between ' + number(h.orgs) + ' ' +
      plural(h.orgs, 'org') + ' (' + number(h.flows) + ' with a known origin' +
      (h.unknown_origin ? ', ' + number(h.unknown_origin) + ' from an unknown one' : '') + ').';
    line.appendChild(document.createTextNode(' ' + plural(moves, 'move') + (fullPeriod()
      ? ' by ' + whole
      : ' in the selected months; over the whole report period, ' + number(h.moves) + ' ' +
        plural(h.moves, 'move') + ' by ' + whole)));
  }

  var bounds = { first: null, last: null, any: false };

  function computeBounds() {
    var all = [];
    Object.keys(DATA.levels).forEach(function (k) {
      DATA.levels[k].months.forEach(function (p) { all.push(p[0]); });
    });
    bounds.any = all.length > 0;
    bounds.first = all.length ? Math.min.apply(null, all) : 0;
    bounds.last = all.length ? Math.max.apply(null, all) : 0;
  }

  function option(select, value, label) {
    var o = el('option', null, label);
    o.value = String(value);
    select.appendChild(o);
  }

  function fillFilters() {
    var from = document.getElementById('f-from'), to = document.getElementById('f-to');
    from.textContent = '';
    to.textContent = '';
    for (var m = bounds.first; m <= bounds.last; m++) {
      option(from, m, monthLabel(m));
      option(to, m, monthLabel(m));
    }
    from.value = String(state.from);
    to.value = String(state.to);
    from.disabled = to.disabled = !bounds.any;
    var lev = document.getElementById('f-level');
    lev.textContent = '';
    Object.keys(DATA.levels).sort().forEach(function (k) { option(lev, k, k === 'org' ? 'org (units roll up)' : 'unit (as named)'); });
    lev.value = state.level;
    fillLabs();
  }

  function fillLabs() {
    var lab = document.getElementById('f-lab');
    var names = {};
    level().orgs.forEach(function (o) { names[o.c.org] = true; });
    level().sections.forEach(function (s) {
      s.rows.forEach(function (r) { orgsOf(s, r).forEach(function (n) { names[n] = true; }); });
    });
    var sorted = Object.keys(names).sort(function (a, b) { return a.localeCompare(b); });
    if (state.lab && !names[state.lab]) { state.lab = ''; }
    lab.textContent = '';
    option(lab, '', 'All labs');
    sorted.forEach(function (n) { option(lab, n, n); });
    lab.value = state.lab;
  }

  function filterNote() {
    var parts = [];
    if (!fullPeriod()) {
      parts.push('Months ' + monthLabel(state.from) + ' to ' + monthLabel(state.to) + ': flows and net flows ' +
                 'are recounted from monthly counts of the rows the report embeds (the top ' + DATA.top +
                 ' per section); other tables hide rows dated outside the months, or hold for the whole period.');
    }
    if (state.lab) { parts.push('Lab ' + state.lab + ': only rows that name it.'); }
    document.getElementById('f-note').textContent = parts.join(' ');
  }

  function render() {
    filterNote();
    renderHeader();
    renderTables();
    if (window.Plotly) {
      renderSankey();
      renderNetwork();
      renderTimeline();
    }
  }

  function wire() {
    document.getElementById('f-from').addEventListener('change', function (e) {
      state.from = Number(e.target.value);
      if (state.to < state.from) { state.to = state.from; document.getElementById('f-to').value = String(state.to); }
      render();
    });
    document.getElementById('f-to').addEventListener('change', function (e) {
      state.to = Number(e.target.value);
      if (state.from > state.to) { state.from = state.to; document.getElementById('f-from').value = String(state.from); }
      render();
    });
    document.getElementById('f-level').addEventListener('change', function (e) {
      state.level = e.target.value;
      fillLabs();
      render();
    });
    document.getElementById('f-lab').addEventListener('change', function (e) {
      state.lab = e.target.value;
      render();
    });
    document.getElementById('f-reset').addEventListener('click', function () {
      state.from = bounds.first;
      state.to = bounds.last;
      state.lab = '';
      state.level = DATA.level;
      sortState = {};
      fillFilters();
      render();
    });
    document.getElementById('moves-close').addEventListener('click', function () {
      document.getElementById('moves-panel').hidden = true;
    });
    document.addEventListener('keydown', function (e) {
      if (e.key === 'Escape') { document.getElementById('moves-panel').hidden = true; }
    });
  }

  computeBounds();
  state.from = bounds.first;
  state.to = bounds.last;
  fillFilters();
  wire();
  render();
}());
