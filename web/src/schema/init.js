// The service's API documentation page (/schema): Swagger UI over /schema/openapi.json.
//
// Swagger UI is vendored from the pinned swagger-ui-dist package (build.mjs copies it into
// the Python package) and served by the service itself, under the same Content-Security-Policy
// as the residents' pages: no CDN, no inline script, nothing from another origin. This file is
// the page's only script of our own (the CSP forbids the usual inline initialiser).

window.addEventListener('DOMContentLoaded', () => {
  window.SwaggerUIBundle({
    url: '/schema/openapi.json',
    dom_id: '#swagger-ui',
    deepLinking: true,
    validatorUrl: null, // the default sends the document to a third-party validator
  });
});
