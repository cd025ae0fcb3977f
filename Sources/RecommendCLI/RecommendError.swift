import ModelBundle

/// Why a `recommend` query failed (usage errors are `CommandLineError`).
public enum RecommendError: Error, CustomStringConvertible, Equatable {
  /// The bundle could not be found or opened.
  case bundle(BundleError)
  /// `--strict` and the user is not in the bundle.
  case unknownUser(id: Int64, bundle: String)
  /// No movie has this id.
  case unknownMovie(id: Int64, bundle: String)
  /// No title contains every word; `suggestions` are display titles with ids.
  case noTitleMatch(query: String, suggestions: [String])
  /// Several titles match equally well.
  case ambiguousTitle(query: String, candidates: [String])
  /// `--genre` names no genre of the bundle.
  case unknownGenre(name: String, available: [String])
  /// `recommend batch --users FILE` holds a bad line.
  case badUsersFile(path: String, line: Int, detail: String)
  /// A file could not be read.
  case cannotRead(path: String, reason: String)
  /// The output file could not be written.
  case cannotWrite(path: String, reason: String)

  public var description: String {
    switch self {
    case .bundle(let error):
      return String(describing: error)
    case .unknownUser(let id, let bundle):
      return
        "user \(id) is not in bundle '\(bundle)'; drop --strict to get the popular list instead"
    case .unknownMovie(let id, let bundle):
      return
        "movie \(id) is not in bundle '\(bundle)'; search by title with 'recommend similar --title WORDS'"
    case .noTitleMatch(let query, let suggestions):
      let hint = suggestions.isEmpty ? "" : "; closest: " + suggestions.joined(separator: "; ")
      return "no movie title contains every word of '\(query)'\(hint)"
    case .ambiguousTitle(let query, let candidates):
      return
        "'\(query)' matches several movies equally well: \(candidates.joined(separator: "; ")); pass a movie id or more words"
    case .unknownGenre(let name, let available):
      return "unknown genre '\(name)'; genres in this bundle: \(available.joined(separator: ", "))"
    case .badUsersFile(let path, let line, let detail):
      return "\(path):\(line): \(detail); list one user id per line"
    case .cannotRead(let path, let reason):
      return "cannot read '\(path)': \(reason)"
    case .cannotWrite(let path, let reason):
      return "cannot write '\(path)': \(reason)"
    }
  }

  /// 1 for a query that found nothing, 2 for a bundle that cannot be used.
  public var exitCode: Int32 {
    switch self {
    case .bundle: return 2
    default: return 1
    }
  }
}
