extension JSON {
  /// The kind of value with its article, as messages say it: `a string`, `an object`,
  /// `null` (the same words as `JSONNode.kindName`).
  public var kindName: String {
    switch self {
    case .null: return "null"
    case .bool: return "a boolean"
    case .number: return "a number"
    case .string: return "a string"
    case .array: return "an array"
    case .object: return "an object"
    }
  }
}
