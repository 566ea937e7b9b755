// Photos in staff forms upload as soon as they are chosen, so a form the server rejects, or
// a slow line, never loses them. A file input with data-upload-url sends its photo there
// (scaled down in the browser to MAX_SIDE pixels on its long side, as a JPEG), shows a
// preview and the upload's progress, offers a retry when it fails, and puts the upload's
// id in the hidden input named by data-upload-target (forums/fields.py); the server then
// attaches it when the form is saved. Without this script the file goes with the form.
// The words shown come from the page (data-upload-texts), translated there.
(function () {
  "use strict";
  var MAX_SIDE = 2400;
  var PREVIEW = { width: 240, height: 160 };
  var texts = (document.querySelector("[data-upload-texts]") || { dataset: {} }).dataset;
  var active = {}; // uploads in flight, by the id of their hidden input
  var pending = 0;
  var waitingSubmit = null;

  function csrfToken(element) {
    var form = element.closest("form");
    var token = form && form.querySelector("[name=csrfmiddlewaretoken]");
    return token ? token.value : "";
  }

  function wrapperOf(input) {
    return document.getElementById("div_" + input.id) || input.parentElement;
  }

  function previewOf(hidden) {
    return document.querySelector('[data-upload-preview="' + hidden.id + '"]');
  }

  function fileInputFor(hidden) {
    return document.querySelector('input[type=file][data-upload-target="' + hidden.id + '"]');
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  // --- reading and shrinking the photo ------------------------------------------------

  // The capture time in a JPEG's EXIF ("2018:10:22 09:30:00"), or "": a photo redrawn on a
  // canvas loses its EXIF, so the time goes with it as a separate field.
  function captureTime(buffer) {
    var view = new DataView(buffer);
    if (view.byteLength < 4 || view.getUint16(0) !== 0xffd8) return "";
    var offset = 2;
    while (offset + 4 <= view.byteLength) {
      var marker = view.getUint16(offset);
      var length = view.getUint16(offset + 2);
      if (marker === 0xffe1 && view.getUint32(offset + 4) === 0x45786966) {
        return exifTime(view, offset + 10);
      }
      if ((marker & 0xff00) !== 0xff00 || marker === 0xffda) return "";
      offset += 2 + length;
    }
    return "";
  }

  function exifTime(view, tiff) {
    try {
      var little = view.getUint16(tiff) === 0x4949;
      var u16 = function (at) { return view.getUint16(tiff + at, little); };
      var u32 = function (at) { return view.getUint32(tiff + at, little); };
      var entries = function (ifd) {
        var found = {};
        var count = u16(ifd);
        for (var i = 0; i < count; i += 1) {
          var entry = ifd + 2 + i * 12;
          found[u16(entry)] = { count: u32(entry + 4), value: u32(entry + 8) };
        }
        return found;
      };
      var text = function (tag) {
        if (!tag || tag.count < 19) return "";
        var chars = [];
        for (var i = 0; i < 19; i += 1) chars.push(String.fromCharCode(view.getUint8(tiff + tag.value + i)));
        return chars.join("");
      };
      var ifd0 = entries(u32(4));
      var exif = ifd0[0x8769] ? entries(ifd0[0x8769].value) : {};
      return text(exif[0x9003]) || text(ifd0[0x0132]);
    } catch (error) {
      return "";
    }
  }

  function canvasOf(width, height) {
    var canvas = document.createElement("canvas");
    canvas.width = width;
    canvas.height = height;
    return canvas;
  }

  function previewUrl(bitmap) {
    var canvas = canvasOf(PREVIEW.width, PREVIEW.height);
    var scale = Math.max(PREVIEW.width / bitmap.width, PREVIEW.height / bitmap.height);
    var width = bitmap.width * scale;
    var height = bitmap.height * scale;
    canvas.getContext("2d").drawImage(
      bitmap, (PREVIEW.width - width) / 2, (PREVIEW.height - height) / 2, width, height
    );
    return canvas.toDataURL("image/jpeg", 0.7);
  }

  function shrunk(bitmap) {
    var scale = MAX_SIDE / Math.max(bitmap.width, bitmap.height);
    var canvas = canvasOf(Math.round(bitmap.width * scale), Math.round(bitmap.height * scale));
    canvas.getContext("2d").drawImage(bitmap, 0, 0, canvas.width, canvas.height);
    return new Promise(function (resolve) {
      canvas.toBlob(resolve, "image/jpeg", 0.88);
    });
  }

  // What to send: the file itself when it is small enough (the server reads its EXIF, then
  // strips it), else a JPEG of at most MAX_SIDE pixels and the capture time read here.
  function prepare(file) {
    var original = { blob: file, name: file.name, takenAt: "", preview: "" };
    if (!window.createImageBitmap || !file.arrayBuffer) return Promise.resolve(original);
    var head = file.slice(0, 256 * 1024).arrayBuffer().then(captureTime, function () { return ""; });
    return Promise.all([head, createImageBitmap(file, { imageOrientation: "from-image" })])
      .then(function (results) {
        var takenAt = results[0];
        var bitmap = results[1];
        original.preview = previewUrl(bitmap);
        if (Math.max(bitmap.width, bitmap.height) <= MAX_SIDE) return original;
        return shrunk(bitmap).then(function (blob) {
          if (!blob) return original;
          var name = (file.name.replace(/\.[^.]*$/, "") || "foto") + ".jpg";
          return { blob: blob, name: name, takenAt: takenAt, preview: original.preview };
        });
      })
      .catch(function () { return original; }); // not decodable here: the server says why
  }

  // --- what the form shows ------------------------------------------------------------

  function show(hidden, parts) {
    var preview = previewOf(hidden);
    if (!preview) return;
    preview.replaceChildren();
    var figure = element("figure", "d-flex flex-column flex-sm-row align-items-start gap-2 gap-sm-3 mb-0");
    if (parts.image) {
      var img = element("img", "rounded border img-fluid");
      img.src = parts.image;
      img.width = PREVIEW.width;
      img.height = PREVIEW.height;
      img.alt = texts.alt || "";
      figure.append(img);
    }
    var caption = element("figcaption", "small flex-grow-1");
    caption.setAttribute("aria-live", "polite");
    parts.lines.forEach(function (line) { caption.append(line); });
    figure.append(caption);
    preview.append(figure);
    preview.hidden = false;
  }

  function uploading(state) {
    var progress = element("progress", "d-block w-100");
    progress.max = 100;
    progress.value = 0;
    progress.setAttribute("aria-label", texts.uploading || "");
    show(state.hidden, {
      image: state.prepared.preview,
      lines: [element("span", "d-block", texts.uploading), progress],
    });
    return progress;
  }

  function uploaded(hidden, data) {
    hidden.value = String(data.id);
    var lines = [element("span", "d-block text-success", texts.uploaded)];
    if (data.taken_at_display) {
      lines.push(element("span", "d-block text-body-secondary", texts.taken + ": " + data.taken_at_display));
    }
    var remove = element("button", "btn btn-outline-danger btn-sm mt-2", texts.remove);
    remove.type = "button";
    remove.dataset.uploadRemove = "";
    remove.dataset.removeUrl = data.remove_url;
    lines.push(remove);
    show(hidden, { image: data.thumbnail_url, lines: lines });
    var input = fileInputFor(hidden);
    if (input) wrapperOf(input).hidden = true;
  }

  function failed(state, message) {
    var retry = element("button", "btn btn-outline-primary btn-sm mt-2", texts.retry);
    retry.type = "button";
    retry.addEventListener("click", function () { send(state); });
    show(state.hidden, {
      image: state.prepared.preview,
      lines: [element("span", "d-block text-danger", message), retry],
    });
    wrapperOf(state.input).hidden = false;
  }

  // --- talking to the server ------------------------------------------------------------

  function answer(xhr) {
    try {
      return JSON.parse(xhr.responseText);
    } catch (error) {
      return {};
    }
  }

  function settled() {
    pending -= 1;
    if (pending === 0 && waitingSubmit) {
      var form = waitingSubmit.form;
      var submitter = waitingSubmit.submitter;
      waitingSubmit = null;
      if (form.requestSubmit) {
        form.requestSubmit(submitter || undefined);
      } else {
        form.submit();
      }
    }
  }

  function send(state) {
    pending += 1; // before an earlier sending of this photo is aborted (and settles)
    var previous = active[state.hidden.id];
    if (previous) previous.abort();
    state.hidden.value = "";
    var progress = uploading(state);
    var xhr = new XMLHttpRequest();
    active[state.hidden.id] = xhr;
    xhr.open("POST", state.input.dataset.uploadUrl);
    xhr.setRequestHeader("X-CSRFToken", csrfToken(state.input));
    xhr.setRequestHeader("X-Requested-With", "XMLHttpRequest");
    xhr.upload.addEventListener("progress", function (event) {
      if (event.lengthComputable) progress.value = Math.round((event.loaded / event.total) * 100);
    });
    xhr.addEventListener("load", function () {
      delete active[state.hidden.id];
      var data = answer(xhr);
      if (xhr.status === 201 && data.id) {
        uploaded(state.hidden, data);
      } else if (data.error) {
        failed(state, data.error);
      } else {
        failed(state, xhr.status === 403 ? texts.session : texts.failed);
      }
      settled();
    });
    xhr.addEventListener("error", function () {
      delete active[state.hidden.id];
      failed(state, texts.offline);
      settled();
    });
    xhr.addEventListener("abort", settled);
    var body = new FormData();
    body.append("photo", state.prepared.blob, state.prepared.name);
    if (state.prepared.takenAt) body.append("taken_at", state.prepared.takenAt);
    xhr.send(body);
  }

  function remove(button) {
    var preview = button.closest("[data-upload-preview]");
    var hidden = preview && document.getElementById(preview.dataset.uploadPreview);
    if (!hidden) return;
    button.disabled = true;
    var xhr = new XMLHttpRequest();
    xhr.open("POST", button.dataset.removeUrl);
    xhr.setRequestHeader("X-CSRFToken", csrfToken(button));
    xhr.setRequestHeader("X-Requested-With", "XMLHttpRequest");
    var done = function () {
      if (xhr.status !== 200 && xhr.status !== 404) {
        button.disabled = false;
        return;
      }
      hidden.value = "";
      preview.replaceChildren();
      preview.hidden = true;
      var input = fileInputFor(hidden);
      if (input) {
        wrapperOf(input).hidden = false;
        input.focus();
      }
    };
    xhr.addEventListener("load", done);
    xhr.addEventListener("error", function () { button.disabled = false; });
    xhr.send();
  }

  // --- wiring -------------------------------------------------------------------------

  document.addEventListener("change", function (event) {
    var input = event.target;
    if (!input.matches || !input.matches("input[type=file][data-upload-url]")) return;
    var hidden = document.getElementById(input.dataset.uploadTarget);
    var file = input.files && input.files[0];
    if (!hidden || !file) return;
    var state = { input: input, hidden: hidden, prepared: { preview: "" } };
    show(hidden, { image: "", lines: [element("span", "d-block", texts.preparing)] });
    pending += 1; // the form waits for the photo from now on, preparation included
    prepare(file).then(function (prepared) {
      state.prepared = prepared;
      input.value = ""; // the photo travels on its own, not again with the form
      pending -= 1;
      send(state);
    });
  });

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-upload-remove]");
    if (button) remove(button);
  });

  document.addEventListener("submit", function (event) {
    if (pending === 0) return;
    event.preventDefault();
    waitingSubmit = { form: event.target, submitter: event.submitter };
    var note = event.target.querySelector("[data-upload-waiting]");
    if (note) {
      note.textContent = texts.waiting;
      note.hidden = false;
    }
  });

  // A form shown again by the server keeps its uploads: their file inputs stay hidden.
  document.querySelectorAll("input[type=file][data-upload-target]").forEach(function (input) {
    var hidden = document.getElementById(input.dataset.uploadTarget);
    if (hidden && hidden.value) wrapperOf(input).hidden = true;
  });
})();
