import Foundation
import Testing

@testable import OPCUA

/// Bytes from a hexadecimal string; whitespace and newlines are ignored so long vectors can be wrapped.
func hex(_ text: String) -> [UInt8] {
    let digits = Array(text.filter(\.isHexDigit))
    return stride(from: 0, to: digits.count, by: 2).map { UInt8(String(digits[$0...$0 + 1]), radix: 16)! }
}

@Suite struct SecurityPolicyTests {
    @Test func basic256Sha256HasTheParametersOfTheSpecification() {
        let policy = SecurityPolicy.basic256Sha256
        #expect(policy.uri == "http://opcfoundation.org/UA/SecurityPolicy#Basic256Sha256")
        #expect(SecurityPolicy(uri: "http://opcfoundation.org/UA/SecurityPolicy#None") == SecurityPolicy.none)
        #expect(SecurityPolicy(uri: policy.uri) == .basic256Sha256)
        #expect(SecurityPolicy(uri: "http://opcfoundation.org/UA/SecurityPolicy#Basic128Rsa15") == nil)
        #expect(policy.symmetricSignatureLength == 32 && policy.signingKeyLength == 32 && policy.encryptionKeyLength == 32)
        #expect(policy.encryptionBlockSize == 16 && policy.nonceLength == 32)
        #expect(policy.asymmetricSignatureAlgorithmURI == "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256")
        #expect(policy.asymmetricEncryptionAlgorithmURI == "http://www.w3.org/2001/04/xmlenc#rsa-oaep")
        #expect(policy.asymmetricPlaintextBlockSize(keyBytes: 256) == 214)
        #expect(policy.asymmetricCiphertextBlockSize(keyBytes: 256) == 256)
        #expect(policy.asymmetricKeyLengthRange == 2048...4096)
        #expect(throws: SecurityError.keyLengthNotAllowed(bits: 1024, policy: "Basic256Sha256", allowed: 2048...4096)) {
            try policy.checkAsymmetricKeyLength(bits: 1024)
        }
        #expect(SecurityPolicy.none.asymmetricSignatureAlgorithmURI == nil && SecurityPolicy.none.nonceLength == 0)
    }

    @Test func noncesAreFreshAndOfThePolicysLength() {
        let first = SecurityPolicy.basic256Sha256.makeNonce(), second = SecurityPolicy.basic256Sha256.makeNonce()
        #expect(first.count == 32 && second.count == 32)
        #expect(first != second)
        #expect(Set(first).count > 8)
        #expect(SecurityPolicy.none.makeNonce().isEmpty)
        #expect(Nonce.random(count: 13).count == 13)
    }

    /// Expected bytes computed with Python's hmac/hashlib, independently of this module:
    ///
    ///     def p_sha256(secret, seed, n):
    ///         out = b''; a = seed
    ///         while len(out) < n:
    ///             a = hmac.new(secret, a, hashlib.sha256).digest()
    ///             out += hmac.new(secret, a + seed, hashlib.sha256).digest()
    ///         return out[:n]
    ///     client = bytes(range(32)); server = bytes(range(0x80, 0xa0))
    ///     p_sha256(server, client, 80).hex()   # the client's keys
    ///     p_sha256(client, server, 80).hex()   # the server's keys
    ///
    /// (The same Python function reproduces the published TLS 1.2 PRF-SHA256 vector, e3f229ba727be17b…, as a check of itself.)
    @Test func pSHA256DerivesTheKnownChannelKeys() throws {
        let clientNonce = (0..<32).map { UInt8($0) }, serverNonce = (0x80..<0xA0).map { UInt8($0) }
        let keys = try ChannelKeys(clientNonce: clientNonce, serverNonce: serverNonce)
        #expect(keys.client.signingKey == hex("2af527aa718110faf5eb0d676e2a0985495125fd62e6ad63b129793f8f6f4316"))
        #expect(keys.client.encryptingKey == hex("1b4b5e8d4e842728e1f9a047e998615c9bd646d620ab90a6cf46eea29d6c9842"))
        #expect(keys.client.initializationVector == hex("c3c4f8750b47e94eac19e52a5439dd1e"))
        #expect(keys.server.signingKey == hex("a32cfbeae0a5afe142dadbecb94195a2685c99541cf5b71e9efd592a4b3648ff"))
        #expect(keys.server.encryptingKey == hex("e7689712d1babf38c6352b86e5c0881a52af7b418d551caa289df8cf84278e70"))
        #expect(keys.server.initializationVector == hex("8081af129e631f1a8c56f073c2d50ce8"))
        #expect(keys.client != keys.server)
        #expect(keys.client == (try SymmetricKeys(secret: serverNonce, seed: clientNonce)))
        // Longer than one HMAC block and cut at an odd length.
        #expect(KeyDerivation.pSHA256(secret: serverNonce, seed: clientNonce, count: 45) == Array(hex(
            "2af527aa718110faf5eb0d676e2a0985495125fd62e6ad63b129793f8f6f43161b4b5e8d4e842728e1f9a047e998615c9bd646d620ab90a6cf46eea29d6c9842"
        ).prefix(45)))
    }

    @Test func keyDerivationRefusesWrongNoncesAndPolicyNone() throws {
        let nonce = SecurityPolicy.basic256Sha256.makeNonce()
        let error = #expect(throws: SecurityError.self) { try ChannelKeys(clientNonce: Array(nonce.prefix(16)), serverNonce: nonce) }
        #expect(error?.description.contains("must be 32 bytes, not 16") == true)
        #expect(throws: SecurityError.notSecured(operation: "key derivation")) { try SymmetricKeys(secret: nonce, seed: nonce, policy: .none) }
        let keys = try ChannelKeys(clientNonce: nonce, serverNonce: SecurityPolicy.basic256Sha256.makeNonce())
        for set in [keys.client, keys.server] {
            #expect(set.signingKey.count == 32 && set.encryptingKey.count == 32 && set.initializationVector.count == 16)
        }
    }

    /// RFC 4231 §4.3, test case 2.
    @Test func hmacSHA256MatchesRFC4231AndComparesWholeSignatures() {
        let data = Array("what do ya want for nothing?".utf8), key = Array("Jefe".utf8)
        let mac = SymmetricCrypto.hmacSHA256(data, key: key)
        #expect(mac == hex("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"))
        #expect(SymmetricCrypto.verifyHMACSHA256(data, signature: mac, key: key))
        var changed = mac
        changed[31] ^= 0x01
        #expect(!SymmetricCrypto.verifyHMACSHA256(data, signature: changed, key: key))
        #expect(!SymmetricCrypto.verifyHMACSHA256(data, signature: mac.prefix(16), key: key))
        #expect(!SymmetricCrypto.verifyHMACSHA256(data + [0], signature: mac, key: key))
    }

    /// NIST SP 800-38A, F.2.5 CBC-AES256.Encrypt (and F.2.6 Decrypt, the same vector backwards).
    @Test func aes256CBCMatchesNISTAndRoundTrips() throws {
        let key = hex("603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4")
        let iv = hex("000102030405060708090a0b0c0d0e0f")
        let plaintext = hex(
            "6bc1bee22e409f96e93d7e117393172a ae2d8a571e03ac9c9eb76fac45af8e51 30c81c46a35ce411e5fbc1191a0a52ef f69f2445df4f9b17ad2b417be66c3710")
        let ciphertext = hex(
            "f58c4c04d6e5f1ba779eabfb5f7bfbd6 9cfc4e967edb808d679f777bc6702c7d 39f23369a9d9bacfa530e26304231461 b2eb05e2c39be9fcda6c19078c6a9d1b")
        #expect(try SymmetricCrypto.aes256CBCEncrypt(plaintext, key: key, iv: iv) == ciphertext)
        #expect(try SymmetricCrypto.aes256CBCDecrypt(ciphertext, key: key, iv: iv) == plaintext)

        let keys = SymmetricKeys(signingKey: Nonce.random(count: 32), encryptingKey: key, initializationVector: iv)
        let message = Nonce.random(count: 16 * 40)
        let encrypted = try keys.encrypt(message)
        #expect(encrypted.count == message.count, "no padding block is added")
        #expect(encrypted != message)
        #expect(try keys.decrypt(encrypted) == message)
        #expect(keys.verify(encrypted, signature: keys.sign(encrypted)))
    }

    @Test func aesRefusesPartialBlocksAndWrongKeys() {
        let key = Nonce.random(count: 32), iv = Nonce.random(count: 16)
        #expect(throws: SecurityError.invalidLength(operation: "AES-256-CBC encryption", length: 33, blockSize: 16)) {
            try SymmetricCrypto.aes256CBCEncrypt(Nonce.random(count: 33), key: key, iv: iv)
        }
        #expect(throws: SecurityError.invalidLength(operation: "AES-256-CBC decryption", length: 15, blockSize: 16)) {
            try SymmetricCrypto.aes256CBCDecrypt(Nonce.random(count: 15), key: key, iv: iv)
        }
        #expect(throws: SecurityError.invalidKeySize(what: "AES-256 key", expected: 32, actual: 16)) {
            try SymmetricCrypto.aes256CBCEncrypt(Nonce.random(count: 32), key: Array(key.prefix(16)), iv: iv)
        }
        #expect(throws: SecurityError.invalidKeySize(what: "AES-CBC IV", expected: 16, actual: 8)) {
            try SymmetricCrypto.aes256CBCEncrypt(Nonce.random(count: 32), key: key, iv: Array(iv.prefix(8)))
        }
    }

    @Test func rsaOAEPEncryptsBlockWiseAndRefusesTamperedCiphertext() throws {
        let key = try RSAPrivateKey(generatingBits: 2048)
        let plaintext = Nonce.random(count: 214 * 2 + 100)
        let ciphertext = try key.publicKey.encrypt(plaintext)
        #expect(ciphertext.count == 3 * 256)
        #expect(try key.decrypt(ciphertext) == plaintext)
        #expect(try key.publicKey.encrypt(Nonce.random(count: 214)).count == 256, "a full block is one RSA block")

        var tampered = ciphertext
        tampered[256 + 17] ^= 0x40
        let error = #expect(throws: SecurityError.self) { try key.decrypt(tampered) }
        #expect(error?.description.contains("block 1") == true)
        #expect(throws: SecurityError.invalidLength(operation: "RSA-OAEP decryption", length: 700, blockSize: 256)) {
            try key.decrypt(Array(ciphertext.prefix(700)))
        }
        let other = try RSAPrivateKey(generatingBits: 2048)
        #expect(throws: SecurityError.self) { try other.decrypt(ciphertext) }
    }

    @Test func rsaSignaturesVerifyAndFailOnAnyChange() throws {
        let key = try RSAPrivateKey(generatingBits: 2048)
        let data = Array("OpenSecureChannel request".utf8)
        let signature = try key.sign(data)
        #expect(signature.count == 256)
        #expect(key.publicKey.verify(data, signature: signature))
        var changedData = data
        changedData[3] ^= 0x01
        #expect(!key.publicKey.verify(changedData, signature: signature))
        var changedSignature = signature
        changedSignature[100] ^= 0x01
        #expect(!key.publicKey.verify(data, signature: changedSignature))
        #expect(!(try RSAPrivateKey(generatingBits: 2048)).publicKey.verify(data, signature: signature))
    }

    /// Interoperability with OpenSSL: PKCS#1 v1.5 signatures are deterministic, so ours must equal OpenSSL's byte for byte;
    /// OpenSSL's OAEP-SHA1 ciphertext must decrypt with our code and OpenSSL's signature verify with the certificate's key.
    @Test func rsaInteroperatesWithOpenSSL() throws {
        let key = try RSAPrivateKey(pem: OpenSSLInterop.privateKeyPKCS8PEM)
        let pkcs1 = try RSAPrivateKey(pem: OpenSSLInterop.privateKeyPKCS1PEM)
        #expect(key.publicKey == pkcs1.publicKey)
        let certificate = try PeerCertificate(der: OpenSSLInterop.certificateDER)
        #expect(certificate.publicKey == key.publicKey)

        let message = Array(OpenSSLInterop.signedMessage.utf8)
        let signature = hex(OpenSSLInterop.signatureHex)
        #expect(try key.sign(message) == signature)
        #expect(certificate.publicKey.verify(message, signature: signature))
        #expect(try key.decrypt(hex(OpenSSLInterop.oaepCiphertextHex)) == Array(OpenSSLInterop.encryptedMessage.utf8))
    }

    @Test func sessionSignaturesCoverTheOtherSidesCertificateAndNonce() throws {
        let client = try ApplicationCertificate.makeSelfSigned(
            applicationURI: "urn:jetmes:test:client", commonName: "JetMES test", hostnames: ["mes"])
        let server = try PeerCertificate(der: OpenSSLInterop.certificateDER)
        let serverKey = try RSAPrivateKey(pem: OpenSSLInterop.privateKeyPKCS8PEM)
        let serverNonce = SecurityPolicy.basic256Sha256.makeNonce(), clientNonce = SecurityPolicy.basic256Sha256.makeNonce()

        // What the client sends in ActivateSession, checked as the server would.
        let made = try #require(try SessionSignature.make(
            serverCertificate: server, serverNonce: serverNonce, clientCertificate: client, policy: .basic256Sha256))
        #expect(made.algorithm == "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256")
        #expect(try PeerCertificate(der: client.der).publicKey.verify(OpenSSLInterop.certificateDER + serverNonce, signature: made.signature))
        #expect(try SessionSignature.make(serverCertificate: server, serverNonce: serverNonce, clientCertificate: client, policy: .none) == nil)

        // What the server sends in CreateSessionResponse.
        let serverSignature = try serverKey.sign(client.der + clientNonce)
        let algorithm = SecurityPolicy.basic256Sha256.asymmetricSignatureAlgorithmURI
        #expect(SessionSignature.verify(
            algorithm: algorithm, signature: serverSignature, clientCertificate: client, clientNonce: clientNonce, serverCertificate: server,
            policy: .basic256Sha256))
        #expect(!SessionSignature.verify(
            algorithm: algorithm, signature: serverSignature, clientCertificate: client, clientNonce: serverNonce, serverCertificate: server,
            policy: .basic256Sha256))
        #expect(!SessionSignature.verify(
            algorithm: "http://www.w3.org/2000/09/xmldsig#rsa-sha1", signature: serverSignature, clientCertificate: client,
            clientNonce: clientNonce, serverCertificate: server, policy: .basic256Sha256))
    }

    @Test func userPasswordsAreEncryptedInTheLegacySecretLayout() throws {
        let server = try PeerCertificate(der: OpenSSLInterop.certificateDER)
        let serverKey = try RSAPrivateKey(pem: OpenSSLInterop.privateKeyPKCS8PEM)
        let nonce = SecurityPolicy.basic256Sha256.makeNonce()
        let password = "Schichtführer-3"
        let (ciphertext, algorithm) = try UserPassword.encrypt(
            password: password, serverNonce: nonce, serverCertificate: server, policy: .basic256Sha256)
        #expect(algorithm == "http://www.w3.org/2001/04/xmlenc#rsa-oaep")
        #expect(ciphertext.count == 256)
        let plaintext = try serverKey.decrypt(ciphertext)
        let secretLength = Array(password.utf8).count + 32
        #expect(Array(plaintext.prefix(4)) == [UInt8(secretLength), 0, 0, 0])
        #expect(Array(plaintext[4..<(4 + 16)]) == Array(password.utf8))
        #expect(Array(plaintext.suffix(32)) == nonce)
        #expect(plaintext.count == 4 + secretLength)

        let long = String(repeating: "p", count: 300)
        let (twoBlocks, _) = try UserPassword.encrypt(password: long, serverNonce: nonce, serverCertificate: server, policy: .basic256Sha256)
        #expect(twoBlocks.count == 512)
        #expect(Array(try serverKey.decrypt(twoBlocks).prefix(4)) == [0x4C, 0x01, 0, 0], "300 + 32 = 332 = 0x014C")

        let plain = try UserPassword.encrypt(password: password, serverNonce: nonce, serverCertificate: server, policy: .none)
        #expect(plain.ciphertext == Array(password.utf8) && plain.algorithm == nil)
    }
}
