/// The collaborative half of the hybrid: any model that scores every item for a user.
///
/// `name` is what params, metrics and the bundle call it (`svd`, `ease`, `als`, ...).
public struct CollaborativeModel: Sendable {
  public enum Kind: Sendable {
    case factors(FactorScorer)
    case itemWeights(ItemWeightScorer)
    case sparseItemWeights(SparseItemWeightScorer)
  }

  public let name: String
  public let kind: Kind

  public init(name: String, kind: Kind) {
    self.name = name
    self.kind = kind
  }

  public var itemCount: Int {
    switch kind {
    case .factors(let f): return f.itemCount
    case .itemWeights(let w): return w.itemCount
    case .sparseItemWeights(let w): return w.itemCount
    }
  }

  /// Identity of the model's arrays (its user factors or its weights): two models with
  /// the same name and storage score every user the same.
  public var storage: ObjectIdentifier {
    switch kind {
    case .factors(let f): return ObjectIdentifier(f.userFactors)
    case .itemWeights(let w): return ObjectIdentifier(w.weights)
    case .sparseItemWeights(let w): return ObjectIdentifier(w.weights)
    }
  }

  /// Raw scores of every item (`itemCount` long; higher is better; never clipped).
  public func fill(_ profile: UserProfile, into out: UnsafeMutableBufferPointer<Float>) {
    switch kind {
    case .factors(let f): f.fill(profile, into: out)
    case .itemWeights(let w): w.fill(profile, into: out)
    case .sparseItemWeights(let w): w.fill(profile, into: out)
    }
  }

  /// Raw scores of several users: row `r` of `out` (`profiles.count x itemCount`,
  /// row-major) holds what `fill(profiles[r], into:)` writes, bit for bit. Evaluation
  /// scores users in batches this way, so dense models read their weights once a batch.
  public func fill(_ profiles: [UserProfile], into out: UnsafeMutableBufferPointer<Float>) {
    switch kind {
    case .factors(let f): f.fill(profiles, into: out)
    case .itemWeights(let w): w.fill(profiles, into: out)
    case .sparseItemWeights(let w): w.fill(profiles, into: out)
    }
  }

  /// Array form of `fill`.
  public func scores(_ profile: UserProfile) -> [Float] {
    var out = [Float](repeating: 0, count: itemCount)
    out.withUnsafeMutableBufferPointer { fill(profile, into: $0) }
    return out
  }
}
