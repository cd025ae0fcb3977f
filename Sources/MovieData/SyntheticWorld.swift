import Foundation
import RecsysCore

/// Everything the synthetic generator decides before drawing ratings: the catalog,
/// the users, their latent tastes and how many ratings each gives.
///
/// The taste model: 18 genre vectors in a `rank`-dimensional space; a movie's factors
/// are the mean of its genres' vectors plus its own noise; a user's factors are a random
/// vector tilted by gender and age. A rating's latent score is
/// `userBias + itemBias + scale * (user . item) + noise`, cut into stars by thresholds
/// fitted to ML-1M's star shares. Which movies a user rates also follows taste: most
/// draws first pick a genre by the user's affinity to it, then a movie of that genre by
/// popularity; a drawn movie is then kept with a probability that grows with its
/// expected appeal to the user (`keepProbability`), so ratings are missing not at
/// random and top-N models beat popularity by MovieLens-like margins. Every user's draws come from a generator seeded by (seed, user), so any
/// user can be regenerated alone, in any order, on any thread.
struct SyntheticWorld: Sendable {
  /// ML-1M's first and last rating times (2000-04-25 and 2003-02-28).
  static let firstTime: Int64 = 956_703_932
  static let lastTime: Int64 = 1_046_454_590

  static let userBiasStd = 0.45
  static let itemBiasStd = 0.5
  /// Spread of the taste term and of the noise in the latent score: their ratio decides
  /// how much rating prediction gains from factors over biases (calibrated to real
  /// MovieLens, see docs/SYNTHETIC.md).
  static let interactionStd = 0.6
  static let noiseStd = 0.8
  /// Which drawn movies a user actually rates: kept with probability
  /// `sigmoid(selectionSharpness * z)`, where `z` is the movie's expected appeal to them
  /// (the standardized taste dot product plus a share of its quality), so users mostly
  /// rate what they expect to like: missing not at random, as in MovieLens.
  static let selectionSharpness = 3.0
  static let selectionBiasWeight = 0.35
  /// Share of draws that pick a genre by taste first (the rest: popularity only).
  static let tasteDrawShare = 0.8
  /// How sharply genre affinity steers those draws.
  static let affinitySharpness = 2.0
  /// How much of a movie's bias follows its popularity (popular films are rated higher).
  static let popularityBiasWeight = 0.8
  /// ML-1M's most active user rated 62% of the rated movies.
  static let maxActivityShare = 0.62
  /// Log-normal spread of movie popularity.
  static let popularitySpread = 1.7
  /// Popularity stops growing at this z-score: ML-1M's top movie is rated by 57% of users.
  static let popularityCap = 2.5

  let params: SyntheticParams
  /// Spread of `user · item` over random pairs (a seeded sample), so selection reads z-scores.
  let dotStd: Double
  let rank: Int
  let genreCount: Int
  /// `genreCount x rank`, row-major.
  let genreVectors: [Float]

  let movieIds: [Int32]
  /// "Title (Year)" in latin-1.
  let titles: [[UInt8]]
  /// Genre indices per movie, ascending (ML order).
  let movieGenres: [[Int]]
  /// `movies x rank`.
  let itemFactors: [Float]
  let itemBias: [Double]
  /// Draw weight per movie (0 for movies nobody rates).
  let popularity: [Double]
  let ratedCount: Int
  let globalSampler: AliasTable
  let genreSamplers: [AliasTable?]
  /// Total popularity of the rated movies of each genre.
  let genreMass: [Double]
  let totalPopularity: Double

  /// `users x rank`.
  let userFactors: [Float]
  let userBias: [Double]
  let activity: [Int32]
  let forcedOffsets: [Int32]
  let forcedItems: [Int32]
  let joinTimes: [Int64]
  /// users.dat fields.
  let genders: [UInt8]
  let ages: [UInt8]
  let occupations: [UInt8]
  let zips: [[UInt8]]

  /// A seed for one stream of draws, decorrelated from other streams and indices.
  static func streamSeed(_ seed: UInt64, _ stream: UInt64, _ index: UInt64 = 0) -> UInt64 {
    func mix(_ x: UInt64) -> UInt64 {
      var z = x &+ 0x9E37_79B9_7F4A_7C15
      z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
      z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
      return z ^ (z >> 31)
    }
    return mix(mix(seed ^ mix(stream)) &+ index)
  }

