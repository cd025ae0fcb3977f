import Synchronization

/// The open connections, one slot each, shared by all workers: an event's token names a
/// slot, and whichever worker claims the slot serves its connection.
///
/// A slot is *idle* (waiting on the client, anyone may claim it) or *held* by one worker.
/// An event for a held slot is not lost: it marks the slot, and the holder serves again
/// before letting go. A closed connection's slot starts a new generation, so a stale
/// event (already taken from the poller when the connection closed) claims nothing.
final class SlotTable: Sendable {
  /// One connection's place. The claim state is atomic; everything else is touched only
  /// by the worker holding the slot (claiming acquires what the last holder released).
  final class Slot: @unchecked Sendable {
    let index: UInt32
    /// `generation << 2 | claim`, claim 0 idle, 1 held, 2 held with an event pending. A
    /// free slot is held (by the table).
    private let state = Atomic<UInt64>(1)
    /// The connection's deadline as last released (the bits of a `Double`), for sweeps
    /// that look without claiming.
    private let published = Atomic<UInt64>(Double.infinity.bitPattern)
    /// The connection, while open; read and written by the holder only.
    var connection: Connection?

    init(index: UInt32) { self.index = index }

    /// What an event for this slot carries: generation and index. Holder only.
    var token: UInt64 { (state.load(ordering: .relaxed) >> 2) << 32 | UInt64(index) }

    /// The deadline published by the last release.
    var deadline: Double { Double(bitPattern: published.load(ordering: .relaxed)) }

    /// Takes the slot for an event with `token` (any generation when nil, for sweeps).
    ///
    /// - Returns: true when the caller now holds the slot; false when the token is stale
    ///   or another worker holds it (that worker is told to serve again).
    func claim(token: UInt64?) -> Bool {
      var current = state.load(ordering: .acquiring)
      while true {
        if let token, current >> 2 != token >> 32 { return false }
        let desired: UInt64
        switch current & 3 {
        case 0: desired = current | 1
        case 1: desired = current ^ 3  // held -> held with an event pending
        default: return false
        }
        let (exchanged, original) = state.compareExchange(
          expected: current, desired: desired, ordering: .acquiringAndReleasing)
        if exchanged { return current & 3 == 0 }
        current = original
      }
    }

    /// Gives the slot back, publishing `deadline` for sweeps.
    ///
    /// - Returns: false when an event came while held: the caller still holds the slot
    ///   and must serve the connection again (an edge-triggered event is never repeated).
    func release(deadline: Double) -> Bool {
      published.store(deadline.bitPattern, ordering: .relaxed)
      let held = state.load(ordering: .relaxed) & ~3 | 1
      let (exchanged, _) = state.compareExchange(
        expected: held, desired: held & ~3, ordering: .acquiringAndReleasing)
      if exchanged { return true }
      state.store(held, ordering: .releasing)  // the pending event is being handled now
      return false
    }

    /// Ends this generation; the slot stays held (by the table's free list).
    fileprivate func retire() {
      connection = nil
      published.store(Double.infinity.bitPattern, ordering: .relaxed)
      let generation = ((state.load(ordering: .relaxed) >> 2) + 1) & 0xFFFF_FFFF
      state.store(generation << 2 | 1, ordering: .releasing)
    }
  }

  let slots: [Slot]
  /// Free slot indices, the lowest on top (so sweeps scan a short prefix).
  private let freeIndices: Mutex<[UInt32]>
  /// One past the highest slot ever taken: sweeps scan `slots[..<inUse]`.
  private let used = Atomic<Int>(0)

  init(capacity: Int) {
    slots = (0..<capacity).map { Slot(index: UInt32($0)) }
    freeIndices = Mutex((0..<UInt32(capacity)).reversed())
  }

  /// A free slot, held by the caller; nil when all are taken.
  func take() -> Slot? {
    guard let index = freeIndices.withLock({ $0.popLast() }) else { return nil }
    let end = Int(index) + 1
    var seen = used.load(ordering: .relaxed)
    while seen < end {
      let (exchanged, original) = used.compareExchange(
        expected: seen, desired: end, ordering: .relaxed)
      if exchanged { break }
      seen = original
    }
    return slots[Int(index)]
  }

  /// Returns a held slot whose connection closed.
  func free(_ slot: Slot) {
    slot.retire()
    freeIndices.withLock { $0.append(slot.index) }
  }

  /// The slots that may hold a connection.
  var inUse: ArraySlice<Slot> { slots[..<used.load(ordering: .relaxed)] }

  /// The slot an event's token names, if any.
  func slot(for token: UInt64) -> Slot? {
    let index = Int(token & 0xFFFF_FFFF)
    return index < slots.count ? slots[index] : nil
  }
}
