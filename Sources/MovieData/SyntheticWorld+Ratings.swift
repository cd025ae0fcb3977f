import Foundation
import RecsysCore

extension SyntheticWorld {
  /// Reusable buffers for drawing one user's ratings (one per thread).
  struct Scratch {
    /// `stamp[movie] == user` marks movies the user already rated.
    var stamp: [Int32]
    var genreCumulative: [Double]
    var items: [Int32] = []
    var base: [Double] = []
    var interaction: [Double] = []
    var noise: [Double] = []
    var times: [Int64] = []

    init(movies: Int, genres: Int) {
      stamp = [Int32](repeating: -1, count: movies)
      genreCumulative = [Double](repeating: 0, count: genres)
    }
  }

  /// Draws user `u`'s movies, the parts of each latent score, and the timestamps.
  ///
  /// Depends only on the world and `u`: the pilot pass and the writing pass see the
  /// same draws.
  func drawUser(_ u: Int, _ s: inout Scratch) {
    var g = SeededGenerator(seed: Self.streamSeed(params.seed, 5, UInt64(u)))
    let k = rank
    let n = Int(activity[u])
    let stampValue = Int32(u)
    s.items.removeAll(keepingCapacity: true)
    for f in forcedItems[Int(forcedOffsets[u])..<Int(forcedOffsets[u + 1])] {
      s.stamp[Int(f)] = stampValue
      s.items.append(f)
    }
    // Genre choice weights: genre mass times exp(sharpness * standardized affinity).
    var norm = 0.0
    for d in 0..<k { norm += Double(userFactors[u * k + d]) * Double(userFactors[u * k + d]) }
    let affinityScale = Double(k).squareRoot() / max(norm.squareRoot(), 1e-9)
    var total = 0.0
    for gi in 0..<genreCount {
      var a = 0.0
      for d in 0..<k { a += Double(userFactors[u * k + d]) * Double(genreVectors[gi * k + d]) }
      let w =
        genreSamplers[gi] == nil
        ? 0 : genreMass[gi] * Foundation.exp(Self.affinitySharpness * a * affinityScale)
      total += w
      s.genreCumulative[gi] = total
    }
    var need = n - s.items.count
    if need > 0 && n * 4 <= ratedCount {
      var attempts = 0
      let maxAttempts = 20 * need + 200
      while need > 0 && attempts < maxAttempts {
        attempts += 1
        let item: Int32
        if g.nextDouble() < Self.tasteDrawShare {
          let target = g.nextDouble() * total
          var gi = 0
          while gi < genreCount - 1 && s.genreCumulative[gi] <= target { gi += 1 }
          item = genreSamplers[gi]?.sample(&g) ?? globalSampler.sample(&g)
        } else {
          item = globalSampler.sample(&g)
        }
        if s.stamp[Int(item)] == stampValue { continue }
        if g.nextDouble() >= keepProbability(u, Int(item)) { continue }
        s.stamp[Int(item)] = stampValue
        s.items.append(item)
        need -= 1
      }
    }
    if need > 0 { drawByKeys(u, need, total, &g, &s) }
    // Fisher-Yates as in `SeededGenerator.shuffle`, written out because the generic
    // version is not specialized across modules and cost a tenth of the run.
    var i = s.items.count - 1
    while i > 0 {
      let j = g.nextInt(below: i + 1)
      s.items.swapAt(i, j)
      i -= 1
    }

    s.base.removeAll(keepingCapacity: true)
    s.interaction.removeAll(keepingCapacity: true)
    s.noise.removeAll(keepingCapacity: true)
    s.times.removeAll(keepingCapacity: true)
    let join = joinTimes[u]
    let room = Double(Self.lastTime - join)
    for item in s.items {
      let j = Int(item)
      var dot = 0.0
      for d in 0..<k { dot += Double(userFactors[u * k + d]) * Double(itemFactors[j * k + d]) }
      s.base.append(userBias[u] + itemBias[j])
      s.interaction.append(dot)
      s.noise.append(g.nextGaussian())
      // Most ratings come in the first sessions after joining, the rest later on.
      let offset: Double
      if g.nextDouble() < 0.8 {
        offset = -Foundation.log(1 - g.nextDouble()) * 3 * 3600
      } else {
        offset = g.nextDouble() * room
      }
      s.times.append(join + Int64(min(offset, room)))
    }
  }

  /// Weighted sampling without replacement by exponential keys (Efraimidis-Spirakis)
  /// over all rated movies: used for users who rate a large share of the catalog,
  /// where rejection sampling would mostly draw movies already taken.
  private func drawByKeys(
    _ u: Int, _ need: Int, _ genreTotal: Double, _ g: inout SeededGenerator, _ s: inout Scratch
  ) {
    let stampValue = Int32(u)
    var keyed: [(Double, Int32)] = []
    keyed.reserveCapacity(ratedCount)
    var previous = 0.0
    var genreShare = [Double](repeating: 0, count: genreCount)
    for gi in 0..<genreCount {
      genreShare[gi] = (s.genreCumulative[gi] - previous) / max(genreTotal, 1e-300)
      previous = s.genreCumulative[gi]
    }
    for j in 0..<popularity.count where popularity[j] > 0 && s.stamp[j] != stampValue {
      var taste = 0.0
      for gi in movieGenres[j] where genreMass[gi] > 0 { taste += genreShare[gi] / genreMass[gi] }
      var weight =
        popularity[j] * ((1 - Self.tasteDrawShare) / totalPopularity + Self.tasteDrawShare * taste)
      weight *= keepProbability(u, j)
      keyed.append((-Foundation.log(1 - g.nextDouble()) / weight, Int32(j)))
    }
    keyed.sort { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }
    for (_, j) in keyed.prefix(need) {
      s.stamp[Int(j)] = stampValue
      s.items.append(j)
    }
  }

  /// The chance that user `u` rates movie `j` once it is drawn: a logistic in the
  /// movie's expected appeal to them (taste z-score plus a share of its quality z-score).
  @inline(__always)
  func keepProbability(_ u: Int, _ j: Int) -> Double {
    let k = rank
    var dot = 0.0
    for d in 0..<k { dot += Double(userFactors[u * k + d]) * Double(itemFactors[j * k + d]) }
    let z = dot / dotStd + Self.selectionBiasWeight * itemBias[j] / Self.itemBiasStd
    return 1 / (1 + Foundation.exp(-Self.selectionSharpness * z))
  }

  /// The latent score of one drawn rating.
  @inline(__always)
  static func score(base: Double, interaction: Double, noise: Double, scale: Double) -> Double {
    base + scale * interaction + Self.noiseStd * noise
  }

  /// The interaction scale that gives the interaction term `interactionStd`, fitted on
  /// a pilot sample of about 200k ratings (a spread is stable on a sample; a quantile of
  /// user-correlated scores is not, so thresholds use every rating: see `StarHistogram`).
  func interactionScale() -> Double {
    let step = max(1, params.ratings / 200_000)
    var s = Scratch(movies: params.movies, genres: genreCount)
    var inter: [Double] = []
    var u = 0
    while u < params.users {
      drawUser(u, &s)
      inter += s.interaction
      u += step
    }
    let n = Double(max(1, inter.count))
    let mean = inter.reduce(0, +) / n
    var variance = 0.0
    for v in inter { variance += (v - mean) * (v - mean) }
    let std = (variance / n).squareRoot()
    return std > 0 ? Self.interactionStd / std : 0
  }
}
