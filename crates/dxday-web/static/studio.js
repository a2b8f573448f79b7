// dxday avatar-frame studio. The photo never leaves the device: it is drawn on a
// canvas under the frame and saved from there. Placement follows the same rules as
// the server renderer (crates/dxday-media/src/geometry.rs).
(function () {
  "use strict";
  // In a worker (see `drawnUpright` below): what it is sent (a bitmap or a video frame)
  // drawn upright into a bitmap of its own, sent back.
  if (typeof document === "undefined") {
    self.onmessage = function (e) {
      var src = e.data, w = src.displayWidth || src.width, h = src.displayHeight || src.height;
      var c = new OffscreenCanvas(w, h);
      c.getContext("2d").drawImage(src, 0, 0, w, h);
      src.close();
      var out = c.transferToImageBitmap();
      self.postMessage(out, [out]);
    };
    return;
  }
  var scriptUrl = document.currentScript ? document.currentScript.src : "";
  // Pictures whose pixels are upright as they are (drawn so by dxday); the browser turns
  // any other bitmap of an EXIF-turned photo at each draw.
  var plain = window.WeakSet ? new WeakSet() : null;
  var root = document.getElementById("studio");
  if (!root || !window.HTMLCanvasElement || !document.createElement("canvas").getContext) return;
  root.hidden = false;
  var fallback = document.getElementById("fallback");
  if (fallback) fallback.open = false;

  var MAX_PIXELS = 16e6; // iOS canvas limit
  // Timings for scripts/bench-studio.sh (User Timing marks; nothing is sent anywhere).
  function mark(name) { if (window.performance && performance.mark) performance.mark("dxday-" + name); }
  var frameId = root.dataset.frameId;
  var unit = root.dataset.unit || "";
  var countToken = root.dataset.countToken || "";
  var frameW = Number(root.dataset.frameW), frameH = Number(root.dataset.frameH);
  var stage = document.getElementById("stage");
  // Without ImageDecoder: the picked photo at once, decoded by the browser at the size it
  // is shown, under the frame, while the working bitmap is made; then the canvas draws it.
  var quick = document.getElementById("quick");
  var ctx = stage.getContext("2d");
  var zoomInput = document.getElementById("zoom");
  var status = document.getElementById("status");
  // `full`: `src` is the working bitmap (not the preview's); `previewed`: the photo has
  // been shown; `upright`: what draws the working bitmap upright, while still to do.
  var st = { src: null, turned: null, full: false, previewed: false, upright: null, turns: 0, zoom: 1, cx: 0.5, cy: 0.5 };
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
    var can = frameReady && st.full && !saving;
    saveButtons.forEach(function (b) { b.disabled = !can; });
    root.setAttribute("aria-busy", String(saving));
    if (st.full && !frameReady) status.textContent = root.dataset.waitFrame || "";
    else if (!saving && status.textContent === root.dataset.waitFrame) status.textContent = "";
  }

  function cropBox(pw, ph, ow, oh) {
    var scale = Math.max(ow / pw, oh / ph) * st.zoom;
    var bw = Math.min(ow / scale, pw), bh = Math.min(oh / scale, ph);
    var left = Math.min(Math.max(st.cx * pw - bw / 2, 0), pw - bw);
    var top = Math.min(Math.max(st.cy * ph - bh / 2, 0), ph - bh);
    return { left: left, top: top, w: bw, h: bh, scale: scale };
  }

  // The filter for drawing `from` pixels across into `to`: bilinear while a finger
  // moves the photo and wherever the picture shrinks at most twice (at most a 2×2
  // average); mipmaps for a larger shrink (a working copy decoded by eighths is 2 to 2.3
  // times the output); bicubic when it is enlarged (zoomed in).
  function filterFor(from, to, moving) {
    if (moving) return "low";
    var shrink = from / to;
    return shrink > 2.01 ? "medium" : shrink >= 1 ? "low" : "high";
  }

  // Draws the framed photo into `c` (w × h); `moving` while a finger moves the photo
  // (then the preview keeps up with the finger and is drawn again when it lets go).
  function draw(c, w, h, moving) {
    c.save();
    var src = st.turned;
    if (!src && !quick.hidden) {
      // The picked photo is shown by the <img> under the canvas until its bitmap is
      // ready: only the frame is drawn.
      c.clearRect(0, 0, w, h);
    } else {
      c.fillStyle = "#fff";
      c.fillRect(0, 0, w, h);
    }
    c.imageSmoothingEnabled = true;
    if (src) {
      var b = cropBox(src.width, src.height, w, h);
      c.imageSmoothingQuality = filterFor(b.w, w, moving);
      c.drawImage(src, b.left, b.top, b.w, b.h, 0, 0, w, h);
    }
    if (frameImg.complete && frameImg.naturalWidth) {
      c.imageSmoothingQuality = filterFor(frameImg.naturalWidth, w, moving);
      c.drawImage(frameImg, 0, 0, w, h);
    }
    c.restore();
  }

  // Whether the stage holds the picture a save at its size gives (drawn at rest, with
  // the photo and the frame): then a save encodes it instead of drawing it again.
  var stageFinal = false;

  function redraw(moving) {
    draw(ctx, stage.width, stage.height, !!moving);
    stageFinal = !moving && st.full && frameReady;
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

  // The photo is kept as one bitmap of about twice the 1080-px output on its short
  // side (and within the iOS canvas limit): the preview and the save draw from it, and
  // a large photo is decoded straight to that size, never at full size.
  var WORK_SHORT_SIDE = 2160;

  function scaleFor(w, h) {
    return Math.min(1, WORK_SHORT_SIDE / Math.min(w, h), Math.sqrt(MAX_PIXELS / (w * h)));
  }

  // `use(img)` with the photo loaded in an <img> (which turns it by its EXIF
  // orientation), then the <img>'s address let go.
  function withImg(file, use) {
    return new Promise(function (resolve, reject) {
      var img = new Image(), url = URL.createObjectURL(file);
      img.onload = function () { URL.revokeObjectURL(url); resolve(use(img)); };
      img.onerror = function () { URL.revokeObjectURL(url); reject(new Error("not an image")); };
      img.src = url;
    });
  }

  // The photo's displayed size read from its first bytes, without decoding it: a
  // JPEG's frame header (turned for EXIF orientations 5–8; `jpeg` and `turned` say so)
  // or a PNG's IHDR; else the browser is asked, which may decode it.
  function photoInfo(file) {
    return file.slice(0, 262144).arrayBuffer().then(function (buf) {
      var v = new DataView(buf), n = v.byteLength;
      if (n >= 24 && v.getUint32(0) === 0x89504e47) return { w: v.getUint32(16), h: v.getUint32(20) };
      if (n < 4 || v.getUint16(0) !== 0xffd8) return null;
      var p = 2, orientation = 1;
      while (p + 9 <= n && v.getUint8(p) === 0xff) {
        var m = v.getUint8(p + 1), len = v.getUint16(p + 2);
        if (m === 0xe1 && v.getUint32(p + 4) === 0x45786966) orientation = exifOrientation(v, p + 10, Math.min(n, p + 2 + len));
        if (m >= 0xc0 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc) {
          var h = v.getUint16(p + 5), w = v.getUint16(p + 7), turned = orientation >= 5;
          return { w: turned ? h : w, h: turned ? w : h, jpeg: true, turned: turned, oriented: orientation > 1 };
        }
        p += 2 + len;
      }
      return null;
    }).catch(function () { return null; }).then(function (d) {
      return d || withImg(file, function (img) { return { w: img.naturalWidth, h: img.naturalHeight }; });
    });
  }

  // The EXIF orientation (1–8) of the EXIF data whose TIFF header is at `t`; 1 if none.
  function exifOrientation(v, t, end) {
    if (t + 8 > end) return 1;
    var le = v.getUint16(t) === 0x4949;
    var ifd = t + v.getUint32(t + 4, le);
    if (ifd + 2 > end) return 1;
    for (var i = 0, count = v.getUint16(ifd, le); i < count; i++) {
      var e = ifd + 2 + i * 12;
      if (e + 12 > end) return 1;
      if (v.getUint16(e, le) === 0x0112) { var o = v.getUint16(e + 8, le); return o >= 1 && o <= 8 ? o : 1; }
    }
    return 1;
  }

  // A JPEG decoder shrinks by eighths as it decodes, skipping the detail it would throw
  // away: the least number of eighths that keeps the scale `k`, within the canvas
  // limit; 0 where that limit needs a finer shrink.
  function eighthsFor(d, k) {
    for (var n = Math.min(8, Math.ceil(8 * k - 1e-9)); n >= 1; n--) {
      if (Math.ceil(d.w * n / 8) * Math.ceil(d.h * n / 8) <= MAX_PIXELS) return n;
    }
    return 0;
  }

  // The JPEG decoded at `n` eighths of its size by the browser's ImageDecoder, turned
  // by its EXIF orientation. Rejects where there is no ImageDecoder or it fails.
  function decodeEighths(file, d, n) {
    if (!window.ImageDecoder || !d.jpeg || !n) return Promise.reject(new Error("no scaled decode"));
    // The decoder takes the size as stored, before the EXIF turn.
    var sw = d.turned ? d.h : d.w, sh = d.turned ? d.w : d.h;
    var dec = new ImageDecoder({
      data: file.stream(), type: "image/jpeg",
      desiredWidth: Math.ceil(sw * n / 8), desiredHeight: Math.ceil(sh * n / 8)
    });
    return dec.decode().then(function (r) {
      var frame = r.image, w = frame.displayWidth, h = frame.displayHeight;
      if (w * h > MAX_PIXELS) { frame.close(); throw new Error("not scaled"); }
      return createImageBitmap(frame).then(function (b) {
        if (b.width === w && b.height === h) { frame.close(); return b; }
        // Chromium's bitmap of a frame turned a quarter is at times the upright picture
        // squeezed into the stored size: then the frame itself is drawn upright.
        b.close();
        return drawnUpright(frame);
      }, function (e) { frame.close(); throw e; });
    }).then(function (b) { dec.close(); return b; }, function (e) { dec.close(); throw e; });
  }

  // The working bitmap without a scaled decode: whole, then resized once; or, beyond the
  // canvas limit, decoded straight to the working size.
  function bitmapOf(file, d) {
    var k = scaleFor(d.w, d.h);
    var w = Math.max(1, Math.round(d.w * k)), h = Math.max(1, Math.round(d.h * k));
    // Bilinear for a shrink of at most two (the usual phone photo), mipmaps beyond.
    var quality = k >= 0.5 ? "low" : "medium";
    var bitmap;
    if (!window.createImageBitmap) {
      bitmap = Promise.reject(new Error("no createImageBitmap"));
    } else if (d.w * d.h <= MAX_PIXELS) {
      bitmap = createImageBitmap(file, { imageOrientation: "from-image" }).then(function (full) {
        if (k >= 1) return full;
        return createImageBitmap(full, { resizeWidth: w, resizeHeight: h, resizeQuality: quality })
          .then(function (small) { full.close(); return small; });
      });
    } else {
      var opts = { imageOrientation: "from-image", resizeWidth: w, resizeHeight: h, resizeQuality: quality };
      bitmap = createImageBitmap(file, opts).then(function (bmp) {
        // Some engines resize before turning the photo: then the <img> way below.
        if (bmp.width !== w || bmp.height !== h) { bmp.close(); throw new Error("turned after resizing"); }
        return bmp;
      });
    }
    return bitmap.catch(function () { return viaImg(file, w, h); });
  }

  // Without createImageBitmap (or where it fails): an <img> drawn once at the working size.
  function viaImg(file, w, h) {
    return withImg(file, function (img) {
      var c = document.createElement("canvas");
      c.width = w;
      c.height = h;
      var x = c.getContext("2d");
      x.imageSmoothingQuality = "high";
      x.drawImage(img, 0, 0, w, h);
      if (plain) plain.add(c);
      return c;
    });
  }

  // The scale at which the photo fills the preview's device pixels.
  function previewScale(d) {
    var px = Math.min(stage.width, stage.getBoundingClientRect().width * (window.devicePixelRatio || 1));
    return Math.min(1, px / Math.min(d.w, d.h));
  }

  // Each pick has its number: what an earlier pick's decodes bring is dropped.
  var picks = 0;

  // Where the browser decodes JPEGs by eighths, the preview's and the working bitmap's
  // decodes run at once; elsewhere the <img> shows the photo meanwhile. Saves are drawn
  // from the working bitmap.
  document.getElementById("photo").addEventListener("change", function (e) {
    var file = e.target.files && e.target.files[0];
    if (!file) return;
    var no = ++picks;
    mark("pick");
    status.textContent = root.dataset.loading || "…";
    // Until the new photo's bitmap is ready, no save of the old one.
    if (st.src && st.src.close) st.src.close();
    st.src = null; st.turned = null; st.full = false; st.previewed = false; st.upright = null; stageFinal = false;
    st.turns = 0; st.zoom = 1; st.cx = 0.5; st.cy = 0.5; zoomInput.value = "1";
    delete root.dataset.upright;
    ready();
    var info = null;
    photoInfo(file).then(function (d) {
      if (no !== picks) return null;
      info = d;
      var n = eighthsFor(d, scaleFor(d.w, d.h));
      if (window.ImageDecoder && d.jpeg && n) {
        var nq = eighthsFor(d, previewScale(d));
        if (nq && nq < n) decodeEighths(file, d, nq).then(function (b) { use(no, b, false); }, function () {});
        return decodeEighths(file, d, n).catch(function () { return bitmapOf(file, d); });
      }
      showQuick(file);
      return bitmapOf(file, d);
    }).then(function (b) {
      if (!b) return;
      use(no, b, true);
      if (info.oriented && plain && !plain.has(b)) {
        st.upright = function () { upright(no, b); };
        setTimeout(whenIdle, 500);
      }
    }).catch(function () {
      if (no !== picks) return;
      hideQuick();
      redraw();
      status.textContent = document.getElementById("fallback") ? document.querySelector("#fallback summary").textContent : "";
    });
  });

  // Draws the photo from `bmp`, the preview's until the working bitmap (`full`) comes;
  // what comes for an earlier pick, or after the working bitmap, is let go.
  function use(no, bmp, full) {
    if (no !== picks || st.full) { if (bmp.close) bmp.close(); return; }
    hideQuick();
    if (st.src && st.src.close) st.src.close();
    st.src = bmp;
    st.full = full;
    makeTurned();
    redraw();
    previewed();
    if (!full) return;
    // The size actually drawn from (the working size), for support and tests.
    root.dataset.sourceSize = bmp.width + "x" + bmp.height;
    mark("ready");
    status.textContent = "";
    ready();
    stage.tabIndex = 0;
    stage.focus({ preventScroll: true });
  }

  // A bitmap the browser turns by EXIF orientation is turned again at each draw (a drag
  // step takes four times as long): a worker draws it upright once, in its place, when
  // the studio has been idle half a second (not beside a save, which it would slow), or
  // at once when a finger, the zoom or a key starts to move the photo.
  function whenIdle() { if (saving) setTimeout(whenIdle, 200); else uprightNow(); }
  function uprightNow() { var run = st.upright; st.upright = null; if (run) run(); }
  function upright(no, bmp) {
    createImageBitmap(bmp).then(drawnUpright).then(function (drawn) {
      if (no !== picks || st.src !== bmp) { drawn.close(); return; }
      st.src = drawn;
      bmp.close();
      makeTurned();
      redraw(Object.keys(pointers).length > 0);
      root.dataset.upright = "true";
    }).catch(function () {});
  }

  // `src` (a bitmap or a video frame, handed over) drawn upright into a plain bitmap by
  // a worker, off the page's thread.
  function drawnUpright(src) {
    if (!scriptUrl || !window.Worker || !window.OffscreenCanvas || !plain) {
      src.close();
      return Promise.reject(new Error("no worker"));
    }
    return new Promise(function (resolve, reject) {
      var worker = new Worker(scriptUrl);
      worker.onmessage = function (e) { worker.terminate(); plain.add(e.data); resolve(e.data); };
      worker.onerror = function () { worker.terminate(); reject(new Error("worker failed")); };
      worker.postMessage(src, [src]);
    });
  }

  function previewed() { if (!st.previewed) { st.previewed = true; mark("preview"); } }

  // The photo under the frame as an <img> (its EXIF turn applied by the browser, cropped
  // to the frame's centre as the default placement is), shown once decoded.
  var quickUrl = null;
  function showQuick(file) {
    hideQuick();
    quickUrl = URL.createObjectURL(file);
    var url = quickUrl;
    quick.src = url;
    var shown = function () {
      if (quickUrl !== url || st.src) return;
      quick.hidden = false;
      redraw();
      previewed();
    };
    if (quick.decode) quick.decode().then(shown, function () {});
    else quick.onload = shown;
  }
  function hideQuick() {
    if (quickUrl) URL.revokeObjectURL(quickUrl);
    quickUrl = null;
    quick.hidden = true;
    quick.removeAttribute("src");
  }

  zoomInput.addEventListener("input", function () { uprightNow(); st.zoom = Number(zoomInput.value); redraw(); });
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
    redraw(Object.keys(pointers).length > 0);
  }

  function setZoom(z) {
    st.zoom = Math.min(Math.max(z, 1), 5);
    zoomInput.value = String(st.zoom);
    redraw(Object.keys(pointers).length > 0);
  }

  // Drag with a finger or mouse; pinch with two fingers.
  var pointers = {};
  var pinch = null;
  stage.addEventListener("pointerdown", function (e) { uprightNow(); stage.setPointerCapture(e.pointerId); pointers[e.pointerId] = { x: e.clientX, y: e.clientY }; });
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
  function up(e) {
    delete pointers[e.pointerId];
    pinch = null;
    if (!Object.keys(pointers).length) redraw();
  }
  stage.addEventListener("pointerup", up);
  stage.addEventListener("pointercancel", up);
  stage.addEventListener("wheel", function (e) { e.preventDefault(); uprightNow(); setZoom(st.zoom * Math.exp(-e.deltaY * 0.0015)); }, { passive: false });
  stage.addEventListener("keydown", function (e) {
    uprightNow();
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
  // At the stage's own size the stage's pixels are copied rather than drawn again.
  function encode(size) {
    var h = Math.round(size * frameH / frameW);
    var fill = function (c) {
      if (stageFinal && size === stage.width) c.drawImage(stage, 0, 0);
      else draw(c, size, h, false);
    };
    if (window.OffscreenCanvas) {
      var oc = new OffscreenCanvas(size, h);
      fill(oc.getContext("2d"));
      if (oc.convertToBlob) return oc.convertToBlob({ type: "image/png" });
    }
    return new Promise(function (resolve) {
      var c = document.createElement("canvas");
      c.width = size; c.height = h;
      fill(c.getContext("2d"));
      c.toBlob(resolve, "image/png");
    });
  }

  function exportPng(size) {
    if (saving || !frameReady || !st.full) return;
    saving = true;
    mark("save");
    ready();
    status.textContent = root.dataset.saving || "";
    encode(size).then(function (blob) {
      if (!blob) throw new Error("no image");
      saving = false;
      status.textContent = "";
      ready();
      showResult(blob, size);
      mark("saved");
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
