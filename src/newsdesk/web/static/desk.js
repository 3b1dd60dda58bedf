// newsdesk: small, optional interactivity. Pages are complete without it (charts and maps are
// drawn on the server); this adds hover read-outs, map zoom and pan, and quotation highlighting.
// Everything it shows comes from data-label attributes, written with textContent (never as HTML).
(function () {
  "use strict";

  function readoutFor(el) {
    var box = el.closest("figure");
    return box ? box.querySelector(".chart-readout") : null;
  }

  // Hover read-outs for chart bars and map circles.
  function wireReadouts(root) {
    root.querySelectorAll("svg.chart, svg.map").forEach(function (svg) {
      var out = readoutFor(svg);
      if (!out) return;
      var initial = out.textContent;
      svg.addEventListener("mouseover", function (ev) {
        var item = ev.target.closest("[data-label]");
        if (!item || !svg.contains(item)) return;
        svg.querySelectorAll(".on").forEach(function (n) { n.classList.remove("on"); });
        item.classList.add("on");
        out.textContent = item.getAttribute("data-label");
      });
      svg.addEventListener("mouseleave", function () {
        svg.querySelectorAll(".on").forEach(function (n) { n.classList.remove("on"); });
        out.textContent = initial;
      });
    });
  }

  // Zoom (buttons, wheel) and pan (drag) of a big map, by changing its viewBox.
  function wireMap(figure) {
    var svg = figure.querySelector("svg.map");
    if (!svg) return;
    var home = svg.getAttribute("data-view").split(" ").map(Number);
    var view = home.slice();
    var radii = [];
    svg.querySelectorAll("circle").forEach(function (c) { radii.push([c, Number(c.getAttribute("r"))]); });
    var labels = [];
    svg.querySelectorAll("text.place-label").forEach(function (t) {
      labels.push([t, Number(t.getAttribute("font-size")), Number(t.getAttribute("data-cx")),
                   Number(t.getAttribute("data-dx")), Number(t.getAttribute("data-cy")), Number(t.getAttribute("data-dy"))]);
    });

    function apply() {
      svg.setAttribute("viewBox", view.join(" "));
      // Circles and labels keep their on-screen size as the map zooms.
      var k = view[2] / home[2];
      radii.forEach(function (p) { p[0].setAttribute("r", (p[1] * k).toFixed(3)); });
      labels.forEach(function (p) {
        p[0].setAttribute("font-size", (p[1] * k).toFixed(3));
        p[0].setAttribute("x", (p[2] + p[3] * k).toFixed(3));
        p[0].setAttribute("y", (p[4] + p[5] * k).toFixed(3));
      });
    }
    function clamp() {
      view[2] = Math.min(Math.max(view[2], 8), 360);
      view[3] = view[2] * home[3] / home[2];
      view[0] = Math.min(Math.max(view[0], 0), 360 - view[2]);
      view[1] = Math.min(Math.max(view[1], 0), 180 - view[3]);
    }
    function zoom(factor, cx, cy) {
      if (cx === undefined) { cx = view[0] + view[2] / 2; cy = view[1] + view[3] / 2; }
      view[0] = cx - (cx - view[0]) * factor;
      view[1] = cy - (cy - view[1]) * factor;
      view[2] *= factor;
      clamp();
      apply();
    }
    function toMap(ev) {
      var r = svg.getBoundingClientRect();
      return [view[0] + (ev.clientX - r.left) / r.width * view[2], view[1] + (ev.clientY - r.top) / r.height * view[3]];
    }
    figure.querySelectorAll("[data-zoom]").forEach(function (b) {
      b.addEventListener("click", function () {
        var what = b.getAttribute("data-zoom");
        if (what === "in") zoom(0.6);
        else if (what === "out") zoom(1 / 0.6);
        else { view = home.slice(); apply(); }
      });
    });
    svg.addEventListener("wheel", function (ev) {
      ev.preventDefault();
      var p = toMap(ev);
      zoom(ev.deltaY < 0 ? 0.8 : 1.25, p[0], p[1]);
    }, { passive: false });
    var drag = null;
    svg.addEventListener("pointerdown", function (ev) {
      if (ev.target.closest("a")) return;  // a click on a place opens it
      drag = { x: ev.clientX, y: ev.clientY, v: view.slice() };
      svg.setPointerCapture(ev.pointerId);
    });
    svg.addEventListener("pointermove", function (ev) {
      if (!drag) return;
      var r = svg.getBoundingClientRect();
      view[0] = drag.v[0] - (ev.clientX - drag.x) / r.width * view[2];
      view[1] = drag.v[1] - (ev.clientY - drag.y) / r.height * view[3];
      clamp();
      apply();
    });
    svg.addEventListener("pointerup", function () { drag = null; });
  }

  // In an article, pointing at a quotation in the index lights it up in the text.
  function wireQuotes(root) {
    root.querySelectorAll("ol.quote-index a.quote-jump").forEach(function (a) {
      var n = a.getAttribute("data-q") || "";
      function parts() { return root.querySelectorAll('.quote[data-q="' + CSS.escape(n) + '"]'); }
      a.addEventListener("mouseenter", function () { parts().forEach(function (p) { p.classList.add("on"); }); });
      a.addEventListener("mouseleave", function () { parts().forEach(function (p) { p.classList.remove("on"); }); });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    wireReadouts(document);
    document.querySelectorAll("figure[data-zoomable]").forEach(wireMap);
    wireQuotes(document);
  });
})();
