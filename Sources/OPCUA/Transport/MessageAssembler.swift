/// Puts messages back together from their chunks, holding each partial message under its
/// request id, and enforcing our limits on chunk count and message size as chunks arrive, so a
/// peer cannot make us buffer without bound. An abort chunk drops the message and reports why.
struct MessageAssembler {
    enum Outcome: Equatable {
        case incomplete
        case complete(requestId: UInt32, type: UATCPMessageType, body: [UInt8])
        case aborted(requestId: UInt32, status: StatusCode, reason: String?)
    }

    let maxMessageSize: Int
    let maxChunkCount: Int
    private var partial: [UInt32: (chunks: Int, body: [UInt8])] = [:]

    init(maxMessageSize: Int, maxChunkCount: Int) {
        self.maxMessageSize = maxMessageSize
        self.maxChunkCount = maxChunkCount
    }

    var pendingMessages: Int { partial.count }

    mutating func add(_ chunk: ReceivedChunk) throws(OPCUAError) -> Outcome {
        switch chunk.chunkType {
        case .abort:
            partial[chunk.requestId] = nil
            var reader = UABinaryReader(bytes: chunk.body)
            do {
                let status = try reader.read(StatusCode.self)
                return .aborted(requestId: chunk.requestId, status: status, reason: try reader.readString())
            } catch {
                throw .decoding(error, context: "an abort chunk for request \(chunk.requestId)")
            }
        case .intermediate, .final:
            var entry = partial[chunk.requestId] ?? (0, [])
            entry.chunks += 1
            entry.body += chunk.body
            if maxChunkCount > 0 && entry.chunks > maxChunkCount {
                partial[chunk.requestId] = nil
                throw .status(.badTcpMessageTooLarge, "the response to request \(chunk.requestId) exceeds \(maxChunkCount) chunks")
            }
            if maxMessageSize > 0 && entry.body.count > maxMessageSize {
                partial[chunk.requestId] = nil
                throw .status(.badTcpMessageTooLarge, "the response to request \(chunk.requestId) exceeds \(maxMessageSize) bytes")
            }
            if chunk.chunkType == .final {
                partial[chunk.requestId] = nil
                return .complete(requestId: chunk.requestId, type: chunk.messageType, body: entry.body)
            }
            partial[chunk.requestId] = entry
            return .incomplete
        }
    }
}
