import Foundation

/// Vectors made once with the OpenSSL 3.0 command line (not by this module), so the tests check interoperability and not
/// only that our code agrees with itself:
///
///     openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out key.pem
///     openssl rsa -in key.pem -traditional -out key-pkcs1.pem
///     openssl req -x509 -new -key key.pem -sha256 -days 36500 -subj "/CN=Interop Server/O=OpenSSL Fixture" -set_serial 4242 \
///         -addext "subjectAltName=URI:urn:interop:server,DNS:interop.local" -addext "basicConstraints=critical,CA:FALSE" \
///         -addext "keyUsage=critical,digitalSignature,nonRepudiation,keyEncipherment,dataEncipherment" -outform DER -out cert.der
///     openssl x509 -inform DER -in cert.der -noout -fingerprint -sha1
///     openssl dgst -sha256 -sign key.pem -out sig.bin msg.bin
///     openssl pkeyutl -encrypt -pubin -inkey pub.pem -pkeyopt rsa_padding_mode:oaep -pkeyopt rsa_oaep_md:sha1 -in plain.bin -out oaep.bin
///
/// The key is a throwaway test key and protects nothing.
enum OpenSSLInterop {
    static let privateKeyPKCS8PEM = """
-----BEGIN PRIVATE KEY-----
MIIEvgIBADANBgkqhkiG9w0BAQEFAASCBKgwggSkAgEAAoIBAQCmIl7j3IUpyP3A
AV18zNWdeG1DfEOjPz7lLGOGq9DD60VfyZA2GW6YVZkFi4CKk1xu2zKiR4EXcUYK
hl2VctXHagXaDYTyAmG6ePLgCD9AoUlb2LwWfjVPIUyVlsgmVdZLwwIf0nZZM42h
BKzUWToWE2owT+ejFEKnjhFYn2Tknghmqp4Jus4eW0ypLpmO7IXwix4mMkb/ZFbw
bj5vtzB9IzvayiIE++09vqGyblXFgO+IyK7csywR3ocgEJ6oNnU3j2MTh6rQkxJ8
iwuUFbYLqYgCtKieJeJlP+8yrPEJPUYEtGEsyGDSQWLL0GzZYKuQ/CIRWleZ+y8i
E+6hfTLvAgMBAAECggEALXvSe9LXeEmpQyR8ilrwDuU2ENhYEj0SBJ9C/k9S4Bit
DRz7iPwsfbNNqil3vzi6ATWs5qXp71eZQ+9mdrCSW76orHqwD6vcQrezUuefHZwq
n+U2FXhnMutccsXttSUh/ur8TWcK9L/7Af7sLFTjZMDa/TAbLFgzKXlpQVieQEKc
r4YrMs2SGHDVuhvfmZuxOT0qjS/e+8zgLqBfUhoQdzX4YBX1mU4Pyudbmij/Lj5m
y9D3SXO0Cna90va/GODy3RI1qwneyjKWJ5xJkW+9N2T71R5COpmVHhSa02YExD2h
Xn7I8BYk/QKPlwgTSna2Zb4XUXaWKSEFEl1S4AftvQKBgQDeS0oKEho+IomFXjjY
6398YBc32xKOVww/C9zI1xAU9yM+Pa1Jb9xtCluyZFWeR5nNvIMNJ2PKxze1NnhR
CR3uZlySxsW6qbhMTSgAbtVY7CDZ5UWi/a2fXVL7rZNZmij9K8XXoCk+y19+d2xj
vOMwdsnFaXFC23Lut7OtzdJR+wKBgQC/UyUgxtAuw0F4uIkFkP6xTfzdxxVq43Um
Y47Xi4ynb8sFLpbrLxd7G4zKDwgN4xTwL4lWih1M1+1n4rIIyODfInPbbqvs4ivR
PzmX0NE8oFkO4LOUuHpgpDY/C+Wwp9ovPCIzs6g6Qi+Qe82erhmjBGN4iM7a5HQW
nqIfzlsEnQKBgQDLShM1zoRNWoxleVuHlSaLed0B6ci4f4bliVWqHnPImJKUcxcs
V64/0f81z2g1TcmsSr+WofUzFqktgdjaUvoacWYrnLhrEpdGwDDa5IEbxyXr3y6l
9lR3r4MaQwzEHqVpkkRmA0R09swn/dMUC0PBqICxltJLkCE1iq45PkcfTQKBgQC4
fNlRaMS4QumwGelup6kgmX4a8OzzHBAMC3Zi3BquHfubrJg0gj1XJXK2KJZwpaa8
EGqTOy0TuycexJc+J03HfDZRwr8f9dugsyG7Bc2tc0VNNlmUL+s5oz73vmYm2URn
xcmJJ1UxkD7DSM42k9T+v62XPfyRUDes1ByrJNXZdQKBgEdqNuyABsDBBqEklz6Z
og/GcdpiUgqUw0fW2NOfuGc8tdyodBN8u83unt0+V/zXzl3w8vMKZaD5Xj0GJxM/
PQHn2roU1u2Eh2XZvan6aA+F4V7SXXu+MSaN1CMaOAZTflzxl+w3bHdb5FW2JELv
25QK0VWp2k6A/bN1WvFxpA6l
-----END PRIVATE KEY-----
"""

