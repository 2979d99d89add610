#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The process's limit on open files, which bounds how many connections serve may hold. Running
/// out must never happen: NIO backs off accept() when it does, but libdispatch's thread-pool
/// monitor (under Swift concurrency on Linux) stops the process when it cannot open a file.
enum DescriptorLimit {
  /// Descriptors left for everything but connections: the event loops, the watcher, the build's
  /// file reads, the runtime, and the connections NIO has accepted but serve has not taken yet.
  static let reserved = 48

  /// Raises the soft limit to the hard one (macOS starts at 256) and returns the soft limit then in
  /// force, or nil if it cannot be read.
  static func raise() -> Int? {
    #if os(Linux)
      let resource = __rlimit_resource_t(RLIMIT_NOFILE.rawValue)
    #else
      let resource = RLIMIT_NOFILE
    #endif
    var limit = rlimit()
    guard getrlimit(resource, &limit) == 0 else { return nil }
    #if canImport(Darwin)
      let ceiling = min(limit.rlim_max, rlim_t(OPEN_MAX))
    #else
      let ceiling = limit.rlim_max
    #endif
    if limit.rlim_cur < ceiling {
      var raised = limit
      raised.rlim_cur = ceiling
      if setrlimit(resource, &raised) == 0 { limit = raised }
    }
    return Int(clamping: limit.rlim_cur)
  }

  /// How many connections to serve at once: the wish, within what the descriptors allow.
  static func connectionCap(wanted: Int) -> Int {
    guard let limit = raise() else { return wanted }
    return max(4, min(wanted, limit - reserved))
  }
}