  init(_ params: SyntheticParams) {
    self.params = params
    let k = params.rank
    rank = k
    let genreNames = SyntheticVocabulary.genres
    let genreTotal = genreNames.count
    genreCount = genreTotal
    let invSqrtK = 1 / Double(k).squareRoot()

    var gg = SeededGenerator(seed: Self.streamSeed(params.seed, 1))
    var genreVectors = [Float](repeating: 0, count: genreTotal * k)
    for i in 0..<(genreTotal * k) { genreVectors[i] = Float(gg.nextGaussian() * invSqrtK) }
    self.genreVectors = genreVectors

    // Catalog.
    let movieCount = params.movies
    var cg = SeededGenerator(seed: Self.streamSeed(params.seed, 2))
    var ids = [Int32](repeating: 0, count: movieCount)
    var nextId: Int32 = 1
    for j in 0..<movieCount {
      ids[j] = nextId
      nextId += cg.nextDouble() < 0.018 ? 2 : 1
    }
    movieIds = ids
    var genres = [[Int]](repeating: [], count: movieCount)
    var years = [Int](repeating: 0, count: movieCount)
    var titles = [[UInt8]](repeating: [], count: movieCount)
    var itemFactors = [Float](repeating: 0, count: movieCount * k)
    var quality = [Double](repeating: 0, count: movieCount)
    for j in 0..<movieCount {
      genres[j] = Self.drawGenres(&cg)
      let age = Int((-Foundation.log(1 - cg.nextDouble()) * 9).rounded())
      years[j] = max(1919, 2000 - age)
      titles[j] = Self.latin1(Self.drawTitle(genres: genres[j], &cg) + " (\(years[j]))")
      // Two familiar titles (after the draws, so the random stream is unchanged), so
      // that `recommend similar "toy story"` reads naturally on the default data.
      if let (title, year, names) = Self.landmark(j, of: movieCount) {
        genres[j] = names.map { name in genreNames.firstIndex(of: name)! }
        years[j] = year
        titles[j] = Self.latin1(title + " (\(year))")
      }
      let norm = Float(1 / Double(genres[j].count).squareRoot())
      for d in 0..<k {
        var v: Float = 0
        for g in genres[j] { v += genreVectors[g * k + d] }
        itemFactors[j * k + d] = v * norm + Float(0.7 * cg.nextGaussian() * invSqrtK)
      }
      var q = 0.0
      for g in genres[j] { q += Double(SyntheticVocabulary.genreQuality[g]) }
      quality[j] = q / Double(genres[j].count) + (years[j] < 1980 ? 0.15 : 0) + cg.nextGaussian()
    }
    self.movieGenres = genres
    self.titles = titles
    self.itemFactors = itemFactors

    // Which movies get rated: all but a random `movies - ratedMovies`.
    var order = Array(0..<movieCount)
    let unrated = movieCount - params.ratedMovies
    var i = movieCount - 1
    while i >= movieCount - unrated {
      order.swapAt(i, cg.nextInt(below: i + 1))
      i -= 1
    }
    var isRated = [Bool](repeating: true, count: movieCount)
    for j in order[(movieCount - unrated)...] { isRated[j] = false }
    let rated = (0..<movieCount).filter { isRated[$0] }
    ratedCount = rated.count
    // Log-normal popularity (recent films a bit more popular). Against rank this is a
    // long tail like ML-1M's: a flat head that saturates (one rating per user and movie),
    // a median near 120 ratings and a tail of movies with one or two ratings.
    var popularity = [Double](repeating: 0, count: movieCount)
    for j in rated {
      let z = cg.nextGaussian() + (years[j] >= 1990 ? 0.3 : 0)
      popularity[j] = Foundation.exp(Self.popularitySpread * min(z, Self.popularityCap))
    }
    self.popularity = popularity
    // Item bias: own quality, genre quality, and popular films rated a bit higher.
    let logPop = rated.map { Foundation.log(popularity[$0]) }
    let lpMean = logPop.reduce(0, +) / Double(max(1, logPop.count))
    var lpVar = 0.0
    for v in logPop { lpVar += (v - lpMean) * (v - lpMean) }
    let lpStd = max(1e-9, (lpVar / Double(max(1, logPop.count))).squareRoot())
    var itemBias = [Double](repeating: 0, count: movieCount)
    for j in 0..<movieCount {
      let z = popularity[j] > 0 ? (Foundation.log(popularity[j]) - lpMean) / lpStd : 0
      itemBias[j] = Self.itemBiasStd * (Self.popularityBiasWeight * z + 0.85 * quality[j])
    }
    self.itemBias = itemBias
    globalSampler = AliasTable(
      weights: rated.map { popularity[$0] }, values: rated.map { Int32($0) })
    var genreSamplers: [AliasTable?] = []
    var genreMass = [Double](repeating: 0, count: genreTotal)
    for g in 0..<genreTotal {
      let members = rated.filter { genres[$0].contains(g) }
      genreMass[g] = members.reduce(0) { $0 + popularity[$1] }
      genreSamplers.append(
        members.isEmpty
          ? nil
          : AliasTable(weights: members.map { popularity[$0] }, values: members.map { Int32($0) }))
    }
    self.genreSamplers = genreSamplers
    self.genreMass = genreMass
    totalPopularity = rated.reduce(0) { $0 + popularity[$1] }

    // Users.
    let userCount = params.users
    var ug = SeededGenerator(seed: Self.streamSeed(params.seed, 3))
    var userFactors = [Float](repeating: 0, count: userCount * k)
    var userBias = [Double](repeating: 0, count: userCount)
    var activityZ = [Double](repeating: 0, count: userCount)
    var joinTimes = [Int64](repeating: 0, count: userCount)
    var genders = [UInt8](repeating: 0, count: userCount)
    var ages = [UInt8](repeating: 0, count: userCount)
    var occupations = [UInt8](repeating: 0, count: userCount)
    var zips = [[UInt8]](repeating: [], count: userCount)
    let ageTable = SyntheticVocabulary.ageWeights
    let occupationTable = SyntheticVocabulary.occupationWeights
    func genreIndex(_ name: String) -> Int { genreNames.firstIndex(of: name)! }
    let feminine = ["Romance", "Drama", "Musical"].map(genreIndex)
    let masculine = ["Action", "Sci-Fi", "War", "Horror"].map(genreIndex)
    let older = ["Drama", "War", "Film-Noir", "Western", "Documentary"].map(genreIndex)
    let younger = ["Comedy", "Horror", "Animation", "Sci-Fi", "Action"].map(genreIndex)
    let span = Double(Self.lastTime - Self.firstTime)
    for u in 0..<userCount {
      let female = ug.nextDouble() < 0.283
      genders[u] = female ? UInt8(ascii: "F") : UInt8(ascii: "M")
      let ageSlot = Self.pick(ageTable, ug.nextDouble())
      ages[u] = UInt8(SyntheticVocabulary.ageCodes[ageSlot])
      occupations[u] = UInt8(Self.pick(occupationTable, ug.nextDouble()))
      var zip = Array(String(format: "%05d", ug.nextInt(below: 100_000)).utf8)
      if ug.nextDouble() < 0.01 {
        zip += Array(String(format: "-%04d", ug.nextInt(below: 10_000)).utf8)
      }
      zips[u] = zip
      // Gender and age tilt tastes a little, as in MovieLens.
      let genderTilt = female ? 0.25 : -0.1
      let ageTilt = (Double(ageSlot) - 2.5) * 0.06
      for d in 0..<k {
        var v = ug.nextGaussian() * invSqrtK
        for g in feminine { v += genderTilt * Double(genreVectors[g * k + d]) / 3 }
        for g in masculine { v -= genderTilt * Double(genreVectors[g * k + d]) / 4 }
        for g in older { v += ageTilt * Double(genreVectors[g * k + d]) / 5 }
        for g in younger { v -= ageTilt * Double(genreVectors[g * k + d]) / 5 }
        userFactors[u * k + d] = Float(v)
      }
      activityZ[u] = ug.nextGaussian()
      // Heavy raters are harsher.
      userBias[u] = Self.userBiasStd * (0.95 * ug.nextGaussian() - 0.3 * activityZ[u])
      let v = ug.nextDouble()
      joinTimes[u] = Self.firstTime + Int64(span * v * v * v * 0.97)
    }
    self.userFactors = userFactors
    self.userBias = userBias
    self.joinTimes = joinTimes
    self.genders = genders
    self.ages = ages
    self.occupations = occupations
    self.zips = zips
    // Spread of the taste dot product over random (user, rated movie) pairs.
    var sg = SeededGenerator(seed: Self.streamSeed(params.seed, 6))
    var dots: [Double] = []
    for _ in 0..<min(20_000, userCount * rated.count) {
      let u = sg.nextInt(below: userCount)
      let j = rated[sg.nextInt(below: rated.count)]
      var d = 0.0
      for t in 0..<k { d += Double(userFactors[u * k + t]) * Double(itemFactors[j * k + t]) }
      dots.append(d)
    }
    let dotMean = dots.reduce(0, +) / Double(max(1, dots.count))
    var dotVar = 0.0
    for d in dots { dotVar += (d - dotMean) * (d - dotMean) }
    dotStd = max(1e-9, (dotVar / Double(max(1, dots.count))).squareRoot())
    let activity = Self.distributeActivity(params, activityZ, ratedCount: rated.count)
    self.activity = activity

    // Every rated movie gets one forced rating from a user drawn by activity, so that
    // exactly `ratedMovies` movies are rated however thin the popularity tail.
    var fg = SeededGenerator(seed: Self.streamSeed(params.seed, 4))
    let userSampler = AliasTable(
      weights: activity.map { Double($0) }, values: (0..<userCount).map { Int32($0) })
    var capacity = activity.map { max(1, Int($0) / 2) }
    if capacity.reduce(0, +) < rated.count { capacity = activity.map { Int($0) } }
    var assigned = [Int32](repeating: -1, count: movieCount)
    var forcedCount = [Int32](repeating: 0, count: userCount)
    var shuffledRated = rated
    fg.shuffle(&shuffledRated)
    for j in shuffledRated {
      var u = -1
      for _ in 0..<64 {
        let c = Int(userSampler.sample(&fg))
        if Int(forcedCount[c]) < capacity[c] {
          u = c
          break
        }
      }
      if u < 0 {
        let start = fg.nextInt(below: userCount)
        for step in 0..<userCount {
          let c = (start + step) % userCount
          if Int(forcedCount[c]) < capacity[c] {
            u = c
            break
          }
        }
      }
      assigned[j] = Int32(u)
      forcedCount[u] += 1
    }
    var offsets = [Int32](repeating: 0, count: userCount + 1)
    for u in 0..<userCount { offsets[u + 1] = offsets[u] + forcedCount[u] }
    var fill = Array(offsets[0..<userCount])
    var forced = [Int32](repeating: 0, count: Int(offsets[userCount]))
    for j in 0..<movieCount where assigned[j] >= 0 {
      let u = Int(assigned[j])
      forced[Int(fill[u])] = Int32(j)
      fill[u] += 1
    }
    forcedOffsets = offsets
    forcedItems = forced
  }

