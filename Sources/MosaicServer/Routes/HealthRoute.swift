import Hummingbird
import MosaicCore
import MosaicStore

/// `GET /healthz`: 200 with the node's member and version when its database answers, 503 otherwise.
struct HealthRoute: Sendable {
    let member: MemberID
    let store: CatalogueStore

    /// The health answer, as JSON.
    struct Health: ResponseEncodable {
        let status: String
        let member: String
        let version: String
    }

    func register(on router: Router<NodeRequestContext>) {
        router.get("/healthz") { _, _ -> EditedResponse<Health> in
            let healthy = (try? await store.integrityCheck()) == true
            return EditedResponse(
                status: healthy ? .ok : .serviceUnavailable,
                response: Health(status: healthy ? "ok" : "database unavailable", member: member.rawValue, version: MosaicVersion.current))
        }
    }
}
