/// The geometry of one dashboard chart, drawn by `dashboard.mustache` as inline SVG (so every text in
/// it is escaped by the template, as all page text is): one group per value, its label above two
/// horizontal bars (practices, projects), each bar followed by its count as text.
///
/// Hand-written rather than a charting library: the mirror has no server-side SVG chart package, and
/// the layout is a few sums. Lengths are SVG user units (CSS pixels at the default scale).
struct BarChart: Sendable {
    /// One bar: where it is drawn and its count as text.
    struct Bar: Sendable {
        let y: Int
        let width: Int
        /// The x of its count's text, just after the bar.
        let textX: Int
        let textY: Int
        /// The count in the reader's locale.
        let count: String
    }

    /// One value's label and bars.
    struct Row: Sendable {
        /// The stored value (a `data-value` attribute, for tests and scripts reading the chart).
        let value: String
        let label: String
        let labelY: Int
        let practices: Bar
        let projects: Bar
    }

    static let width = 640
    /// The longest bar, leaving room for its count.
    static let barSpan = 540
    static let barHeight = 14
    static let rowHeight = 56
    /// The legend's height above the first row.
    static let top = 28

    let id: String
    let rows: [Row]
    let height: Int
    /// ``barHeight``, for the template.
    let barHeight = Self.barHeight

    /// - Parameters:
    ///   - id: unique on the page (the `<title>` and `<desc>` ids derive from it).
    ///   - figures: the values to draw, in order.
    ///   - label: a value's label in the reader's language.
    ///   - number: a count in the reader's locale.
    init(id: String, figures: [DashboardFigures.Figure], label: (String) -> String, number: (Int) -> String) {
        self.id = id
        let longest = max(1, figures.map { max($0.practices, $0.projects) }.max() ?? 1)
        func bar(_ count: Int, y: Int) -> Bar {
            // A non-zero count is at least 2 units wide so that it stays visible beside the longest.
            let width = count == 0 ? 0 : max(2, count * Self.barSpan / longest)
            return Bar(y: y, width: width, textX: width + 6, textY: y + Self.barHeight - 2, count: number(count))
        }
        rows = figures.enumerated().map { offset, figure in
            let top = Self.top + offset * Self.rowHeight
            return Row(
                value: figure.value, label: label(figure.value), labelY: top + 14, practices: bar(figure.practices, y: top + 20),
                projects: bar(figure.projects, y: top + 20 + Self.barHeight + 2))
        }
        height = Self.top + max(1, figures.count) * Self.rowHeight
    }
}
