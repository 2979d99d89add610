/// Which `Host` headers the dev server answers: the loopback names and the bound address, with the
/// port. Anything else (a name that an attacker's page rebound to 127.0.0.1) gets 421, so another
/// site cannot read the served pages or the event stream through the browser.
struct HostCheck: Sendable {
  let port: Int
  private let allowed: Set<String>
  /// Bound to every interface: any address literal is allowed (rebinding needs a name).
  private let anyAddress: Bool

  init(bindAddress: String, port: Int) {
    self.port = port
    var names: Set<String> = ["127.0.0.1", "localhost", "[::1]"]
    let bound = bindAddress.lowercased()
    names.insert(bound.contains(":") && !bound.hasPrefix("[") ? "[\(bound)]" : bound)
    allowed = names
    anyAddress = bound == "0.0.0.0" || bound == "::" || bound == "[::]"
  }

  /// Whether a request with this `Host` value (nil when there was none) is answered.
  func allows(_ host: String?) -> Bool {
    guard let host = host?.lowercased(), !host.isEmpty else { return false }
    let name: Substring
    let hostPort: Int?
    if let colon = host.lastIndex(of: ":"), !host[colon...].contains("]") {
      name = host[..<colon]
      guard let number = Int(host[host.index(after: colon)...]) else { return false }
      hostPort = number
    } else {
      name = host[...]
      hostPort = nil
    }
    guard (hostPort ?? 80) == port else { return false }
    if allowed.contains(String(name)) { return true }
    return anyAddress && Self.isAddressLiteral(name)
  }

  /// `192.168.1.20` or `[fe80::1]`: an address, not a name.
  static func isAddressLiteral(_ name: Substring) -> Bool {
    if name.hasPrefix("[") && name.hasSuffix("]") {
      return name.dropFirst().dropLast().allSatisfy { $0.isHexDigit || $0 == ":" || $0 == "." }
    }
    let parts = name.split(separator: ".", omittingEmptySubsequences: false)
    return parts.count == 4 && parts.allSatisfy { part in UInt8(part).map { _ in true } ?? false }
  }

  /// Whether an address given to `--bind` reaches only this machine.
  static func isLoopback(_ address: String) -> Bool {
    let lower = address.lowercased()
    return lower == "localhost" || lower == "::1" || lower == "[::1]" || lower.hasPrefix("127.")
  }
}
