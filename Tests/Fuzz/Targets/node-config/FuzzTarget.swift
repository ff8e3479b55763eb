import MosaicFuzzHarness

/// libFuzzer's entry point for the node-config target (see MosaicFuzzHarness.FuzzTarget.nodeConfig).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTestOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    FuzzDriver.run(.nodeConfig, data, size)
}
