import StrictJSON

/// A position in one of our files, for error messages.
public struct SourceLocation: Equatable, Sendable {
  public var file: String
  public var line: Int
  public var column: Int

  public init(file: String, line: Int, column: Int) {
    self.file = file
    self.line = line
    self.column = column
  }

  /// An error at this location.
  func error(_ message: String) -> PipelineError {
    .invalid(file: file, line: line, column: column, message: message)
  }
}

/// One stage of `pipeline.json`, validated, with its command already interpolated.
public struct Stage: Equatable, Sendable {
  public var name: String
  /// The command as written, with `${...}` references.
  public var rawCommand: String
  /// The command with parameters substituted: what runs and what the lock records.
  public var command: String
  public var deps: [String]
  /// Every output, metrics files included.
  public var outs: [String]
  public var metrics: [String]
  /// Param keys or whole sections of `params.json` this stage reads.
  public var params: [String]
  public var alwaysChanged: Bool
  public var frozen: Bool
  /// Where the command runs, relative to the repository root ("" for the root).
  public var workingDirectory: String
  public var summary: String?
  /// What it asks of a cluster executor (ignored locally).
  public var resources: StageResources
  public var location: SourceLocation
}
