import RecsysStages

#if canImport(Glibc)
  import Glibc
#endif

exit(StageCommand.run(arguments: Array(CommandLine.arguments.dropFirst())))
