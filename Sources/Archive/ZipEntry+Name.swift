extension ZipEntry {
  /// Decodes a recorded name: UTF-8 when the archive says so (flag bit 11) or when the
  /// bytes are valid UTF-8 (many tools omit the flag), otherwise IBM code page 437,
  /// the encoding the ZIP specification prescribes.
  static func decodeName(_ bytes: [UInt8], flags: UInt16) -> String {
    if bytes.allSatisfy({ $0 < 0x80 }) || flags & 0x800 != 0 {
      return String(decoding: bytes, as: UTF8.self)
    }
    if let utf8 = String(validating: bytes, as: UTF8.self) { return utf8 }
    var scalars = String.UnicodeScalarView()
    for byte in bytes {
      if byte < 0x80 {
        scalars.append(Unicode.Scalar(byte))
      } else {
        scalars.append(cp437High[Int(byte - 0x80)])
      }
    }
    return String(scalars)
  }

  private static let cp437High: [Unicode.Scalar] = Array(
    "ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜ¢£¥₧ƒáíóúñÑªº¿⌐¬½¼¡«»░▒▓│┤╡╢╖╕╣║╗╝╜╛┐└┴┬├─┼╞╟╚╔╩╦╠═╬╧╨╤╥╙╘╒╓╫╪┘┌█▄▌▐▀αßΓπΣσµτΦΘΩδ∞φε∩≡±≥≤⌠⌡÷≈°∙·√ⁿ²■\u{A0}"
      .unicodeScalars)

  /// The folder components the entry extracts to, relative to the destination.
  ///
  /// Empty and `.` components are dropped (`./a//b` is `a/b`).
  ///
  /// - Parameter archivePath: the archive's path, for the error message.
  /// - Returns: the components; empty for the destination folder itself.
  /// - Throws: `ArchiveError.unsafeName` for an absolute path, a drive letter, a
  ///   backslash (a Windows separator that could hide `..\`), a NUL byte, or a `..`
  ///   component: any of them could write outside the destination.
  public func relativeComponents(archivePath: String) throws -> [String] {
    func reject(_ reason: String) -> ArchiveError {
      ArchiveError.unsafeName(path: archivePath, entry: name, reason: reason)
    }
    if nameBytes.contains(0) { throw reject("name contains a nul byte") }
    if nameBytes.contains(UInt8(ascii: "\\")) {
      throw reject("name contains a backslash")
    }
    if nameBytes.first == UInt8(ascii: "/") {
      throw reject("name is an absolute path")
    }
    if nameBytes.count >= 2 && nameBytes[1] == UInt8(ascii: ":")
      && ((nameBytes[0] | 0x20) >= UInt8(ascii: "a") && (nameBytes[0] | 0x20) <= UInt8(ascii: "z"))
    {
      throw reject("name starts with a drive letter")
    }
    var components: [String] = []
    for part in name.split(separator: "/", omittingEmptySubsequences: true) {
      if part == "." { continue }
      if part == ".." {
        throw reject("name has a '..' component that would escape the destination")
      }
      components.append(String(part))
    }
    return components
  }
}
