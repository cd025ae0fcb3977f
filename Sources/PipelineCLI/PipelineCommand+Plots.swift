import CommandLineKit
import PipelineCore
import StrictJSON

extension PipelineCommand {
  static let plotOptions: [OptionSpec] = [
    .option(
      "-o", "--out", value: "dir",
      help:
        "Where index.html and the .svg files go, from the repository root (default: .pipeline/plots)."
    ),
    .flag("--json", help: "Print the data of each plot as JSON instead of writing files."),
    .flag("--open", help: "Open the page in a browser."),
  ]

  static let plotCommands: [CommandSpec] = [
    CommandSpec(
      name: "pipeline plots show",
      abstract: "Draw the plots declared in pipeline.json as one HTML page and one SVG each.",
      arguments: [
        ArgumentSpec(
          "target", help: "Plot names or data files (default: all).", isOptional: true,
          isRepeating: true)
      ],
      options: plotOptions),
    CommandSpec(
      name: "pipeline plots diff",
      abstract:
        "Draw the plots of several runs, experiments or git revisions overlaid (default: the previous run and the workspace).",
      arguments: [
        ArgumentSpec(
          "revision",
          help: "Run ids (or prefixes), experiment names, git revisions, or 'workspace'.",
          isOptional: true,
          isRepeating: true)
      ],
      options: [
        .option("-t", "--target", value: "plot", help: "Only this plot or data file (repeatable).")
      ] + plotOptions),
  ]

  static func plots(_ args: ParsedArguments, diff: Bool, console: Console) throws -> Int32 {
    let repo = try Repository.current()
    var revisions: [String] = []
    var targets: [String] = []
    if diff {
      targets = args.values("--target")
      revisions = args.positionals
      if revisions.count < 2 {
        guard let last = try repo.baselineRun() else {
          throw CommandLineError.other(
            "no runs yet to compare with; run 'pipeline repro' first, or name two revisions")
        }
        revisions = revisions.isEmpty ? [last.id, "workspace"] : [revisions[0], "workspace"]
      }
    } else {
      targets = args.positionals
    }
    let plots = try repo.renderPlots(targets: targets, revisions: revisions)
    if args.has("--json") {
      console.out(String(JSON.array(plots.map(\.data)).orderedText().dropLast()))
      return 0
    }
    let title = diff ? "Plots: " + revisions.joined(separator: " vs ") : "Plots"
    let subtitle =
      "\(plots.count) plot\(plots.count == 1 ? "" : "s") from "
      + (diff ? revisions.joined(separator: ", ") : "the workspace")
    let page = PlotPage.render(
      title: title, subtitle: subtitle, plots: plots,
      experiments: diff ? [] : try repo.experiments())
    let directory = args.value("--out") ?? Repository.defaultPlotsDirectory
    let index = try repo.writePlots(plots, page: page, to: directory)
    let shown = directory.hasPrefix("/") ? index : directory + "/index.html"
    console.out(
      "\(shown): \(plots.count) plot\(plots.count == 1 ? "" : "s"), \(page.utf8.count / 1024 + 1) KiB"
    )
    for p in plots { console.out("  \(directory)/\(p.spec.name).svg  \(p.spec.title)") }
    if args.has("--open") && !repo.open(index) {
      console.out("Could not start a browser (no xdg-open); open \(shown) yourself.")
    }
    return 0
  }
}
