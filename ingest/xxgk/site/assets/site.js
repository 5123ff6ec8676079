/* xxgk report site: the only script (bundled, no network, no libraries).
 *
 * 1. Data tables: <div class="datatable" data-spec="ID"> + <script type="application/json" id="ID">spec</script>.
 *    Rows come from window.XXGK_DATA[spec.data] = {cols: [...], rows: [[...], ...]}, loaded by a
 *    <script src="data/NAME.js"> (file:// pages cannot fetch JSON, but they can load scripts).
 *    Search, select filters, sorting and paging happen here; filters can be preset in the URL hash
 *    (findings.html#rule=balance&year=2020), so other pages link to a filtered list.
 * 2. Report text: <pre class="text" id="text"> + <script type="application/json" id="facts">, every
 *    figure wrapped in a <mark> at its provenance span (offsets are code points into the text), with
 *    line-number anchors (#L12).
 */
(function () {
  "use strict";
  var DATA = (window.XXGK_DATA = window.XXGK_DATA || {});
  var fmt = new Intl.NumberFormat("en-US", { maximumFractionDigits: 4 });

  function esc(s) {
    return String(s).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }
  function num(v) { return v === null || v === undefined || v === "" ? "—" : fmt.format(v); }
  function fill(tpl, row, idx) {
    // {col} = the column's value; {col:2} = its first two characters (report pages live in report/<2>/).
    // A value missing before the '#' means there is no page to link to (null); after it, it is left out.
    var missing = false, hashAt = tpl.indexOf("#");
    var out = tpl.replace(/\{(\w+)(?::(\d+))?\}/g, function (m, k, n, at) {
      var v = row[idx[k]];
      if (v === null || v === undefined || v === "") {
        if (hashAt < 0 || at < hashAt) missing = true;
        return "";
      }
      v = String(v);
      return encodeURIComponent(n ? v.slice(0, parseInt(n, 10)) : v);
    });
    return missing ? null : out;
  }
  function hashParams() {
    var out = {};
    location.hash.replace(/^#/, "").split("&").forEach(function (kv) {
      if (!kv) return;
      var i = kv.indexOf("=");
      if (i > 0) out[decodeURIComponent(kv.slice(0, i))] = decodeURIComponent(kv.slice(i + 1));
    });
    return out;
  }

  function label(spec, col, v) {
    var labels = (spec.labels || {})[col];
    if (v === null || v === undefined || v === "") return '<span class="muted">—</span>';
    if (labels && labels[v]) return esc(labels[v]) + ' <span class="en">' + esc(v) + "</span>";
    return esc(v);
  }

  function cell(spec, c, row, idx) {
    var v = row[idx[c.c]];
    if ((v === null || v === undefined) && c.or) v = row[idx[c.or]];  // e.g. the file when the body is unknown
    var cls = c.t === "num" ? ' class="n"' : c.wrap ? ' class="wrap"' : "";
    var html;
    if (c.t === "num") html = num(v);
    else if (c.t === "pct") html = v === null || v === undefined ? "—" : (v * 100).toFixed(1) + "%";
    else if (c.t === "label") html = label(spec, c.c, v);
    else if (c.t === "pill") html = v ? '<span class="pill ' + esc(v) + '">' + label(spec, c.c, v) + "</span>" : "";
    else if (c.t === "pre") html = v ? "<pre>" + esc(v) + "</pre>" : "";
    else html = v === null || v === undefined ? '<span class="muted">—</span>' : esc(v);
    if (c.sub && row[idx[c.sub]]) html += '<br><span class="muted">' + esc(row[idx[c.sub]]) + "</span>";
    var href = c.href && v !== null && v !== undefined && v !== "" ? fill(c.href, row, idx) : null;
    if (href !== null) html = '<a href="' + href + '">' + html + "</a>";
    return "<td" + cls + ">" + html + "</td>";
  }

  function DataTable(el, spec) {
    var src = DATA[spec.data];
    // labels kept in a shared data file (the figure catalog) instead of in every page's spec
    Object.keys(spec.labelsFrom || {}).forEach(function (c) {
      spec.labels = spec.labels || {};
      spec.labels[c] = DATA[spec.labelsFrom[c]] || {};
    });
    if (!src) { el.innerHTML = '<p class="err">data file data/' + esc(spec.data) + ".js did not load</p>"; return; }
    var idx = {};
    src.cols.forEach(function (c, i) { idx[c] = i; });
    var rows = src.rows, pageSize = spec.pageSize || 50, page = 0, sortCol = null, sortDir = 1;
    var preset = hashParams();
    var searchCols = (spec.search || []).map(function (c) { return idx[c]; });
    var hay = searchCols.length ? rows.map(function (r) {
      return searchCols.map(function (i) { return r[i] === null ? "" : String(r[i]); }).join(" ").toLowerCase();
    }) : null;

    var controls = '<div class="controls">';
    if (hay) controls += '<input type="search" placeholder="搜索 search…" aria-label="search" value="' + esc(preset.q || "") + '">';
    (spec.filters || []).forEach(function (f) {
      var seen = {}, values = [];
      rows.forEach(function (r) { var v = r[idx[f.c]]; if (v !== null && v !== undefined && !seen[v]) { seen[v] = 1; values.push(v); } });
      values.sort(function (a, b) { return a < b ? (f.desc ? 1 : -1) : a > b ? (f.desc ? -1 : 1) : 0; });
      controls += '<select data-col="' + esc(f.c) + '" aria-label="' + esc(f.en) + '"><option value="">' + esc(f.zh) + " " + esc(f.en) + ": 全部 all</option>";
      values.forEach(function (v) {
        var lab = (spec.labels || {})[f.c] && spec.labels[f.c][v] ? spec.labels[f.c][v] + " " + v : v;
        controls += '<option value="' + esc(v) + '"' + (String(preset[f.c]) === String(v) ? " selected" : "") + ">" + esc(lab) + "</option>";
      });
      controls += "</select>";
    });
    controls += '<span class="muted count"></span></div>';
    var head = "<thead><tr>" + spec.columns.map(function (c, i) {
      return '<th class="sortable' + (c.t === "num" || c.t === "pct" ? " n" : "") + '" data-i="' + i + '">' + esc(c.zh) +
        (c.en ? ' <span class="en">' + esc(c.en) + "</span>" : "") + "</th>";
    }).join("") + "</tr></thead>";
    el.innerHTML = controls + '<div class="scroll"><table>' + head + "<tbody></tbody></table></div>" +
      '<div class="pager"><button type="button" data-p="-1">‹ 上一页 prev</button><span class="pos"></span>' +
      '<button type="button" data-p="1">下一页 next ›</button></div>';
    var tbody = el.querySelector("tbody"), countEl = el.querySelector(".count"), posEl = el.querySelector(".pos");
    var input = el.querySelector("input[type=search]"), selects = el.querySelectorAll("select");
    var shown = rows;

    // hash parameters naming a column without a select box (body.html links to findings.html#agency_id=…)
    var fixed = Object.keys(preset).filter(function (k) {
      return k !== "q" && idx[k] !== undefined && !(spec.filters || []).some(function (f) { return f.c === k; });
    });
    if (fixed.length) {
      var note = document.createElement("span");
      note.className = "pill fixed";
      note.innerHTML = fixed.map(function (k) { return esc(k) + " = " + esc(preset[k]); }).join(", ") +
        ' <a href="#" aria-label="clear">✕</a>';
      note.querySelector("a").addEventListener("click", function (e) { e.preventDefault(); fixed = []; note.remove(); apply(); });
      el.querySelector(".controls").insertBefore(note, countEl);
    }

    function apply() {
      var q = input ? input.value.trim().toLowerCase() : "", want = [], hash = [];
      fixed.forEach(function (k) { want.push([idx[k], preset[k]]); hash.push(k + "=" + encodeURIComponent(preset[k])); });
      selects.forEach(function (s) { if (s.value !== "") { want.push([idx[s.dataset.col], s.value]); hash.push(s.dataset.col + "=" + encodeURIComponent(s.value)); } });
      if (q) hash.push("q=" + encodeURIComponent(q));
      shown = [];
      for (var i = 0; i < rows.length; i++) {
        var r = rows[i], ok = true;
        for (var j = 0; j < want.length; j++) if (String(r[want[j][0]]) !== want[j][1]) { ok = false; break; }
        if (ok && q && hay[i].indexOf(q) < 0) ok = false;
        if (ok) shown.push(r);
      }
      if (sortCol !== null) {
        var k = idx[spec.columns[sortCol].c];
        shown = shown.slice().sort(function (a, b) {
          var x = a[k], y = b[k];
          if (x === y) return 0; if (x === null) return 1; if (y === null) return -1;
          return (x < y ? -1 : 1) * sortDir;
        });
      }
      if (spec.hash !== false && history.replaceState) history.replaceState(null, "", hash.length ? "#" + hash.join("&") : location.pathname + location.search);
      page = 0;
      draw();
    }
    function draw() {
      var pages = Math.max(1, Math.ceil(shown.length / pageSize));
      if (page >= pages) page = pages - 1;
      var part = shown.slice(page * pageSize, (page + 1) * pageSize);
      tbody.innerHTML = part.map(function (r) {
        var row = "<tr>" + spec.columns.map(function (c) { return cell(spec, c, r, idx); }).join("") + "</tr>";
        // a long text (source lines) gets the table's whole width, in a row of its own under its row
        var below = spec.below ? r[idx[spec.below]] : null;
        if (below) row += '<tr class="below"><td colspan="' + spec.columns.length + '"><pre>' + esc(below) + "</pre></td></tr>";
        return row;
      }).join("") || '<tr><td colspan="' + spec.columns.length + '" class="muted">没有匹配的行 no matching rows</td></tr>';
      countEl.textContent = fmt.format(shown.length) + " / " + fmt.format(rows.length) + " 行 rows";
      posEl.textContent = "第 " + (page + 1) + " / " + pages + " 页 page";
      el.querySelector('[data-p="-1"]').disabled = page === 0;
      el.querySelector('[data-p="1"]').disabled = page >= pages - 1;
      el.dataset.shown = shown.length;
    }
    if (input) input.addEventListener("input", apply);
    selects.forEach(function (s) { s.addEventListener("change", apply); });
    el.querySelectorAll("[data-p]").forEach(function (b) {
      b.addEventListener("click", function () { page += parseInt(b.dataset.p, 10); draw(); });
    });
    el.querySelectorAll("th.sortable").forEach(function (th) {
      th.addEventListener("click", function () {
        var i = parseInt(th.dataset.i, 10);
        sortDir = sortCol === i ? -sortDir : 1; sortCol = i; apply();
      });
    });
    apply();
  }

  /* ---- report text: figures highlighted at their spans -------------------------------------- */
  function highlight(pre, facts) {
    var text = pre.textContent;
    // offsets are code points; JS strings index UTF-16 units: map when the text has astral characters
    var toUnit = null;
    if (/[\uD800-\uDFFF]/.test(text)) {
      toUnit = [];
      var u = 0;
      for (var ch of text) { toUnit.push(u); u += ch.length; }
      toUnit.push(u);
    }
    function unit(cp) { return toUnit ? toUnit[Math.min(cp, toUnit.length - 1)] : cp; }
    var bounds = {}, n = text.length;
    bounds[0] = 1; bounds[n] = 1;
    var spans = [];
    facts.forEach(function (f, i) {
      if (f[0] === null || f[1] === null) return;
      var s = Math.max(0, Math.min(unit(f[0]), n)), e = Math.max(s, Math.min(unit(f[1]), n));
      if (e > s) { spans.push([s, e, i]); bounds[s] = 1; bounds[e] = 1; }
    });
    for (var p = text.indexOf("\n"); p >= 0; p = text.indexOf("\n", p + 1)) bounds[p + 1] = 1;
    var cuts = Object.keys(bounds).map(Number).sort(function (a, b) { return a - b; });
    spans.sort(function (a, b) { return a[0] - b[0]; });
    // one block per line (wrapped lines keep their indent), the line number an anchor (#L12)
    var frag = document.createDocumentFragment(), line = null, lineNo = 0, si = 0, open = [];
    function newLine() {
      line = document.createElement("span");
      line.className = "l";
      var a = document.createElement("a");
      lineNo++;
      a.className = "ln"; a.id = "L" + lineNo; a.href = "#L" + lineNo; a.textContent = lineNo;
      line.appendChild(a);
      frag.appendChild(line);
    }
    newLine();
    for (var c = 0; c < cuts.length - 1; c++) {
      var a = cuts[c], b = cuts[c + 1];
      if (a > 0 && text.charAt(a - 1) === "\n") newLine();
      while (si < spans.length && spans[si][0] <= a) open.push(spans[si++]);
      open = open.filter(function (s) { return s[1] > a; });
      var piece = text.slice(a, b);
      if (piece.charAt(piece.length - 1) === "\n") piece = piece.slice(0, -1);
      if (!piece) continue;
      if (!open.length) { line.appendChild(document.createTextNode(piece)); continue; }
      var m = document.createElement("mark");
      m.className = "fig" + (open.length > 1 ? " multi" : "");
      m.tabIndex = 0;
      m.dataset.keys = open.map(function (s) { return facts[s[2]][2]; }).join(" ");
      m.title = open.map(function (s) {
        var f = facts[s[2]], name = (DATA.catalog || {})[f[2]];
        return f[2] + (name ? " " + name : "") + "\n= " + (f[3] === null ? "(空 blank)" : fmt.format(f[3])) +
          (f[5] ? "  (原文 as written: " + f[5] + ")" : "") + "\n位置 placement: " + f[4];
      }).join("\n\n");
      m.textContent = piece;
      line.appendChild(m);
    }
    pre.textContent = "";
    pre.appendChild(frag);
    pre.dataset.marked = pre.querySelectorAll("mark.fig").length;
    if (location.hash && /^#L\d+$/.test(location.hash)) {
      var t = document.getElementById(location.hash.slice(1));
      if (t) t.scrollIntoView({ block: "center" });
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    var pre = document.getElementById("text"), facts = document.getElementById("facts");
    if (pre && facts) {
      // compact figures: a key or placement may be given by its number (data/catalog.js), the text
      // as written left out when it is just the number
      var keys = DATA.catalog_keys || [], places = DATA.placements || [];
      var rows = JSON.parse(facts.textContent).map(function (f) {
        return [f[0], f[1], typeof f[2] === "number" ? keys[f[2]] : f[2], f[3],
                typeof f[4] === "number" ? places[f[4]] : f[4], f[5] === null && f[3] !== null ? String(f[3]) : f[5], f[6]];
      });
      DATA.report_facts = { cols: ["span_start", "span_end", "key", "value", "placement", "raw", "line_start"], rows: rows };
      highlight(pre, rows);
    }
    document.querySelectorAll(".datatable").forEach(function (el) {
      var spec = JSON.parse(document.getElementById(el.dataset.spec).textContent);
      DataTable(el, spec);
    });
  });
})();