    static let privateKeyPKCS1PEM = """
-----BEGIN RSA PRIVATE KEY-----
MIIEpAIBAAKCAQEApiJe49yFKcj9wAFdfMzVnXhtQ3xDoz8+5SxjhqvQw+tFX8mQ
NhlumFWZBYuAipNcbtsyokeBF3FGCoZdlXLVx2oF2g2E8gJhunjy4Ag/QKFJW9i8
Fn41TyFMlZbIJlXWS8MCH9J2WTONoQSs1Fk6FhNqME/noxRCp44RWJ9k5J4IZqqe
CbrOHltMqS6ZjuyF8IseJjJG/2RW8G4+b7cwfSM72soiBPvtPb6hsm5VxYDviMiu
3LMsEd6HIBCeqDZ1N49jE4eq0JMSfIsLlBW2C6mIArSoniXiZT/vMqzxCT1GBLRh
LMhg0kFiy9Bs2WCrkPwiEVpXmfsvIhPuoX0y7wIDAQABAoIBAC170nvS13hJqUMk
fIpa8A7lNhDYWBI9EgSfQv5PUuAYrQ0c+4j8LH2zTaopd784ugE1rOal6e9XmUPv
Znawklu+qKx6sA+r3EK3s1Lnnx2cKp/lNhV4ZzLrXHLF7bUlIf7q/E1nCvS/+wH+
7CxU42TA2v0wGyxYMyl5aUFYnkBCnK+GKzLNkhhw1bob35mbsTk9Ko0v3vvM4C6g
X1IaEHc1+GAV9ZlOD8rnW5oo/y4+ZsvQ90lztAp2vdL2vxjg8t0SNasJ3soyliec
SZFvvTdk+9UeQjqZlR4UmtNmBMQ9oV5+yPAWJP0Cj5cIE0p2tmW+F1F2likhBRJd
UuAH7b0CgYEA3ktKChIaPiKJhV442Ot/fGAXN9sSjlcMPwvcyNcQFPcjPj2tSW/c
bQpbsmRVnkeZzbyDDSdjysc3tTZ4UQkd7mZcksbFuqm4TE0oAG7VWOwg2eVFov2t
n11S+62TWZoo/SvF16ApPstffndsY7zjMHbJxWlxQtty7rezrc3SUfsCgYEAv1Ml
IMbQLsNBeLiJBZD+sU383ccVauN1JmOO14uMp2/LBS6W6y8XexuMyg8IDeMU8C+J
VoodTNftZ+KyCMjg3yJz226r7OIr0T85l9DRPKBZDuCzlLh6YKQ2PwvlsKfaLzwi
M7OoOkIvkHvNnq4ZowRjeIjO2uR0Fp6iH85bBJ0CgYEAy0oTNc6ETVqMZXlbh5Um
i3ndAenIuH+G5YlVqh5zyJiSlHMXLFeuP9H/Nc9oNU3JrEq/lqH1MxapLYHY2lL6
GnFmK5y4axKXRsAw2uSBG8cl698upfZUd6+DGkMMxB6laZJEZgNEdPbMJ/3TFAtD
waiAsZbSS5AhNYquOT5HH00CgYEAuHzZUWjEuELpsBnpbqepIJl+GvDs8xwQDAt2
Ytwarh37m6yYNII9VyVytiiWcKWmvBBqkzstE7snHsSXPidNx3w2UcK/H/XboLMh
uwXNrXNFTTZZlC/rOaM+975mJtlEZ8XJiSdVMZA+w0jONpPU/r+tlz38kVA3rNQc
qyTV2XUCgYBHajbsgAbAwQahJJc+maIPxnHaYlIKlMNH1tjTn7hnPLXcqHQTfLvN
7p7dPlf8185d8PLzCmWg+V49BicTPz0B59q6FNbthIdl2b2p+mgPheFe0l17vjEm
jdQjGjgGU35c8ZfsN2x3W+RVtiRC79uUCtFVqdpOgP2zdVrxcaQOpQ==
-----END RSA PRIVATE KEY-----
"""

