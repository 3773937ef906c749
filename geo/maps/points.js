/* YouthMap point layer: thousands of circles on one canvas, one draw call per style.
 *
 * Leaflet's own circle markers cost an object, a tooltip and event wiring per point: for the
 * 15,000 points of a province that was most of a map's time in the browser. This layer keeps
 * the points in flat arrays, projects them once per zoom level, draws each style as a single
 * path, and finds the point under the mouse itself (the top layer's last point wins).
 *
 * The canvas lets the mouse through (pointer-events: none): clicks reach the map (and
 * geo.maps.report_clicks) and areas below keep their tooltips; while a point's tooltip is
 * open the map container carries the class youthmap-point-hover, which hides the others.
 *
 * Data (d): xy [lon0, lat0, lon1, lat1, ...] in whole steps of 1/scale degree from origin
 * [lon, lat] (geo.maps.base.point_grid: fewer characters than decimals; (origin + step) / scale
 * is the double the decimal gave); approx: indices of approximate rows; r: radii
 * (optional); style, approxStyle: Leaflet path options plus shape (circle, square, diamond,
 * triangle, triangle_down, star: told apart without colour) and crowdColor (the outline of
 * markers in a crowd; none: every marker keeps its outline); cols: tooltip columns ({label, values}
 * or {label, dict, codes}), the first one shown in bold; approxLabel. Every text in cols is
 * escaped by the Python side (geo.maps.base.add_points).
 */
