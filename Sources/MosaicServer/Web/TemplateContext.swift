/// Turns a page's context (structs, arrays, optionals) into dictionaries and arrays once, before
/// rendering: the Mustache library then finds every name by a dictionary lookup instead of
/// reflecting the structs again at each `{{name}}` (which took two thirds of a catalogue page's time).
enum TemplateContext {
    static func flatten(_ value: Any) -> Any {
        switch value {
        case is String, is Bool, is Int, is Int64, is Double, is [String: String]: return value
        case let value as any TemplateFields: return value.templateFields
        default: break
        }
        let mirror = Mirror(reflecting: value)
        switch mirror.displayStyle {
        case .optional:
            guard let wrapped = mirror.children.first?.value else { return value }
            return flatten(wrapped)
        case .collection, .set:
            return mirror.children.map { flatten($0.value) }
        case .struct, .class:
            var fields: [String: Any] = [:]
            for child in mirror.children {
                guard let label = child.label else { continue }
                // An absent value is left out: a section on it is skipped, an inverted one shown.
                if Mirror(reflecting: child.value).displayStyle == .optional, Mirror(reflecting: child.value).children.isEmpty { continue }
                fields[label] = flatten(child.value)
            }
            return fields
        default:
            return value
        }
    }
}

/// A value of a long list on a page that names its template fields itself, so flattening it needs
/// no reflection (an absent optional is left out, as ``TemplateContext/flatten(_:)`` does).
protocol TemplateFields {
    var templateFields: [String: Any] { get }
}
