#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Makes standard output line-buffered, so that the URLs printed by long-running
/// commands show at once even when the output is a pipe or a file.
enum LineBufferedOutput {
    static func enable() { setvbuf(stdout, nil, _IOLBF, 0) }
}
