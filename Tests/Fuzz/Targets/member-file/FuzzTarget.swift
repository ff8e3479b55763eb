import MosaicFuzzHarness

/// libFuzzer's entry point for the member-file target (see MosaicFuzzHarness.FuzzTarget.memberFile).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTestOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    FuzzDriver.run(.memberFile, data, size)
}
