// Starts Swagger UI (/api/docs/) or ReDoc (/api/redoc/) from the data-* attributes of the
// page's container: drf-spectacular's own templates do it in an inline script, which the
// Content-Security-Policy forbids. The API is read-only and needs no sign-in, so there is
// no credential or CSRF handling here.
(function () {
  "use strict";
  var container = document.querySelector("[data-api-docs]");
  if (!container) {
    return;
  }
  var schemaUrl = container.dataset.schemaUrl;
  var settings = JSON.parse(container.dataset.settings || "{}");
  if (container.dataset.apiDocs === "swagger") {
    window.ui = SwaggerUIBundle(Object.assign({
      url: schemaUrl,
      dom_id: "#" + container.id,
      presets: [SwaggerUIBundle.presets.apis],
      layout: "BaseLayout",
    }, settings));
  } else {
    keepImagesLocal();
    Redoc.init(schemaUrl, settings, container);
  }

  // ReDoc's sidebar shows the Redocly logo from the vendor's CDN, with no option to leave it
  // out; the portal asks no other host for anything (and the policy would refuse it). A
  // picture from another origin becomes an empty one before the browser would fetch it,
  // whether the src is set as a property (as React does) or as an attribute.
  function keepImagesLocal() {
    var blank = "data:image/gif;base64,R0lGODlhAQABAAAAACH5BAEKAAEALAAAAAABAAEAAAICTAEAOw==";
    function local(value) {
      var url = new URL(String(value), document.baseURI);
      return url.protocol === "data:" || url.origin === window.location.origin ? value : blank;
    }
    var src = Object.getOwnPropertyDescriptor(HTMLImageElement.prototype, "src");
    Object.defineProperty(HTMLImageElement.prototype, "src", {
      configurable: true,
      enumerable: src.enumerable,
      get: src.get,
      set: function (value) { src.set.call(this, local(value)); },
    });
    var setAttribute = Element.prototype.setAttribute;
    Element.prototype.setAttribute = function (name, value) {
      if (this instanceof HTMLImageElement && String(name).toLowerCase() === "src") {
        value = local(value);
      }
      return setAttribute.call(this, name, value);
    };
  }
})();
