/*
 * bcd138 public portal: the JavaScript the citizen's forms need.
 *
 * - The report form carries a proof-of-work challenge (bcd138/core/challenge.py):
 *   find the smallest nonce such that SHA-256("<challenge>:<nonce>") starts with
 *   `data-bits` zero bits. Solving starts as soon as the page loads, so that it is
 *   usually done before the citizen presses "Send".
 * - crypto.subtle exists only in a secure context (HTTPS or localhost); a portal
 *   reached over plain HTTP on a LAN gets the small SHA-256 below instead.
 * - Submit buttons are disabled once pressed (the idempotency key already makes
 *   a second submission harmless; this spares the citizen the doubt).
 * - The identity fields are hidden while "anonymous" is chosen. Without this
 *   script they stay visible, and the server ignores them for an anonymous report.
 */
(function () {
  "use strict";

  // ---- SHA-256 (FIPS 180-4), for browsers without crypto.subtle ----

  var K = new Int32Array([
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1,
    0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
    0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
    0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147,
    0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
    0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
    0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
    0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
    0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
  ]);
  var W = new Int32Array(64);

  function rotr(x, n) {
    return (x >>> n) | (x << (32 - n));
  }

  // The digest as eight 32-bit words (big-endian), which is all the check needs.
  function sha256Words(bytes) {
    var length = bytes.length;
    var padded = new Uint8Array((((length + 9 + 63) / 64) | 0) * 64);
    padded.set(bytes);
    padded[length] = 0x80;
    var bits = length * 8;
    var end = padded.length;
    padded[end - 5] = (bits / 0x100000000) & 0xff;
    padded[end - 4] = bits >>> 24;
    padded[end - 3] = (bits >>> 16) & 0xff;
    padded[end - 2] = (bits >>> 8) & 0xff;
    padded[end - 1] = bits & 0xff;
    var H = [
      0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c,
      0x1f83d9ab, 0x5be0cd19,
    ];
    for (var offset = 0; offset < end; offset += 64) {
      var t;
      for (t = 0; t < 16; t++) {
        var i = offset + t * 4;
        W[t] =
          (padded[i] << 24) |
          (padded[i + 1] << 16) |
          (padded[i + 2] << 8) |
          padded[i + 3];
      }
      for (t = 16; t < 64; t++) {
        var w15 = W[t - 15];
        var w2 = W[t - 2];
        var s0 = rotr(w15, 7) ^ rotr(w15, 18) ^ (w15 >>> 3);
        var s1 = rotr(w2, 17) ^ rotr(w2, 19) ^ (w2 >>> 10);
        W[t] = (W[t - 16] + s0 + W[t - 7] + s1) | 0;
      }
      var a = H[0], b = H[1], c = H[2], d = H[3];
      var e = H[4], f = H[5], g = H[6], h = H[7];
      for (t = 0; t < 64; t++) {
        var S1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25);
        var ch = (e & f) ^ (~e & g);
        var t1 = (h + S1 + ch + K[t] + W[t]) | 0;
        var S0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22);
        var maj = (a & b) ^ (a & c) ^ (b & c);
        var t2 = (S0 + maj) | 0;
        h = g;
        g = f;
        f = e;
        e = (d + t1) | 0;
        d = c;
        c = b;
        b = a;
        a = (t1 + t2) | 0;
      }
      H[0] = (H[0] + a) | 0;
      H[1] = (H[1] + b) | 0;
      H[2] = (H[2] + c) | 0;
      H[3] = (H[3] + d) | 0;
      H[4] = (H[4] + e) | 0;
      H[5] = (H[5] + f) | 0;
      H[6] = (H[6] + g) | 0;
      H[7] = (H[7] + h) | 0;
    }
    return H;
  }

  function zeroBitsOfWords(words) {
    var count = 0;
    for (var i = 0; i < words.length; i++) {
      if (words[i] !== 0) return count + Math.clz32(words[i]);
      count += 32;
    }
    return count;
  }

  function zeroBitsOfBytes(bytes) {
    var count = 0;
    for (var i = 0; i < bytes.length; i++) {
      if (bytes[i] !== 0) return count + Math.clz32(bytes[i]) - 24;
      count += 8;
    }
    return count;
  }

  function utf8(text) {
    if (window.TextEncoder) return new TextEncoder().encode(text);
    var binary = unescape(encodeURIComponent(text));
    var out = new Uint8Array(binary.length);
    for (var i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
    return out;
  }

  // Hashes in batches: crypto.subtle answers with promises, and a batch keeps
  // the order (the smallest nonce wins) while the digests run concurrently.
  var BATCH = 256;

  function solveSubtle(challenge, bits) {
    var subtle = window.crypto.subtle;
    function batch(start) {
      var jobs = [];
      for (var i = 0; i < BATCH; i++) {
        jobs.push(subtle.digest("SHA-256", utf8(challenge + ":" + (start + i))));
      }
      return Promise.all(jobs).then(function (digests) {
        for (var j = 0; j < digests.length; j++) {
          if (zeroBitsOfBytes(new Uint8Array(digests[j])) >= bits) {
            return String(start + j);
          }
        }
        return batch(start + BATCH);
      });
    }
    return batch(0);
  }

  // The fallback yields to the browser between slices so the page stays usable.
  function solvePlain(challenge, bits) {
    return new Promise(function (resolve) {
      var nonce = 0;
      function slice() {
        for (var stop = nonce + 4096; nonce < stop; nonce++) {
          if (zeroBitsOfWords(sha256Words(utf8(challenge + ":" + nonce))) >= bits) {
            resolve(String(nonce));
            return;
          }
        }
        setTimeout(slice, 0);
      }
      slice();
    });
  }

  function solve(challenge, bits) {
    var secure = window.isSecureContext && window.crypto && window.crypto.subtle;
    if (!secure) return solvePlain(challenge, bits);
    // Some browsers expose crypto.subtle but refuse to use it (private modes).
    return solveSubtle(challenge, bits).catch(function () {
      return solvePlain(challenge, bits);
    });
  }

  // ---- the forms ----

  function text(form, name) {
    var template = form.querySelector('template[data-portal-text="' + name + '"]');
    return template ? template.innerHTML.trim() : "";
  }

  function setBusy(form, busy, message) {
    form.querySelectorAll("[data-portal-submit]").forEach(function (button) {
      button.disabled = busy;
      var spinner = button.querySelector("[data-portal-spinner]");
      var icon = button.querySelector("[data-portal-icon]");
      if (spinner) spinner.classList.toggle("d-none", !busy);
      if (icon) icon.classList.toggle("d-none", busy);
    });
    form.setAttribute("aria-busy", busy ? "true" : "false");
    var progress = form.querySelector("[data-portal-progress]");
    if (progress) progress.textContent = message || "";
  }

  function guardOnce(form) {
    form.addEventListener("submit", function (event) {
      if (form.dataset.portalSent) {
        event.preventDefault();
        return;
      }
      form.dataset.portalSent = "1";
      setBusy(form, true);
    });
  }

  function guardWithProofOfWork(form) {
    var challenge = form.querySelector('input[name="challenge"]');
    var nonce = form.querySelector('input[name="nonce"]');
    var bits = parseInt(form.dataset.bits, 10) || 0;
    var solution = solve(challenge.value, bits).then(function (found) {
      nonce.value = found;
      return found;
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (form.dataset.portalSent) return;
      form.dataset.portalSent = "1";
      setBusy(form, true, nonce.value ? text(form, "sending") : text(form, "preparing"));
      solution.then(
        function () {
          setBusy(form, true, text(form, "sending"));
          // submit() skips this handler and the browser's validation: both done.
          form.submit();
        },
        function () {
          delete form.dataset.portalSent;
          setBusy(form, false, text(form, "failed"));
        }
      );
    });
  }

  function toggleIdentity() {
    var block = document.querySelector("[data-portal-identity]");
    if (!block) return;
    var radios = document.querySelectorAll('input[name="anonymous"]');
    function update() {
      var chosen = document.querySelector('input[name="anonymous"]:checked');
      block.hidden = !chosen || chosen.value === "1";
    }
    radios.forEach(function (radio) {
      radio.addEventListener("change", update);
    });
    update();
  }

  document.querySelectorAll("form[data-portal-pow]").forEach(guardWithProofOfWork);
  document.querySelectorAll("form[data-portal-once]").forEach(guardOnce);
  toggleIdentity();

  document.querySelectorAll("[data-portal-print]").forEach(function (button) {
    button.addEventListener("click", function () {
      window.print();
    });
  });

  // Errors from the server: say them first (the summary links to each field).
  var errors = document.querySelector("[data-portal-errors]");
  if (errors) errors.focus();

  // Back to a page kept in the browser's memory: the buttons work again.
  window.addEventListener("pageshow", function (event) {
    if (!event.persisted) return;
    document.querySelectorAll("form").forEach(function (form) {
      if (!form.dataset.portalSent) return;
      delete form.dataset.portalSent;
      setBusy(form, false);
    });
  });
  // ---- Optional position of the events (the map pin) ----
  // No map tiles are loaded (nothing at run time reaches the internet), so the
  // citizen adds the phone's current position instead, if they are on the spot.
  function setUpLocate(box) {
    var button = box.querySelector("[data-locate-button]");
    var clear = box.querySelector("[data-locate-clear]");
    var status = box.querySelector("[data-locate-status]");
    var lat = box.querySelector("#id_latitude");
    var lon = box.querySelector("#id_longitude");
    if (!navigator.geolocation || !button) return;
    function show() {
      var has = lat.value !== "" && lon.value !== "";
      clear.hidden = !has;
      if (has) {
        status.textContent =
          status.getAttribute("data-chosen") + " " +
          Number(lat.value).toFixed(5) + ", " + Number(lon.value).toFixed(5);
      }
    }
    status.setAttribute("data-chosen", box.getAttribute("data-chosen-text") || "✓");
    button.hidden = false;
    button.addEventListener("click", function () {
      button.disabled = true;
      navigator.geolocation.getCurrentPosition(
        function (position) {
          lat.value = position.coords.latitude.toFixed(6);
          lon.value = position.coords.longitude.toFixed(6);
          button.disabled = false;
          show();
        },
        function () {
          button.disabled = false;
          status.textContent = box.getAttribute("data-failed-text") || "";
        },
        { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 }
      );
    });
    clear.addEventListener("click", function () {
      lat.value = "";
      lon.value = "";
      clear.hidden = true;
      status.textContent = box.getAttribute("data-hint-text") || "";
    });
    show();
  }
  document.querySelectorAll("[data-locate]").forEach(setUpLocate);
})();
