import NIOCore
import NIOHTTPTypes

/// Closes a connection whose first request (line, headers and body) has not fully arrived within
/// `timeout` of its opening, or a later request whose body has not arrived within `timeout` of its
/// headers: a client that opens a connection and sends nothing, or trickles its request, cannot
/// hold it. (Between requests on a kept-alive connection, Hummingbird's idle timeout counts from
/// the last answer, and a request's headers produce nothing until complete, so a later request's
/// trickled headers meet the idle timeout.)
final class RequestDeadline: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart

    private let timeout: TimeAmount
    private var deadline: Scheduled<Void>?

    init(timeout: TimeAmount) { self.timeout = timeout }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { arm(context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        arm(context)
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head: if deadline == nil { arm(context) }
        case .body: break
        case .end: disarm()
        }
        context.fireChannelRead(data)
    }

    func channelInactive(context: ChannelHandlerContext) {
        disarm()
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) { disarm() }

    private func arm(_ context: ChannelHandlerContext) {
        disarm()
        deadline = context.eventLoop.assumeIsolated().scheduleTask(in: timeout) { context.close(promise: nil) }
    }

    private func disarm() {
        deadline?.cancel()
        deadline = nil
    }
}
