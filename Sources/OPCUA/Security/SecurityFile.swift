import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Reading and writing certificate and key files. A plant keeps the client's key on disk for years, so the file is written so
/// that a crash never leaves half a key behind and the key is never readable by other users, not even for a moment.
enum SecurityFile {
    static func read(_ path: String) throws(SecurityError) -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .file(path: path, reason: FileManager.default.fileExists(atPath: path) ? "cannot be read" : "does not exist")
        }
        return Array(data)
    }

    /// Writes a temporary file created with `permissions` (so a key is 0600 from its first byte) and renames it over `path`.
    static func write(_ bytes: [UInt8], to path: String, permissions: mode_t = 0o644) throws(SecurityError) {
        let url = URL(fileURLWithPath: path)
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        } catch {
            throw .file(path: path, reason: "cannot create its directory (\(error.localizedDescription))")
        }
        let temporary = path + ".tmp-\(Nonce.random(count: 6).hexString)"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL, permissions)
        guard descriptor >= 0 else { throw .file(path: path, reason: "cannot be created (\(String(cString: strerror(errno))))") }
        let written = writeAll(bytes, to: descriptor)
        let closed = close(descriptor) == 0
        guard written, closed, rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw .file(path: path, reason: "cannot be written (\(reason))")
        }
    }

    private static func writeAll(_ bytes: [UInt8], to descriptor: Int32) -> Bool {
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let count = systemWrite(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if count < 0, errno == EINTR { continue }
                guard count > 0 else { return false }
                offset += count
            }
            return true
        }
    }
}

/// POSIX `write`, which `SecurityFile.write` would otherwise shadow.
private func systemWrite(_ descriptor: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int { write(descriptor, buffer, count) }
