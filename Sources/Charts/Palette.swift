/// The series colours: Okabe and Ito's palette, chosen to stay distinct for the
/// common forms of colour blindness, with lighter variants for dark backgrounds.
enum Palette {
  static let light = [
    "#0072b2", "#e69f00", "#009e73", "#d55e00", "#cc79a7", "#56b4e9", "#b8a000", "#6e6e6e",
  ]
  static let dark = [
    "#4da3e0", "#f0b020", "#2dbe95", "#f07a3a", "#e08fc4", "#8fd0f5", "#f0e442", "#b0b0b0",
  ]
  /// Dash patterns for series 9-16, 17-24, ...: colour repeats, the stroke does not.
  static let dashes = ["", "6 3", "2 3", "8 3 2 3"]
}

extension Chart {
  /// The CSS every chart uses; standalone SVGs embed it, an HTML page includes it once.
  public static let styleSheet: String = {
    func colours(_ list: [String]) -> String {
      list.enumerated().map { i, c in ".ch .c\(i){stroke:\(c);fill:\(c)}" }.joined()
    }
    return ".ch{font:12px system-ui,-apple-system,'Segoe UI',Roboto,sans-serif}"
      + ".ch .bg{fill:#ffffff}.ch text{fill:#1f2328;stroke:none}.ch .mu{fill:#59636e}.ch .tt{font-size:15px;font-weight:600}"
      + ".ch .gr{stroke:#e4e7eb;stroke-width:1}.ch .ax{stroke:#8c959f;stroke-width:1;fill:none}"
      + colours(Palette.light)
      + ".ch path.ln{fill:none;stroke-width:2;stroke-linejoin:round;stroke-linecap:round}"
      + ".ch rect.br{stroke:none}.ch rect.hb{stroke:none;fill-opacity:.55}.ch circle.pt{stroke:none}"
      + ".ch circle.hit{fill-opacity:0;stroke:none}.ch circle.hit:hover,.ch circle.pt:hover{fill-opacity:1;stroke:#1f2328;stroke-width:1.5}"
      + ".ch rect.br:hover,.ch rect.hb:hover{fill-opacity:.8;stroke:#1f2328;stroke-width:1}"
      + "@media (prefers-color-scheme:dark){.ch .bg{fill:#0d1117}.ch text{fill:#e6edf3}.ch .mu{fill:#9198a1}"
      + ".ch .gr{stroke:#262c34}.ch .ax{stroke:#6e7681}" + colours(Palette.dark)
      + ".ch circle.hit:hover,.ch circle.pt:hover,.ch rect.br:hover,.ch rect.hb:hover{stroke:#e6edf3}}"
  }()
}
