import Foundation
import TestSupport
import Testing

/// `pipeline plots show` and `plots diff`, end to end through the built binary.
@Suite struct PlotsTests {
  /// A stage writing plot data in every format the plots read: a JSON object holding
  /// an array of records, a JSON object of records, a JSON object of arrays, CSV, TSV.
  static let spec = """
    {
      "plots": {
        "curve": {"template": "line", "title": "Curve", "data": "out/curve.json", "x": "epoch", "y": ["train", "test"], "y_label": "RMSE"},
        "models": {"template": "bar", "data": "out/metrics.json", "key": "ranking", "x": "name", "y": ["ndcg", "recall"]},
        "columns": {"template": "scatter", "data": "out/cols.json", "x": "a", "y": "b", "x_log": true},
        "sizes": {"template": "histogram", "y": {"out/sizes.csv": "size", "out/more.tsv": "size"}, "bins": 3}
      },
      "stages": {
        "make": {
          "cmd": "mkdir -p out && printf '{\\"epochs\\": [{\\"epoch\\": 1, \\"train\\": ${m.k}, \\"test\\": 1.5}, {\\"epoch\\": 2, \\"train\\": 0.8, \\"test\\": null}]}' > out/curve.json && printf '{\\"ranking\\": {\\"pop\\": {\\"ndcg\\": 0.15, \\"recall\\": 0.07}, \\"mf\\": {\\"ndcg\\": 0.03, \\"recall\\": 0.01}}}' > out/metrics.json && printf '{\\"a\\": [1, 10, 100], \\"b\\": [3, 2, 1]}' > out/cols.json && printf 'id,size\\n1,4\\n2,\\"5\\"\\n3,9\\n' > out/sizes.csv && printf 'size\\tname\\n7\\tx\\n' > out/more.tsv",
          "params": ["m.k"],
          "outs": ["out"],
          "plots": {"own": {"data": "out/curve.json", "x": "epoch", "y": "train"}}
        }
      }
    }
    """

  func makeRepo(_ spec: String = PlotsTests.spec) throws -> TempRepo {
    let repo = try TempRepo()
    try repo.write("pipeline.json", spec)
    try repo.write("params.json", #"{"m": {"k": 0.9}}"#)
    return repo
  }

  @Test func showWritesOnePageWithEveryPlotAndNoScriptOrNetwork() throws {
    let repo = try makeRepo()
    let run = try repo.pipeline("repro")
    #expect(run.status == 0, "\(run.stderr)")
    let show = try repo.pipeline("plots", "show")
    #expect(show.status == 0, "\(show.stderr)")
    #expect(show.stdout.hasPrefix(".pipeline/plots/index.html: 5 plots"))
    let page = try repo.read(".pipeline/plots/index.html")
    #expect(page.components(separatedBy: "<svg ").count - 1 == 5)
    for bad in ["<script", "http:", "https:", "src=", "url(", "@import"] {
      #expect(!page.contains(bad), "the page holds '\(bad)'")
    }
    #expect(page.contains("Content-Security-Policy"))
    #expect(page.contains("@media (prefers-color-scheme:dark)"))
    for name in ["curve", "models", "columns", "sizes", "own"] {
      let svg = try repo.read(".pipeline/plots/\(name).svg")
      #expect(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\""), "\(name)")
      #expect(svg.contains("role=\"img\""))
    }
    let curve = try repo.read(".pipeline/plots/curve.svg")
    #expect(curve.contains("<title>train: epoch 1, RMSE 0.9</title>"))
    #expect(!curve.contains("test: epoch 2"), "null is a gap, not a point")
    let models = try repo.read(".pipeline/plots/models.svg")
    #expect(
      models.contains("<title>pop \u{b7} ndcg: 0.15</title>")
        && models.contains("<title>mf \u{b7} recall: 0.01</title>"))
    let sizes = try repo.read(".pipeline/plots/sizes.svg")
    #expect(
      sizes.contains(">out/sizes.csv: size</text>") && sizes.contains(">out/more.tsv: size</text>"))
    #expect(try repo.read(".pipeline/plots/own.svg").contains("Line chart of train"))

