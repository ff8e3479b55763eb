import HTTPTypes
import MosaicSync

extension PeerVersion {
    /// Adds the `Mosaic-Protocol` and `Mosaic-Software` header fields to an answer.
    func add(to fields: inout HTTPFields) {
        for field in headers {
            if let name = HTTPField.Name(field.name) { fields[name] = field.value }
        }
    }
}
