#if canImport(Glibc)
  import Glibc
#endif

exit(MFBench.run(arguments: Array(CommandLine.arguments.dropFirst())))