    // Same data, same bytes; a target limits the page; --json prints the data and writes nothing.
    #expect(try repo.pipeline("plots", "show").status == 0)
    #expect(try repo.read(".pipeline/plots/index.html") == page)
    let one = try repo.pipeline("plots", "show", "out/cols.json", "-o", "one")
    #expect(one.status == 0, "\(one.stderr)")
    #expect(try repo.read("one/index.html").components(separatedBy: "<svg ").count - 1 == 1)
    let json = try repo.pipeline("plots", "show", "columns", "--json", "-o", "none")
    let items = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as! [[String: Any]]
    let series = items[0]["series"] as! [[String: Any]]
    #expect(
      series[0]["x"] as! [Double] == [1, 10, 100] && series[0]["y"] as! [Double] == [3, 2, 1])
    #expect(!repo.exists("none"))
    let unknown = try repo.pipeline("plots", "show", "curv")
    #expect(
      unknown.status == 64
        && unknown.stderr.contains("no plot named 'curv' or reading it (did you mean 'curve'?)"))
    let into = try repo.pipeline("plots", "show", "-o", "out/plots")
    #expect(into.status == 64 && into.stderr.contains("overlaps an output of stage 'make'"))
  }

  @Test func diffOverlaysTwoExperimentsReadFromTheCache() throws {
    let repo = try makeRepo()
    #expect(try repo.pipeline("exp", "run", "-S", "m.k=0.7", "--name", "small").status == 0)
    #expect(try repo.pipeline("exp", "run", "-S", "m.k=1.3", "--name", "large").status == 0)
    let diff = try repo.pipeline("plots", "diff", "small", "large", "-t", "curve")
    #expect(diff.status == 0, "\(diff.stderr)")
    let svg = try repo.read(".pipeline/plots/curve.svg")
    #expect(
      svg.contains(">small: train</text>") && svg.contains(">large: test</text>"),
      "the legend names both")
    // 'small' is no longer in the workspace: its point came out of the cache.
    #expect(svg.contains("<title>small: train: epoch 1, RMSE 0.7</title>"))
    #expect(svg.contains("<title>large: train: epoch 1, RMSE 1.3</title>"))
    // One colour per revision: both fields of 'small' are drawn in the first colour.
    #expect(svg.components(separatedBy: "<g class=\"c0\"><title>small").count - 1 == 2)
    let page = try repo.read(".pipeline/plots/index.html")
    #expect(page.contains("<h1>Plots: small vs large</h1>"))

    let json = try repo.pipeline("plots", "diff", "small", "workspace", "-t", "models", "--json")
    let items = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as! [[String: Any]]
    #expect(
      (items[0]["series"] as! [[String: Any]]).map { $0["revision"] as! String } == [
        "small", "small", "workspace", "workspace",
      ])

    // A damaged cache object is refused, not drawn.
    let cache = repo.path + "/.pipeline/cache"
    var target: String?
    for case let relative as String in FileManager.default.enumerator(atPath: cache)! {
      let path = cache + "/" + relative
      if let text = try? String(contentsOfFile: path, encoding: .utf8),
        text.contains("\"train\": 0.7,")
      {
        target = path
      }
    }
    let object = try #require(target)
    try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: object)
    try (try String(contentsOfFile: object, encoding: .utf8) + " ").write(
      toFile: object, atomically: false, encoding: .utf8)
    let damaged = try repo.pipeline("plots", "diff", "small", "large")
    #expect(damaged.status == 1)
    #expect(damaged.stderr.contains("damaged cache object"), "\(damaged.stderr)")
  }

  @Test func diffReadsAGitRevisionThroughItsCommittedLock() throws {
    let repo = try makeRepo()
    func git(_ args: String...) throws {
      let r = try repo.run(
        "/usr/bin/git",
        ["-c", "user.name=t", "-c", "user.email=t@t", "-c", "commit.gpgsign=false"] + args)
      #expect(r.status == 0, "git \(args): \(r.stderr)")
    }
    try repo.write(".gitignore", "out/\n.pipeline/\n")
    try git("init", "-q")
    #expect(try repo.pipeline("repro", "-S", "m.k=0.6").status == 0)
    try git("add", "-A")
    try git("commit", "-q", "-m", "k 0.6")
    #expect(try repo.pipeline("repro", "-S", "m.k=1.1").status == 0)
    let diff = try repo.pipeline("plots", "diff", "HEAD", "workspace", "-t", "curve", "--json")
    #expect(diff.status == 0, "\(diff.stderr)")
    let items = try JSONSerialization.jsonObject(with: Data(diff.stdout.utf8)) as! [[String: Any]]
    let series = items[0]["series"] as! [[String: Any]]
    #expect(series.map { $0["revision"] as! String } == ["HEAD", "HEAD", "workspace", "workspace"])
    #expect((series[0]["y"] as! [Double])[0] == 0.6 && (series[2]["y"] as! [Double])[0] == 1.1)
    let unknown = try repo.pipeline("plots", "diff", "nope", "workspace")
    #expect(
      unknown.status == 64
        && unknown.stderr.contains("'nope' is not a run id, an experiment name, or a git revision"))
  }

  /// `pipeline.json` text with `replace` swapped in, and the position of `marker` in it.
  static func located(_ text: String, _ marker: String) -> String {
    let lines = text.components(separatedBy: "\n")
    for (i, line) in lines.enumerated() {
      if let r = line.range(of: marker) {
        return
          "pipeline.json:\(i + 1):\(line.distance(from: line.startIndex, to: r.lowerBound) + 1): error: "
      }
    }
    return "marker not found"
  }

  @Test(arguments: [
    (
      #""template": "line""#, #""tempalte": "line""#, #""tempalte""#,
      "plot 'curve': unknown field 'tempalte' (did you mean 'template'?)"
    ),
    (
      #""template": "line""#, #""template": "lines""#, #""lines""#,
      "plot 'curve': unknown template 'lines' (did you mean 'line'?); templates: line, scatter, bar, histogram"
    ),
    (
      #""data": "out/curve.json", "x""#, #""data": "../curve.json", "x""#, #""../curve.json""#,
      "plot 'curve': data path '../curve.json' leaves the repository; paths are relative to the repository root"
    ),
    (
      #""data": "out/curve.json", "x""#, #""data": "pipeline.lock", "x""#, #""pipeline.lock""#,
      "plot 'curve': data path 'pipeline.lock' is one of the tool's own files; plot a stage's output instead"
    ),
    (
      #"{"own": {"data": "out/curve.json""#, #"{"own": {"data": "else/curve.json""#,
      #""else/curve.json""#,
      "plot 'own' of stage 'make' reads 'else/curve.json', which is not an out of 'make'; list it in outs, or declare the plot in the top-level 'plots'"
    ),
    (
      #""bins": 3"#, #""bins": 0"#, #"0}"#,
      "plot 'sizes': 'bins' must be a whole number from 1 to 200"
    ),
    (
      #""data": "out/curve.json", "x""#, #""data": "out/${m.nope}.json", "x""#, "${m.nope}",
      "plot 'curve': unresolved '${m.nope}'"
    ),
  ])
  func badDeclarationsAreLocatedErrorsBeforeAnythingRuns(
    original: String, replacement: String, marker: String, message: String
  ) throws {
    let text = Self.spec.replacingOccurrences(of: original, with: replacement)
    #expect(text != Self.spec)
    let repo = try makeRepo(text)
    let status = try repo.pipeline("repro")
    #expect(status.status == 2)
    #expect(status.stderr.contains(Self.located(text, marker) + message), "\(status.stderr)")
    #expect(!repo.exists("out"), "nothing ran")
  }

  @Test(arguments: [
    (
      #""y": ["train", "test"]"#, #""y": ["train", "tset"]"#, #""tset""#,
      "plot 'curve': no field 'tset' in 'out/curve.json' (did you mean 'test'?); fields: epoch, train, test"
    ),
    (
      #""data": "out/cols.json""#, #""data": "out/nope.json""#, #""out/nope.json""#,
      "plot 'columns': 'out/nope.json' does not exist"
    ),
    (
      #""x": "name", "y": ["ndcg", "recall"]"#, #""x": "ndcg", "y": ["name", "recall"]"#,
      #""name""#,
      "plot 'models': field 'name' of 'out/metrics.json' is not numeric (row 1 holds \"pop\")"
    ),
    (
      #""data": "out/cols.json""#, #""data": "out/empty.json""#, #""out/empty.json""#,
      "plot 'columns': 'out/empty.json' has no rows to plot"
    ),
    (
      #""key": "ranking""#, #""key": "rankings""#, #""out/metrics.json""#,
      "plot 'models': 'out/metrics.json' has no key 'rankings' (did you mean 'ranking'?); keys here: ranking"
    ),
  ])
  func missingFilesAndFieldsAreLocatedErrorsAtPlotTime(
    original: String, replacement: String, marker: String, message: String
  ) throws {
    let text = Self.spec.replacingOccurrences(of: original, with: replacement)
      .replacingOccurrences(
        of: "> out/more.tsv\"", with: "> out/more.tsv && echo '[]' > out/empty.json\"")
    #expect(text != Self.spec)
    let repo = try makeRepo(text)
    let run = try repo.pipeline("repro")
    #expect(run.status == 0, "\(run.stderr)")
    let show = try repo.pipeline("plots", "show")
    #expect(show.status == 2)
    #expect(show.stderr.contains(Self.located(text, marker) + message), "\(show.stderr)")
    #expect(!repo.exists(".pipeline/plots"), "nothing is half-written")
  }
}
