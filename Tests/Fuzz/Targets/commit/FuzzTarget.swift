import MosaicFuzzHarness

/// libFuzzer's entry point for the commit target (see MosaicFuzzHarness.FuzzTarget.commit).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTestOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    FuzzDriver.run(.commit, data, size)
}
