// libFuzzer's driver entry point (compiler-rt FuzzerInterface.h). The fuzz executables call it
// from the `<module>_main` symbol SwiftPM links as `main`, with their LLVMFuzzerTestOneInput.
#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*UserCb)(const uint8_t *Data, size_t Size));
