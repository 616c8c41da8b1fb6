import Foundation
import MESCore

/// An electronic signature over HTTP: the signer gives their password again, as 21 CFR Part 11
/// expects, with the same lockout after repeated failures as logging in. Shared by every route
/// that signs (NCR review, disposition and closure, first article, certificates, maintenance).
struct ElectronicSigning: Sendable {
    let users: UserDirectory
    let throttle: LoginThrottle

    /// The authenticated actor, once they have given their password again, ready to sign: the
    /// signature takes the command's time, which the MES service fixes when the command's turn comes.
    struct Signer: Sendable {
        let actor: Actor
        let meaning: ElectronicSignature.Meaning

        func signature(at time: Date) -> ElectronicSignature {
            ElectronicSignature(signerId: actor.id, printedName: actor.name, time: time, meaning: meaning)
        }
    }

    /// 401 (pointer `/password`) when the password does not match; 429 while the account is locked.
    func sign(_ actor: Actor, password: String, meaning: ElectronicSignature.Meaning) async throws -> Signer {
        try await throttle.check(actor.id)
        guard try await users.authenticate(username: actor.id, password: password) != nil else {
            await throttle.failed(actor.id)
            throw APIError(.unauthorized, "the password does not match: an electronic signature needs the signer's own password", pointer: "/password")
        }
        await throttle.succeeded(actor.id)
        return Signer(actor: actor, meaning: meaning)
    }
}
