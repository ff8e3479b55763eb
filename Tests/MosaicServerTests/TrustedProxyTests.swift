import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import MosaicConfig
import Testing

@testable import MosaicServer

/// Issue 14 point 3: `X-Forwarded-For` and `X-Forwarded-Proto` count only from `trusted_proxies`.
@Suite struct TrustedProxyTests {
    let proxy = "10.0.0.5"
    let trusted = [AddressRange("10.0.0.0/24")!, AddressRange("::1")!]

    @Test func aTrustedProxyForwardsTheClientAndItsScheme() {
        let client = ForwardedClient(
            socketAddress: proxy, forwardedFor: ["198.51.100.7, 10.0.0.9"], forwardedProto: ["https"], trusted: trusted, overTLS: false)
        // The right-most address that is not a trusted proxy.
        #expect(client.address == "198.51.100.7")
        #expect(client.https)
    }

    @Test func anUntrustedSenderCannotForgeEitherHeader() {
        let client = ForwardedClient(
            socketAddress: "203.0.113.9", forwardedFor: ["198.51.100.7"], forwardedProto: ["https"], trusted: trusted, overTLS: false)
        #expect(client.address == "203.0.113.9")
        #expect(!client.https)
    }

    @Test func entriesLeftOfAnUntrustedHopAreNotBelieved() {
        // A client sent its own "X-Forwarded-For: 1.2.3.4" to a trusted proxy, which appended the client's real address.
        let client = ForwardedClient(
            socketAddress: proxy, forwardedFor: ["1.2.3.4", "198.51.100.7"], forwardedProto: [], trusted: trusted, overTLS: false)
        #expect(client.address == "198.51.100.7")
        let junk = ForwardedClient(
            socketAddress: proxy, forwardedFor: ["not-an-address"], forwardedProto: [], trusted: trusted, overTLS: false)
        #expect(junk.address == proxy)
    }

    @Test func anIPv4MappedProxyAddressMatchesItsIPv4Range() {
        #expect(AddressRange("10.0.0.0/8")!.contains("::ffff:10.1.2.3"))
        #expect(!AddressRange("10.0.0.0/8")!.contains("11.0.0.1"))
        #expect(AddressRange("2001:db8::/32")!.contains("2001:db8:1::1"))
        #expect(AddressRange("10.0.0.0/33") == nil && AddressRange("proxy.example.org") == nil)
    }

    /// Over real connections from 127.0.0.1: behind a trusted proxy, failed logins count per
    /// forwarded client; from an untrusted sender, its `X-Forwarded-For` is ignored and every
    /// attempt counts for the one socket address.
    @Test(arguments: [(["127.0.0.1"], false), (["10.0.0.0/8"], true)])
    func theLoginLimiterCountsTheForwardedClientOnlyBehindATrustedProxy(_ proxies: [String], sharedLimit: Bool) async throws {
        let fixture = try await WebFixture.make(loginAttempts: 2) { $0.trustedProxies = proxies.compactMap(AddressRange.init) }
        let app = Application(router: try NodeServer.router(setup: fixture.setup, catalogue: fixture.catalogue))
        try await app.test(.live) { client in
            var first = BrowserSession(), second = BrowserSession()
            first.forwardedFor = "198.51.100.1"
            second.forwardedFor = "198.51.100.2"
            for _ in 0..<2 { #expect(try await first.login(client, as: "boss", password: "wrong password").status == .unauthorized) }
            #expect(try await first.login(client, as: "boss", password: "wrong password").status == .tooManyRequests)
            let other = try await second.login(client, as: "boss", password: "wrong password")
            #expect(other.status == (sharedLimit ? .tooManyRequests : .unauthorized))
        }
    }

    /// Over a real connection from 127.0.0.1: the CSRF cookie of `/login` is `Secure` when a
    /// trusted proxy says the client came over HTTPS, and not when the sender is not trusted.
    @Test(arguments: [(["127.0.0.1"], true), (["10.0.0.0/8"], false)])
    func secureCookiesFollowATrustedProxysScheme(_ proxies: [String], secure: Bool) async throws {
        let fixture = try await WebFixture.make { $0.trustedProxies = proxies.compactMap(AddressRange.init) }
        let app = Application(router: try NodeServer.router(setup: fixture.setup, catalogue: fixture.catalogue))
        try await app.test(.live) { client in
            let response = try await client.execute(
                uri: "/login", method: .get, headers: [HTTPField.Name("X-Forwarded-Proto")!: "https"])
            let cookie = try #require(response.headers[values: .setCookie].first { $0.hasPrefix("mosaic_csrf=") })
            #expect(cookie.contains("Secure") == secure, "\(cookie)")
        }
    }
}