if (!L.YouthmapPoints) {
  L.YouthmapPoints = L.Renderer.extend({
    options: { padding: 0.5, tolerance: 3 },

    initialize: function (d, options) {
      L.Renderer.prototype.initialize.call(this, options);
      this._d = d;
      this._n = d.xy.length / 2;
      if (d.origin) {  // whole steps from the corner: degrees, read once
        var xy = new Float64Array(d.xy.length), x0 = d.origin[0], y0 = d.origin[1];
        for (var j = 0; j < xy.length; j += 2) {
          xy[j] = (x0 + d.xy[j]) / d.scale;
          xy[j + 1] = (y0 + d.xy[j + 1]) / d.scale;
        }
        d.xy = xy;
        d.origin = null;
      }
      this._approx = new Uint8Array(this._n);
      for (var k = 0; k < d.approx.length; k++) { this._approx[d.approx[k]] = 1; }
      this._projZoom = null;
    },

    _initContainer: function () {
      var c = (this._container = document.createElement("canvas"));
      c.className = "youthmap-points";
      c.style.pointerEvents = "none";
      this._ctx = c.getContext("2d");
    },

    _destroyContainer: function () {
      L.DomUtil.remove(this._container);
      delete this._ctx;
      delete this._container;
    },

    onAdd: function (map) {
      L.Renderer.prototype.onAdd.call(this);
      var all = (map._youthmapPoints = map._youthmapPoints || []);
      all.push(this);
      if (all.length === 1) {
        map.on("mousemove", L.YouthmapPoints._hover, map);
        map.on("mouseout zoomstart", L.YouthmapPoints._leave, map);
      }
    },

    onRemove: function (map) {
      var all = map._youthmapPoints || [];
      var i = all.indexOf(this);
      if (i >= 0) { all.splice(i, 1); }
      if (L.YouthmapPoints._hovered(map) === this) { L.YouthmapPoints._leave.call(map); }
      if (!all.length) {
        map.off("mousemove", L.YouthmapPoints._hover, map);
        map.off("mouseout zoomstart", L.YouthmapPoints._leave, map);
      }
      L.Renderer.prototype.onRemove.call(this);
    },

    pointLatLng: function (i) {
      return L.latLng(this._d.xy[2 * i + 1], this._d.xy[2 * i]);
    },

    getBounds: function () {
      var xy = this._d.xy, b = L.latLngBounds([]);
      for (var i = 0; i < this._n; i++) { b.extend([xy[2 * i + 1], xy[2 * i]]); }
      return b;
    },

    _project: function () {
      var map = this._map, zoom = map.getZoom(), xy = this._d.xy, n = this._n;
      if (this._projZoom === zoom) { return; }
      var px = new Float64Array(n), py = new Float64Array(n);
      for (var i = 0; i < n; i++) {
        var p = map.project([xy[2 * i + 1], xy[2 * i]], zoom);
        px[i] = p.x; py[i] = p.y;
      }
      this._px = px; this._py = py; this._projZoom = zoom;
    },

    _radius: function (i) {
      var r = this._d.r ? this._d.r[i] : this._d.style.radius;
      return Math.max(r, 1);
    },

    _update: function () {
      var map = this._map;
      if (map._animatingZoom && this._bounds) { return; }
      L.Renderer.prototype._update.call(this);
      var b = this._bounds, c = this._container, size = b.getSize();
      var m = L.Browser.retina ? 2 : 1;
      L.DomUtil.setPosition(c, b.min);
      c.width = m * size.x;
      c.height = m * size.y;
      c.style.width = size.x + "px";
      c.style.height = size.y + "px";
      var ctx = this._ctx;
      ctx.setTransform(m, 0, 0, m, 0, 0);
      this._project();
      // layer point = projected point - pixel origin; the canvas starts at b.min
      var origin = map.getPixelOrigin(), ox = origin.x + b.min.x, oy = origin.y + b.min.y;
      this._ox = origin.x; this._oy = origin.y;
      this._drawStyle(ctx, this._d.style, 0, ox, oy, size);
      if (this._d.approx.length) { this._drawStyle(ctx, this._d.approxStyle, 1, ox, oy, size); }
    },

    _drawStyle: function (ctx, s, approx, ox, oy, size) {
      var px = this._px, py = this._py, flags = this._approx, on = [], cells = new Map();
      var cell = 2 * Math.max(Math.round(s.radius || 4), 2);
      // on: x, y, radius and cell of every marker on the canvas, four numbers each
      for (var i = 0; i < this._n; i++) {
        if (flags[i] !== approx) { continue; }
        var x = px[i] - ox, y = py[i] - oy, r = Math.round(this._radius(i));
        if (x < -2 * r || y < -2 * r || x > size.x + 2 * r || y > size.y + 2 * r) { continue; }
        var key = Math.floor(x / cell) * 100003 + Math.floor(y / cell);
        cells.set(key, (cells.get(key) || 0) + 1);
        on.push(x, y, r, key);
      }
      if (!on.length) { return; }
      ctx.beginPath();
      for (var k = 0; k < on.length; k += 4) {
        L.YouthmapPoints._shape(ctx, s.shape, on[k], on[k + 1], on[k + 2]);
      }
      if (s.fill !== false && s.fillOpacity > 0) {
        ctx.globalAlpha = s.fillOpacity;
        ctx.fillStyle = s.fillColor || s.color;
        ctx.fill();
      }
      if (s.stroke !== false && s.weight) {
        ctx.setLineDash(s.dashArray ? String(s.dashArray).split(/[, ]+/).map(Number) : []);
        ctx.globalAlpha = s.opacity === undefined ? 1 : s.opacity;
        // one path holds every outline, drawn over every fill: where markers crowd (a cell
        // of two radii holding CROWD or more) their outlines would knit into a dark mass, so
        // those are outlined thinly in a darker shade of the fill (s.crowdColor) instead
        var crowd = s.crowdColor ? L.YouthmapPoints.CROWD : Infinity;
        for (var pass = 0; pass < 2; pass++) {
          ctx.beginPath();
          var any = false;
          for (k = 0; k < on.length; k += 4) {
            if ((cells.get(on[k + 3]) >= crowd) !== (pass === 1)) { continue; }
            L.YouthmapPoints._shape(ctx, s.shape, on[k], on[k + 1], on[k + 2]);
            any = true;
          }
          if (!any) { continue; }
          ctx.lineWidth = pass ? Math.min(s.weight, 0.6) : s.weight;
          ctx.strokeStyle = pass ? s.crowdColor : s.color;
          ctx.stroke();
        }
      }
      ctx.globalAlpha = 1;
    },

    // Index of the point under layer point p (the last drawn wins), or -1.
    _hit: function (p) {
      if (this._projZoom !== this._map.getZoom() || !this._px) { return -1; }
      var x = p.x + this._ox, y = p.y + this._oy, tol = this.options.tolerance;
      for (var i = this._n - 1; i >= 0; i--) {
        var r = this._radius(i) + tol, dx = this._px[i] - x, dy = this._py[i] - y;
        if (dx * dx + dy * dy <= r * r) { return i; }
      }
      return -1;
    },

    _tipHtml: function (i) {
      var d = this._d, html = "";
      for (var c = 0; c < d.cols.length; c++) {
        var col = d.cols[c], v = col.dict ? col.dict[col.codes[i]] : col.values[i];
        html += c === 0 ? "<b>" + v + "</b>" : "<br>" + col.label + ": " + v;
      }
      if (this._approx[i]) { html += "<br><i>" + d.approxLabel + "</i>"; }
      return html;
    }
  });

  L.YouthmapPoints.CROWD = 3;

  // One marker's outline on the current path; the shapes' areas are close to the circle's.
  // No closePath: in Chromium each call took time growing with the whole path (18,899
  // squares of a region map: 1.0-1.1 s against 4-6 ms), so a polygon is closed by going back
  // to its first corner and on along its first side, which gives that corner its line join.
  L.YouthmapPoints._shape = function (ctx, shape, x, y, r) {
    var k, p;
    if (shape === "square") {
      k = r * 0.9;
      p = [x - k, y - k, x + k, y - k, x + k, y + k, x - k, y + k];
    } else if (shape === "diamond") {
      k = r * 1.25;
      p = [x, y - k, x + k, y, x, y + k, x - k, y];
    } else if (shape === "triangle" || shape === "triangle_down") {
      k = shape === "triangle" ? 1 : -1;
      p = [x, y - k * r * 1.35, x + r * 1.2, y + k * r * 0.75, x - r * 1.2, y + k * r * 0.75];
    } else if (shape === "star") {
      p = [];
      for (var j = 0; j < 10; j++) {
        var a = -Math.PI / 2 + (j * Math.PI) / 5, q = j % 2 ? r * 0.62 : r * 1.5;
        p.push(x + q * Math.cos(a), y + q * Math.sin(a));
      }
    } else {
      ctx.moveTo(x + r, y);
      ctx.arc(x, y, r, 0, Math.PI * 2);
      return;
    }
    ctx.moveTo(p[0], p[1]);
    for (var i = 2; i < p.length; i += 2) { ctx.lineTo(p[i], p[i + 1]); }
    ctx.lineTo(p[0], p[1]);
    ctx.lineTo(p[2], p[3]);
  };

  L.YouthmapPoints._hovered = function (map) {
    return map._youthmapTip ? map._youthmapTip._youthmapLayer : null;
  };

  // Map handlers (this = the map): the topmost layer with a point under the mouse shows it.
  L.YouthmapPoints._hover = function (e) {
    if (this._animatingZoom || (this.dragging && this.dragging.moving())) { return; }
    var all = this._youthmapPoints || [];
    for (var k = all.length - 1; k >= 0; k--) {
      var layer = all[k];
      if (!layer._d.cols.length) { continue; }
      var i = layer._hit(e.layerPoint);
      if (i < 0) { continue; }
      var tip = this._youthmapTip;
      if (!tip) {
        tip = this._youthmapTip = L.tooltip({ direction: "auto", className: "youthmap-point-tip" });
      }
      if (tip._youthmapLayer !== layer || tip._youthmapIndex !== i) {
        tip._youthmapLayer = layer;
        tip._youthmapIndex = i;
        tip.setContent(layer._tipHtml(i));
      }
      tip.setLatLng(e.latlng);
      if (!this.hasLayer(tip)) { this.openTooltip(tip); }
      L.DomUtil.addClass(this._container, "youthmap-point-hover");
      return;
    }
    L.YouthmapPoints._leave.call(this);
  };

  L.YouthmapPoints._leave = function () {
    var tip = this._youthmapTip;
    if (tip && this.hasLayer(tip)) { this.closeTooltip(tip); }
    if (tip) { tip._youthmapLayer = null; tip._youthmapIndex = -1; }
    L.DomUtil.removeClass(this._container, "youthmap-point-hover");
  };
}
