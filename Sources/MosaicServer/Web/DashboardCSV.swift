import Foundation
import Hummingbird
import MosaicCore

/// The dashboard's figures as CSV (RFC 4180, written by ``CSVWriter`` with its formula guard): a
/// header, then one row per dimension and value with its counts:
/// `dimension,value,label,practices,projects,total`, where `value` is the stored value (a country
/// code, a theme or status slug, a year) and `label` its name in the reader's language.
enum DashboardCSV {
    static let header = ["dimension", "value", "label", "practices", "projects", "total"]

    /// The whole file; `label` names a value of a dimension.
    static func text(_ figures: DashboardFigures, label: (DashboardDimension, String) -> String) -> String {
        var text = CSVWriter.row(header)
        for dimension in DashboardDimension.allCases {
            for figure in figures.figures[dimension] ?? [] {
                text += CSVWriter.row([
                    dimension.rawValue, figure.value, label(dimension, figure.value), String(figure.practices), String(figure.projects),
                    String(figure.total),
                ])
            }
        }
        return text
    }

    /// `text` as a download (`mosaic-dashboard.csv`) starting with the UTF-8 byte order mark as the
    /// export's CSV does (``CSVWriter/byteOrderMark``), never cached (it follows the catalogue).
    static func response(_ text: String) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/csv; charset=utf-8"
        headers[.contentDisposition] = "attachment; filename=\"mosaic-dashboard.csv\""
        headers[.cacheControl] = "no-store"
        return Response(
            status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: CSVWriter.byteOrderMark + Array(text.utf8))))
    }
}
