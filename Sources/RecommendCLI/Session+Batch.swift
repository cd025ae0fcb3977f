import CommandLineKit
import ModelBundle
import RecsysCore
import Scoring
import StrictJSON

extension Session {
  /// `recommend batch [--users FILE] --out FILE.csv|FILE.jsonl [-n N] [--alpha A]`.
  ///
  /// Users run in parallel in fixed chunks whose text lands in chunk order, so the file
  /// has the same bytes for any thread count. The file is written atomically.
  func batch(output: inout CommandOutput) throws(RecommendCLI.Failure) {
    guard let out = parsed.value("--out") else {
      throw .usage(.missingValue(option: "--out"))
    }
    let jsonLines: Bool
    if out.hasSuffix(".csv") {
      jsonLines = false
    } else if out.hasSuffix(".jsonl") {
      jsonLines = true
    } else {
      throw .usage(
        .invalidValue(name: "--out", value: out, expected: "a file ending in .csv or .jsonl"))
    }
    let count = try count()
    let alphaOption = try RecommendCLI.Failure.usage { () throws(CommandLineError) in
      try parsed.double("--alpha", in: 0...1)
    }
    let recommender = try open()
    let bundle = recommender.bundle
    let alpha = alphaOption ?? bundle.scoring.alpha
    let users: [Int]
    if let file = parsed.value("--users") {
      users = try Session.readUsers(file: resolve(file), shown: file, bundle: bundle)
    } else {
      users = Array(0..<bundle.users.count)
    }
    let scorer: HybridScorer
    do throws(RecommendError) { scorer = try recommender.scorer() } catch { throw .query(error) }
    let ids = Array(bundle.users.ids)
    let movieIDs = Array(bundle.movies.ids.ids)
    let chunks = ChunkedWork.run(count: users.count, chunkSize: 64, parallel: true) { range in
      var workspace = HybridScorer.Workspace(itemCount: scorer.itemCount)
      var text = ""
      for position in range {
        let u = users[position]
        let row = bundle.ratings.row(u)
        let profile = UserProfile(user: u, items: Array(row.indices), ratings: Array(row.values))
        let list = scorer.recommend(profile, n: count, alpha: alpha, in: &workspace)
        if jsonLines {
          let items: [JSON] = list.enumerated().map { rank, r in
            .object([
              "movie_id": .number(Double(movieIDs[r.item])), "rank": .number(Double(rank + 1)),
              "score": TextFormat.number(r.score),
            ])
          }
          text +=
            JSON.object(["items": .array(items), "user_id": .number(Double(ids[u]))]).compactText()
            + "\n"
        } else {
          for (rank, r) in list.enumerated() {
            text += "\(ids[u]),\(rank + 1),\(movieIDs[r.item]),\(String(describing: r.score))\n"
          }
        }
      }
      return text
    }
    var file = jsonLines ? "" : "user_id,rank,movie_id,score\n"
    for chunk in chunks { file += chunk }
    do {
      try AtomicFileWriter.write(file, to: resolve(out))
    } catch {
      throw .query(.cannotWrite(path: out, reason: String(describing: error)))
    }
    output.out(
      "Wrote top \(count) for \(users.count) user\(users.count == 1 ? "" : "s") to \(out) (\(bundle.scoring.model) + content, alpha \(TextFormat.fixed(alpha, 2)))\n"
    )
  }

  /// A path relative to the session's root.
  func resolve(_ path: String) -> String { path.hasPrefix("/") ? path : "\(root)/\(path)" }

  /// One user id per line (blank lines and `#` comments skipped), each in the bundle.
  static func readUsers(file: String, shown: String, bundle: BundleReader) throws(RecommendCLI
    .Failure) -> [Int]
  {
    let bytes: [UInt8]
    do { bytes = try FileIO.readBytes(atPath: file) } catch {
      throw .query(.cannotRead(path: shown, reason: String(describing: error)))
    }
    var users: [Int] = []
    for (number, line) in String(decoding: bytes, as: UTF8.self).split(
      separator: "\n", omittingEmptySubsequences: false
    ).enumerated() {
      let text = line.trimmingCharacters(in: " \t\r")
      if text.isEmpty || text.hasPrefix("#") { continue }
      guard let id = Int64(text) else {
        throw .query(
          .badUsersFile(path: shown, line: number + 1, detail: "'\(text)' is not a user id"))
      }
      guard let user = bundle.users.index(of: id) else {
        throw .query(
          .badUsersFile(path: shown, line: number + 1, detail: "user \(id) is not in the bundle"))
      }
      users.append(user)
    }
    return users
  }
}

extension Substring {
  fileprivate func trimmingCharacters(in set: String) -> String {
    var s = self[...]
    while let c = s.first, set.contains(c) { s = s.dropFirst() }
    while let c = s.last, set.contains(c) { s = s.dropLast() }
    return String(s)
  }
}
