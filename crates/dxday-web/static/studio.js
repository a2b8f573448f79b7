// dxday avatar-frame studio. The photo never leaves the device: it is drawn on a
// canvas under the frame and saved from there. Placement follows the same rules as
// the server renderer (crates/dxday-media/src/geometry.rs).
(function () {
  "use strict";
  var root = document.getElementById("studio");
  if (!root || !window.HTMLCanvasElement || !document.createElement("canvas").getContext) return;
  root.hidden = false;
  var fallback = document.getElementById("fallback");
  if (fallback) fallback.open = false;

  var MAX_PIXELS = 16e6; // iOS canvas limit
  var frameId = root.dataset.frameId;
  var unit = root.dataset.unit || "";
  var countToken = root.dataset.countToken || "";
  var frameW = Number(root.dataset.frameW), frameH = Number(root.dataset.frameH);
  var stage = document.getElementById("stage");
  var ctx = stage.getContext("2d");
  var zoomInput = document.getElementById("zoom");
  var status = document.getElementById("status");
  var st = { src: null, turned: null, turns: 0, zoom: 1, cx: 0.5, cy: 0.5 };
  var ua = navigator.userAgent;
  var inApp = /FBAN|FBAV|FB_IAB|Messenger|Instagram|Zalo|Line\/|MicroMessenger|musical_ly|Bytedance|TikTok/i.test(ua);
  var saveButtons = [document.getElementById("dl1080"), document.getElementById("dl2048")];
  // Saving needs both the photo and the frame; one save at a time.
  var frameReady = false, saving = false;

  stage.height = Math.round(stage.width * frameH / frameW);
  // The preview fits the phone's screen with the picker and the save buttons.
  document.getElementById("stage-wrap").style.maxWidth = "min(480px, " + (56 * frameW / frameH).toFixed(1) + "vh)";
  var frameImg = new Image();
  frameImg.onload = function () { frameReady = true; redraw(); ready(); };
  frameImg.onerror = function () { status.textContent = root.dataset.frameFailed || ""; };
  frameImg.src = root.dataset.frameUrl;

  // Turns the save buttons on only when a save would give the framed photo, and says
  // what is still awaited.
  function ready() {
    var can = frameReady && !!st.turned && !saving;
    saveButtons.forEach(function (b) { b.disabled = !can; });
    root.setAttribute("aria-busy", String(saving));
    if (st.turned && !frameReady) status.textContent = root.dataset.waitFrame || "";
    else if (!saving && status.textContent === root.dataset.waitFrame) status.textContent = "";
  }

  function cropBox(pw, ph, ow, oh) {
    var scale = Math.max(ow / pw, oh / ph) * st.zoom;
    var bw = Math.min(ow / scale, pw), bh = Math.min(oh / scale, ph);
    var left = Math.min(Math.max(st.cx * pw - bw / 2, 0), pw - bw);
    var top = Math.min(Math.max(st.cy * ph - bh / 2, 0), ph - bh);
    return { left: left, top: top, w: bw, h: bh, scale: scale };
  }

  function draw(c, w, h) {
    c.save();
    c.fillStyle = "#fff";
    c.fillRect(0, 0, w, h);
    c.imageSmoothingEnabled = true;
    c.imageSmoothingQuality = "high";
    var src = st.turned;
    if (src) {
      var b = cropBox(src.width, src.height, w, h);
      c.drawImage(src, b.left, b.top, b.w, b.h, 0, 0, w, h);
    }
    if (frameImg.complete && frameImg.naturalWidth) c.drawImage(frameImg, 0, 0, w, h);
    c.restore();
  }

  function redraw() {
    draw(ctx, stage.width, stage.height);
    // The placement as the server's renderer takes it (zoom, centre, turns), for tests
    // and for the fallback form.
    root.dataset.placement = [st.zoom, st.cx, st.cy, st.turns].join(",");
  }

  // The photo turned by the chosen quarter turns (EXIF orientation was applied once, on load).
  function makeTurned() {
    var s = st.src;
    if (!s) return;
    if (st.turns % 4 === 0) { st.turned = s; return; }
    var c = document.createElement("canvas");
    var swap = st.turns % 2 === 1;
    c.width = swap ? s.height : s.width;
    c.height = swap ? s.width : s.height;
    var x = c.getContext("2d");
    x.translate(c.width / 2, c.height / 2);
    x.rotate(st.turns * Math.PI / 2);
    x.drawImage(s, -s.width / 2, -s.height / 2);
    st.turned = c;
  }

  function loadImage(file) {
    if (window.createImageBitmap) {
      return createImageBitmap(file, { imageOrientation: "from-image" }).catch(function () { return loadViaImg(file); });
    }
    return loadViaImg(file);
  }

  function loadViaImg(file) {
    return new Promise(function (resolve, reject) {
      var img = new Image();
      img.onload = function () { resolve(img); };
      img.onerror = reject;
      img.src = URL.createObjectURL(file);
    });
  }

  function shrink(img) {
    var w = img.naturalWidth || img.width, h = img.naturalHeight || img.height;
    if (w * h <= MAX_PIXELS) return Promise.resolve(img);
    var k = Math.sqrt(MAX_PIXELS / (w * h));
    var c = document.createElement("canvas");
    c.width = Math.floor(w * k);
    c.height = Math.floor(h * k);
    var x = c.getContext("2d");
    x.imageSmoothingQuality = "high";
    x.drawImage(img, 0, 0, c.width, c.height);
    if (img.close) img.close();
    return Promise.resolve(c);
  }

  document.getElementById("photo").addEventListener("change", function (e) {
    var file = e.target.files && e.target.files[0];
    if (!file) return;
    status.textContent = root.dataset.loading || "…";
    loadImage(file).then(shrink).then(function (img) {
      st.src = img;
      // The size actually drawn from (after the 16-MP downscale), for support and tests.
      root.dataset.sourceSize = (img.naturalWidth || img.width) + "x" + (img.naturalHeight || img.height);
      st.turns = 0; st.zoom = 1; st.cx = 0.5; st.cy = 0.5;
      zoomInput.value = "1";
      makeTurned();
      redraw();
      status.textContent = "";
      ready();
      stage.tabIndex = 0;
      stage.focus({ preventScroll: true });
    }).catch(function () {
      status.textContent = document.getElementById("fallback") ? document.querySelector("#fallback summary").textContent : "";
    });
  });

  zoomInput.addEventListener("input", function () { st.zoom = Number(zoomInput.value); redraw(); });
  document.getElementById("rotate").addEventListener("click", function () { st.turns = (st.turns + 1) % 4; makeTurned(); redraw(); });
  var shape = document.getElementById("shape");
  shape.addEventListener("click", function () {
    var round = shape.getAttribute("aria-pressed") !== "true";
    shape.setAttribute("aria-pressed", String(round));
    document.getElementById("stage-wrap").classList.toggle("round", round);
  });

  function pan(dxOut, dyOut) {
    var src = st.turned;
    if (!src) return;
    var b = cropBox(src.width, src.height, stage.width, stage.height);
    st.cx = b.left / src.width + b.w / src.width / 2 - dxOut / b.scale / src.width;
    st.cy = b.top / src.height + b.h / src.height / 2 - dyOut / b.scale / src.height;
    st.cx = Math.min(Math.max(st.cx, 0), 1);
    st.cy = Math.min(Math.max(st.cy, 0), 1);
    redraw();
  }

  function setZoom(z) {
    st.zoom = Math.min(Math.max(z, 1), 5);
    zoomInput.value = String(st.zoom);
    redraw();
  }

  // Drag with a finger or mouse; pinch with two fingers.
  var pointers = {};
  var pinch = null;
  stage.addEventListener("pointerdown", function (e) { stage.setPointerCapture(e.pointerId); pointers[e.pointerId] = { x: e.clientX, y: e.clientY }; });
  stage.addEventListener("pointermove", function (e) {
    var p = pointers[e.pointerId];
    if (!p) return;
    var ids = Object.keys(pointers);
    var k = stage.width / stage.getBoundingClientRect().width;
    if (ids.length === 1) {
      pan((e.clientX - p.x) * k, (e.clientY - p.y) * k);
    } else if (ids.length === 2) {
      var a = pointers[ids[0]], b = pointers[ids[1]];
      var before = Math.hypot(a.x - b.x, a.y - b.y);
      p.x = e.clientX; p.y = e.clientY;
      var after = Math.hypot(a.x - b.x, a.y - b.y);
      if (pinch !== null && before > 0) setZoom(st.zoom * after / before);
      pinch = after;
      return;
    }
    p.x = e.clientX; p.y = e.clientY;
  });
  function up(e) { delete pointers[e.pointerId]; pinch = null; }
  stage.addEventListener("pointerup", up);
  stage.addEventListener("pointercancel", up);
  stage.addEventListener("wheel", function (e) { e.preventDefault(); setZoom(st.zoom * Math.exp(-e.deltaY * 0.0015)); }, { passive: false });
  stage.addEventListener("keydown", function (e) {
    var step = stage.width * 0.02;
    var handled = true;
    switch (e.key) {
      case "ArrowLeft": pan(-step, 0); break;
      case "ArrowRight": pan(step, 0); break;
      case "ArrowUp": pan(0, -step); break;
      case "ArrowDown": pan(0, step); break;
      case "+": case "=": setZoom(st.zoom * 1.1); break;
      case "-": case "_": setZoom(st.zoom / 1.1); break;
      case "r": case "R": st.turns = (st.turns + 1) % 4; makeTurned(); redraw(); break;
      case "0": st.zoom = 1; st.cx = 0.5; st.cy = 0.5; zoomInput.value = "1"; redraw(); break;
      default: handled = false;
    }
    if (handled) e.preventDefault();
  });

  // Encodes the framed photo at `size`: off the page's canvas where the browser can
  // (an OffscreenCanvas does not wait for the next frame after a click), else toBlob.
  function encode(size) {
    var h = Math.round(size * frameH / frameW);
    if (window.OffscreenCanvas) {
      var oc = new OffscreenCanvas(size, h);
      draw(oc.getContext("2d"), size, h);
      if (oc.convertToBlob) return oc.convertToBlob({ type: "image/png" });
    }
    return new Promise(function (resolve) {
      var c = document.createElement("canvas");
      c.width = size;
      c.height = h;
      draw(c.getContext("2d"), size, h);
      c.toBlob(resolve, "image/png");
    });
  }

  function exportPng(size) {
    if (saving || !frameReady || !st.turned) return;
    saving = true;
    ready();
    status.textContent = root.dataset.saving || "";
    encode(size).then(function (blob) {
      if (!blob) throw new Error("no image");
      saving = false;
      status.textContent = "";
      ready();
      showResult(blob, size);
      count();
    }).catch(function () {
      saving = false;
      status.textContent = root.dataset.saveFailed || "";
      ready();
    });
  }

  var lastUrl = null;
  function showResult(blob, size) {
    if (lastUrl) URL.revokeObjectURL(lastUrl);
    lastUrl = URL.createObjectURL(blob);
    var name = "khung-anh-" + size + ".png";
    var img = document.getElementById("result-img");
    img.src = lastUrl;
    var link = document.getElementById("save-link");
    link.href = lastUrl;
    link.download = name;
    // In-app browsers ignore <a download>: there the picture itself is held to save.
    link.hidden = inApp;
    document.getElementById("result").hidden = false;
    document.getElementById("inapp-advice").hidden = !inApp;
    var share = document.getElementById("share");
    var file = window.File ? new File([blob], name, { type: "image/png" }) : null;
    var canShare = !!(file && navigator.canShare && navigator.share && navigator.canShare({ files: [file] }));
    share.hidden = !canShare;
    document.getElementById("inapp-share").hidden = !canShare;
    if (canShare) share.onclick = function () { navigator.share({ files: [file] }).catch(function () {}); };
    if (inApp) wayOut();
    // In-app browsers ignore <a download>: there the image is shown to long-press instead.
    if (!inApp) link.click();
    document.getElementById("result").scrollIntoView({ block: "nearest" });
  }

  // Out of an in-app browser: on Android an intent opens the page in the default
  // browser; on iOS only the app's own menu can, so the advice points to it.
  function wayOut() {
    if (/Android/i.test(ua)) {
      var link = document.getElementById("open-browser");
      link.href = "intent://" + location.host + location.pathname + location.search +
        "#Intent;scheme=" + location.protocol.replace(":", "") + ";end";
      document.getElementById("open-android").hidden = false;
    } else if (/iPhone|iPad|iPod/i.test(ua)) {
      document.getElementById("open-ios").hidden = false;
    }
  }

  function count() {
    if (!window.fetch) return;
    fetch("/api/frames/" + frameId + "/downloads", {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: "don_vi=" + encodeURIComponent(unit) + "&token=" + encodeURIComponent(countToken),
      credentials: "same-origin"
    }).catch(function () {});
  }

  document.getElementById("dl1080").addEventListener("click", function () { exportPng(1080); });
  document.getElementById("dl2048").addEventListener("click", function () { exportPng(2048); });

  // The caption to copy, with the person's name and unit filled in.
  var caption = document.getElementById("caption");
  var capName = document.getElementById("cap-name"), capUnit = document.getElementById("cap-unit");
  function fillCaption() {
    caption.value = caption.dataset.template
      .replace("%name%", capName.value.trim() || "…")
      .replace("%unit%", capUnit.value.trim() || "…");
  }
  capName.addEventListener("input", fillCaption);
  capUnit.addEventListener("input", fillCaption);
  fillCaption();
  var copyStatus = document.getElementById("copy-status");
  function copied() {
    copyStatus.textContent = root.dataset.copied || "";
    setTimeout(function () { copyStatus.textContent = ""; }, 4000);
  }
  function copyBySelecting() {
    caption.select();
    if (document.execCommand && document.execCommand("copy")) copied();
  }
  document.getElementById("copy").addEventListener("click", function () {
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(caption.value).then(copied, copyBySelecting);
    } else {
      copyBySelecting();
    }
  });
})();
