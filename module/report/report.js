// Draws the report's charts with Vega-Lite from the data embedded in the page (#report-data), then records the
// outcome in #report-status (data-status="rendered" and data-charts, or "error" with the messages in #report-errors)
// so a headless browser can tell whether everything rendered.
(function () {
  'use strict';
  var status = document.getElementById('report-status');
  var errors = document.getElementById('report-errors');
  var failed = false;

  function fail(message) {
    failed = true;
    errors.hidden = false;
    errors.textContent += message + '\n';
    status.setAttribute('data-status', 'error');
    status.textContent = 'Some charts failed to render; the messages are below.';
  }

  window.addEventListener('error', function (e) { fail(String(e.message)); });

  var units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB'];
  function bytes(v) {
    if (!(v > 0)) { return '0 B'; }
    var i = 0;
    while (v >= 1024 && i < units.length - 1) { v /= 1024; i++; }
    return (Math.round(v * 100) / 100) + ' ' + units[i];
  }

  function hex(v) { return '0x' + Math.round(v).toString(16).toUpperCase(); }

  var costParts = [
    { key: 'ramMemmap', label: 'struct pages in RAM', color: '#3182bd' },
    { key: 'deviceMemmap', label: 'struct pages on the device (altmap)', color: '#e7ba52' },
    { key: 'vmemmapTables', label: 'vmemmap page tables', color: '#756bb1' },
    { key: 'linearTables', label: 'linear-map page tables', color: '#bcbddc' }
  ];

  var mapKinds = [
    ['System RAM', '#c6dbef'], ['memory block', '#9ecae1'], ['boot section memmap', '#6baed6'],
    ['subsections with memmap', '#31a354'], ['subsections without memmap', '#d9d9d9'], ['memmap left behind', '#e6550d'],
    ['memmap mapped', '#74c476'], ['memmap not mapped', '#fb6a4a'],
    ['struct pages in RAM', '#3182bd'], ['vmemmap tables', '#756bb1'], ['linear-map tables', '#bcbddc'],
    ['kernel reserved', '#636363'], ['section metadata', '#bdbdbd'], ['held for a removed device', '#de2d26'],
    ['device range', '#fdd0a2'], ['altmap reserve', '#8c6d31'], ['altmap used (struct pages)', '#e7ba52'],
    ['altmap padding', '#ad494a'], ['altmap free', '#e7cb94'], ['not usable (info block, alignment)', '#843c39'],
    ['usable data', '#a1d99b']
  ];

  function present(pairs, values) {
    var seen = {};
    values.forEach(function (v) { seen[v] = true; });
    var kept = pairs.filter(function (p) { return seen[p[0]]; });
    return { domain: kept.map(function (p) { return p[0]; }), range: kept.map(function (p) { return p[1]; }) };
  }

  function costSpec(costs) {
    var rows = [];
    costs.forEach(function (c) {
      costParts.forEach(function (p, i) {
        if (c[p.key] !== null && c[p.key] !== undefined) {
          rows.push({ item: c.item, series: c.series, component: p.label, order: i, bytes: c[p.key], text: bytes(c[p.key]) });
        }
      });
    });
    var scale = present(costParts.map(function (p) { return [p.label, p.color]; }), rows.map(function (r) { return r.component; }));
    // Plot in one binary unit (the largest bar's), so the ticks are round numbers of MiB or GiB.
    var widest = 0;
    costs.forEach(function (c) {
      var total = costParts.reduce(function (sum, p) { return sum + (c[p.key] || 0); }, 0);
      widest = Math.max(widest, total);
    });
    var unit = 0;
    while (unit < units.length - 1 && widest >= 1024 * Math.pow(1024, unit)) { unit++; }
    rows.forEach(function (r) { r.scaled = r.bytes / Math.pow(1024, unit); });
    return {
      width: 760,
      height: { step: 20 },
      data: { values: rows },
      mark: 'bar',
      encoding: {
        y: { field: 'item', type: 'nominal', sort: null, title: null, axis: { labelLimit: 320 } },
        x: { field: 'scaled', type: 'quantitative', stack: 'zero', title: units[unit], axis: { tickCount: 8 } },
        color: { field: 'component', type: 'nominal', scale: scale, legend: { orient: 'bottom', title: null, columns: 2 } },
        order: { field: 'order' },
        tooltip: [{ field: 'item' }, { field: 'component' }, { field: 'text', title: 'bytes' }]
      }
    };
  }

  function growthSpec(costs) {
    var rows = [];
    costs.forEach(function (c) {
      if (c.size === null) { return; }
      [['System RAM used', c.ramUsed], ['Device capacity without data', c.deviceUsed]].forEach(function (m) {
        if (m[1] > 0) {
          rows.push({ metric: m[0], series: c.series, size: c.size, bytes: m[1], sizeText: bytes(c.size), text: bytes(m[1]) });
        }
      });
    });
    return {
      data: { values: rows },
      facet: { column: { field: 'metric', type: 'nominal', title: null, sort: ['System RAM used', 'Device capacity without data'] } },
      spec: {
        width: 360,
        height: 260,
        mark: { type: 'line', point: true },
        encoding: {
          x: { field: 'size', type: 'quantitative', title: 'device size', scale: { type: 'log', base: 2 }, axis: { labelExpr: 'bytes(datum.value)', tickCount: 6 } },
          y: { field: 'bytes', type: 'quantitative', title: 'bytes', scale: { type: 'log', base: 2 }, axis: { labelExpr: 'bytes(datum.value)', tickCount: 8 } },
          color: { field: 'series', type: 'nominal', title: 'configuration', legend: { orient: 'bottom', columns: 3 } },
          tooltip: [{ field: 'series' }, { field: 'sizeText', title: 'size' }, { field: 'metric' }, { field: 'text', title: 'bytes' }]
        }
      },
      resolve: { scale: { y: 'independent' } }
    };
  }

  function mapSpec(regions) {
    var scale = present(mapKinds, regions.map(function (r) { return r.kind; }));
    return {
      data: { values: regions },
      facet: {
        row: {
          field: 'region', type: 'nominal', sort: { field: 'regionIndex', op: 'min' }, title: null,
          header: { labelAngle: 0, labelOrient: 'top', labelAlign: 'left', labelAnchor: 'start', labelFontWeight: 'bold', labelLimit: 900 }
        }
      },
      spec: {
        width: 900,
        height: { step: 22 },
        mark: { type: 'bar', stroke: '#ffffff', strokeWidth: 0.5 },
        encoding: {
          x: { field: 'start', type: 'quantitative', title: 'physical address', scale: { zero: false, nice: false }, axis: { labelExpr: 'hex(datum.value)', tickCount: 6 } },
          x2: { field: 'end' },
          y: { field: 'lane', type: 'nominal', title: null, sort: { field: 'laneIndex', op: 'min' } },
          color: { field: 'kind', type: 'nominal', scale: scale, legend: { orient: 'bottom', columns: 4, title: null, labelLimit: 260 } },
          tooltip: [{ field: 'label' }, { field: 'kind' }, { field: 'range' }, { field: 'size' }]
        }
      },
      resolve: { scale: { x: 'independent', y: 'independent' } },
      spacing: 14
    };
  }

  var data;
  try {
    data = JSON.parse(document.getElementById('report-data').textContent);
    vega.expressionFunction('bytes', bytes);
    vega.expressionFunction('hex', hex);
  } catch (e) {
    fail('Reading the report data: ' + e);
    return;
  }

  var charts = [];
  function chart(id, spec) {
    var el = document.getElementById(id);
    if (el) { charts.push({ el: el, spec: spec }); }
  }

  chart('chart-cost', costSpec(data.costs));
  chart('chart-growth', growthSpec(data.costs));
  data.machines.forEach(function (name, i) {
    chart('chart-map-' + i, mapSpec(data.regions.filter(function (r) { return r.machine === name; })));
  });

  var options = { renderer: 'svg', actions: { export: true, source: false, compiled: false, editor: false } };
  Promise.all(charts.map(function (c) {
    return vegaEmbed(c.el, c.spec, options).catch(function (e) { fail(c.el.id + ': ' + e); });
  })).then(function () {
    if (!failed) {
      status.setAttribute('data-status', 'rendered');
      status.setAttribute('data-charts', String(charts.length));
      status.textContent = charts.length + ' chart(s) rendered.';
    }
  });
})();
