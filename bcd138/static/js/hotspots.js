/*
 * bcd138: the hot-spot map (Leaflet, vendored).
 *
 * Draws what the page embeds in #hotspot-data: the run's forecast cells as
 * squares shaded by risk, the communes at their centroids coloured by their
 * Emerging Hot Spot pattern, and the communes without events as small rings.
 * No tile layer unless the deployment configured one (#hotspot-config), and no
 * world outline: the sovereignty rule of the project allows the centroids, the
 * grid and the deployment's own boundary file only.
 *
 * Choosing a commune (marker or list row) loads its statistics into
 * #place-detail with htmx and highlights it on both sides.
 */
(function () {
  "use strict";

  var mapElement = document.getElementById("hotspot-map");
  if (!mapElement || typeof L === "undefined") {
    return;
  }
  var config = JSON.parse(document.getElementById("hotspot-config").textContent);
  var data = JSON.parse(document.getElementById("hotspot-data").textContent);
  var labels = config.labels || {};
  var lang = document.documentElement.lang || "vi";
  var number = new Intl.NumberFormat(lang, { maximumFractionDigits: 2 });
  var percent = new Intl.NumberFormat(lang, {
    style: "percent",
    maximumFractionDigits: 2,
  });

  var map = L.map(mapElement, { zoomSnap: 0.5, minZoom: 5, maxZoom: 18 });
  // Credit the library in plain text: the page names no external host.
  map.attributionControl.setPrefix("Leaflet");
  if (config.tileUrl) {
    L.tileLayer(config.tileUrl, {
      attribution: escapeHtml(config.tileAttribution || ""),
      maxZoom: 19,
    }).addTo(map);
  }

  // Cells: yellow to dark red by risk relative to the run's highest cell.
  var ramp = ["#fff3b0", "#fed976", "#fdae61", "#f46d43", "#d7301f", "#7f0000"];
  function cellColour(risk) {
    var top = data.risk_max || 0;
    if (!top || risk === null) {
      return ramp[0];
    }
    var level = Math.max(0, Math.min(1, risk / top));
    return ramp[Math.min(ramp.length - 1, Math.floor(level * ramp.length))];
  }

  function escapeHtml(text) {
    var div = document.createElement("div");
    div.textContent = text == null ? "" : String(text);
    return div.innerHTML;
  }

  var features = (data.geojson && data.geojson.features) || [];
  var cellFeatures = features.filter(function (f) {
    return f.properties.kind === "cell";
  });
  var communeFeatures = features.filter(function (f) {
    return f.properties.kind === "commune";
  });

  function cellTooltip(p) {
    return (
      "<strong>" + escapeHtml(labels.cell) + " #" + p.rank + "</strong><br>" +
      escapeHtml(labels.share) + ": " + percent.format(p.share || 0) + "<br>" +
      escapeHtml(labels.recent) + ": " + number.format(p.recent_events) + "<br>" +
      escapeHtml(p.commune || labels.noCommune)
    );
  }

  var cells = L.geoJSON(
    { type: "FeatureCollection", features: cellFeatures },
    {
      style: function (f) {
        return {
          color: "#7f0000",
          weight: 0.6,
          fillColor: cellColour(f.properties.risk),
          fillOpacity: 0.75,
        };
      },
      onEachFeature: function (f, layer) {
        var p = f.properties;
        layer.bindTooltip(cellTooltip(p), { sticky: true });
        if (p.commune_id) {
          layer.on("click", function () {
            choose(p.commune_id);
          });
        }
      },
    }
  ).addTo(map);

  // At the province's zoom a 250 m square is a pixel or two: below this zoom each
  // cell also gets a small square mark of its colour, so that it can be seen.
  var CELL_MARK_ZOOM = 14;
  var cellMarks = L.featureGroup();
  cellFeatures.forEach(function (f) {
    var p = f.properties;
    var mark = L.marker([p.centre[1], p.centre[0]], {
      icon: L.divIcon({
        className: "bcd-hs-cellmark",
        html: '<span style="background:' + cellColour(p.risk) + '"></span>',
        iconSize: [10, 10],
      }),
      keyboard: false,
      zIndexOffset: -1000,
    });
    mark.bindTooltip(cellTooltip(p));
    if (p.commune_id) {
      mark.on("click", function () {
        choose(p.commune_id);
      });
    }
    mark.addTo(cellMarks);
  });
  function showCellMarks() {
    if (map.getZoom() < CELL_MARK_ZOOM) {
      cellMarks.addTo(map);
    } else {
      cellMarks.remove();
    }
  }
  map.on("zoomend", showCellMarks);

  var markers = {};
  var quiet = L.featureGroup().addTo(map);
  (data.quiet || []).forEach(function (c) {
    var marker = L.circleMarker([c.lat, c.lon], {
      radius: 3.5,
      color: "#8a939e",
      weight: 1,
      fillColor: data.quiet_colour,
      fillOpacity: 1,
    });
    marker.bindTooltip(
      "<strong>" + escapeHtml(c.name) + "</strong><br>" + escapeHtml(labels.quiet)
    );
    marker.on("click", function () {
      choose(c.place_id);
    });
    marker.addTo(quiet);
    markers[c.place_id] = marker;
  });

  var communes = L.featureGroup().addTo(map);
  communeFeatures.forEach(function (f) {
    var p = f.properties;
    var xy = f.geometry.coordinates;
    var alert = data.alerts[String(p.place_id)];
    var marker = L.circleMarker([xy[1], xy[0]], {
      radius: Math.min(16, 5 + 1.5 * Math.sqrt(p.total || 0)),
      color: p.forming ? "#111111" : "#ffffff",
      weight: p.forming ? 3 : 1.5,
      fillColor: data.colours[p.pattern] || data.colours.no_pattern,
      fillOpacity: 0.95,
    });
    marker.bindTooltip(
      "<strong>" + escapeHtml(p.name) + "</strong><br>" +
        escapeHtml(p.pattern_label) +
        (alert ? "<br>&#9888; " + escapeHtml(labels.alert) : "")
    );
    marker.on("click", function () {
      choose(p.place_id);
    });
    marker.addTo(communes);
    markers[p.place_id] = marker;
  });

  if (config.boundaryUrl) {
    fetch(config.boundaryUrl, { credentials: "same-origin" })
      .then(function (response) {
        return response.ok ? response.json() : null;
      })
      .then(function (boundary) {
        if (boundary) {
          var outline = L.geoJSON(boundary, {
            style: { color: "#4a5563", weight: 1.2, fill: false },
            interactive: false,
          });
          outline.addTo(map);
          outline.bringToBack();
        }
      })
      .catch(function () {
        /* The map stands without its outline. */
      });
  }

  // Frame where the events are (the cells and the communes with events);
  // without any, every commune of the view. Everything stays drawn: zooming
  // out shows the whole province, Đặc khu Hoàng Sa included.
  var busy = L.featureGroup();
  communeFeatures.forEach(function (f) {
    if (f.properties.total > 0) {
      var xy = f.geometry.coordinates;
      L.marker([xy[1], xy[0]]).addTo(busy);
    }
  });
  var bounds = L.featureGroup([cells, busy]).getBounds();
  if (!bounds.isValid()) {
    bounds = communes.getBounds();
  }
  if (!bounds.isValid()) {
    bounds = quiet.getBounds();
  }
  if (bounds.isValid()) {
    map.fitBounds(bounds, { padding: [24, 24], maxZoom: 14 });
  } else {
    map.setView([16.05, 108.2], 9);
  }
  showCellMarks();

  var selected = null;
  function highlight(placeId) {
    if (selected !== null && markers[selected]) {
      markers[selected].setStyle({ weight: markers[selected].options.baseWeight });
    }
    document.querySelectorAll(".bcd-hs-row.bcd-hs-selected").forEach(function (row) {
      row.classList.remove("bcd-hs-selected");
    });
    selected = placeId;
    var marker = markers[placeId];
    if (marker) {
      if (marker.options.baseWeight === undefined) {
        marker.options.baseWeight = marker.options.weight;
      }
      marker.setStyle({ weight: 5 });
      marker.bringToFront();
      if (!map.getBounds().contains(marker.getLatLng())) {
        map.panTo(marker.getLatLng());
      }
    }
    var row = document.querySelector('.bcd-hs-row[data-place="' + placeId + '"]');
    if (row) {
      row.classList.add("bcd-hs-selected");
    }
  }

  function choose(placeId) {
    highlight(placeId);
    if (config.placeUrl && window.htmx) {
      var url = config.placeUrl.replace(/\/0\/$/, "/" + placeId + "/");
      window.htmx.ajax("GET", url, { target: "#place-detail", swap: "innerHTML" });
    }
  }

  Object.keys(markers).forEach(function (id) {
    markers[id].options.baseWeight = markers[id].options.weight;
  });

  document.querySelectorAll(".bcd-hs-row").forEach(function (row) {
    row.addEventListener("click", function (event) {
      var id = row.getAttribute("data-place");
      if (event.target.closest("a")) {
        // The link itself loads the panel (htmx); only highlight.
        highlight(id);
        return;
      }
      choose(id);
    });
  });

  var shown = document.querySelector("#place-detail [data-place]");
  if (shown) {
    highlight(shown.getAttribute("data-place"));
  }

  // The selector reloads the page as soon as a choice changes.
  document.querySelectorAll("form[data-autosubmit] select").forEach(function (select) {
    select.addEventListener("change", function () {
      var form = select.form;
      // A new province or kind of crime has its own runs: forget the run.
      if (select.name !== "run" && form.elements.run) {
        form.elements.run.disabled = true;
      }
      form.submit();
    });
  });
})();
