#if canImport(Glibc)
  import Glibc
#endif

exit(RankBench.run(arguments: Array(CommandLine.arguments.dropFirst())))
