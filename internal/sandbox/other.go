package sandbox

import "errors"

var errNoSandbox = errors.New("sandbox: not available on this operating system")