  /// Per-user rating counts: `minRatingsPerUser` plus a log-normal share of the rest,
  /// capped (water-filling) and rounded so that they sum to `ratings` exactly.
  static func distributeActivity(_ params: SyntheticParams, _ z: [Double], ratedCount: Int)
    -> [Int32]
  {
    let userCount = params.users
    let base = params.minRatingsPerUser
    var cap = min(ratedCount, max(base, Int((maxActivityShare * Double(ratedCount)).rounded())))
    if cap * userCount < params.ratings { cap = ratedCount }
    let extraCap = Double(cap - base)
    var remaining = Double(params.ratings - base * userCount)
    // The small offset leaves about 2% of users at exactly the minimum, as in ML-1M.
    let weights = z.map { max(0, Foundation.exp(1.15 * $0) - 0.1) }
    var extra = [Double](repeating: 0, count: userCount)
    var capped = [Bool](repeating: false, count: userCount)
    while true {
      var total = 0.0
      for u in 0..<userCount where !capped[u] { total += weights[u] }
      if total <= 0 { break }
      let scale = remaining / total
      var changed = false
      for u in 0..<userCount where !capped[u] && weights[u] * scale > extraCap {
        capped[u] = true
        extra[u] = extraCap
        remaining -= extraCap
        changed = true
      }
      if !changed {
        for u in 0..<userCount where !capped[u] { extra[u] = weights[u] * scale }
        break
      }
    }
    var counts = [Int32](repeating: 0, count: userCount)
    var assigned = 0
    var fractions: [(Double, Int)] = []
    for u in 0..<userCount {
      let whole = min(Int(extra[u].rounded(.down)), cap - base)
      counts[u] = Int32(base + whole)
      assigned += base + whole
      if base + whole < cap { fractions.append((extra[u] - Double(whole), u)) }
    }
    fractions.sort { $0.0 != $1.0 ? $0.0 > $1.0 : $0.1 < $1.1 }
    var left = params.ratings - assigned
    var round = 0
    while left > 0 {
      for (_, u) in fractions where left > 0 && Int(counts[u]) < cap {
        counts[u] += 1
        left -= 1
      }
      round += 1
      if round > cap { break }
    }
    return counts
  }

