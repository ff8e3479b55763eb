import Hummingbird
import MosaicCore
import MosaicStore

/// `GET /healthz` (anonymous, cheap): 200 with the node's member and version when the process
/// answers and its database answers one trivial query (`SELECT 1`), 503 otherwise. It reads no
/// table, so probing it costs the node nothing; the full integrity check runs daily instead
/// (``IntegrityWatch``) and its result is in `/metrics`.
struct HealthRoute: Sendable {
    let member: MemberID
    let store: CatalogueStore

    /// The health answer, as JSON.
    struct Health: ResponseEncodable {
        let status: String
        let member: String
        let version: String
    }

    func register(on routes: RouteRegistrar<some RouterMethods<NodeRequestContext>>) {
        routes.add(.get, "/healthz", access: .open) { _, _ -> EditedResponse<Health> in
            let healthy = (try? await store.ping()) != nil
            return EditedResponse(
                status: healthy ? .ok : .serviceUnavailable,
                response: Health(status: healthy ? "ok" : "database unavailable", member: member.rawValue, version: MosaicVersion.current))
        }
    }
}
