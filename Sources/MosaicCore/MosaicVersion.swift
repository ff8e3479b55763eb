/// The version of Mosaic, shown by `mosaic --version` and `/healthz`.
public enum MosaicVersion {
    /// Semantic version of this build.
    public static let current = "0.2.0"
}
