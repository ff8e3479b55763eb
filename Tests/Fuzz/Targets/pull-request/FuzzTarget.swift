import MosaicFuzzHarness

/// libFuzzer's entry point for the pull-request target (see MosaicFuzzHarness.FuzzTarget.pullRequest).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTestOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    FuzzDriver.run(.pullRequest, data, size)
}