  static func pick(_ weights: [Double], _ u: Double) -> Int {
    let total = weights.reduce(0, +)
    var acc = 0.0
    for (i, w) in weights.enumerated() {
      acc += w / total
      if u < acc { return i }
    }
    return weights.count - 1
  }

  static func drawGenres(_ g: inout SeededGenerator) -> [Int] {
    let count = pick(SyntheticVocabulary.genreCountShares, g.nextDouble()) + 1
    let primary = pick(SyntheticVocabulary.primaryWeights, g.nextDouble())
    var chosen = [primary]
    var weights = [Double](repeating: 0.05, count: SyntheticVocabulary.genres.count)
    for (c, w) in SyntheticVocabulary.companions[primary] { weights[c] += w }
    weights[primary] = 0
    while chosen.count < count {
      let c = pick(weights, g.nextDouble())
      chosen.append(c)
      weights[c] = 0
      for (d, w) in SyntheticVocabulary.companions[c] where weights[d] > 0 { weights[d] += 0.3 * w }
    }
    return chosen.sorted()
  }

  /// The landmark movies: the first is ML-1M's movie 1, the middle one its sequel.
  static func landmark(_ j: Int, of count: Int) -> (String, Int, [String])? {
    if j == 0 { return ("Toy Story", 1995, ["Animation", "Children's", "Comedy"]) }
    if count > 2 && j == count / 2 {
      return ("Toy Story 2", 1999, ["Animation", "Children's", "Comedy"])
    }
    return nil
  }

