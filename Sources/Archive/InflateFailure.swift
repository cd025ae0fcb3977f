/// Why a DEFLATE stream could not be decoded; mapped to `ArchiveError.corruptData`
/// by whoever knows the archive and entry names.
struct InflateFailure: Error, Equatable {
  let detail: String
}
