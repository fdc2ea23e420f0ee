import Synchronization

/// A sequence that only grows at its end, whose copies share one buffer: appending to a copy
/// costs O(1) even while the value it was copied from lives on.
///
/// An `Array` copies all of its elements on the first append after a copy. The session runs
/// every command on a copy of its state and keeps the old state until the command succeeds
/// (a failed command must leave it unchanged), so with arrays every `step` or `back` would
/// copy the whole pass so far, and a walk through n timesteps would cost O(n²).
///
/// Each value here is a length over a shared buffer. Elements below a value's length are never
/// written again, so every copy sees exactly the elements it had. An append writes the next
/// slot of the buffer in place when no other copy has claimed that slot yet; only a copy that
/// is behind (an older version appending after a newer one did) copies its prefix into a
/// buffer of its own.
public struct AppendOnlyLog<Element: Sendable>: Sendable {
  private var storage: Storage
  /// The elements of this value: `storage`'s slots 0..<count.
  public private(set) var count: Int = 0

  /// An empty log with room for `capacity` elements before its buffer grows.
  public init(capacity: Int = 0) {
    storage = Storage(capacity: Swift.max(capacity, 1))
  }

  /// Adds `element` at the end in O(1), amortised.
  public mutating func append(_ element: Element) {
    if !storage.claim(count) {
      if isKnownUniquelyReferenced(&storage) {
        // The copies that claimed slots past ours are gone: take those slots back.
        storage.forget(after: count)
      }
      if !storage.claim(count) {
        storage = storage.copy(prefix: count, capacity: Swift.max(storage.capacity, 2 * count + 1))
        _ = storage.claim(count)
      }
    }
    (storage.base + count).initialize(to: element)
    count += 1
  }

  /// True when `other` keeps its elements in this value's buffer (one is a copy of the other,
  /// or both of one log): a history of values holds that buffer once, not once per value.
  public func sharesBuffer(with other: Self) -> Bool { storage === other.storage }

  /// How many elements the buffer has room for: the memory it holds, counted in elements.
  public var bufferCapacity: Int { storage.capacity }

  /// The buffer a family of copies shares; slots 0..<claimed hold elements.
  private final class Storage: @unchecked Sendable {
    // Sendable by design: a slot is written once, by the one copy whose compare-exchange
    // claimed it, before that copy's new length exists, and never written again; a copy only
    // reads slots below its own length.
    let capacity: Int
    let base: UnsafeMutablePointer<Element>
    /// How many slots, counted from 0, some copy has claimed.
    let claimed = Atomic<Int>(0)

    init(capacity: Int) {
      self.capacity = capacity
      base = .allocate(capacity: capacity)
    }

    deinit {
      base.deinitialize(count: claimed.load(ordering: .acquiring))
      base.deallocate()
    }

    /// Claims `slot` for the caller, which must then initialise it; false when it is past
    /// the end or another copy has claimed it.
    func claim(_ slot: Int) -> Bool {
      slot < capacity
        && claimed.compareExchange(
          expected: slot, desired: slot + 1, ordering: .acquiringAndReleasing
        ).exchanged
    }

    /// Drops the elements from `count` on; only for a buffer one copy alone holds.
    func forget(after count: Int) {
      let old = claimed.exchange(count, ordering: .acquiringAndReleasing)
      if old > count { (base + count).deinitialize(count: old - count) }
    }

    /// A new buffer holding slots 0..<prefix of this one.
    func copy(prefix: Int, capacity: Int) -> Storage {
      let new = Storage(capacity: capacity)
      new.base.initialize(from: base, count: prefix)
      new.claimed.store(prefix, ordering: .releasing)
      return new
    }
  }
}

extension AppendOnlyLog: RandomAccessCollection {
  public var startIndex: Int { 0 }
  public var endIndex: Int { count }

  public subscript(position: Int) -> Element {
    precondition(position >= 0 && position < count, "index \(position) out of 0..<\(count)")
    return storage.base[position]
  }
}

extension AppendOnlyLog: ExpressibleByArrayLiteral {
  public init(arrayLiteral elements: Element...) {
    self.init(capacity: elements.count)
    for element in elements { append(element) }
  }
}

extension AppendOnlyLog: Equatable where Element: Equatable {
  public static func == (a: Self, b: Self) -> Bool {
    a.count == b.count && (a.storage === b.storage || a.elementsEqual(b))
  }
}

extension AppendOnlyLog: CustomStringConvertible, CustomDebugStringConvertible {
  /// The elements, as an array prints them.
  public var description: String { Array(self).description }
  public var debugDescription: String { Array(self).debugDescription }
}
