/// Where in the shell's quoting a point of a command lies, tracked over the
/// author's text of `cmd`, so that a `${}` inside `"..."` or `'...'` is quoted for
/// that place and still yields exactly the value: `"${x}"` must not become
/// `"'$(...)'"`, in which the shell would run `$(...)`.
///
/// Follows POSIX sh quoting: backslash, single and double quotes, backquotes and
/// `$(...)` (with nested parentheses) as a fresh context.
struct ShellContext {
  enum Place: Equatable { case plain, single, double, backquote }

  private var stack: [Place] = [.plain]
  /// For each `$(`-level (the command itself first), the open `(` not yet closed.
  private var parens: [Int] = [0]
  /// The last character was an unquoted or double-quoted backslash.
  private(set) var escaped = false

  var place: Place { stack[stack.count - 1] }
  /// Whether the command so far closes every quote and `$(` it opens.
  var isBalanced: Bool { stack == [.plain] && !escaped }

  /// Moves over one character of the author's text; `next` is the one after it.
  mutating func step(_ c: Unicode.Scalar, next: Unicode.Scalar?) -> Bool {
    if escaped {
      escaped = false
      return false
    }
    switch place {
    case .plain:
      switch c {
      case "\\": escaped = true
      case "'": stack.append(.single)
      case "\"": stack.append(.double)
      case "`": stack.append(.backquote)
      case "$" where next == "(":
        stack.append(.plain)
        parens.append(0)
        return true  // the `(` is consumed with the `$`
      case "(": parens[parens.count - 1] += 1
      case ")":
        if parens[parens.count - 1] > 0 {
          parens[parens.count - 1] -= 1
        } else if parens.count > 1 {
          parens.removeLast()
          stack.removeLast()
        }
      default: break
      }
    case .single:
      if c == "'" { stack.removeLast() }
    case .double:
      switch c {
      case "\\": escaped = true
      case "\"": stack.removeLast()
      case "`": stack.append(.backquote)
      case "$" where next == "(":
        stack.append(.plain)
        parens.append(0)
        return true
      default: break
      }
    case .backquote:
      switch c {
      case "\\": escaped = true
      case "`": stack.removeLast()
      default: break
      }
    }
    return false
  }

  /// `value` written at this place so that the shell reads exactly `value`, and
  /// reads it as part of one word; nil where no such form is sure (after a
  /// backslash, inside backquotes).
  func quote(_ value: String) -> String? {
    guard !escaped else { return nil }
    switch place {
    case .plain: return ShellWord.quote(value)
    case .single:
      var result = ""
      for character in value {
        if character == "'" { result += "'\\''" } else { result.append(character) }
      }
      return result
    case .double:
      let word = ShellWord.quote(value)
      return word == value ? value : "\"" + word + "\""
    case .backquote: return nil
    }
  }
}
