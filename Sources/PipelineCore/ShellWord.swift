/// Turning a parameter value into exactly one word of a POSIX shell command.
///
/// A `${a.b}` in `cmd` is replaced by `ShellWord.quote(value)`, so whatever a param
/// holds (`x; rm -rf ~`, `$(touch PWNED)`, a quote, a newline) reaches the stage as
/// data, never as shell syntax. This is where `pipeline` is safer than DVC, which
/// pastes the raw text.
enum ShellWord {
  /// `text` as one shell word: unchanged when every character is in a small set
  /// that no POSIX shell treats specially (so locks stay readable: `--factors=100`,
  /// `--source=synthetic`), otherwise single-quoted with each `'` written `'\''`.
  ///
  /// The empty string becomes `''`, so it still counts as one (empty) argument.
  static func quote(_ text: String) -> String {
    if !text.isEmpty, text.utf8.allSatisfy(isPlain) { return text }
    var result = "'"
    for character in text {
      if character == "'" { result += "'\\''" } else { result.append(character) }
    }
    return result + "'"
  }

  /// Letters, digits and `_ - . / , : @ % +`: no globbing, expansion, quoting,
  /// redirection, assignment (`=`) or tilde (`~`) meaning anywhere in a word.
  private static func isPlain(_ c: UInt8) -> Bool {
    switch c {
    case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
      UInt8(ascii: "0")...UInt8(ascii: "9"):
      return true
    case UInt8(ascii: "_"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "/"), UInt8(ascii: ","),
      UInt8(ascii: ":"), UInt8(ascii: "@"), UInt8(ascii: "%"), UInt8(ascii: "+"):
      return true
    default:
      return false
    }
  }
}