    static let certificateDERBase64 = """
MIIDdDCCAlygAwIBAgICEJIwDQYJKoZIhvcNAQELBQAwMzEXMBUGA1UEAwwOSW50ZXJvcCBTZXJ2ZXIxGDAWBgNVBAoMD09wZW5TU0wgRml4dHVyZTAgFw0yNjExMzAx
MDU4MzFaGA8yMTI2MTEwNjEwNTgzMVowMzEXMBUGA1UEAwwOSW50ZXJvcCBTZXJ2ZXIxGDAWBgNVBAoMD09wZW5TU0wgRml4dHVyZTCCASIwDQYJKoZIhvcNAQEBBQAD
ggEPADCCAQoCggEBAKYiXuPchSnI/cABXXzM1Z14bUN8Q6M/PuUsY4ar0MPrRV/JkDYZbphVmQWLgIqTXG7bMqJHgRdxRgqGXZVy1cdqBdoNhPICYbp48uAIP0ChSVvY
vBZ+NU8hTJWWyCZV1kvDAh/SdlkzjaEErNRZOhYTajBP56MUQqeOEVifZOSeCGaqngm6zh5bTKkumY7shfCLHiYyRv9kVvBuPm+3MH0jO9rKIgT77T2+obJuVcWA74jI
rtyzLBHehyAQnqg2dTePYxOHqtCTEnyLC5QVtgupiAK0qJ4l4mU/7zKs8Qk9RgS0YSzIYNJBYsvQbNlgq5D8IhFaV5n7LyIT7qF9Mu8CAwEAAaOBjzCBjDAdBgNVHQ4E
FgQUOeI8xbnnpxzwl1DtgsDQ2jLUYNwwHwYDVR0jBBgwFoAUOeI8xbnnpxzwl1DtgsDQ2jLUYNwwLAYDVR0RBCUwI4YSdXJuOmludGVyb3A6c2VydmVygg1pbnRlcm9w
LmxvY2FsMAwGA1UdEwEB/wQCMAAwDgYDVR0PAQH/BAQDAgTwMA0GCSqGSIb3DQEBCwUAA4IBAQCjeOd/z2wGC7h08G/p+DfJJVaB3UQDCqFvlRJ45s10jyoMHO5RsFTN
/H4vCT+qWDKcxdesMThm/HACeXP2lqxe/4DM3GSsXo/VIQ/AmNXGSSgaeLGxzZnIPmJ+66gnkc7M581IVbPVge27oboUL1juAZDIjtpUg960k9X6RLhz/cjnB1BZ5/UG
hWSxLQahoScRc3bYbHtGnk154xHug4JcKfE4Y1cIfyuaA2tgzjMCmpF0eLg9GS+5x3RYIYTe/1nsTvk2za2rWrMuZsNdh7lhYiO63s/mmPc6/QihYKp8vgvb6hJdhYGZ
7pEBNMOhkxqpxmVWzC9zIZ3/cmI5c60u
"""

    static var certificateDER: [UInt8] { [UInt8](Data(base64Encoded: certificateDERBase64, options: .ignoreUnknownCharacters)!) }

    /// `openssl x509 -fingerprint -sha1`.
    static let certificateSHA1 = "F4B73502B656B4340E3F4891441100A80229C59B"

    static let signedMessage = "OPC UA interop: signed by openssl"
    /// `openssl dgst -sha256 -sign`: RSA PKCS#1 v1.5 over SHA-256.
    static let signatureHex = """
8de1644a392053b4df3aa48cce40faaf302b5e199ea6e57b0f3d081e0b1d5225e11f8f735cdf149129421bbe00fae37c5c8a2b37c16e661b092efcf5043228bd
7ed7a72ec100dc3e57d0633419954db51ae9998cba189fbf1e6c21f4f6ecdd88376d3e35e7ce1e8f977b6655d2c90bb078a617153e2600582656856376d45187
eae87446751196fe7594e3163a40fb42ecce81d259a0f4f637b74435e774dc89d45e7e2b46b39a5873fe9923d95260432925c1681f5ee24cfe3662fb5abf7264
c5a0cd0eaf10ad2eef178083b543b83274d963accb07ea1335e694d29ddfe264623d70a499049855c06ac1341093c56ffc316a1eb9e59bc2a6d775a3485e1667
"""

    static let encryptedMessage = "OPC UA interop: encrypted by openssl with RSA-OAEP SHA-1"
    /// `openssl pkeyutl -encrypt` with OAEP, SHA-1 digest and (OpenSSL's default) MGF1-SHA1.
    static let oaepCiphertextHex = """
91685e3ceeb5877b27dc952809cf67a90f9b7da3ad94be93337c4e74836cdd0c0e5c10f64e7f94ea5f140ad5c964a8660f6a4642c1619e9381d6e976d50f9328
368743285335654ec5dcfb11291e4f02cc6127cbee369b3ccb49811f5abb6071de09898cf5d740a193499a7f453bdc87b4c525d569b3e5a541d3486dab3c1b8a
b10bb28e7b02302d418ae286b986703c4b451c267fdf331c0abb15e3ddd1e1bf07e2686a92c41a3fbb2508886602b77bf27ae1b26fd85e48f2adfc0eb5064a53
6335237ee9be0101c113ae8b97593d1daf367f37265bfc942bce1787f48b8a0eb1e900b72e56b28f12ff372307442f28a37d5dd5285149ff0a1607b723591f8a
"""
}
