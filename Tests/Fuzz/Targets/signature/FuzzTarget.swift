import MosaicFuzzHarness

/// libFuzzer's entry point for the signature target (see MosaicFuzzHarness.FuzzTarget.signature).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTestOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    FuzzDriver.run(.signature, data, size)
}
