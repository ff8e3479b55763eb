import MosaicFuzzHarness

/// libFuzzer's entry point for the search target (see MosaicFuzzHarness.FuzzTarget.search).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTestOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    FuzzDriver.run(.search, data, size)
}
