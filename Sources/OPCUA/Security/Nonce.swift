/// Nonces feed the key derivation and the session signatures; a predictable nonce lets an attacker predict the channel keys,
/// so they come only from the operating system's cryptographically secure generator (`SystemRandomNumberGenerator` reads
/// `getrandom`/`arc4random`).
public enum Nonce {
    public static func random(count: Int) -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        var bytes: [UInt8] = []
        bytes.reserveCapacity(count)
        while bytes.count < count {
            let word = generator.next()
            for shift in stride(from: 0, to: 64, by: 8) where bytes.count < count { bytes.append(UInt8(truncatingIfNeeded: word >> shift)) }
        }
        return bytes
    }
}
