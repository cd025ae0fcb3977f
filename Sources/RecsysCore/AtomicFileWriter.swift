import Basics

/// The one atomic file write (temp file beside the target, fsync, rename, fsync the
/// folder), from `Basics`, under the name RecsysCore's callers know.
public typealias AtomicFileWriter = Basics.AtomicFile
