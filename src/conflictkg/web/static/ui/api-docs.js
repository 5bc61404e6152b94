/* /docs: Swagger UI (vendored) over this server's OpenAPI document. Started here rather than in
   an inline script, which the Content-Security-Policy forbids. Nothing is asked of another host:
   no online validator badge. */
(function () {
  "use strict";
  const root = document.getElementById("swagger-ui");
  try {
    window.ckgSwagger = SwaggerUIBundle({
      url: new URL(root.dataset.openapi, window.location.href).href,
      domNode: root,
      presets: [SwaggerUIBundle.presets.apis],
      layout: "BaseLayout",
      deepLinking: false, // its hash routes would take over "#main", the skip link's target
      validatorUrl: null,
      defaultModelsExpandDepth: -1, // the schemas section is noise here: our answers are RDF or SPARQL results
      onComplete: () => { root.dataset.ready = "1"; },
    });
  } catch (error) {
    root.textContent = `The API documentation could not start: ${error.message}. The document is at ${root.dataset.openapi}.`;
  }
})();
