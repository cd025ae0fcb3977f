import CommandLineKit
import MovieData

/// `recsys split`: a seeded train/test split of the normalized ratings.
enum Split {
  static let stage = StageCommand.Stage(
    spec: CommandSpec(
      name: "recsys split", abstract: "Split ratings into train.csv and test.csv (seeded).",
      options: [
        .option("--in", value: "folder", help: "The parsed folder (with ratings.csv)."),
        .option("--out", value: "folder", help: "Where train.csv and test.csv go."),
        .option("--method", value: "name", help: "random, per_user or temporal."),
        .option("--test-fraction", value: "f", help: "Share of ratings in the test set."),
        .option("--seed", value: "n", help: "Seed of the shuffle."),
      ]),
    run: run)

  static func run(_ args: ParsedArguments) throws {
    let name = args.value("--method") ?? "random"
    let method = try self.method(name, option: "--method")
    let params = SplitParams(
      method: method, testFraction: try args.double("--test-fraction", in: 0...1) ?? 0.2,
      seed: UInt64(try args.int("--seed", in: 0...Int.max) ?? 42))
    let summary = try DatasetSplitter.split(input: try args.required("--in"), output: try args.required("--out"), params: params)
    StageCommand.say(
      "\(name): \(summary.trainRatings) train, \(summary.testRatings) test ratings; \(summary.coldTestUsers) cold test users, \(summary.coldTestMovies) cold test movies")
  }

  /// The split method `name`, given as `option`.
  static func method(_ name: String, option: String) throws -> SplitMethod {
    guard let method = SplitMethod(rawValue: name) else {
      throw CommandLineError.invalidValue(
        name: option, value: name, expected: SplitMethod.allCases.map(\.rawValue).joined(separator: ", "))
    }
    return method
  }
}
