import Foundation
import RecsysCore

/// Checks that the synthetic data has learnable structure: biased MF beats a bias
/// baseline in RMSE, and TF-IDF content similarity beats random ranking.
enum Quality {
  static func run(splitDirectory: String, moviesPath: String) throws {
    let train = try RatingsCSV.read(path: splitDirectory + "/train.csv")
    let test = try RatingsCSV.read(path: splitDirectory + "/test.csv")
    let movies = try MoviesCSV.read(path: moviesPath)
    var users = IdIndex()
    let tu = users.encode(train.users)
    var items = IdIndex(movies.map(\.id))
    let ti = items.encode(train.items)
    let su = users.encode(test.users)
    let si = items.encode(test.items)
    let nu = users.count
    let ni = items.count
    let mu = Double(train.ratings.reduce(0, +)) / Double(train.count)
    print("train \(train.count) test \(test.count) users \(nu) items \(ni) mean \(mu)")

    // Bias baseline (ALS, Surprise's BaselineOnly defaults: reg_u 15, reg_i 10, 10 epochs).
    var bu = [Double](repeating: 0, count: nu)
    var bi = [Double](repeating: 0, count: ni)
    for _ in 0..<10 {
      var num = [Double](repeating: 0, count: ni)
      var den = [Double](repeating: 10, count: ni)
      for k in 0..<train.count {
        num[Int(ti[k])] += Double(train.ratings[k]) - mu - bu[Int(tu[k])]
        den[Int(ti[k])] += 1
      }
      for i in 0..<ni { bi[i] = num[i] / den[i] }
      var numU = [Double](repeating: 0, count: nu)
      var denU = [Double](repeating: 15, count: nu)
      for k in 0..<train.count {
        numU[Int(tu[k])] += Double(train.ratings[k]) - mu - bi[Int(ti[k])]
        denU[Int(tu[k])] += 1
      }
      for u in 0..<nu { bu[u] = numU[u] / denU[u] }
    }
    func rmse(_ predict: (Int, Int) -> Double) -> (Double, Double) {
      var se = 0.0
      var ae = 0.0
      for k in 0..<test.count {
        let p = min(5, max(1, predict(Int(su[k]), Int(si[k]))))
        let e = p - Double(test.ratings[k])
        se += e * e
        ae += abs(e)
      }
      return ((se / Double(test.count)).squareRoot(), ae / Double(test.count))
    }
    let baseline = rmse { u, i in mu + (u < nu ? bu[u] : 0) + bi[i] }
    print(String(format: "bias baseline: RMSE %.4f MAE %.4f", baseline.0, baseline.1))

    // Biased MF by SGD with Surprise's SVD defaults (100 factors, 20 epochs, lr 0.005, reg 0.02).
    let f = 100
    var g = SeededGenerator(seed: 7)
    var p = (0..<(nu * f)).map { _ in Float(g.nextGaussian(std: 0.1)) }
    var q = (0..<(ni * f)).map { _ in Float(g.nextGaussian(std: 0.1)) }
    var mbu = [Float](repeating: 0, count: nu)
    var mbi = [Float](repeating: 0, count: ni)
    var order = Array(0..<train.count)
    let lr: Float = 0.005
    let reg: Float = 0.02
    let fmu = Float(mu)
    let t0 = Date()
    for _ in 0..<20 {
      g.shuffle(&order)
      p.withUnsafeMutableBufferPointer { pBuf in
        q.withUnsafeMutableBufferPointer { qBuf in
          for k in order {
            let u = Int(tu[k])
            let i = Int(ti[k])
            var dot: Float = 0
            for d in 0..<f { dot += pBuf[u * f + d] * qBuf[i * f + d] }
            let e = train.ratings[k] - (fmu + mbu[u] + mbi[i] + dot)
            mbu[u] += lr * (e - reg * mbu[u])
            mbi[i] += lr * (e - reg * mbi[i])
            for d in 0..<f {
              let pu = pBuf[u * f + d]
              let qi = qBuf[i * f + d]
              pBuf[u * f + d] += lr * (e * qi - reg * pu)
              qBuf[i * f + d] += lr * (e * pu - reg * qi)
            }
          }
        }
      }
    }
    let mf = rmse { u, i in
      guard u < nu else { return mu + Double(mbi[i]) }
      var dot: Float = 0
      for d in 0..<f { dot += p[u * f + d] * q[i * f + d] }
      return Double(fmu + mbu[u] + mbi[i] + dot)
    }
    print(
      String(
        format: "biased MF (%.1f s): RMSE %.4f MAE %.4f", Date().timeIntervalSince(t0), mf.0, mf.1))

    // TF-IDF over title words and genre tokens (smooth idf, l2 norm).
    var vocab: [String: Int] = [:]
    var docs: [[Int]] = []
    for m in movies {
      var tokens: [String] = []
      var word = ""
      for ch in m.title.lowercased() {
        if ch.isLetter || ch.isNumber {
          word.append(ch)
        } else {
          if word.count >= 2 { tokens.append(word) }
          word = ""
        }
      }
      if word.count >= 2 { tokens.append(word) }
      for genre in m.genres { tokens.append("genre:" + genre.lowercased()) }
      docs.append(
        tokens.map { t in
          if let v = vocab[t] { return v }
          vocab[t] = vocab.count
          return vocab.count - 1
        })
    }
    var df = [Double](repeating: 0, count: vocab.count)
    for d in docs { for t in Set(d) { df[t] += 1 } }
    let n = Double(docs.count)
    var vectors: [[(Int, Double)]] = []
    for d in docs {
      var tf: [Int: Double] = [:]
      for t in d { tf[t, default: 0] += 1 }
      var v = tf.keys.sorted().map { t in (t, tf[t]! * (log((1 + n) / (1 + df[t])) + 1)) }
      let norm = v.reduce(0) { $0 + $1.1 * $1.1 }.squareRoot()
      v = v.map { ($0.0, $0.1 / norm) }
      vectors.append(v)
    }
    print("vocabulary \(vocab.count) tokens")

    // Top-10 ranking for the first 2000 users with a relevant test item.
    var trainItems = [[Int]](repeating: [], count: nu)
    var liked = [[Int]](repeating: [], count: nu)
    var popularity = [Int](repeating: 0, count: ni)
    for k in 0..<train.count {
      trainItems[Int(tu[k])].append(Int(ti[k]))
      if train.ratings[k] >= 4 { liked[Int(tu[k])].append(Int(ti[k])) }
      popularity[Int(ti[k])] += 1
    }
    var relevant = [Set<Int>](repeating: [], count: nu)
    for k in 0..<test.count where test.ratings[k] >= 4 && Int(su[k]) < nu {
      relevant[Int(su[k])].insert(Int(si[k]))
    }
    let popOrder = (0..<ni).sorted { popularity[$0] > popularity[$1] }
    var hits = (content: 0.0, random: 0.0, popular: 0.0, mf: 0.0)
    var evaluated = 0
    var rg = SeededGenerator(seed: 99)
    for u in 0..<nu where !relevant[u].isEmpty && !liked[u].isEmpty {
      if evaluated == 2000 { break }
      evaluated += 1
      let seen = Set(trainItems[u])
      var profile = [Double](repeating: 0, count: vocab.count)
      for i in liked[u] { for (t, w) in vectors[i] { profile[t] += w } }
      var scored: [(Double, Int)] = []
      var mfScored: [(Double, Int)] = []
      for i in 0..<ni where !seen.contains(i) {
        var s = 0.0
        for (t, w) in vectors[i] { s += w * profile[t] }
        scored.append((s, i))
        var dot: Float = 0
        for d in 0..<f { dot += p[u * f + d] * q[i * f + d] }
        mfScored.append((Double(mbi[i] + dot), i))
      }
      scored.sort { $0.0 != $1.0 ? $0.0 > $1.0 : $0.1 < $1.1 }
      mfScored.sort { $0.0 != $1.0 ? $0.0 > $1.0 : $0.1 < $1.1 }
      hits.content += Double(scored.prefix(10).filter { relevant[u].contains($0.1) }.count) / 10
      hits.mf += Double(mfScored.prefix(10).filter { relevant[u].contains($0.1) }.count) / 10
      hits.popular +=
        Double(
          popOrder.lazy.filter { !seen.contains($0) }.prefix(10).filter { relevant[u].contains($0) }
            .count) / 10
      var candidates = scored.map(\.1)
      rg.shuffle(&candidates)
      hits.random += Double(candidates.prefix(10).filter { relevant[u].contains($0) }.count) / 10
    }
    let e = Double(evaluated)
    print(
      String(
        format: "precision@10 over %d users: content %.4f, random %.4f, popularity %.4f, mf %.4f",
        evaluated, hits.content / e, hits.random / e, hits.popular / e, hits.mf / e))
  }
}
