import NIOCore

/// What the connection's pipeline hands to the secure channel, in arrival order.
enum ConnectionEvent: Sendable {
    case frame(UATCPFrame)
    case failed(any Error)
    case closed
}

/// The last handler of a connection's pipeline: passes frames, errors and the close on to an
/// ordered stream that the secure channel's reader task consumes.
final class FrameForwarder: ChannelInboundHandler, Sendable {
    typealias InboundIn = UATCPFrame

    let events: AsyncStream<ConnectionEvent>.Continuation

    init(events: AsyncStream<ConnectionEvent>.Continuation) {
        self.events = events
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        events.yield(.frame(unwrapInboundIn(data)))
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        events.yield(.failed(error))
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        events.yield(.closed)
        events.finish()
        context.fireChannelInactive()
    }
}
