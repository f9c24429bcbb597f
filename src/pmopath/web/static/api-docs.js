// Starts Swagger UI on the API's OpenAPI document (kept out of the page: no inline script).
window.addEventListener("load", () => {
  window.ui = SwaggerUIBundle({ url: "/api/v1/openapi.json", dom_id: "#swagger-ui" });
});
