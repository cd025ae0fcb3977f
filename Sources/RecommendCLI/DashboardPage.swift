/// The dashboard at `/`: HTML, CSS and a small script in one page, no external assets.
///
/// Each view has its own URL, read on load and written on every search, so a view can be
/// bookmarked and tested: `/?user=42&n=10&alpha=0.5`, `/?similar=1`,
/// `/?similar&title=toy+story`, `/?popular&genre=Comedy&min_ratings=5`, `/?data`,
/// `/?model`. The charts are SVG drawn by the server (`/charts/{name}.svg`).
enum DashboardPage {
  static let html = """
    <!doctype html>
    <html lang="en"><head><meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>recommend: dashboard</title>
    <link rel="icon" href="data:,">
    <style>
    :root{--fg:#1d2430;--muted:#5b6575;--line:#d8dde5;--accent:#2f6f4f;--bg:#f7f8fa}
    *{box-sizing:border-box}body{font:15px/1.45 system-ui,sans-serif;margin:0;color:var(--fg);background:var(--bg)}
    header{background:#fff;border-bottom:1px solid var(--line);padding:.7rem 1rem;display:flex;gap:1rem;align-items:baseline;flex-wrap:wrap}
    header h1{font-size:1.15rem;margin:0}header .meta{color:var(--muted);font-size:.85rem}
    nav[role=tablist]{display:flex;gap:.3rem;padding:.6rem 1rem 0;flex-wrap:wrap}
    nav button{font:inherit;border:1px solid var(--line);border-bottom:none;background:#eef1f4;padding:.45rem .9rem;border-radius:.4rem .4rem 0 0;cursor:pointer}
    nav button[aria-selected=true]{background:#fff;font-weight:600}
    nav button:focus-visible,input:focus-visible,select:focus-visible,form button:focus-visible{outline:3px solid #7fb7ff;outline-offset:1px}
    main{background:#fff;border-top:1px solid var(--line);padding:1rem;min-height:60vh}
    form{display:flex;gap:.8rem;flex-wrap:wrap;align-items:end;margin-bottom:1rem}
    label{display:flex;flex-direction:column;font-size:.85rem;color:var(--muted);gap:.2rem}
    input,select{font:inherit;padding:.35rem .5rem;border:1px solid var(--line);border-radius:.3rem;min-width:6rem}
    form button{font:inherit;padding:.4rem 1rem;border:0;border-radius:.3rem;background:var(--accent);color:#fff;cursor:pointer}
    ol.results{padding-left:1.6rem;margin:0}ol.results li{padding:.45rem 0;border-bottom:1px solid var(--line)}
    .title{font-weight:600}.genres,.why{color:var(--muted);font-size:.88rem}.score{float:right;font-variant-numeric:tabular-nums;color:var(--muted)}
    .note{padding:.5rem .7rem;background:#fff6e0;border:1px solid #f0d890;border-radius:.3rem;margin-bottom:.8rem}
    .error{padding:.5rem .7rem;background:#fdecec;border:1px solid #f2b8b8;border-radius:.3rem}
    [hidden]{display:none!important}
    .charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(min(100%,30rem),1fr));gap:1rem}
    .charts img{width:100%;height:auto;border:1px solid var(--line);border-radius:.3rem;background:#fff}
    table.metrics{border-collapse:collapse;margin-bottom:1rem;font-variant-numeric:tabular-nums}
    table.metrics th,table.metrics td{border-bottom:1px solid var(--line);padding:.25rem .6rem;text-align:right}
    table.metrics th:first-child,table.metrics td:first-child{text-align:left}
    </style></head><body>
    <header><h1>recommend</h1><span class="meta" id="meta">loading bundle info...</span>
    <span class="meta"><a href="/docs">API reference</a></span></header>
    <nav role="tablist" aria-label="Views">
    <button role="tab" id="tab-user" aria-controls="view-user" aria-selected="true">Recommendations</button>
    <button role="tab" id="tab-similar" aria-controls="view-similar" aria-selected="false">Similar movies</button>
    <button role="tab" id="tab-popular" aria-controls="view-popular" aria-selected="false">Popular</button>
    <button role="tab" id="tab-data" aria-controls="view-data" aria-selected="false">Data</button>
    <button role="tab" id="tab-model" aria-controls="view-model" aria-selected="false">Model</button>
    </nav>
    <main>
    <section role="tabpanel" id="view-user" aria-labelledby="tab-user">
    <form id="form-user"><label>User id<input id="user-id" name="user" inputmode="numeric" required></label>
    <label>How many<input id="user-n" name="n" type="number" min="1" max="100" value="10"></label>
    <label>Alpha (collaborative weight) <output id="alpha-out">auto</output><input id="user-alpha" name="alpha" type="range" min="0" max="1" step="0.05" value="0.5"></label>
    <button type="submit">Recommend</button></form>
    <div id="user-results" aria-live="polite"></div></section>
    <section role="tabpanel" id="view-similar" aria-labelledby="tab-similar" hidden>
    <form id="form-similar"><label>Movie title<input id="similar-title" name="title" list="title-suggestions" autocomplete="off" required></label>
    <datalist id="title-suggestions"></datalist>
    <label>How many<input id="similar-n" name="n" type="number" min="1" max="100" value="10"></label>
    <button type="submit">Find similar</button></form>
    <div id="similar-results" aria-live="polite"></div></section>
    <section role="tabpanel" id="view-popular" aria-labelledby="tab-popular" hidden>
    <form id="form-popular"><label>Genre<select id="popular-genre" name="genre"><option value="">any</option></select></label>
    <label>At least n ratings<input id="popular-min" name="min_ratings" type="number" min="0" value="1"></label>
    <label>How many<input id="popular-n" name="n" type="number" min="1" max="100" value="10"></label>
    <button type="submit">Show popular</button></form>
    <div id="popular-results" aria-live="polite"></div></section>
    <section role="tabpanel" id="view-data" aria-labelledby="tab-data" hidden>
    <div class="charts" id="data-charts"></div></section>
    <section role="tabpanel" id="view-model" aria-labelledby="tab-model" hidden>
    <div id="model-table"></div><div class="charts" id="model-charts"></div>
    <p class="why" id="model-missing" hidden>This bundle was packaged without the training curve and the alpha sweep; <code>pipeline plots show</code> draws them from the pipeline's outputs.</p></section>
    </main>
    <script>
    "use strict";
    const $ = (id) => document.getElementById(id);
    const views = ["user", "similar", "popular", "data", "model"];
    function esc(text) { const d = document.createElement("div"); d.textContent = String(text); return d.innerHTML; }
    function show(view) {
      for (const v of views) {
        $("view-" + v).hidden = v !== view;
        $("tab-" + v).setAttribute("aria-selected", String(v === view));
        $("tab-" + v).tabIndex = v === view ? 0 : -1;
      }
    }
    async function api(path) {
      const response = await fetch(path, {headers: {"Accept": "application/json"}});
      const body = await response.json();
      if (!response.ok) throw new Error(body.detail || body.error || ("HTTP " + response.status));
      return body;
    }
    function label(m) { return esc(m.title) + (m.year ? " (" + m.year + ")" : ""); }
    function fail(target, error) { $(target).innerHTML = '<p class="error">' + esc(error.message) + "</p>"; }
    function setURL(params) {
      const text = params.toString().replace(/=(&|$)/g, "$1");
      const url = text ? "/?" + text : "/";
      if (location.pathname + location.search !== url) history.pushState(null, "", url);
    }
    async function loadUser(id, n, alpha) {
      show("user");
      $("user-id").value = id; $("user-n").value = n;
      if (alpha) { $("user-alpha").value = alpha; $("alpha-out").textContent = Number(alpha).toFixed(2); }
      $("user-results").textContent = "loading...";
      try {
        // Without an alpha in the URL the server uses the bundle's (chosen on validation),
        // so the default view is exactly what `recommend user` serves; the slider follows it.
        const data = await api("/recommend/user/" + encodeURIComponent(id) + "?n=" + encodeURIComponent(n) + (alpha ? "&alpha=" + encodeURIComponent(alpha) : ""));
        if (!alpha && typeof data.alpha === "number") { $("user-alpha").value = data.alpha; $("alpha-out").textContent = data.alpha.toFixed(2); }
        let html = data.known_user ? "" : '<p class="note">User ' + esc(data.user_id) + " is not in the bundle: these are the most popular movies.</p>";
        html += '<ol class="results" id="user-list" data-user="' + esc(data.user_id) + '">';
        for (const item of data.items) {
          const why = item.because ? (item.because.kind === "collaborative" ? "fans of " + label(item.because) + " like it" : "because you liked " + label(item.because)) : (item.predicted_rating != null ? "predicted rating " + Number(item.predicted_rating).toFixed(1) : "");
          html += '<li data-movie-id="' + esc(item.movie_id) + '"><span class="score">' + Number(item.score).toFixed(3) + '</span><span class="title">' + label(item) +
            '</span><div class="genres">' + esc(item.genres.join(", ")) + '</div><div class="why">' + why + "</div></li>";
        }
        $("user-results").innerHTML = html + "</ol>";
      } catch (error) { fail("user-results", error); }
    }
    async function loadSimilar(movie, title, n) {
      show("similar");
      $("similar-n").value = n;
      if (!movie && !title) { $("similar-results").textContent = "Type a title."; return; }
      $("similar-results").textContent = "loading...";
      try {
        const data = movie ? await api("/similar/" + encodeURIComponent(movie) + "?n=" + encodeURIComponent(n))
          : await api("/similar?title=" + encodeURIComponent(title) + "&n=" + encodeURIComponent(n));
        $("similar-title").value = data.movie.title;
        let html = "<p>Similar to <span class=\\"title\\">" + label(data.movie) + "</span>:</p><ol class=\\"results\\" id=\\"similar-list\\">";
        for (const item of data.items) {
          html += '<li data-movie-id="' + esc(item.movie_id) + '"><span class="score">' + Number(item.similarity).toFixed(3) + '</span><span class="title">' + label(item) +
            '</span><div class="genres">' + esc(item.genres.join(", ")) + "</div></li>";
        }
        $("similar-results").innerHTML = html + "</ol>";
      } catch (error) { fail("similar-results", error); }
    }
    async function loadPopular(genre, minimum, n) {
      show("popular");
      $("popular-genre").value = genre; $("popular-min").value = minimum; $("popular-n").value = n;
      $("popular-results").textContent = "loading...";
      try {
        let path = "/popular?n=" + encodeURIComponent(n) + "&min_ratings=" + encodeURIComponent(minimum);
        if (genre) path += "&genre=" + encodeURIComponent(genre);
        const data = await api(path);
        let html = '<ol class="results" id="popular-list">';
        for (const item of data.items) {
          html += '<li data-movie-id="' + esc(item.movie_id) + '"><span class="score">' + Number(item.score).toFixed(3) + '</span><span class="title">' + label(item) +
            '</span><div class="genres">' + esc(item.genres.join(", ")) + '</div><div class="why">mean ' + Number(item.mean_rating).toFixed(2) + " from " + esc(item.rating_count) + " ratings</div></li>";
        }
        $("popular-results").innerHTML = html + "</ol>";
      } catch (error) { fail("popular-results", error); }
    }
    function charts(target, names) {
      const box = $(target);
      if (box.childElementCount) return;
      for (const [name, alt] of names) {
        const img = document.createElement("img");
        img.src = "/charts/" + name + ".svg"; img.alt = alt;
        box.appendChild(img);
      }
    }
    function loadData() {
      show("data");
      charts("data-charts", [["ratings", "Training ratings by star value"], ["long-tail", "Ratings per movie by popularity rank"], ["genres", "Training ratings per genre"]]);
    }
    async function loadModel() {
      show("model");
      if ($("model-table").childElementCount) return;
      try {
        // Only the charts this bundle has data for (an older bundle has no curve or sweep).
        const list = (await api("/charts")).charts.filter((c) => c.tab === "model");
        charts("model-charts", list.map((c) => [c.name, c.title]));
        $("model-missing").hidden = list.some((c) => c.name === "training-curve");
        const info = await api("/info");
        const ranking = (info.metrics && info.metrics.ranking) || {};
        const models = Object.keys(ranking);
        if (!models.length) { $("model-table").textContent = "No ranking metrics in this bundle."; return; }
        const measures = Object.keys(ranking[models[0]]);
        let html = '<table class="metrics" id="metrics-table"><tr><th>model</th>' + measures.map((m) => "<th>" + esc(m) + "</th>").join("") + "</tr>";
        for (const model of models) {
          html += "<tr><td>" + esc(model) + "</td>" + measures.map((m) => "<td>" + Number(ranking[model][m]).toFixed(4) + "</td>").join("") + "</tr>";
        }
        $("model-table").innerHTML = html + "</table>";
      } catch (error) { fail("model-table", error); }
    }
    function route() {
      const q = new URLSearchParams(location.search);
      if (q.has("data")) return loadData();
      if (q.has("model")) return loadModel();
      const n = q.get("n") || "10";
      if (q.has("similar")) return loadSimilar(q.get("similar"), q.get("title") || "", n);
      if (q.has("popular")) return loadPopular(q.get("genre") || "", q.get("min_ratings") || "1", n);
      if (q.has("user")) return loadUser(q.get("user"), n, q.get("alpha"));
      show("user");
    }
    $("form-user").addEventListener("submit", (e) => {
      e.preventDefault();
      const query = {user: $("user-id").value.trim(), n: $("user-n").value};
      if ($("alpha-out").textContent !== "auto") query.alpha = $("user-alpha").value;
      setURL(new URLSearchParams(query));
      route();
    });
    $("user-alpha").addEventListener("input", () => { $("alpha-out").textContent = Number($("user-alpha").value).toFixed(2); });
    $("form-similar").addEventListener("submit", (e) => {
      e.preventDefault();
      setURL(new URLSearchParams({similar: "", title: $("similar-title").value.trim(), n: $("similar-n").value}));
      route();
    });
    let suggestTimer = 0;
    $("similar-title").addEventListener("input", () => {
      clearTimeout(suggestTimer);
      const words = $("similar-title").value.trim();
      if (words.length < 2) return;
      suggestTimer = setTimeout(async () => {
        try {
          const data = await api("/movies?q=" + encodeURIComponent(words));
          $("title-suggestions").innerHTML = data.items.map((m) => '<option value="' + esc(m.title) + '">' + label(m) + "</option>").join("");
        } catch (error) { /* suggestions are optional */ }
      }, 150);
    });
    $("form-popular").addEventListener("submit", (e) => {
      e.preventDefault();
      const p = new URLSearchParams({popular: ""});
      if ($("popular-genre").value) p.set("genre", $("popular-genre").value);
      p.set("min_ratings", $("popular-min").value); p.set("n", $("popular-n").value);
      setURL(p);
      route();
    });
    for (const v of views) {
      $("tab-" + v).addEventListener("click", () => {
        setURL(v === "user" ? new URLSearchParams() : new URLSearchParams({[v]: ""}));
        route();
        $("tab-" + v).focus();
      });
      $("tab-" + v).addEventListener("keydown", (e) => {
        const step = e.key === "ArrowRight" ? 1 : e.key === "ArrowLeft" ? -1 : 0;
        if (!step) return;
        const next = views[(views.indexOf(v) + step + views.length) % views.length];
        show(next); $("tab-" + next).focus();
      });
    }
    window.addEventListener("popstate", route);
    api("/info").then((info) => {
      $("meta").textContent = "bundle " + info.version + " - " + info.counts.users + " users, " + info.counts.movies + " movies";
    }).catch(() => { $("meta").textContent = "bundle info unavailable"; });
    api("/popular?n=1000&min_ratings=0").then((data) => {
      const names = new Set();
      for (const item of data.items) for (const g of item.genres) names.add(g);
      const select = $("popular-genre"); const keep = select.value;
      for (const g of Array.from(names).sort()) { const o = document.createElement("option"); o.value = g; o.textContent = g; select.appendChild(o); }
      select.value = new URLSearchParams(location.search).get("genre") || keep;
    }).catch(() => {});
    route();
    </script></body></html>
    """
}
