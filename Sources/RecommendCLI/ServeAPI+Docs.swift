extension ServeAPI {
  /// The API reference page: one section per route, from the same `routes` as
  /// `/openapi.json`; no script, no external assets.
  func docsPage() -> String {
    var html = """
      <!doctype html>
      <html lang="en"><head><meta charset="utf-8">
      <meta name="viewport" content="width=device-width, initial-scale=1">
      <title>recommend serve: API reference</title>
      <style>
      body{font:15px/1.5 system-ui,sans-serif;margin:0 auto;max-width:60rem;padding:1rem;color:#1d2430}
      h1{font-size:1.5rem}h2{font-size:1.1rem;margin:2rem 0 .3rem}code,pre{font-family:ui-monospace,monospace;font-size:.9em}
      .method{display:inline-block;min-width:3.5rem;padding:.1rem .4rem;border-radius:.3rem;color:#fff;background:#2f6f4f;text-align:center}
      .method.post{background:#8a5a12}table{border-collapse:collapse;width:100%;margin:.4rem 0}
      th,td{border-bottom:1px solid #d8dde5;text-align:left;padding:.25rem .4rem;vertical-align:top}
      nav a{margin-right:.8rem}
      </style></head><body>
      <h1>recommend serve: API reference</h1>
      <p>Bundle \(Self.escapeHTML(bundle.recommender.bundle.version)). JSON answers equal the <code>--json</code> output of the one-shot commands.
      Errors are <code>{"error": ..., "detail": ...}</code>. Machine-readable: <a href="/openapi.json">/openapi.json</a> (OpenAPI 3.1). Dashboard: <a href="/">/</a>.</p>
      <nav>
      """
    for route in routes {
      html +=
        "<a href=\"#\(route.operationID)\">\(route.method) \(Self.escapeHTML(route.path))</a>\n"
    }
    html += "</nav>\n"
    for route in routes {
      html += "<section id=\"\(route.operationID)\">\n"
      html +=
        "<h2><span class=\"method \(route.method.lowercased())\">\(route.method)</span> <code>\(Self.escapeHTML(route.path))</code> - \(Self.escapeHTML(route.summary))</h2>\n"
      html += "<p>\(Self.escapeHTML(route.description))</p>\n"
      if !route.parameters.isEmpty {
        html += "<table><tr><th>parameter</th><th>in</th><th>value</th><th>meaning</th></tr>\n"
        for parameter in route.parameters {
          html +=
            "<tr><td><code>\(parameter.name)</code>\(parameter.required ? " (required)" : "")</td><td>\(parameter.location.rawValue)</td><td>\(Self.escapeHTML(parameter.expectation))</td><td>\(Self.escapeHTML(parameter.description))</td></tr>\n"
        }
        html += "</table>\n"
      }
      if let body = route.requestBody {
        html +=
          "<p>Request body: <code>application/json</code>, schema <code>\(body)</code> in /openapi.json.</p>\n"
      }
      html += "<table><tr><th>status</th><th>body</th><th>when</th></tr>\n"
      for response in route.responses {
        html +=
          "<tr><td>\(response.status)</td><td><code>\(Self.escapeHTML(response.schema ?? response.mediaType))</code></td><td>\(Self.escapeHTML(response.description))</td></tr>\n"
      }
      html += "</table>\n</section>\n"
    }
    return html + "</body></html>\n"
  }

  static func escapeHTML(_ text: String) -> String {
    var result = ""
    for character in text {
      switch character {
      case "&": result += "&amp;"
      case "<": result += "&lt;"
      case ">": result += "&gt;"
      case "\"": result += "&quot;"
      default: result.append(character)
      }
    }
    return result
  }
}
