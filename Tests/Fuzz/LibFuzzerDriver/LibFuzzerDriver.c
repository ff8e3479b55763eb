// Declarations only (include/LibFuzzerDriver.h); the driver itself comes from libFuzzer (-sanitize=fuzzer).
#include "LibFuzzerDriver.h"
