import CStart
import PipelineCLI
import PipelineCore

#if canImport(Glibc)
  import Glibc
#endif

// First: SIGINT/SIGTERM/SIGHUP have been blocked since start-up (CStart's
// constructor); the watcher takes them from here, so Ctrl-C at any moment ends
// with 130 and nothing partial.
precondition(cstart_signals_blocked() == 1, "signals must be blocked before main")
let signals = SignalWatcher.install()
exit(PipelineCommand.run(arguments: Array(CommandLine.arguments.dropFirst()), signals: signals))
