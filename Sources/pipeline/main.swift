#if canImport(Glibc)
  import Glibc
#endif
import PipelineCLI

exit(PipelineCommand.run(arguments: Array(CommandLine.arguments.dropFirst())))
