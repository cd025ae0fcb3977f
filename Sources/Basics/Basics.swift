/// The bottom layer shared by every module, as SwiftPM's `Basics`: system calls
/// retried on EINTR, the one atomic file write (temp, fsync, rename, fsync the
/// folder), file identity, directory creation, and the one did-you-mean.
///
/// A guarantee written once here is kept everywhere; modules never keep copies.
public enum Basics {}
