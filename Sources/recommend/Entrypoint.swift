import RecommendCLI

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

@main
struct Entrypoint {
  static func main() {
    exit(RecommendCLI.run(arguments: Array(CommandLine.arguments.dropFirst())))
  }
}
