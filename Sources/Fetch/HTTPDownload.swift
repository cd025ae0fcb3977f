import Basics
import Foundation
import Hashing
import Synchronization

#if canImport(FoundationNetworking)
  import FoundationNetworking
#endif
#if canImport(Glibc)
  import Glibc
#else
  import Darwin
#endif

/// One streaming download: URLSession hands over the body in pieces, which are
/// written to a file and hashed as they arrive, so nothing is held in memory and the
/// file is read only once.
final class HTTPDownload: NSObject, URLSessionDataDelegate, @unchecked Sendable {
  // Mutable state lives in the mutex; everything else is immutable. URLSession calls
  // the delegate on its own serial queue while the caller waits on `finished`.
  struct State {
    var fd: Int32
    var sha = SHA256()
    var md5 = MD5()
    var received: Int64 = 0
    var expected: Int64? = nil
    var failure: FetchError? = nil
  }

  struct Result {
    let size: Int64
    let sha256: String
    let md5: String
  }

  let url: String
  let path: String
  let cacheFolder: String
  let progress: Fetcher.Progress?
  let state: Mutex<State>
  let finished = DispatchSemaphore(value: 0)

  init(url: String, path: String, fd: Int32, cacheFolder: String, progress: Fetcher.Progress?) {
    self.url = url
    self.path = path
    self.cacheFolder = cacheFolder
    self.progress = progress
    state = Mutex(State(fd: fd))
  }

  /// Downloads `url` into `path`; on any failure the file is removed.
  static func run(
    url: String, to path: String, timeout: Double, cacheFolder: String, progress: Fetcher.Progress?
  ) throws -> Result {
    guard let target = URL(string: url) else {
      throw FetchError.invalidSource(source: url, reason: "not a valid url")
    }
    let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
    if fd < 0 { throw FetchError.ioFailed(path: path, reason: Fetcher.errnoText()) }
    let download = HTTPDownload(
      url: url, path: path, fd: fd, cacheFolder: cacheFolder, progress: progress)

    let configuration = URLSessionConfiguration.ephemeral
    configuration.timeoutIntervalForRequest = timeout
    configuration.timeoutIntervalForResource = 24 * 3600
    configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
    configuration.urlCache = nil
    let queue = OperationQueue()
    queue.maxConcurrentOperationCount = 1
    let session = URLSession(configuration: configuration, delegate: download, delegateQueue: queue)
    var request = URLRequest(url: target)
    request.timeoutInterval = timeout
    session.dataTask(with: request).resume()
    download.finished.wait()
    // The session retains its delegate until invalidated.
    session.finishTasksAndInvalidate()

    let outcome = download.state.withLock { state -> Swift.Result<Result, FetchError> in
      let closed = close(state.fd) == 0
      if let failure = state.failure { return .failure(failure) }
      if !closed { return .failure(.ioFailed(path: path, reason: Fetcher.errnoText())) }
      if let expected = state.expected, expected != state.received {
        return .failure(.truncatedDownload(url: url, expected: expected, received: state.received))
      }
      return .success(
        Result(
          size: state.received, sha256: state.sha.finalize().hex, md5: state.md5.finalize().hex))
    }
    switch outcome {
    case .success(let result):
      return result
    case .failure(let error):
      unlink(path)
      throw error
    }
  }

  func urlSession(
    _ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
    completionHandler: @escaping @Sendable (URLSession.ResponseDisposition) -> Void
  ) {
    if let http = response as? HTTPURLResponse, !(200..<300).contains(http.statusCode) {
      state.withLock { $0.failure = .httpStatus(url: url, status: http.statusCode) }
      completionHandler(.cancel)
      return
    }
    let length = response.expectedContentLength
    state.withLock { $0.expected = length > 0 ? length : nil }
    completionHandler(.allow)
  }

  func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
    let report = state.withLock { state -> (Int64, Int64?)? in
      if state.failure != nil { return nil }
      let fd = state.fd
      var failed = false
      data.withUnsafeBytes { (chunk: UnsafeRawBufferPointer) in
        state.sha.update(chunk)
        state.md5.update(chunk)
        failed = (try? Syscall.writeAll(fd, chunk, path: "")) == nil
      }
      if failed {
        state.failure = .ioFailed(path: path, reason: Fetcher.errnoText())
        return nil
      }
      state.received += Int64(data.count)
      return (state.received, state.expected)
    }
    if let (done, total) = report {
      progress?(done, total)
    } else {
      dataTask.cancel()
    }
  }

  func urlSession(
    _ session: URLSession, task: URLSessionTask, didCompleteWithError error: (any Error)?
  ) {
    if let error {
      let reason = Self.reason(for: error)
      state.withLock { state in
        if state.failure != nil { return }
        if let expected = state.expected, state.received > 0, state.received < expected {
          // The server answered but the body stopped short: say so, not "offline".
          state.failure = .truncatedDownload(url: url, expected: expected, received: state.received)
        } else {
          state.failure = .offline(url: url, reason: reason, cacheFolder: cacheFolder)
        }
      }
    }
    finished.signal()
  }

  /// A short lowercase cause; `localizedDescription` on Linux says nothing useful.
  static func reason(for error: any Error) -> String {
    guard let error = error as? URLError else { return "network error" }
    switch error.code {
    case .notConnectedToInternet: return "no network connection"
    case .timedOut: return "timed out"
    case .cannotFindHost, .dnsLookupFailed: return "host not found"
    case .cannotConnectToHost: return "could not connect to the server"
    case .networkConnectionLost: return "connection lost"
    case .secureConnectionFailed, .serverCertificateUntrusted, .serverCertificateHasBadDate,
      .serverCertificateNotYetValid, .serverCertificateHasUnknownRoot:
      return "secure connection failed"
    case .cancelled: return "cancelled"
    default: return "network error (code \(error.code.rawValue))"
    }
  }
}
