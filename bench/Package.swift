// swift-tools-version:6.0
import PackageDescription

/// The benchmarks, a package of their own (as swift-collections and swift-nio keep
/// theirs), so `swift build` at the root builds only the products. They use the main
/// package's libraries by path: `cd bench && swift build -c release`.
let package = Package(
  name: "pipeline-bench",
  dependencies: [.package(name: "pipeline", path: "..")],
  targets: [
    .executableTarget(name: "hashbench", dependencies: [.product(name: "Hashing", package: "pipeline")], path: "hashbench"),
    .executableTarget(
      name: "json-bench", dependencies: [.product(name: "StrictJSON", package: "pipeline")], path: "jsonbench"),
    .executableTarget(
      name: "archive-bench", dependencies: [.product(name: "Archive", package: "pipeline")], path: "archive-bench"),
    .executableTarget(
      name: "bundle-bench",
      dependencies: [
        .product(name: "ModelBundle", package: "pipeline"), .product(name: "RecommendCLI", package: "pipeline"),
        .product(name: "RecsysCore", package: "pipeline"), .product(name: "StrictJSON", package: "pipeline"),
      ],
      path: "bundle-bench"),
    .executableTarget(
      name: "mfbench",
      dependencies: [
        .product(name: "Factorization", package: "pipeline"), .product(name: "RecsysCore", package: "pipeline"),
      ],
      path: "mfbench"),
    .executableTarget(
      name: "moviedata-bench",
      dependencies: [
        .product(name: "MovieData", package: "pipeline"), .product(name: "RecsysCore", package: "pipeline"),
      ],
      path: "moviedata-bench"),
    .executableTarget(
      name: "contentbench",
      dependencies: [
        .product(name: "ContentSimilarity", package: "pipeline"), .product(name: "Evaluation", package: "pipeline"),
        .product(name: "RecsysCore", package: "pipeline"), .product(name: "Scoring", package: "pipeline"),
      ],
      path: "contentbench"),
    .executableTarget(
      name: "rankbench",
      dependencies: [
        .product(name: "Ranking", package: "pipeline"), .product(name: "RecsysCore", package: "pipeline"),
      ],
      path: "rankbench"),
  ],
  swiftLanguageModes: [.v6]
)