  static func drawTitle(genres: [Int], _ g: inout SeededGenerator) -> String {
    func from(_ list: [String]) -> String { list[g.nextInt(below: list.count)] }
    func word() -> String {
      if g.nextDouble() < 0.75 {
        return from(SyntheticVocabulary.genreWords[genres[g.nextInt(below: genres.count)]])
      }
      return from(SyntheticVocabulary.generalWords)
    }
    func twoWords() -> (String, String) {
      let a = word()
      var b = word()
      if b == a { b = word() }
      return (a, b)
    }
    let r = g.nextDouble()
    switch r {
    case ..<0.14: return word()
    case ..<0.36:
      let (a, b) = twoWords()
      return "\(a) \(b)"
    case ..<0.52:
      let (a, b) = twoWords()
      return "\(a) \(b), The"
    case ..<0.60:
      let (a, b) = twoWords()
      return "\(a) of the \(b)"
    case ..<0.65:
      let (a, b) = twoWords()
      return "\(a) and \(b)"
    case ..<0.70: return "\(word()) in \(from(SyntheticVocabulary.generalWords))"
    case ..<0.74:
      let (a, b) = twoWords()
      return "\(a) \(b), A"
    case ..<0.80:
      let (a, b) = twoWords()
      return "\(a): \(b) \(word())"
    case ..<0.85:
      let (a, b) = twoWords()
      return "\(a) \(b) \(2 + g.nextInt(below: 3))"
    case ..<0.90:
      let (a, b) = twoWords()
      return "\(a)'s \(b)"
    case ..<0.95:
      let (a, b) = twoWords()
      return "\(a) \(b) \(word())"
    default:
      let a = from(SyntheticVocabulary.foreignWords)
      let b = from(SyntheticVocabulary.foreignWords)
      let article = from(SyntheticVocabulary.foreignArticles)
      var title = "\(a) de \(b), \(article)"
      if g.nextDouble() < 0.5 { title += " (\(from(SyntheticVocabulary.generalWords)) \(word()))" }
      return title
    }
  }

  /// Latin-1 bytes of `text`; every character the generator uses is below U+0100.
  static func latin1(_ text: String) -> [UInt8] {
    text.unicodeScalars.map { UInt8(truncatingIfNeeded: $0.value) }
  }
}
