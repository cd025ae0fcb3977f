import Foundation

/// The CPU feature flags Linux reports (`/proc/cpuinfo`'s first `flags` line), or nil
/// where there is no such file: what tests check a kernel selection against.
public enum CPUFlags {
  public static let current: Set<String>? = {
    guard let text = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8) else {
      return nil
    }
    return text.split(separator: "\n").first { $0.hasPrefix("flags") }.map {
      Set($0.split(separator: " ").map(String.init))
    }
  }()
}
