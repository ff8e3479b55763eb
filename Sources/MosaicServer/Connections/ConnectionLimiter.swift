import HTTPTypes
import NIOCore
import NIOHTTPTypes

/// The first handler of every HTTP connection: admits it under ``ConnectionLimits``, or answers
/// `503 Service Unavailable` with `Retry-After` and closes it at once, before reading a request.
final class ConnectionLimiter: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundOut = HTTPResponsePart

    /// Seconds a refused client is asked to wait.
    static let retryAfterSeconds = 5

    private let limits: ConnectionLimits
    private enum State { case new, admitted(String), refused, closed }
    private var state = State.new

    init(limits: ConnectionLimits) { self.limits = limits }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { activate(context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        activate(context)
        context.fireChannelActive()
    }

    private func activate(_ context: ChannelHandlerContext) {
        guard case .new = state else { return }
        let address = context.channel.remoteAddress?.ipAddress ?? "unknown"
        guard limits.admit(address) else {
            state = .refused
            var headers = HTTPFields()
            headers[.retryAfter] = "\(Self.retryAfterSeconds)"
            headers[.connection] = "close"
            headers[.contentLength] = "0"
            context.write(wrapOutboundOut(.head(HTTPResponse(status: .serviceUnavailable, headerFields: headers))), promise: nil)
            context.writeAndFlush(wrapOutboundOut(.end(nil))).assumeIsolated().whenComplete { _ in context.close(promise: nil) }
            return
        }
        state = .admitted(address)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        // A refused connection's request is never handled.
        guard case .admitted = state else { return }
        context.fireChannelRead(data)
    }

    func channelInactive(context: ChannelHandlerContext) {
        release()
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) { release() }

    private func release() {
        if case .admitted(let address) = state { limits.release(address) }
        state = .closed
    }
}
