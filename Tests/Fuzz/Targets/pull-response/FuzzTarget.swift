import MosaicFuzzHarness

/// libFuzzer's entry point for the pull-response target (see MosaicFuzzHarness.FuzzTarget.pullResponse).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTestOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    FuzzDriver.run(.pullResponse, data, size)
}
