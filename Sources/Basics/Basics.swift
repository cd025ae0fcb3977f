// The bottom layer shared by every module, as SwiftPM's `Basics`: system calls
// retried on EINTR (`Syscall`), the one atomic file write (`AtomicFile`: temp,
// fsync, rename, fsync the folder), file identity (`FileIdentity`), folder creation
// (`Directory`), temp names with stale-temp cleanup (`TempName`), and the one
// did-you-mean (`Spelling`).
//
// A guarantee written once here is kept everywhere; modules never keep copies.
// (No type is named `Basics`: it would hide the module name, and `Basics.AtomicFile`
// must always mean this module's type.)
