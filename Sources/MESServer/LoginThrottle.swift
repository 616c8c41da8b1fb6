import Foundation

/// Slows password and one-time-code guessing: after `limit` failures for one account within
/// `window`, further attempts for it are refused (429) until the window has passed. Kept in
/// memory: a restart forgets, which an attacker cannot trigger from outside.
public actor LoginThrottle {
    let limit: Int
    let window: TimeInterval
    private var failures: [String: [Date]] = [:]

    public init(limit: Int = 5, window: TimeInterval = 900) {
        self.limit = limit
        self.window = window
    }

    /// Refuses an attempt for `account` while it is locked.
    func check(_ account: String, now: Date = Date()) throws {
        let recent = (failures[account] ?? []).filter { now.timeIntervalSince($0) < window }
        failures[account] = recent.isEmpty ? nil : recent
        if recent.count >= limit, let oldest = recent.first {
            let wait = Int((window - now.timeIntervalSince(oldest)).rounded(.up))
            throw APIError(.tooManyRequests, "too many failed attempts for '\(account)'; try again in \(max(1, wait)) s")
        }
    }

    func failed(_ account: String, now: Date = Date()) { failures[account, default: []].append(now) }

    func succeeded(_ account: String) { failures[account] = nil }
}
