import Foundation
import Testing

@testable import MESServer

/// RFC 6238 Appendix B's test vectors (8 digits; the seeds are the ASCII strings of the RFC's
/// reference code), and base32 per RFC 4648 §10.
@Suite("TOTP (RFC 6238) and base32")
struct TOTPTests {
    static let sha1Seed = Array("12345678901234567890".utf8)
    static let sha256Seed = Array("12345678901234567890123456789012".utf8)
    static let sha512Seed = Array("1234567890123456789012345678901234567890123456789012345678901234".utf8)

    @Test("Appendix B: every time and algorithm", arguments: [
        (59.0, "94287082", "46119246", "90693936"),
        (1_111_111_109, "07081804", "68084774", "25091201"),
        (1_111_111_111, "14050471", "67062674", "99943326"),
        (1_234_567_890, "89005924", "91819424", "93441116"),
        (2_000_000_000, "69279037", "90698825", "38618901"),
        (20_000_000_000, "65353130", "77737706", "47863826"),
    ])
    func rfcVectors(seconds: Double, sha1: String, sha256: String, sha512: String) {
        let time = Date(timeIntervalSince1970: seconds)
        #expect(TOTP(secret: Self.sha1Seed, digits: 8, algorithm: .sha1).code(at: time) == sha1)
        #expect(TOTP(secret: Self.sha256Seed, digits: 8, algorithm: .sha256).code(at: time) == sha256)
        #expect(TOTP(secret: Self.sha512Seed, digits: 8, algorithm: .sha512).code(at: time) == sha512)
    }

    @Test("a code is accepted one step either side, not two")
    func drift() {
        let totp = TOTP(secret: Self.sha1Seed)
        let now = Date(timeIntervalSince1970: 1_111_111_111)
        let step = totp.step(at: now)
        #expect(totp.matchingStep(of: totp.code(step: step), at: now) == step)
        #expect(totp.matchingStep(of: totp.code(step: step - 1), at: now) == step - 1)
        #expect(totp.matchingStep(of: totp.code(step: step + 1), at: now) == step + 1)
        #expect(totp.matchingStep(of: totp.code(step: step - 2), at: now) == nil || totp.code(step: step - 2) == totp.code(step: step))
        #expect(totp.matchingStep(of: "abcdef", at: now) == nil)
    }

    @Test("base32: RFC 4648 §10 vectors and round trip")
    func base32() {
        for (plain, encoded) in [("f", "MY"), ("fo", "MZXQ"), ("foo", "MZXW6"), ("foob", "MZXW6YQ"), ("fooba", "MZXW6YTB"), ("foobar", "MZXW6YTBOI")] {
            #expect(Base32.encode(Array(plain.utf8)) == encoded)
            #expect(Base32.decode(encoded) == Array(plain.utf8))
        }
        #expect(Base32.decode("MZXW6YTBOI======") == Array("foobar".utf8))
        #expect(Base32.decode("not base32!") == nil)
    }
}
